/**
 * The export tests' corpus: the pipeline's planted corpus over real data (near and exact duplicates,
 * AgentBench items pasted, unsafe, malformed, refused and empty records; planted-corpus.ts) plus two
 * more formats and containers (FastChat's 500 dummy conversations as a Parquet shard, 40 AgentLM
 * validation records in OpenAI `messages` JSONL with their system prompt), a review file that rejects,
 * overrides and edits, and `mix` and `export` sections: η = 0.2 by records of a total of 400 (FastChat's
 * dummy set is mostly exact duplicates, so there are too few general records for every agent record), 5%
 * held out for validation.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataFile } from '../../../../helpers/data';
import { writeShard, type ShardRecord } from '../../../../helpers/parquet-shard';
import { writePlantedCorpus, type PlantedCorpus } from '../pipeline/planted-corpus';

/** The review decisions the corpus plants, by what they must do. */
export interface PlantedReview {
  /** A kept general record the reviewer rejects: not exported. */
  rejected: string;
  /** A record the unsafe filter drops that the reviewer accepts: exported, as an override. */
  overridden: string;
  /** A kept agent record edited (one assistant turn); the edit is exported. */
  edited: string;
  /** The edited record as the review file holds it, and the text that only the edit has. */
  editedRecord: Record<string, unknown>;
  editedText: string;
  /** An agent record edited into a malformed action: the re-check drops it, the accept overrides it. */
  editedMalformed: string;
  /** A record dropped for leakage that the reviewer accepts: still out (review cannot override leakage). */
  leakedAccepted: string;
}

/** The corpus, its export recipe and its review. */
export interface ExportCorpus extends PlantedCorpus {
  /** The recipe with the extra sources, the review file, `mix` and `export`. */
  exportRecipe: string;
  review: PlantedReview;
}

/** The record key of `id` in `file`: the file's sha256 prefix and the id (ids are unique in these files). */
export function keyOf(file: string, id: string): string {
  return `${createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 8)}:${id}`;
}

/** Writes the corpus into a new temporary folder. */
export function writeExportCorpus(): ExportCorpus {
  const corpus = writePlantedCorpus();
  const { folder } = corpus;
  const at = '2024-05-01T10:00:00Z';

  const dummy = JSON.parse(readFileSync(dataFile('fastchat-sharegpt', 'dummy_conversation.json'), 'utf8')) as ShardRecord[];
  writeShard(join(folder, 'general-dummy.parquet'), dummy, 64);
  const messages = JSON.parse(readFileSync(dataFile('agentinstruct-val200-messages', 'val_set_200.json'), 'utf8')) as unknown[];
  writeFileSync(join(folder, 'agent-messages.jsonl'), `${messages.slice(0, 40).map((record) => JSON.stringify(record)).join('\n')}\n`);

  const webshopFile = join(folder, 'webshop-a.json');
  const webshop = JSON.parse(readFileSync(webshopFile, 'utf8')) as ShardRecord[];
  const edited = structuredClone(webshop[1]);
  const trained = edited.conversations.findLastIndex((turn) => turn.from === 'gpt' && turn.loss === true);
  const editedText = 'Thought:\nThe reviewer checked this step: the item matches every requirement.\n\nAction:\nclick[Buy Now]';
  edited.conversations[trained].value = editedText;
  const malformed = structuredClone(webshop[2]);
  const malformedTurn = malformed.conversations.findIndex((turn) => turn.from === 'gpt' && turn.loss === true);
  malformed.conversations[malformedTurn].value = 'Thought:\nI will look around.\n\nAction:\nscroll down please';

  const review: PlantedReview = {
    rejected: keyOf(join(folder, 'general.json'), 'glaive_40'),
    overridden: keyOf(join(folder, 'agent.json'), 'os_116'),
    edited: keyOf(webshopFile, edited.id),
    editedRecord: edited as unknown as Record<string, unknown>,
    editedText,
    editedMalformed: keyOf(webshopFile, malformed.id),
    leakedAccepted: keyOf(join(folder, 'agent.json'), 'db_100'),
  };
  const lines = [
    { key: review.rejected, decision: 'reject', reason: 'off-topic', by: 'ana', at },
    { key: review.overridden, decision: 'accept', note: 'the URL is a documentation address', by: 'ana', at },
    { key: review.edited, decision: 'accept', edited, by: 'bo', at },
    { key: review.editedMalformed, decision: 'accept', edited: malformed, by: 'bo', at },
    { key: review.leakedAccepted, decision: 'accept', by: 'ana', at },
  ];
  writeFileSync(join(folder, 'review.jsonl'), `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);

  const recipe = JSON.parse(readFileSync(corpus.recipe, 'utf8')) as { sources: unknown[] };
  const exportRecipe = join(folder, 'export.recipe.json');
  writeFileSync(
    exportRecipe,
    JSON.stringify(
      {
        ...recipe,
        sources: [...recipe.sources, { path: 'general-dummy.parquet', role: 'general', format: 'sharegpt' }, { path: 'agent-messages.jsonl', role: 'agent', format: 'openai' }],
        review: 'review.jsonl',
        mix: { agentShare: 0.2, by: 'records', total: 400, seed: 7, validation: 0.05 },
        export: { format: 'sharegpt', out: 'out/mix.json', datasetName: 'planted_mix' },
      },
      null,
      2,
    ),
  );
  return { ...corpus, exportRecipe, review };
}
