/**
 * A pre-tokenized record, `{input_ids, attention_mask, labels}`, as Hugging Face trainers take it
 * (the Trainer's causal-LM loss skips labels of -100; Axolotl's pre-tokenized datasets; TRL, whose
 * collator uses a record's own `labels`): docs/recipe.md, "Checking what a trainer reads".
 *
 * The check reads the tokens back with Llama-2's vocabulary (llama-tokenizer-js, the reference
 * implementation, not the exporter's fast path): the ids must be pieces that each start with BOS and
 * re-encode exactly as SentencePiece encodes their text, the text must be the Llama-2-chat template
 * (llama2-text.ts), every label is -100 or the id itself, and each message's tokens are all trained or
 * all masked. A message trains when its tokens carry labels; the space and EOS that close a trained
 * assistant message may train with it (so the model learns to stop); nothing else may.
 */
import llamaTokenizer from 'llama-tokenizer-js';
import { parseLlama2Text } from './llama2-text';
import { isObject, reject, type CheckedTurn, type RecordCheck } from './types';

const BOS = 1;
const EOS = 2;
const IGNORE = -100;
const encoder = new TextEncoder();

/** A token's place in the decoded text, in UTF-16 units. */
interface Placed {
  index: number;
  start: number;
  end: number;
}

/** Decodes one piece (no BOS/EOS) with the character range of each token, the dummy prefix space removed. */
function decodePiece(ids: readonly number[], firstIndex: number): { text: string; tokens: Placed[] } | null {
  const chunks: Uint8Array[] = [];
  const byteEnds: number[] = [];
  let bytes = 0;
  for (const id of ids) {
    const piece = llamaTokenizer.vocabById[id];
    if (piece === undefined || id === BOS || id === EOS || id === 0) return null;
    const chunk = /^<0x[0-9A-F]{2}>$/.test(piece) ? Uint8Array.of(Number.parseInt(piece.slice(3, 5), 16)) : encoder.encode(piece.replaceAll('▁', ' '));
    chunks.push(chunk);
    bytes += chunk.length;
    byteEnds.push(bytes);
  }
  const all = new Uint8Array(bytes);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  const decoded = new TextDecoder('utf-8', { fatal: true }).decode(all);
  // For each byte, the UTF-16 range of the character it belongs to (a byte token may hold part of one).
  const charStart = new Int32Array(bytes + 1);
  const charEnd = new Int32Array(bytes + 1);
  let byte = 0;
  let unit = 0;
  for (const character of decoded) {
    const length = encoder.encode(character).length;
    charStart.fill(unit, byte, byte + length);
    charEnd.fill(unit + character.length, byte, byte + length);
    byte += length;
    unit += character.length;
  }
  // The SentencePiece dummy prefix: the first space of a piece is not text.
  const shift = decoded.startsWith(' ') ? 1 : 0;
  let previous = 0;
  const tokens = byteEnds.map((end, position) => {
    const placed = { index: firstIndex + position, start: Math.max(0, charStart[previous] - shift), end: Math.max(0, charEnd[end - 1] - shift) };
    previous = end;
    return placed;
  });
  return { text: decoded.slice(shift), tokens };
}

/** Options of the check. */
export interface TokenizedOptions {
  /** Whether to re-encode every piece with the reference tokenizer (slow: about 1 MB of text a second). Default true. */
  reencode?: boolean;
}

/** Checks one pre-tokenized record against the Llama-2-chat template. */
export function checkTokenizedRecord(value: unknown, options: TokenizedOptions = {}): RecordCheck {
  if (!isObject(value)) return reject('a record must be a JSON object');
  const { input_ids: ids, attention_mask: mask, labels } = value;
  const integers = (list: unknown): list is number[] => Array.isArray(list) && list.every((item) => Number.isInteger(item));
  if (!integers(ids) || !integers(mask) || !integers(labels)) return reject('input_ids, attention_mask and labels must be lists of integers');
  if (ids.length === 0 || ids.length !== mask.length || ids.length !== labels.length) return reject('input_ids, attention_mask and labels must be non-empty and of one length');
  const reasons: string[] = [];
  if (mask.some((bit) => bit !== 1)) reasons.push('attention_mask is not all 1 (nothing is padding)');
  for (const [index, label] of labels.entries()) if (label !== IGNORE && label !== ids[index]) reasons.push(`labels[${index}] is neither -100 nor the token`);
  if (ids[0] !== BOS) reasons.push('the tokens do not start with BOS');
  if (reasons.length > 0) return reject(...reasons.slice(0, 5));

  // Pieces start at each BOS; a piece may end with EOS.
  const pieces: { from: number; to: number; eos: boolean }[] = [];
  for (let index = 0; index < ids.length; index++) {
    if (ids[index] !== BOS) continue;
    let end = index + 1;
    while (end < ids.length && ids[end] !== BOS) end++;
    const eos = ids[end - 1] === EOS;
    pieces.push({ from: index + 1, to: eos ? end - 1 : end, eos });
    index = end - 1;
  }
  let text = '';
  const placed: Placed[] = [];
  for (const piece of pieces) {
    const slice = ids.slice(piece.from, piece.to);
    const decoded = decodePiece(slice, piece.from);
    if (decoded === null) return reject(`the piece at token ${piece.from} holds a special or unknown token inside`);
    if (options.reencode !== false) {
      const encoded = llamaTokenizer.encode(decoded.text, false, true);
      if (encoded.length !== slice.length || encoded.some((id, index) => id !== slice[index])) return reject(`the piece at token ${piece.from} is not how SentencePiece encodes its text`);
    }
    const base = text.length;
    for (const token of decoded.tokens) placed.push({ index: token.index, start: base + token.start, end: base + token.end });
    text += decoded.text + (piece.eos ? '</s><s>' : '');
  }
  if (pieces.at(-1)?.eos === true) text = text.slice(0, -'<s>'.length);
  const parsed = parseLlama2Text(text);
  if (!parsed.ok) return reject(`the decoded text is not the llama-2 template: ${parsed.message}`);

  // Locate each message in the decoded text, in order, and judge its tokens.
  const turns: CheckedTurn[] = [{ role: 'system', text: parsed.parsed.system, trained: false }];
  const allowed = new Set<number>();
  let cursor = 0;
  for (const [index, message] of parsed.parsed.messages.entries()) {
    const start = text.indexOf(message, cursor);
    const end = start + message.length;
    cursor = end;
    const inside = placed.filter((token) => token.start < end && token.end > start);
    const trainedCount = inside.filter((token) => labels[token.index] !== IGNORE).length;
    if (trainedCount > 0 && trainedCount < inside.length) reasons.push(`message ${index} is partly trained`);
    const trained = inside.length > 0 && trainedCount === inside.length;
    for (const token of inside) allowed.add(token.index);
    if (trained && index % 2 === 1) {
      // The closing space and EOS may train with the message.
      for (let next = (inside.at(-1)?.index ?? 0) + 1; next < ids.length && (ids[next] === EOS || placed.some((token) => token.index === next && text.slice(token.start, token.end).trim() === '')); next++) {
        allowed.add(next);
        if (ids[next] === EOS) break;
      }
    }
    if (trained && index % 2 === 0) reasons.push(`user message ${index} is trained`);
    turns.push({ role: index % 2 === 0 ? 'user' : 'assistant', text: message, trained });
  }
  for (const [index, label] of labels.entries()) if (label !== IGNORE && !allowed.has(index)) reasons.push(`token ${index} is trained but belongs to no trained message`);
  return reasons.length > 0 ? reject(...reasons.slice(0, 5)) : { ok: true, turns, notes: [] };
}
