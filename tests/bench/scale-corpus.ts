/**
 * The scale bench's corpus (docs/scale.md, "Numbers"): ShareGPT-like JSONL records of about 2.4 KB
 * made of random real sentences from ../shared/data in 2 to 6 turns, 5% of them near duplicates of
 * a recent record (its turns kept, 1 to 20 word edits: Jaccard spread over about 0.6 to 0.99), written
 * as a stream (a million records is 2.4 GB, never held in memory) under .tmp/bench and reused. The
 * copies are listed in a side file so the bench can measure recall by Jaccard bucket.
 */
import { createWriteStream, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { Xoshiro128StarStar } from '../../shared/mix/random';
import { realSentences } from '../unit/shared/dedup/planted';
import { benchDataDir } from './bench-module';

/** Near duplicates per record written. */
const COPY_SHARE = 0.05;
/** How far back a copy's original may be (a ring of recent records, so the writer streams). */
const RECENT = 4096;
/** Characters per record, about. */
const CHARACTERS = 2050;

/** A generated corpus: the JSONL file and the planted pairs (`[original, copy]` record ordinals). */
export interface ScaleCorpus {
  path: string;
  records: number;
  pairs: [number, number][];
}

type Turn = { from: 'human' | 'gpt'; value: string };

/** A record of random real sentences in 2 to 6 alternating turns. */
function freshTurns(random: Xoshiro128StarStar, sentences: readonly string[]): Turn[] {
  const count = 2 + random.nextBelow(5);
  const turns: Turn[] = [];
  for (let turn = 0; turn < count; turn++) {
    let text = '';
    while (text.length < CHARACTERS / count) text += (text === '' ? '' : ' ') + sentences[random.nextBelow(sentences.length)];
    turns.push({ from: turn % 2 === 0 ? 'human' : 'gpt', value: text });
  }
  return turns;
}

/** A copy of `turns` with `edits` word edits (replace, delete or insert), each in a random turn. */
function editedTurns(random: Xoshiro128StarStar, turns: readonly Turn[], edits: number, sentences: readonly string[]): Turn[] {
  const words = turns.map((turn) => turn.value.split(' '));
  for (let edit = 0; edit < edits; edit++) {
    const turn = words[random.nextBelow(words.length)];
    const position = random.nextBelow(turn.length);
    const donor = sentences[random.nextBelow(sentences.length)].split(' ');
    const word = donor[random.nextBelow(donor.length)];
    const kind = random.nextBelow(10);
    if (kind < 4) turn[position] = word;
    else if (kind < 7 && turn.length > 1) turn.splice(position, 1);
    else turn.splice(position, 0, word);
  }
  return turns.map((turn, index) => ({ from: turn.from, value: words[index].join(' ') }));
}

/** Writes (once) and returns the corpus of `records` records for `seed`. */
export async function scaleCorpus(records: number, seed = 20241130): Promise<ScaleCorpus> {
  const path = join(benchDataDir(), `scale-general-${records}-${seed}.jsonl`);
  const pairsPath = `${path}.pairs.json`;
  if (existsSync(path) && existsSync(pairsPath)) return { path, records, pairs: JSON.parse(readFileSync(pairsPath, 'utf8')) as [number, number][] };
  const random = Xoshiro128StarStar.fromSeed(seed);
  const sentences = realSentences();
  const recent: Turn[][] = [];
  const pairs: [number, number][] = [];
  const temporary = `${path}.partial`;
  const out = createWriteStream(temporary);
  let chunk = '';
  for (let ordinal = 0; ordinal < records; ordinal++) {
    let turns: Turn[];
    if (ordinal > 0 && random.nextFloat() < COPY_SHARE) {
      const back = 1 + random.nextBelow(Math.min(ordinal, RECENT));
      turns = editedTurns(random, recent[(ordinal - back) % RECENT], 1 + random.nextBelow(20), sentences);
      pairs.push([ordinal - back, ordinal]);
    } else turns = freshTurns(random, sentences);
    recent[ordinal % RECENT] = turns;
    chunk += `${JSON.stringify({ id: `general_${ordinal}`, conversations: turns })}\n`;
    if (chunk.length > 1 << 22) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  renameSync(temporary, path);
  writeFileSync(pairsPath, JSON.stringify(pairs));
  return { path, records, pairs };
}
