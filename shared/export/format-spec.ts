/**
 * What an export format is (docs/recipe.md, "Formats"; docs/CONTRIBUTING.md, "Adding an export
 * format"): one {@link ExportFormatSpec} per format in the registry (formats/index.ts), holding
 * everything the engine, the CLI, the dialog and the trainer files need, so a new format is one spec
 * file and one registry line, and the compiler finds every place that must know about it.
 */
import type { Conversation } from '../schema/conversation';
import type { ConversionCounts } from './conversions';

/** How records sit in the file: one JSON array (one record a line), or one JSON value per line. */
export type ExportContainer = 'json-array' | 'jsonl';

/** What a writer needs beyond the conversation. */
export interface WriteOptions {
  /** The record key (`3f9a1c2e:os_42`): the id of a record that has none. */
  key: string;
  /** The format the record was read from, when known: a record written in its own format may come back as it was. */
  sourceFormat?: string;
  /** Llama-2-chat text formats: the system message of records without one. */
  systemPrompt: string;
  /** Llama-2-chat text formats: whether a record's own system prompt replaces {@link WriteOptions.systemPrompt}. */
  keepRecordSystem: boolean;
}

/** The side of a written message: what a trainer that masks by role decides from. */
export type Side = 'system' | 'user' | 'assistant';

/** One message as written, and where it came from. */
export interface WrittenMessage {
  side: Side;
  /** The role as the format writes it (`human`, `gpt`, `function_call`, `observation`, `user`, `tool`...). */
  role: string;
  /** Its text as one string: reasoning, text and tool calls on their own lines (export-turns.ts, `flatText`). */
  text: string;
  /** Whether the written record asks for loss on it (a format without flags asks for every assistant message). */
  trains: boolean;
  /** The positions of the source turns it holds (several when turns were merged, none for a message the format adds). */
  sources: number[];
}

/** A record written in a format. */
export interface WrittenRecord {
  ok: true;
  value: unknown;
  messages: WrittenMessage[];
  /** What was converted by a documented rule, in turns per kind (empty when nothing). */
  conversions: ConversionCounts;
  /** The record has a system prompt slot filled (a column or a first system message). */
  hasSystem: boolean;
  /** The record carries tool definitions. */
  hasTools: boolean;
}

/** A record written, or why it cannot be. */
export type ExportWrite = WrittenRecord | { ok: false; message: string };

/** A program that trains on the format, and what it does with per-turn loss flags. */
export interface Consumer {
  /** As the summary names it: `LLaMA-Factory (dataset_info.json)`, `Axolotl (the snippet)`. */
  name: string;
  /** `flags`: it trains what the written record asks; otherwise every assistant message, or every message. */
  trains: 'flags' | 'assistant' | 'everything';
  /** When it ignores the flags: the export format that keeps them for this trainer (or a trainer like it). */
  keep?: string;
}

/** The LLaMA-Factory side file of a format. */
export interface LlamaFactoryEntry {
  /** `json`: an entry of `dataset_info.json` (LLaMA-Factory's loader); `v1-yaml`: a v1 dataset config (`<file>.llamafactory.yaml`). */
  kind: 'json' | 'v1-yaml';
  /** The entry for one file, from what the records hold; `fileName` as the config must name the file. */
  entry(fileName: string, traits: ExportTraits): Record<string, unknown>;
}

/** What the written records of a file hold, for the trainer files. */
export interface ExportTraits {
  hasSystem: boolean;
  hasTools: boolean;
}

/** One export format. */
export interface ExportFormatSpec {
  /** One line for `agentmix run --help`, the dialog and the docs. */
  summary: string;
  container: ExportContainer;
  write(conversation: Conversation, options: WriteOptions): ExportWrite;
  /** Who trains on it, the first being the one the format is named for. */
  consumers: readonly Consumer[];
  /** The LLaMA-Factory side file, or null when LLaMA-Factory does not read the format (with why, for the summary). */
  llamaFactory: LlamaFactoryEntry | { none: string };
  /** The dataset entry lines of the Axolotl snippet for one file (indented under `datasets:`), or why there is none. */
  axolotl: ((path: string) => string[]) | { none: string };
}
