import { KNOWN_NON_CONVERSATIONS } from './evaluation-sets';
import { isRecord } from './json-value';
import { FORMATS } from './registry';
import { FORMAT_NAMES, type FormatName } from './types';

/** What a file holds, from its first parsed values. */
export type Identification =
  /** `keyed`: the file is one object whose values are the records (the keys are their ids). */
  | { kind: 'conversations'; format: FormatName; confidence: number; keyed?: boolean }
  | { kind: 'not-conversations'; what: string; message: string }
  | { kind: 'unknown'; message: string };

/** Below this detection score, a record is not taken to be in a format. */
const MINIMUM_CONFIDENCE = 0.5;

/** The format a record matches best (ties go to the earlier name in FORMAT_NAMES), or null. */
function bestFormat(value: unknown): { format: FormatName; score: number } | null {
  let best: { format: FormatName; score: number } | null = null;
  for (const name of FORMAT_NAMES) {
    const score = FORMATS[name].detect(value);
    if (score >= MINIMUM_CONFIDENCE && (best === null || score > best.score)) best = { format: name, score };
  }
  return best;
}

/**
 * Identifies what a file holds from its first parsed values (the caller passes up to 32; a file that
 * is one JSON object passes that object, and when it is a keyed container its values are identified,
 * see {@link keyedValues}), record by record: each record votes for the format it
 * matches best, and the format with the most votes wins (ties: the higher total score, then the
 * earlier name in FORMAT_NAMES) when at least half of the objects match some format. The odd
 * records (another format, a non-object) are then read as the winner's and fail one by one, as
 * problems with their lines, instead of sinking the file. Otherwise a known non-conversation file
 * (an AgentBench test set, WebShop goals, a ToolBench answer file...) is named; otherwise the
 * message says what the values looked like.
 */
export function identify(samples: unknown[]): Identification {
  if (samples.length === 0) return { kind: 'unknown', message: 'no values to identify: the file holds no records (an empty array or no lines)' };
  const direct = identifyRecords(samples);
  if (direct.kind === 'conversations' || samples.length !== 1) return direct;
  const values = keyedValues(samples[0]);
  if (values === null) return direct;
  const inner = identifyRecords(values.slice(0, 32));
  return inner.kind === 'conversations' ? { ...inner, keyed: true } : direct;
}

/**
 * The values of a keyed container (docs/formats.md, "Keyed containers"): an object with at least
 * one member whose values are all objects (FireAct's trajectories keyed by question id,
 * DialogStudio's dialogs), else null.
 */
export function keyedValues(value: unknown): unknown[] | null {
  if (!isRecord(value)) return null;
  const values = Object.values(value);
  return values.length > 0 && values.every(isRecord) ? values : null;
}

function identifyRecords(samples: unknown[]): Identification {
  const votes = new Map<FormatName, { count: number; score: number }>();
  let matched = 0;
  for (const sample of samples) {
    const best = bestFormat(sample);
    if (best === null) continue;
    matched++;
    const vote = votes.get(best.format) ?? { count: 0, score: 0 };
    vote.count++;
    vote.score += best.score;
    votes.set(best.format, vote);
  }
  const objects = samples.filter(isRecord).length;
  let winner: FormatName | null = null;
  for (const name of FORMAT_NAMES) {
    const vote = votes.get(name);
    const leader = winner === null ? undefined : votes.get(winner);
    if (vote !== undefined && (leader === undefined || vote.count > leader.count || (vote.count === leader.count && vote.score > leader.score))) winner = name;
  }
  if (winner !== null && matched * 2 >= objects) {
    const vote = votes.get(winner) as { count: number; score: number };
    return { kind: 'conversations', format: winner, confidence: Math.round((vote.score / samples.length) * 1000) / 1000 };
  }
  for (const known of KNOWN_NON_CONVERSATIONS) {
    if (known.matches(samples)) return { kind: 'not-conversations', what: known.what, message: known.message };
  }
  return { kind: 'unknown', message: describeUnknown(samples, matched) };
}

const EXPECTED = 'expected a format of docs/formats.md (`conversations` as ShareGPT, AgentInstruct or role/content; `messages` as OpenAI; Alpaca `instruction`/`output`; a run log), or a mapping that names the fields';

function describeUnknown(samples: readonly unknown[], matched: number): string {
  const records = samples.filter(isRecord);
  if (records.length === 0) {
    const kinds = [...new Set(samples.map((value) => (Array.isArray(value) ? 'arrays' : value === null ? 'nulls' : `${typeof value}s`)))];
    return `not a conversation format we read: the values are ${kinds.join(' and ')}; ${EXPECTED}`;
  }
  const share = matched > 0 ? ` (only ${matched} of the ${records.length} objects sampled are conversations)` : '';
  for (const container of ['conversations', 'messages']) {
    // The turns that match no format's turn shape: their keys say what is wrong.
    const turns = records.flatMap((record) => (Array.isArray(record[container]) ? (record[container] as unknown[]) : [])).filter((turn) => !isTurn(turn));
    if (turns.length > 0) {
      return `not a conversation format we read${share}: the records have \`${container}\`, but their turns have keys ${commonKeys(turns)}; expected from/value (ShareGPT) or role/content (role/content, OpenAI)`;
    }
  }
  return `not a conversation format we read${share}: the records have keys ${commonKeys(records)}; ${EXPECTED}`;
}

/** True when a turn has the keys of some format's turns. */
function isTurn(turn: unknown): boolean {
  return isRecord(turn) && (('from' in turn && 'value' in turn) || 'role' in turn);
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
