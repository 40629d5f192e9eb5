/**
 * Seeded building blocks of the hostile-input corpus: a PRNG, conversations in the formats the
 * engine reads (texts made here from a small vocabulary of our own), and writers that lay records
 * out in a file while keeping the truth: where each record starts (byte offset and line).
 */
import { randomFor } from '../../shared/mix/random';

/** A seeded generator of floats in [0, 1): the mix's Xoshiro128** (shared/mix/random.ts), one stream for the corpus. */
export function createRandom(seed: number): () => number {
  const generator = randomFor(seed, 'hostile corpus');
  return () => generator.nextFloat();
}

const WORDS = [
  'list', 'the', 'files', 'in', 'folder', 'count', 'rows', 'where', 'price', 'is', 'below', 'ten', 'open', 'drawer', 'take',
  'mug', 'search', 'for', 'blue', 'shoes', 'size', 'nine', 'click', 'buy', 'now', 'which', 'entity', 'links', 'these', 'two',
  'shell', 'command', 'prints', 'lines', 'table', 'orders', 'join', 'users', 'observation', 'action', 'think', 'answer', 'done',
  'kitchen', 'counter', 'apple', 'fridge', 'cool', 'then', 'put', 'it', 'on', 'shelf', 'query', 'returned', 'three', 'results',
];

/** Words drawn from the vocabulary (with a few non-ASCII ones, so encodings matter). */
export function sentence(random: () => number, words: number): string {
  const out: string[] = [];
  for (let word = 0; word < words; word++) {
    const roll = random();
    out.push(roll < 0.03 ? 'café' : roll < 0.05 ? 'naïve' : roll < 0.06 ? '数据' : roll < 0.065 ? '🙂' : WORDS[Math.floor(random() * WORDS.length)]);
  }
  return out.join(' ');
}

/** A ShareGPT record (`conversations` of from/value turns). */
export function shareGpt(random: () => number, id: string, turns = 2): Record<string, unknown> {
  const conversations = [];
  for (let turn = 0; turn < turns; turn++) conversations.push({ from: turn % 2 === 0 ? 'human' : 'gpt', value: sentence(random, 4 + Math.floor(random() * 12)) });
  return { id, conversations };
}

/** An OpenAI chat record (`messages` of role/content). */
export function openAi(random: () => number, turns = 2): Record<string, unknown> {
  const messages = [];
  for (let turn = 0; turn < turns; turn++) messages.push({ role: turn % 2 === 0 ? 'user' : 'assistant', content: sentence(random, 4 + Math.floor(random() * 12)) });
  return { messages };
}

/** A value nested `depth` containers deep (the outermost counts as 1), without recursion. */
export function nestedText(depth: number, kind: 'array' | 'object' = 'array'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
}

/**
 * A ShareGPT record whose total nesting is `depth` (record = 1, `meta` array = 2, ...), as text:
 * JSON.stringify cannot write values this deep.
 */
export function deepRecordText(random: () => number, id: string, depth: number): string {
  const base = JSON.stringify(shareGpt(random, id));
  return `${base.slice(0, -1)},"meta":${nestedText(depth - 1)}}`;
}

const encoder = new TextEncoder();

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Joins byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Where a record or a problem sits: byte offset of its first byte and its 1-based line. */
export interface Place {
  offset: number;
  line: number;
}

/**
 * Lays out a file piece by piece and remembers where each piece starts (the truth of the corpus
 * is computed from the bytes actually written, never typed by hand).
 */
export class Layout {
  private readonly parts: Uint8Array[] = [];
  private length = 0;
  private lines = 1;

  /** Appends text (UTF-8) or bytes; returns where it starts. */
  add(piece: string | Uint8Array): Place {
    const bytes = typeof piece === 'string' ? utf8(piece) : piece;
    const place = this.here();
    this.parts.push(bytes);
    this.length += bytes.length;
    for (const byte of bytes) if (byte === 0x0a) this.lines++;
    return place;
  }

  /** Where the next piece would start. */
  here(): Place {
    return { offset: this.length, line: this.lines };
  }

  bytes(): Uint8Array {
    return concat(this.parts);
  }
}

/** Encodes text as UTF-16 (little or big endian), lone surrogates kept as they are. */
export function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const units = (bom ? '\ufeff' : '') + text;
  const out = new Uint8Array(units.length * 2);
  for (let index = 0; index < units.length; index++) {
    const unit = units.charCodeAt(index);
    out[index * 2 + (endian === 'le' ? 0 : 1)] = unit & 0xff;
    out[index * 2 + (endian === 'le' ? 1 : 0)] = unit >> 8;
  }
  return out;
}

/** Encodes text as UTF-32 (little or big endian). */
export function utf32(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const points = [...((bom ? '\ufeff' : '') + text)].map((character) => character.codePointAt(0) as number);
  const out = new Uint8Array(points.length * 4);
  const view = new DataView(out.buffer);
  points.forEach((point, index) => view.setUint32(index * 4, point, endian === 'le'));
  return out;
}
