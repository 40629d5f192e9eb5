/**
 * The export formats (docs/recipe.md, "Formats"): one spec each, in the order the CLI and the dialog
 * list them. Adding a format is one spec file and one line here (docs/CONTRIBUTING.md, "Adding an
 * export format"); every `Record<ExportFormat, ...>` in the code then fails to compile until it
 * covers the new format.
 */
import type { ExportFormatSpec } from '../format-spec';
import { AGENTINSTRUCT } from './agentinstruct';
import { FASTCHAT } from './fastchat';
import { LLAMA2_CHAT } from './llama2-chat';
import { LLAMAFACTORY_MESSAGES } from './llamafactory-messages';
import { OPENAI } from './openai';
import { SHAREGPT, SHAREGPT_JSONL } from './sharegpt';
import { TOKENIZED } from './tokenized';

export const EXPORT_FORMAT_SPECS = {
  sharegpt: SHAREGPT,
  'sharegpt-jsonl': SHAREGPT_JSONL,
  fastchat: FASTCHAT,
  agentinstruct: AGENTINSTRUCT,
  openai: OPENAI,
  'llamafactory-messages': LLAMAFACTORY_MESSAGES,
  'llama2-chat': LLAMA2_CHAT,
  tokenized: TOKENIZED,
} satisfies Record<string, ExportFormatSpec>;

/** One export format. */
export type ExportFormat = keyof typeof EXPORT_FORMAT_SPECS;

/** The formats, in registry order (a tuple, as `z.enum` takes it). */
export const EXPORT_FORMATS = Object.keys(EXPORT_FORMAT_SPECS) as [ExportFormat, ...ExportFormat[]];

/** The spec of a format. */
export function formatSpec(format: ExportFormat): ExportFormatSpec {
  return EXPORT_FORMAT_SPECS[format];
}
