import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/data';

/**
 * The icon set in resources/build (docs/packaging.md, "Icons") is what its generator draws, and each
 * container holds what electron-builder and the platforms read: PNGs of the named size, an ICO
 * directory of PNG entries up to 256 px, an ICNS family of PNG elements up to 1024 px.
 */
const BUILD = join(REPO_ROOT, 'resources/build');

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(bytes.toString('ascii', 12, 16)).toBe('IHDR');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('the icon set', () => {
  it('is what resources/build/generate-icons.mjs draws', () => {
    const check = spawnSync(process.execPath, [join(BUILD, 'generate-icons.mjs'), '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('has a 1024 px icon.png and the Linux sizes', () => {
    expect(pngSize(readFileSync(join(BUILD, 'icon.png')))).toEqual([1024, 1024]);
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) expect(pngSize(readFileSync(join(BUILD, `icons/${size}x${size}.png`))), `${size}`).toEqual([size, size]);
  });

  it('has an ICO of PNG entries from 16 to 256 px', () => {
    const ico = readFileSync(join(BUILD, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const sizes: number[] = [];
    for (let entry = 0; entry < ico.readUInt16LE(4); entry++) {
      const at = 6 + entry * 16;
      const [width] = pngSize(ico.subarray(ico.readUInt32LE(at + 12), ico.readUInt32LE(at + 12) + ico.readUInt32LE(at + 8)));
      expect(ico[at] === 0 ? 256 : ico[at]).toBe(width);
      sizes.push(width);
    }
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('has an ICNS whose elements are PNGs of their type\'s size', () => {
    const icns = readFileSync(join(BUILD, 'icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const expected: Record<string, number> = { icp4: 16, icp5: 32, icp6: 64, ic07: 128, ic08: 256, ic09: 512, ic10: 1024, ic11: 32, ic12: 64, ic13: 256, ic14: 512 };
    const seen: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      const type = icns.toString('ascii', at, at + 4);
      expect(pngSize(icns.subarray(at + 8, at + icns.readUInt32BE(at + 4)))[0], type).toBe(expected[type]);
      seen.push(type);
    }
    expect(seen.sort()).toEqual(Object.keys(expected).sort());
  });
});
