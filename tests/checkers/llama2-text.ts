/**
 * A `llama2-chat` line, `{id, text, spans}`, against FastChat's llama-2 template and masking
 * (fastchat.ts): the text must be exactly what FastChat renders for the same messages (less the
 * `<s>` that FastChat leaves after the last `</s>`, which opens no message: docs/recipe.md), and each
 * span must be exactly one range FastChat's masking trains. A message trains when a span covers it;
 * an assistant message with no span is one the source masks.
 */
import { codePointLength, LLAMA2, LLAMA2_MARKERS, renderLlama2 } from './fastchat';
import { isObject, reject, type CheckedTurn, type RecordCheck } from './types';

/** The messages of a llama-2 text. */
export interface ParsedLlama2 {
  system: string;
  /** Alternating, user first. */
  messages: string[];
}

/**
 * Reads the messages back from a text that holds no template marker inside a message and no empty
 * message (what an export writes): the system block, then user and assistant messages by position.
 */
export function parseLlama2Text(text: string): { ok: true; parsed: ParsedLlama2 } | { ok: false; message: string } {
  let system = '';
  let position: number;
  if (text.startsWith(LLAMA2.systemOpen)) {
    const close = text.indexOf(LLAMA2.systemClose, LLAMA2.systemOpen.length);
    if (close < 0) return { ok: false, message: 'the <<SYS>> block is not closed' };
    system = text.slice(LLAMA2.systemOpen.length, close);
    position = close + LLAMA2.systemClose.length;
  } else if (text.startsWith(`${LLAMA2.user} `)) {
    position = LLAMA2.user.length + 1;
  } else {
    return { ok: false, message: 'the text does not start with "[INST] "' };
  }
  const messages: string[] = [];
  const userEnd = ` ${LLAMA2.assistant} `;
  for (;;) {
    if (messages.length > 0) {
      if (position === text.length) break;
      if (!text.startsWith(`${LLAMA2.user} `, position)) return { ok: false, message: `expected "[INST] " at character ${position}` };
      position += LLAMA2.user.length + 1;
    }
    const end = text.indexOf(userEnd, position);
    if (end < 0) {
      if (!text.endsWith(' ') || text.length - 1 <= position) return { ok: false, message: `the user message at character ${position} is not closed` };
      messages.push(text.slice(position, text.length - 1));
      break;
    }
    messages.push(text.slice(position, end));
    position = end + userEnd.length;
    const close = text.indexOf(' </s>', position);
    if (close < 0) return { ok: false, message: `the assistant message at character ${position} is not closed by " </s>"` };
    messages.push(text.slice(position, close));
    position = close + ' </s>'.length;
    if (text.startsWith('<s>', position)) position += '<s>'.length;
    else if (position !== text.length) return { ok: false, message: `expected "<s>" at character ${position}` };
  }
  return { ok: true, parsed: { system, messages } };
}

/** Checks a `{id, text, spans}` record; the turns are the system message (untrained) and the messages. */
export function checkLlama2TextRecord(value: unknown): RecordCheck {
  if (!isObject(value)) return reject('a record must be a JSON object');
  const { text, spans } = value;
  if (typeof text !== 'string') return reject('`text` is not a string');
  if (!Array.isArray(spans)) return reject('`spans` is not a list');
  const parsed = parseLlama2Text(text);
  if (!parsed.ok) return reject(`the text is not in the llama-2 template: ${parsed.message}`);
  const { system, messages } = parsed.parsed;
  const reasons: string[] = [];
  for (const [index, message] of [system, ...messages].entries()) {
    if (index > 0 && message === '') reasons.push(`message ${index - 1} is empty (FastChat renders a bare tag there)`);
    for (const marker of LLAMA2_MARKERS) if (message.includes(marker)) reasons.push(`${index === 0 ? 'the system message' : `message ${index - 1}`} holds ${JSON.stringify(marker)}`);
  }
  if (reasons.length > 0) return reject(...reasons);
  const rendering = renderLlama2(system, messages);
  const expected = rendering.text.endsWith(LLAMA2.sep2) ? rendering.text.slice(0, -'<s>'.length) : rendering.text;
  if (expected !== text) return reject('the text differs from FastChat\'s llama-2 rendering of the same messages');
  if (messages.length % 2 === 1) reasons.push('the text ends with a user message: nothing after it trains, and a trainer that appends EOS closes a user message with it');
  const trainedAt = new Map<number, number>();
  for (const [index, range] of rendering.trained.entries()) if (range !== null) trainedAt.set(range.start, index);
  const trainedMessages = new Set<number>();
  const length = codePointLength(text);
  let previousEnd = 0;
  for (const [index, span] of spans.entries()) {
    if (!isObject(span) || !Number.isInteger(span.start) || !Number.isInteger(span.end)) {
      reasons.push(`spans[${index}] is not {start, end} integers`);
      continue;
    }
    const start = span.start as number;
    const end = span.end as number;
    if (start < previousEnd || end <= start || end > length) reasons.push(`spans[${index}] [${start}, ${end}) is out of order or outside the text`);
    previousEnd = end;
    const message = trainedAt.get(start);
    const range = message === undefined ? null : rendering.trained[message];
    if (message === undefined || range === null || range.end !== end) reasons.push(`spans[${index}] [${start}, ${end}) is not one assistant message as FastChat trains it`);
    else trainedMessages.add(message);
  }
  if (reasons.length > 0) return reject(...reasons);
  const turns: CheckedTurn[] = [{ role: 'system', text: system, trained: false }];
  for (const [index, message] of messages.entries()) turns.push({ role: index % 2 === 0 ? 'user' : 'assistant', text: message, trained: trainedMessages.has(index) });
  return { ok: true, turns, notes: [] };
}
