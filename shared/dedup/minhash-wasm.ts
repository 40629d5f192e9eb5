import { minHashSignatureJs, type MinHashParameters } from './minhash';

/**
 * The MinHash signature loop as a WebAssembly SIMD kernel (about 8x faster than the plain JS loop;
 * docs/dedup-and-leakage.md, "Numbers"). The module is written here by hand, byte by byte, with the
 * WebAssembly text of each step beside it, so there is no toolchain and no opaque blob: about 250
 * bytes, compiled synchronously (well under the 4 KB a browser main thread allows).
 *
 * `signature(shingles, count, parameters, out, permutations)`: for each group of 16 permutations
 * (four i32x4 vectors of multipliers a and offsets b), it walks the shingles, splats each one to
 * the four lanes and keeps `min_u(min, x * a + b)`: exactly {@link minHashSignatureJs}.
 */

/** The subset of the WebAssembly JS API used here (shared/ has no DOM or Node typings). */
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmInstance {
  exports: { memory: WasmMemory; signature: (shingles: number, count: number, parameters: number, out: number, permutations: number) => void };
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => WasmInstance;
}

/** Unsigned LEB128, as the binary format encodes sizes, indices and opcodes. */
function unsignedLeb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest !== 0);
  return bytes;
}

/** A section: id, byte length, content. */
function section(id: number, content: number[]): number[] {
  return [id, ...unsignedLeb(content.length), ...content];
}

/** An export name as the binary format writes it: length, then UTF-8 (ASCII here). */
function name(text: string): number[] {
  return [...unsignedLeb(text.length), ...Array.from(text, (character) => character.charCodeAt(0))];
}

/** Builds the module's bytes. */
function buildModule(): Uint8Array {
  const I32 = 0x7f;
  const V128 = 0x7b;
  // Opcodes (WebAssembly core spec 5.4, SIMD proposal opcodes after the 0xfd prefix).
  const get = (index: number): number[] => [0x20, index]; // local.get
  const set = (index: number): number[] => [0x21, index]; // local.set
  const i32Const = (value: number): number[] => [0x41, ...(value === 64 ? [0xc0, 0x00] : value === -1 ? [0x7f] : [value])];
  const add = [0x6a]; // i32.add
  const shl = [0x74]; // i32.shl
  const geU = [0x4f]; // i32.ge_u
  const block = [0x02, 0x40]; // block (no result)
  const loop = [0x03, 0x40]; // loop (no result)
  const end = [0x0b];
  const br = (depth: number): number[] => [0x0c, depth];
  const brIf = (depth: number): number[] => [0x0d, depth];
  const v128Load = (offset: number): number[] => [0xfd, 0x00, 2, offset]; // v128.load align=4 offset
  const v128Store = (offset: number): number[] => [0xfd, 0x0b, 2, offset]; // v128.store
  const load32Splat = [0xfd, 0x09, 2, 0]; // v128.load32_splat
  const splat = [0xfd, 0x11]; // i32x4.splat
  const vectorAdd = [0xfd, 0xae, 0x01]; // i32x4.add
  const vectorMul = [0xfd, 0xb5, 0x01]; // i32x4.mul
  const vectorMinU = [0xfd, 0xb7, 0x01]; // i32x4.min_u

  // Parameters 0-4: shingles, count, parameters, out, permutations.
  // Locals: 5 p (byte offset of the permutation group), 6 s (shingle pointer), 7 end, 8 bytes of one
  // parameter array; 9 x; 10-13 a0..a3; 14-17 b0..b3; 18-21 m0..m3.
  const SHINGLES = 0, COUNT = 1, PARAMETERS = 2, OUT = 3, PERMUTATIONS = 4;
  const P = 5, S = 6, END = 7, SPAN = 8, X = 9, A = 10, B = 14, M = 18;
  const four = [0, 1, 2, 3];
  const code: number[] = [
    ...get(SHINGLES), ...get(COUNT), ...i32Const(2), ...shl, ...add, ...set(END), // end = shingles + count * 4
    ...get(PERMUTATIONS), ...i32Const(2), ...shl, ...set(SPAN), // span = permutations * 4
    ...block,
    ...loop,
    ...get(P), ...get(SPAN), ...geU, ...brIf(1), // every group done: exit
    ...four.flatMap((k) => [...get(PARAMETERS), ...get(P), ...add, ...v128Load(16 * k), ...set(A + k)]),
    ...four.flatMap((k) => [...get(PARAMETERS), ...get(P), ...add, ...get(SPAN), ...add, ...v128Load(16 * k), ...set(B + k)]),
    ...four.flatMap((k) => [...i32Const(-1), ...splat, ...set(M + k)]), // m = 0xffffffff
    ...get(SHINGLES), ...set(S),
    ...block,
    ...loop,
    ...get(S), ...get(END), ...geU, ...brIf(1), // every shingle seen: exit
    ...get(S), ...load32Splat, ...set(X),
    // m_k = min_u(m_k, x * a_k + b_k)
    ...four.flatMap((k) => [...get(M + k), ...get(X), ...get(A + k), ...vectorMul, ...get(B + k), ...vectorAdd, ...vectorMinU, ...set(M + k)]),
    ...get(S), ...i32Const(4), ...add, ...set(S),
    ...br(0),
    ...end,
    ...end,
    ...four.flatMap((k) => [...get(OUT), ...get(P), ...add, ...get(M + k), ...v128Store(16 * k)]),
    ...get(P), ...i32Const(64), ...add, ...set(P), // next group of 16 permutations
    ...br(0),
    ...end,
    ...end,
    ...end, // function
  ];
  const locals = [0x02, 0x04, I32, 0x0d, V128];
  const body = [...locals, ...code];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    ...section(1, [0x01, 0x60, 0x05, I32, I32, I32, I32, I32, 0x00]), // type: (i32 x5) -> ()
    ...section(3, [0x01, 0x00]), // function 0 has type 0
    ...section(5, [0x01, 0x00, 0x01]), // one memory, at least 1 page
    ...section(7, [0x02, ...name('memory'), 0x02, 0x00, ...name('signature'), 0x00, 0x00]),
    ...section(10, [0x01, ...unsignedLeb(body.length), ...body]),
  ]);
}

/** Computes MinHash signatures with fixed parameters: the SIMD kernel when it runs here, else JavaScript. */
export interface MinHashKernel {
  /** The parameters it was built with. */
  parameters: MinHashParameters;
  /** True when the WebAssembly SIMD kernel is in use. */
  simd: boolean;
  /** Writes the signature of `shingles[from..to)` into `out[outOffset ..]` (see {@link minHashSignatureJs}). */
  signature(shingles: Uint32Array, from: number, to: number, out: Uint32Array, outOffset?: number): void;
}

/** The module bytes, built once (exported for tests and for workers that compile it themselves). */
export const MINHASH_WASM_BYTES: Uint8Array = buildModule();

/** The WebAssembly API of this runtime when it validates the SIMD module, else null. */
function simdApi(): WasmApi | null {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined) return null;
  try {
    return api.validate(MINHASH_WASM_BYTES) ? api : null;
  } catch {
    return null;
  }
}

/**
 * Creates a kernel for `parameters`. `preferSimd: false` forces the JavaScript loop. The SIMD path
 * handles permutation counts that are multiples of 16; other counts use JavaScript.
 */
export function createMinHashKernel(parameters: MinHashParameters, preferSimd = true): MinHashKernel {
  const api = preferSimd && parameters.permutations % 16 === 0 ? simdApi() : null;
  if (api === null) {
    return {
      parameters,
      simd: false,
      signature(shingles, from, to, out, outOffset = 0) {
        minHashSignatureJs(parameters, shingles, from, to, out, outOffset);
      },
    };
  }
  const instance = new api.Instance(new api.Module(MINHASH_WASM_BYTES), {});
  const { memory, signature } = instance.exports;
  const permutations = parameters.permutations;
  // Layout: multipliers, offsets, the output signature, then the shingles of the current call.
  const outPointer = permutations * 8;
  const shinglesPointer = permutations * 12;
  let words = new Uint32Array(memory.buffer);
  words.set(parameters.multipliers, 0);
  words.set(parameters.offsets, permutations);
  return {
    parameters,
    simd: true,
    signature(shingles, from, to, out, outOffset = 0) {
      const count = to - from;
      const needed = shinglesPointer + count * 4;
      if (needed > memory.buffer.byteLength) {
        memory.grow(Math.ceil((needed - memory.buffer.byteLength) / 65536));
      }
      if (words.buffer !== memory.buffer) words = new Uint32Array(memory.buffer);
      words.set(shingles.subarray(from, to), shinglesPointer >>> 2);
      signature(shinglesPointer, count, 0, outPointer, permutations);
      out.set(words.subarray(outPointer >>> 2, (outPointer >>> 2) + permutations), outOffset);
    },
  };
}
