import { describe, expect, it } from 'vitest';
import { deduplicate } from '../../../../../shared/dedup/dedup';
import { extractFeatures, FeatureMerger, type TextTurn } from '../../../../../shared/dedup/features';
import { recordShingleSet } from '../../../../../shared/dedup/near';
import { dedupSettings } from '../../../../../shared/dedup/settings';
import { Xoshiro128StarStar } from '../../../../../shared/mix/random';
import { ShingleFile } from '../../../../../electron/engine/pipeline/shingle-file';

/** Seeded chats: a shared system prompt in half of them (a template turn), and a near copy of every tenth. */
function chats(count: number): TextTurn[][] {
  const random = Xoshiro128StarStar.fromSeed(7);
  const word = (): string => `w${random.nextBelow(3000)}`;
  const text = (words: number): string => Array.from({ length: words }, word).join(' ');
  const records: TextTurn[][] = [];
  for (let record = 0; record < count; record++) {
    if (record % 10 === 9) {
      const original = records[record - 1 - random.nextBelow(5)];
      records.push(original.map((turn) => ({ role: turn.role, text: `${turn.text} ${word()}` })));
      continue;
    }
    const turns: TextTurn[] = record % 2 === 0 ? [{ role: 'system', text: 'You are a careful assistant who answers in full sentences.' }] : [];
    turns.push({ role: 'user', text: text(20 + random.nextBelow(40)) }, { role: 'assistant', text: text(60 + random.nextBelow(120)) });
    records.push(turns);
  }
  return records;
}

describe('the shingle file', () => {
  it('reads back any range of what was appended, across appends', () => {
    const file = new ShingleFile();
    const values = Uint32Array.from({ length: 5000 }, (_, index) => (index * 2654435761) >>> 0);
    file.append(values.subarray(0, 1));
    file.append(values.subarray(1, 3000));
    file.append(values.subarray(3000));
    expect(file.length).toBe(5000);
    for (const [from, to] of [[0, 5000], [0, 0], [2999, 3001], [4999, 5000], [17, 4321]]) expect(Array.from(file.read(from, to))).toEqual(Array.from(values.subarray(from, to)));
    file.close();
  });

  it('refuses ranges outside what was written, and any read once closed', () => {
    const file = new ShingleFile();
    file.append(new Uint32Array([1, 2, 3]));
    expect(() => file.read(2, 4)).toThrow(/shingles 2\.\.4 are outside the 3 written/);
    expect(() => file.read(2, 1)).toThrow(RangeError);
    file.close();
    expect(() => file.read(0, 1)).toThrow(/closed/);
    file.close();
  });

  it('gives the features and dedup verdicts of the in-memory arrays when the shingles are on disk', () => {
    const records = chats(600);
    const whole = extractFeatures(records, 5);
    const file = new ShingleFile();
    const merger = new FeatureMerger(file);
    for (const cut of [[0, 1], [1, 250], [250, 251], [251, 600]]) merger.add(extractFeatures(records.slice(cut[0], cut[1]), 5));
    const spilled = merger.finish();
    expect(spilled.shingles).toBe(file);
    expect(file.length).toBe(whole.shingles.length);
    expect(Array.from(spilled.turnShingles)).toEqual(Array.from(whole.turnShingles));
    expect(Array.from(spilled.recordTurns)).toEqual(Array.from(whole.recordTurns));
    const mask = new Uint8Array(whole.turnRoles.length);
    for (let turn = 0; turn < mask.length; turn += 3) mask[turn] = 1;
    for (const record of [0, 1, 299, 599]) expect(Array.from(recordShingleSet(spilled, mask, record))).toEqual(Array.from(recordShingleSet(whole, mask, record)));

    const settings = dedupSettings.parse({ keep: ['longest'] });
    const inMemory = deduplicate({ features: whole }, settings);
    const onDisk = deduplicate({ features: spilled }, settings);
    expect(inMemory.templates.flat().length).toBeGreaterThan(0);
    expect(inMemory.near?.acceptedPairs).toBeGreaterThan(0);
    expect(Array.from(onDisk.assignment.duplicateOf)).toEqual(Array.from(inMemory.assignment.duplicateOf));
    expect(onDisk.near).toEqual({ ...inMemory.near, verifyMilliseconds: onDisk.near?.verifyMilliseconds });
    file.close();
  });
});
