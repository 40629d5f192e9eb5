/**
 * `llama2-chat`: `{id, text, spans}` JSONL, the Llama-2-chat template as FastChat renders it and
 * the code-point ranges FastChat's masking trains, for trainers that mask by character spans
 * (llama2-template.ts). TRL and Axolotl's `completion` type read the text only and train all of it;
 * the text ends with `</s>`, so TRL's `add_eos` adds nothing.
 */
import type { Conversation } from '../../schema/conversation';
import type { ExportFormatSpec, ExportWrite, WriteOptions } from '../format-spec';
import { addConversion } from '../conversions';
import { exportTools } from '../export-turns';
import { renderLlama2 } from './llama2-template';
import { yamlString } from './yaml';

function write(conversation: Conversation, options: WriteOptions): ExportWrite {
  const rendering = renderLlama2(conversation, options);
  if (!rendering.ok) return rendering;
  addConversion(rendering.conversions, 'tools-dropped', exportTools(conversation).length > 0 ? 1 : 0);
  return {
    ok: true,
    value: { id: conversation.id ?? options.key, text: rendering.text, spans: rendering.spans },
    messages: rendering.messages,
    conversions: rendering.conversions,
    hasSystem: rendering.hasSystem,
    hasTools: false,
  };
}

/** `llama2-chat`: JSONL. */
export const LLAMA2_CHAT: ExportFormatSpec = {
  summary: "the Llama-2-chat template as FastChat renders it, with the character spans FastChat's masking trains, JSONL {id, text, spans}",
  container: 'jsonl',
  write,
  consumers: [
    { name: 'a trainer that masks by the spans', trains: 'flags' },
    { name: 'TRL (text)', trains: 'everything', keep: 'tokenized' },
    { name: 'Axolotl (the snippet, type: completion)', trains: 'everything', keep: 'tokenized' },
  ],
  llamaFactory: { none: 'LLaMA-Factory renders conversations with its own template: export sharegpt or llamafactory-messages for it' },
  axolotl: (path) => [
    `  - path: ${yamlString(path)}`,
    '    ds_type: json',
    '    type: completion',
    '    field: text',
    '    # completion trains on the whole text (Axolotl does not read the spans); export tokenized to keep them.',
  ],
};
