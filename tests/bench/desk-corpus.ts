/**
 * The review desk bench's shard (docs/scale.md, "The review desk at 10M records"): small ShareGPT
 * records (two to four short turns, about 300 bytes each) with unique ids `desk_<n>`, written by the
 * project from its own word list with a seeded generator, streamed to `.tmp/bench` (10M records is
 * about 3 GB, never held in memory) and reused between runs.
 */
import { createWriteStream, existsSync, renameSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import { Xoshiro128StarStar } from '../../shared/mix/random';
import { benchDataDir } from './bench-module';

/** Our own words: enough variety for previews and searches to differ from record to record. */
const WORDS = (
  'agent shell folder query table record answer review filter threshold score token market price ' +
  'bright quiet river garden window lamp kettle orange violet copper silver paper ledger signal ' +
  'travel morning evening winter summer harbor meadow pencil basket bridge castle engine valley ' +
  'please list count explain compare summarize rename delete archive schedule remind translate ' +
  'quickly carefully today tomorrow always never often rarely twice inside outside between'
).split(' ');

/** One sentence of 5 to 14 words. */
function sentence(random: Xoshiro128StarStar): string {
  const count = 5 + random.nextBelow(10);
  const words: string[] = [];
  for (let index = 0; index < count; index++) words.push(WORDS[random.nextBelow(WORDS.length)]);
  const text = words.join(' ');
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

/** One record's JSON line. */
export function deskRecord(random: Xoshiro128StarStar, ordinal: number): string {
  const turns = 2 + 2 * random.nextBelow(2);
  const conversations: { from: 'human' | 'gpt'; value: string }[] = [];
  for (let turn = 0; turn < turns; turn++) conversations.push({ from: turn % 2 === 0 ? 'human' : 'gpt', value: turn === 0 ? sentence(random) : `${sentence(random)} ${sentence(random)}`.slice(0, 120) });
  return JSON.stringify({ id: `desk_${ordinal}`, conversations });
}

/** Writes (once) the shard of `records` records for `seed`; returns its path. */
export async function deskCorpus(records: number, seed = 20261201): Promise<string> {
  const path = join(benchDataDir(), `desk-${records}-${seed}.jsonl`);
  if (existsSync(path)) return path;
  const random = Xoshiro128StarStar.fromSeed(seed);
  const temporary = `${path}.partial`;
  // Lines go out in 4 MiB pieces as the stream asks for them.
  function* pieces(): Generator<string> {
    let piece = '';
    for (let ordinal = 0; ordinal < records; ordinal++) {
      piece += `${deskRecord(random, ordinal)}\n`;
      if (piece.length < 1 << 22) continue;
      yield piece;
      piece = '';
    }
    yield piece;
  }
  await pipeline(Readable.from(pieces()), createWriteStream(temporary));
  renameSync(temporary, path);
  return path;
}
