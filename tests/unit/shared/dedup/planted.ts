import type { TextTurn } from '../../../../shared/dedup/features';
import { Xoshiro128StarStar } from '../../../../shared/mix/random';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HAVE_SHARED_DATA, REPO_ROOT } from '../../../helpers/data';
import { readRecords, recordTurns, type TestRecord } from './real-data';

/**
 * A ShareGPT-like corpus made from the real texts of ../shared/data (or, when that folder is
 * absent, from the demo's chats, resources/samples), with planted near-duplicate pairs (for the
 * dedup tests and the bench): each record is a few turns of sentences drawn at random, so
 * unplanted records share almost nothing, and each planted copy is a record with a known number
 * of word edits.
 */

/** A seeded generator of floats in [0, 1) (the project's xoshiro128**): the same seed gives the same corpus. */
export function createRandom(seed: number): () => number {
  const generator = Xoshiro128StarStar.fromSeed(seed);
  return () => generator.nextFloat();
}

let cachedSentences: string[] | null = null;

/** Distinct sentences of 4 words or more of some records. */
function sentencesOf(sources: readonly TestRecord[]): string[] {
  const seen = new Set<string>();
  for (const record of sources) {
    for (const turn of record.turns) {
      for (const sentence of turn.text.split(/(?<=[.!?])\s+|\n+/)) {
        const trimmed = sentence.trim();
        if (trimmed.split(/\s+/).length >= 4 && trimmed.length <= 600) seen.add(trimmed);
      }
    }
  }
  return [...seen];
}

let cachedDemoSentences: string[] | null = null;

/** Distinct sentences of the demo's ShareGPT and OpenAI chats (written by the project). */
export function demoSentences(): string[] {
  if (cachedDemoSentences !== null) return cachedDemoSentences;
  const folder = join(REPO_ROOT, 'resources/samples/general');
  const sharegpt = JSON.parse(readFileSync(join(folder, 'sharegpt.json'), 'utf8')) as unknown[];
  const openai = readFileSync(join(folder, 'openai.jsonl'), 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown);
  cachedDemoSentences = sentencesOf([...sharegpt, ...openai].map((value, index) => ({ id: String(index), turns: recordTurns(value) })));
  return cachedDemoSentences;
}

/** The sentences corpora are made of: the real ones when ../shared/data is there, else the demo's. */
export function corpusSentences(): string[] {
  return HAVE_SHARED_DATA ? realSentences() : demoSentences();
}

/** Distinct real sentences (4 words or more) from the ShareGPT-style and agent fixtures. */
export function realSentences(): string[] {
  if (cachedSentences !== null) return cachedSentences;
  const sources: TestRecord[] = [
    ...readRecords('sharegpt-real-dialogstudio', 'original_example.json'),
    ...readRecords('llamafactory-formats', 'glaive_toolcall_en_demo.json'),
    ...readRecords('llamafactory-formats', 'v1_sft_demo.jsonl'),
    ...readRecords('fastchat-sharegpt', 'dummy_conversation.json'),
    ...readRecords('sharegpt-firstturn-mlenergy', 'ShareGPT_V3_filtered_500.json'),
    ...readRecords('fireact-trajectories', 'hotpotqa.jsonl'),
  ];
  cachedSentences = sentencesOf(sources);
  return cachedSentences;
}

/** A record of random real sentences, about `characters` long, in 2 to 6 alternating turns. */
export function randomRecord(random: () => number, sentences: readonly string[], characters: number): TextTurn[] {
  const turnCount = 2 + Math.floor(random() * 5);
  const turns: TextTurn[] = [];
  for (let turn = 0; turn < turnCount; turn++) {
    const parts: string[] = [];
    let length = 0;
    while (length < characters / turnCount) {
      const sentence = sentences[Math.floor(random() * sentences.length)];
      parts.push(sentence);
      length += sentence.length + 1;
    }
    turns.push({ role: turn % 2 === 0 ? 'user' : 'assistant', text: parts.join(' ') });
  }
  return turns;
}

/** A copy of `turns` with `edits` random word edits (replace, delete or insert a word). */
export function editRecord(random: () => number, turns: readonly TextTurn[], edits: number, sentences: readonly string[]): TextTurn[] {
  const words = turns.map((turn) => turn.text.split(' '));
  for (let edit = 0; edit < edits; edit++) {
    const turn = words[Math.floor(random() * words.length)];
    const position = Math.floor(random() * turn.length);
    const donor = sentences[Math.floor(random() * sentences.length)].split(' ');
    const word = donor[Math.floor(random() * donor.length)];
    const kind = random();
    if (kind < 0.4) turn[position] = word;
    else if (kind < 0.7 && turn.length > 1) turn.splice(position, 1);
    else turn.splice(position, 0, word);
  }
  return turns.map((turn, index) => ({ role: turn.role, text: words[index].join(' ') }));
}

/** A corpus with planted pairs: `pairs[k] = [original, copy]` record indices. */
export interface PlantedCorpus {
  records: TextTurn[][];
  pairs: [number, number][];
}

/**
 * `count` random records of about `characters` characters, then `planted` copies of random
 * records with 1 to `maxEdits` edits each (appended after the originals).
 */
export function plantedCorpus(seed: number, count: number, planted: number, characters = 2300, maxEdits = 60): PlantedCorpus {
  const random = createRandom(seed);
  const sentences = corpusSentences();
  const records: TextTurn[][] = [];
  for (let index = 0; index < count; index++) records.push(randomRecord(random, sentences, characters));
  const pairs: [number, number][] = [];
  for (let index = 0; index < planted; index++) {
    const original = Math.floor(random() * count);
    const edits = 1 + Math.floor(random() * maxEdits);
    records.push(editRecord(random, records[original], edits, sentences));
    pairs.push([original, records.length - 1]);
  }
  return { records, pairs };
}
