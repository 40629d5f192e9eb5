/**
 * Seeded ShareGPT-like data for the ingest benchmark, built from the real texts in ../shared/data:
 * every turn text of the conversation files there, recombined into records of 2–12 turns.
 * Written once per size under .tmp/bench and reused.
 */
import { createWriteStream, existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dataFile } from '../helpers/data';
import { benchDataDir } from './bench-module';

/** The real turn texts. */
function realTexts(): string[] {
  const texts: string[] = [];
  const arrays = ['sharegpt-real-dialogstudio/original_example.json', 'fastchat-sharegpt/dummy_conversation.json', 'llamafactory-formats/glaive_toolcall_en_demo.json', 'webshop-agentinstruct-style-clean/clean_sneakers_query-attack.json', 'agentinstruct-val200-messages/val_set_200.json'];
  for (const file of arrays) {
    for (const record of JSON.parse(readFileSync(dataFile(file), 'utf8')) as Record<string, unknown>[]) {
      for (const turn of (record.conversations ?? record.messages) as Record<string, unknown>[]) {
        const text = turn.value ?? turn.content;
        if (typeof text === 'string' && text.length > 0) texts.push(text);
      }
    }
  }
  return texts;
}

/** mulberry32: a small seeded generator, so the data is the same on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes `megabytes` of records as a pretty-printed JSON array (as FastChat's ShareGPT files) or as JSONL. */
async function write(path: string, megabytes: number, layout: 'array' | 'jsonl'): Promise<void> {
  const texts = realTexts();
  const next = random(2310_12823); // arXiv 2310.12823, the AgentTuning paper
  const target = megabytes * 1e6;
  const temporary = `${path}.partial`;
  const out = createWriteStream(temporary);
  let written = 0;
  let pending: string[] = [];
  let pendingLength = 0;
  const flush = async (): Promise<void> => {
    const text = pending.join('');
    pending = [];
    pendingLength = 0;
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  const push = (text: string): void => {
    pending.push(text);
    pendingLength += text.length;
    written += Buffer.byteLength(text);
  };
  if (layout === 'array') push('[\n');
  for (let ordinal = 0; written < target; ordinal++) {
    const turns = 2 * (1 + Math.floor(next() * 6));
    const conversations = Array.from({ length: turns }, (_, turn) => ({ from: turn % 2 === 0 ? 'human' : 'gpt', value: texts[Math.floor(next() * texts.length)] }));
    const record = { id: `bench_${ordinal}`, conversations };
    if (layout === 'array') push(`${ordinal === 0 ? '' : ',\n'}  ${JSON.stringify(record, null, 2).replaceAll('\n', '\n  ')}`);
    else push(`${JSON.stringify(record)}\n`);
    if (pendingLength > 1 << 22) await flush();
  }
  if (layout === 'array') push('\n]\n');
  await flush();
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  renameSync(temporary, path);
}

/** The path of the generated file (writing it first when missing). */
export async function benchFile(megabytes: number, layout: 'array' | 'jsonl'): Promise<string> {
  const path = join(benchDataDir(), `sharegpt-${megabytes}mb.${layout === 'array' ? 'json' : 'jsonl'}`);
  if (!existsSync(path) || statSync(path).size < megabytes * 1e6) {
    const started = performance.now();
    await write(path, megabytes, layout);
    console.log(`  generated ${path} (${(statSync(path).size / 1e6).toFixed(0)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return path;
}
