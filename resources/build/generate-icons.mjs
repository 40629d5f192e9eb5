#!/usr/bin/env node
// Writes AgentMix Studio's icon set into resources/build (electron-builder's buildResources):
// icon.png (1024 px), icons/<n>x<n>.png (Linux), icon.ico (Windows) and icon.icns (macOS).
// The design is drawn here from shapes: a rounded square in a blue-to-teal gradient holding a large
// white disc (the general chats) and a smaller amber one overlapping it (the agent trajectories,
// a fifth of the mix as in AgentTuning), their overlap a deeper amber.
// Each size is rendered directly (no downscaling) with analytic anti-aliasing, and the files are
// byte-for-byte reproducible: `npm run icons` rewrites them; tests/unit/package/icons.test.ts checks
// that they are current (docs/packaging.md, "Icons").
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Buffer } from 'node:buffer';
import { deflateSync } from 'node:zlib';

/** Sizes of the Linux set and of the other containers. */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** ICNS element types and their pixel sizes (PNG-compressed elements, macOS 10.7 and later). */
const ICNS_TYPES = [['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024], ['ic11', 32], ['ic12', 64], ['ic13', 256], ['ic14', 512]];

const TOP = [37, 99, 235]; // blue
const BOTTOM = [13, 148, 136]; // teal
const AMBER = [251, 191, 36];
const WHITE = [248, 250, 252];
const LENS = [217, 119, 6];

/** Coverage of a shape from its signed distance in pixels (negative inside), over one pixel of blur. */
const cover = (distance) => Math.min(1, Math.max(0, 0.5 - distance));

/** Signed distance to a rounded square of half-size `h` and corner radius `r`, centred at `c`. */
function roundedSquare(x, y, c, h, r) {
  const qx = Math.abs(x - c) - (h - r);
  const qy = Math.abs(y - c) - (h - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Draws the icon at `size` pixels: RGBA, not premultiplied. */
export function drawIcon(size) {
  const pixels = Buffer.alloc(size * size * 4);
  const s = size / 1024;
  // Small sizes get a little more margin-free body so the discs stay legible.
  const half = (size <= 32 ? 500 : 460) * s;
  const radius = (size <= 32 ? 180 : 205) * s;
  const general = { x: 455 * s, y: 455 * s, r: 255 * s };
  const agent = { x: 690 * s, y: 690 * s, r: 150 * s };
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      const x = column + 0.5;
      const y = row + 0.5;
      const body = cover(roundedSquare(x, y, size / 2, half, radius));
      if (body === 0) continue;
      const t = Math.min(1, Math.max(0, (y - (size / 2 - half)) / (2 * half)));
      let color = TOP.map((top, i) => top + (BOTTOM[i] - top) * t);
      const inGeneral = cover(Math.hypot(x - general.x, y - general.y) - general.r);
      const inAgent = cover(Math.hypot(x - agent.x, y - agent.y) - agent.r);
      const over = (base, paint, alpha) => base.map((value, i) => value + (paint[i] - value) * alpha);
      color = over(color, WHITE, inGeneral);
      color = over(color, AMBER, inAgent);
      color = over(color, LENS, inAgent * inGeneral);
      const at = (row * size + column) * 4;
      pixels[at] = Math.round(color[0]);
      pixels[at + 1] = Math.round(color[1]);
      pixels[at + 2] = Math.round(color[2]);
      pixels[at + 3] = Math.round(body * 255);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes RGBA pixels as a PNG (8-bit RGBA, no filter, zlib level 9). */
export function encodePng(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let row = 0; row < size; row++) pixels.copy(rows, row * (size * 4 + 1) + 1, row * size * 4, (row + 1) * size * 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** A Windows icon holding PNG images (Windows Vista and later). */
function encodeIco(images) {
  const header = Buffer.alloc(6 + images.length * 16);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const at = 6 + i * 16;
    header[at] = size >= 256 ? 0 : size;
    header[at + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, at + 4);
    header.writeUInt16LE(32, at + 6);
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

/** A macOS icon family of PNG elements. */
function encodeIcns(elements) {
  const parts = elements.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

/** Every file of the set, by path relative to resources/build. */
export function iconFiles() {
  const pngs = new Map();
  const png = (size) => {
    if (!pngs.has(size)) pngs.set(size, encodePng(size, drawIcon(size)));
    return pngs.get(size);
  };
  const files = new Map();
  files.set('icon.png', png(1024));
  for (const size of LINUX_SIZES) files.set(`icons/${size}x${size}.png`, png(size));
  files.set('icon.ico', encodeIco(ICO_SIZES.map((size) => ({ size, png: png(size) }))));
  files.set('icon.icns', encodeIcns(ICNS_TYPES.map(([type, size]) => ({ type, png: png(size) }))));
  return files;
}

// `node generate-icons.mjs` writes the set; `--check` only compares and exits 1 when a file differs.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = dirname(fileURLToPath(import.meta.url));
  const check = process.argv.includes('--check');
  const stale = [];
  for (const [name, bytes] of iconFiles()) {
    const path = join(dir, name);
    if (check) {
      if (!existsSync(path) || !readFileSync(path).equals(bytes)) stale.push(name);
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    console.log(`${name}  ${bytes.length} bytes`);
  }
  if (stale.length > 0) {
    console.error(`resources/build is not what generate-icons.mjs draws: ${stale.join(', ')} (run npm run icons)`);
    process.exitCode = 1;
  }
}
