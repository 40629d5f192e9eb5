/**
 * `tokenized`: `{input_ids, attention_mask, labels}` JSONL, the Llama-2-chat template (as
 * `llama2-chat` renders it) in Llama-2 token ids, with labels -100 where no loss is computed. Each
 * user message and its answer is one piece, `<s>` + the SentencePiece tokens of `{prompt} {answer} `
 * + `</s>`, as Meta's Llama-2 chat code encodes a dialog; the tokens that hold a trained answer's
 * characters carry their ids as labels (the first may hold the space before it too), with the space
 * and `</s>` after it (so the model learns to stop); everything else is -100. The ids come from the project's exact tokenizer (shared/text/llama-tokens.ts). Hugging
 * Face's Trainer, TRL (which uses a record's own labels) and Axolotl's pre-tokenized datasets take
 * it as it is.
 */
import type { Conversation } from '../../schema/conversation';
import { encodeTokens } from '../../text/llama-token-ids';
import type { ExportFormatSpec, ExportWrite, WriteOptions } from '../format-spec';
import { addConversion } from '../conversions';
import { exportTools } from '../export-turns';
import { renderLlama2 } from './llama2-template';
import { yamlString } from './yaml';

const BOS = 1;
const EOS = 2;
const IGNORE = -100;
/** `▁`, a space alone. */
const SPACE = 29871;

function write(conversation: Conversation, options: WriteOptions): ExportWrite {
  const rendering = renderLlama2(conversation, options);
  if (!rendering.ok) return rendering;
  addConversion(rendering.conversions, 'tools-dropped', exportTools(conversation).length > 0 ? 1 : 0);
  const ids: number[] = [];
  const labels: number[] = [];
  for (const pair of rendering.pairs) {
    const piece = encodeTokens(`${pair.prompt} ${pair.answer} `);
    // The prompt ends before a space, where a piece boundary falls: its tokens are a prefix of the
    // piece's. The answer's tokens follow; a lone space token first is the separator, not the answer.
    let answer = encodeTokens(pair.prompt).length;
    if (piece[answer] === SPACE) answer++;
    ids.push(BOS);
    labels.push(IGNORE);
    for (const [index, id] of piece.entries()) {
      ids.push(id);
      labels.push(pair.trains && index >= answer ? id : IGNORE);
    }
    ids.push(EOS);
    labels.push(pair.trains ? EOS : IGNORE);
  }
  return {
    ok: true,
    value: { input_ids: ids, attention_mask: ids.map(() => 1), labels },
    messages: rendering.messages,
    conversions: rendering.conversions,
    hasSystem: rendering.hasSystem,
    hasTools: false,
  };
}

/** `tokenized`: JSONL. */
export const TOKENIZED: ExportFormatSpec = {
  summary: 'Llama-2 input_ids, attention_mask and labels (-100 where the loss is off), JSONL',
  container: 'jsonl',
  write,
  consumers: [
    { name: "Hugging Face's Trainer, TRL and Axolotl (pre-tokenized)", trains: 'flags' },
  ],
  llamaFactory: { none: 'LLaMA-Factory tokenizes with its own template: export sharegpt or llamafactory-messages for it' },
  axolotl: (path) => [`  - path: ${yamlString(path)}`, '    ds_type: json', '    # no type: the records are already tokenized (input_ids, attention_mask, labels)'],
};
