/**
 * A turn as one text, for everything that measures text: filters, dedup, leakage, token counts,
 * previews (docs/formats.md, "Turn text"). The parts come in the order the model writes them:
 * reasoning, then the message text, then the tool calls, joined with "\n" (empty parts left out).
 * A call is written as LLaMA-Factory writes the value of a ShareGPT `function_call` turn,
 * `{"name": ..., "arguments": ...}` (a JSON array for parallel calls), so the text of a glaive
 * tool-call turn is its value exactly. Offsets that measurements report (leakage spans, format
 * problems) are offsets in this text; {@link turnSegments} says which part each range falls in.
 */
import { isJsonText, pythonJson } from '../text/python-json';
import type { ToolCall, Turn } from './conversation';

/** The tool calls as one text: one call as an object, several as a JSON array of them. */
export function toolCallsText(calls: readonly Pick<ToolCall, 'name' | 'arguments'>[]): string {
  const texts = calls.map((call) => `{"name": ${pythonJson(call.name)}, "arguments": ${isJsonText(call.arguments) ? call.arguments : pythonJson(call.arguments)}}`);
  return texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
}

/** The parts of a turn that {@link turnText} reads (a whole {@link Turn} fits). */
export type TextParts = Pick<Turn, 'text' | 'reasoning' | 'toolCalls'>;

/** The turn's text with its reasoning and tool calls (see the module comment). */
export function turnText(turn: TextParts): string {
  const calls = turn.toolCalls;
  if (turn.reasoning === undefined && (calls === undefined || calls.length === 0)) return turn.text;
  let text = turn.reasoning ?? '';
  if (turn.text !== '') text = text === '' ? turn.text : `${text}\n${turn.text}`;
  if (calls !== undefined && calls.length > 0) {
    const written = toolCallsText(calls);
    text = text === '' ? written : `${text}\n${written}`;
  }
  return text;
}

/** One part of {@link turnText}: `[start, end)` in that text. */
export interface TurnSegment {
  kind: 'reasoning' | 'text' | 'calls';
  start: number;
  end: number;
}

/** Where each part of a turn lies in {@link turnText} (empty parts are left out). */
export function turnSegments(turn: TextParts): TurnSegment[] {
  const segments: TurnSegment[] = [];
  let position = 0;
  const add = (kind: TurnSegment['kind'], length: number): void => {
    if (length === 0) return;
    if (segments.length > 0) position++;
    segments.push({ kind, start: position, end: position + length });
    position += length;
  };
  add('reasoning', turn.reasoning?.length ?? 0);
  add('text', turn.text.length);
  if (turn.toolCalls !== undefined && turn.toolCalls.length > 0) add('calls', toolCallsText(turn.toolCalls).length);
  return segments;
}
