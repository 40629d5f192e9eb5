import { KNOWN_NON_CONVERSATIONS } from './evaluation-sets';
import { isRecord } from './json-value';
import { FORMATS } from './registry';
import { FORMAT_NAMES, type FormatName } from './types';

/** What a file holds, from its first parsed values. */
export type Identification =
  | { kind: 'conversations'; format: FormatName; confidence: number }
  | { kind: 'not-conversations'; what: string; message: string }
  | { kind: 'unknown'; message: string };

/** Below this mean detection score, records are not taken to be in a format. */
const MINIMUM_CONFIDENCE = 0.5;

/**
 * Identifies what a file holds from its first parsed values (the caller passes up to 32; a file that
 * is one JSON object passes that object). The format whose detector scores best on average wins
 * (ties go to the earlier name in FORMAT_NAMES); otherwise a known non-conversation file (an
 * AgentBench test set, WebShop goals, a ToolBench answer file...) is named; otherwise the message
 * says what the values looked like.
 */
export function identify(samples: unknown[]): Identification {
  if (samples.length === 0) return { kind: 'unknown', message: 'no values to identify: the file holds no records (an empty array or no lines)' };
  let best: FormatName = FORMAT_NAMES[0];
  let bestScore = -1;
  for (const name of FORMAT_NAMES) {
    let total = 0;
    for (const sample of samples) total += FORMATS[name].detect(sample);
    const score = total / samples.length;
    if (score > bestScore) {
      best = name;
      bestScore = score;
    }
  }
  if (bestScore >= MINIMUM_CONFIDENCE) return { kind: 'conversations', format: best, confidence: Math.round(bestScore * 1000) / 1000 };
  for (const known of KNOWN_NON_CONVERSATIONS) {
    if (known.matches(samples)) return { kind: 'not-conversations', what: known.what, message: known.message };
  }
  return { kind: 'unknown', message: describeUnknown(samples) };
}

const EXPECTED = 'expected records with `conversations` (ShareGPT, AgentInstruct, role/content) or `messages` (OpenAI)';

function describeUnknown(samples: readonly unknown[]): string {
  const records = samples.filter(isRecord);
  if (records.length === 0) {
    const kinds = [...new Set(samples.map((value) => (Array.isArray(value) ? 'arrays' : value === null ? 'nulls' : `${typeof value}s`)))];
    return `not a conversation format we read: the values are ${kinds.join(' and ')}; ${EXPECTED}`;
  }
  for (const container of ['conversations', 'messages']) {
    const turns = records.flatMap((record) => (Array.isArray(record[container]) ? (record[container] as unknown[]) : []));
    if (turns.length > 0) {
      return `not a conversation format we read: the records have \`${container}\`, but their turns have keys ${commonKeys(turns)}; expected from/value (ShareGPT) or role/content (role/content, OpenAI)`;
    }
  }
  return `not a conversation format we read: the records have keys ${commonKeys(records)}; ${EXPECTED}`;
}

/** The keys found in the values, most frequent first (at most 12). */
function commonKeys(values: readonly unknown[]): string {
  const counts = new Map<string, number>();
  for (const value of values) {
    if (!isRecord(value)) continue;
    for (const key of Object.keys(value)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  if (counts.size === 0) return '(none)';
  const keys = [...counts.entries()].sort((left, right) => right[1] - left[1]).map(([key]) => key);
  return keys.slice(0, 12).join(', ') + (keys.length > 12 ? ', ...' : '');
}
