/**
 * Every trainer of an export format, with its checker (docs/recipe.md, "Checking what a trainer
 * reads"), and the comparison of what each trains with the source, turn by turn: for each written
 * record, the checker's messages are lined up with the messages the writer says it wrote (and the
 * source turns each holds), so a turn whose loss the trainer decides differently from the source is
 * counted. A trainer that reads the format's flags must differ only where the writer joined turns
 * with different flags; one that ignores them must differ exactly as often as the manifest says.
 */
import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import type { ExportFormat } from '../../shared/export/settings';
import type { WrittenMessage } from '../../shared/export/format-spec';
import { checkAxolotlConfig, checkAxolotlRecord } from './axolotl';
import { checkFastChatRecord } from './fastchat';
import { checkColumns } from './hf-columns';
import { checkLlama2TextRecord } from './llama2-text';
import { checkDatasetInfoEntry, checkShareGptRecord, checkV1DatasetConfig, checkV1Record } from './llamafactory';
import { checkOpenAiRecord } from './openai';
import { checkTokenizedRecord } from './tokenized';
import { checkTrlRecord, trlKind } from './trl';
import { isObject, type CheckedTurn, type RecordCheck, type RecordChecker } from './types';

/** The side files of an export, as written. */
export interface ExportFiles {
  /** `dataset_info.json`, parsed, and the name of the dataset to check. */
  datasetInfo?: { file: unknown; name: string };
  /** The Axolotl snippet's text. */
  axolotl?: string;
  /** A LLaMA-Factory v1 dataset YAML's text. */
  llamaFactoryYaml?: string;
  /** The folder the trainer runs from, when the export named one. */
  base?: string;
}

/** A trainer's checker for one export, or why it cannot be built (a broken side file). */
export type TrainerCheck = { name: string; check: RecordChecker } | { name: string; problems: string[] };

function datasetInfoChecker(name: string, files: ExportFiles): TrainerCheck {
  const info = files.datasetInfo;
  if (info === undefined || !isObject(info.file)) return { name, problems: ['no dataset_info.json was written'] };
  const entry = checkDatasetInfoEntry(info.file[info.name]);
  if (!entry.ok) return { name, problems: entry.reasons };
  return { name, check: (value) => checkShareGptRecord(value, entry.attributes) };
}

function axolotlChecker(name: string, files: ExportFiles): TrainerCheck {
  if (files.axolotl === undefined) return { name, problems: ['no Axolotl snippet was written'] };
  const config = checkAxolotlConfig(parseYaml(files.axolotl) as unknown, { base: files.base });
  if (!config.ok) return { name, problems: config.reasons };
  const dataset = config.datasets[0];
  return { name, check: (value) => checkAxolotlRecord(value, dataset) };
}

function v1Checker(name: string, files: ExportFiles): TrainerCheck {
  if (files.llamaFactoryYaml === undefined) return { name, problems: ['no LLaMA-Factory v1 config was written'] };
  const problems = checkV1DatasetConfig(parseYaml(files.llamaFactoryYaml) as unknown, files.base);
  return problems.length > 0 ? { name, problems } : { name, check: checkV1Record };
}

/** A TRL check that also insists on the dataset kind TRL must see. */
function trlChecker(name: string, kind: ReturnType<typeof trlKind>): TrainerCheck {
  return {
    name,
    check: (value) => {
      const seen = isObject(value) ? trlKind(value) : null;
      return seen === kind ? checkTrlRecord(value) : { ok: false, reasons: [`TRL reads this record as ${String(seen)}, not ${String(kind)}`] };
    },
  };
}

/** The trainers of each format, by the names the format's spec gives them. */
export const TRAINER_CHECKS: Record<ExportFormat, (files: ExportFiles) => TrainerCheck[]> = {
  sharegpt: (files) => [datasetInfoChecker('LLaMA-Factory (dataset_info.json)', files), axolotlChecker('Axolotl (the snippet)', files)],
  'sharegpt-jsonl': (files) => [datasetInfoChecker('LLaMA-Factory (dataset_info.json)', files), axolotlChecker('Axolotl (the snippet)', files)],
  fastchat: (files) => [{ name: 'FastChat', check: (value) => checkFastChatRecord(value) }, datasetInfoChecker('LLaMA-Factory (dataset_info.json)', files)],
  agentinstruct: (files) => [
    axolotlChecker('Axolotl (the snippet)', files),
    { name: 'FastChat', check: (value) => checkFastChatRecord(value) },
    datasetInfoChecker('LLaMA-Factory (dataset_info.json)', files),
  ],
  openai: (files) => [{ name: 'OpenAI fine-tuning', check: checkOpenAiRecord }, axolotlChecker('Axolotl (the snippet)', files), trlChecker('TRL (conversational)', 'conversational')],
  'llamafactory-messages': (files) => [v1Checker('LLaMA-Factory v1 (the dataset YAML)', files)],
  'llama2-chat': (files) => [
    { name: 'a trainer that masks by the spans', check: checkLlama2TextRecord },
    trlChecker('TRL (text)', 'language-modeling'),
    axolotlChecker('Axolotl (the snippet, type: completion)', files),
  ],
  tokenized: (files) => {
    // The reference tokenizer is slow: every tenth record is re-encoded with it; all are decoded and checked.
    let seen = 0;
    const check: RecordChecker = (value) => {
      const axolotl = axolotlChecker('Axolotl', files);
      if ('problems' in axolotl) return { ok: false, reasons: axolotl.problems };
      const pre = axolotl.check(value);
      if (!pre.ok) return pre;
      const kind = isObject(value) ? trlKind(value) : null;
      if (kind !== 'pre-tokenized') return { ok: false, reasons: [`TRL reads this record as ${String(kind)}`] };
      return checkTokenizedRecord(value, { reencode: seen++ % 10 === 0 });
    };
    return [{ name: "Hugging Face's Trainer, TRL and Axolotl (pre-tokenized)", check }];
  },
};

/**
 * The turns a trainer decides differently from the source in one record: the checker's messages
 * lined up with the written ones (system messages apart, since some trainers render one where the
 * record has none), each source turn of a message compared with the trainer's decision on it.
 */
export function lossDifferences(result: RecordCheck & { ok: true }, written: readonly WrittenMessage[], sourceTrains: readonly boolean[]): number {
  const seen = result.turns.filter((turn) => turn.skipped !== true);
  const decisions: boolean[] = [];
  const writtenBody = written.filter((message) => message.side !== 'system');
  const checkedBody = seen.filter((turn) => turn.role !== 'system');
  if (checkedBody.length === 1 && checkedBody[0].role === 'text') {
    // A trainer of the whole text (Axolotl completion): every message as the text.
    for (const _message of written) decisions.push(checkedBody[0].trained);
  } else {
    if (checkedBody.length !== writtenBody.length) throw new Error(`the trainer sees ${checkedBody.length} messages, the writer wrote ${writtenBody.length}`);
    const system: CheckedTurn | undefined = seen.find((turn) => turn.role === 'system');
    for (const message of written) decisions.push(message.side === 'system' ? (system?.trained ?? false) : checkedBody[writtenBody.indexOf(message)].trained);
  }
  let differences = 0;
  for (const [index, message] of written.entries()) for (const source of message.sources) if (sourceTrains[source] !== decisions[index]) differences++;
  return differences;
}

/** Reads an export file: a JSON array or JSON Lines. */
export function readExportFile(path: string): unknown[] {
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.json')) return JSON.parse(text) as unknown[];
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown);
}

/** The Hugging Face `datasets` check of a whole file (formats that load through it). */
export const LOADS_THROUGH_DATASETS: Record<ExportFormat, boolean> = {
  sharegpt: true,
  'sharegpt-jsonl': true,
  fastchat: false,
  agentinstruct: true,
  openai: true,
  'llamafactory-messages': true,
  'llama2-chat': true,
  tokenized: true,
};

export { checkColumns };
