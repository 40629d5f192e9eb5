/**
 * The reward filter: AgentTuning kept only trajectories whose environment reward met a threshold
 * (Zeng et al. 2023, §2.2: r = 1 for every task but Mind2Web, where r ≥ 2/3; the ablation lifts
 * held-in scores from 1.34 to 1.96).
 *
 * The reward is looked up, in order: the scores file joined by id (`context.externalReward`), the
 * record's fields (`fields`, dotted paths into the record as read), the run's outcome the format
 * reader found (`conversation.outcome`: AgentBench's `output.result`, SWE-agent's `target`,
 * `resolved`, `info.reward`; docs/formats.md), then a pattern in the last turn's text (FireAct ends every
 * trajectory with "Observation: Episode finished, reward = True").
 *
 * Released AgentInstruct records carry no reward (they are the ones that passed), so a record
 * without one is kept by default. The missing-reward policy applies to agent records only unless
 * `missingRoles` says otherwise: general chat (ShareGPT) has no reward and is never dropped for
 * lacking one by default. A record that has a reward is held to the threshold whatever its role.
 */
import type { Conversation } from '../schema/conversation';
import { decide, keep } from './outcome';
import type { FilterDefinition, Measurement, Reason } from './types';
import { rewardSettings, type RewardSettings } from './settings';
import { turnText } from '../schema/turn-text';
import { FILTER_SCORES, type ScoreOf } from './scores';

/** Rewards are compared with this slack, so that 0.6667 written with 4 decimals meets 2/3. */
const TOLERANCE = 1e-4;



/** A reward as a number: numbers as they are, booleans and "true"/"false" as 1/0, numeric strings parsed. */
export function rewardValue(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string') return null;
  const text = value.trim().toLowerCase();
  if (text === 'true') return 1;
  if (text === 'false') return 0;
  if (text.length === 0) return null;
  const number = Number(text);
  return Number.isFinite(number) ? number : null;
}

/** The value at a dotted path (`meta.reward`) of a parsed record, or undefined. */
function valueAt(record: unknown, path: string): unknown {
  let value = record;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

const compiled = new Map<string, RegExp>();

/** The reward and where it came from, or null. */
function findReward(conversation: Conversation, externalReward: number | null | undefined, settings: RewardSettings): { reward: number; source: string } | null {
  if (externalReward !== null && externalReward !== undefined && Number.isFinite(externalReward)) {
    return { reward: externalReward, source: 'the scores file' };
  }
  for (const field of settings.fields) {
    const reward = rewardValue(valueAt(conversation.raw, field));
    if (reward !== null) return { reward, source: `field \`${field}\`` };
  }
  // The run's outcome as the format reader found it (AgentBench's output.result, SWE-agent's target,
  // `resolved`, `info.reward`...): after the recipe's fields, which win where the record has them.
  const outcome = conversation.outcome;
  if (settings.fromOutcome && outcome !== undefined && outcome.reward !== null && Number.isFinite(outcome.reward)) {
    return { reward: outcome.reward, source: `field \`${outcome.from}\` (the run's outcome)` };
  }
  // Without the record as read (a conversation built in code), the reader's reward is all there is.
  const rawMissing = conversation.raw === null || typeof conversation.raw !== 'object';
  if (settings.fromOutcome && rawMissing && conversation.reward !== null && Number.isFinite(conversation.reward)) return { reward: conversation.reward, source: 'the record' };
  const last = conversation.turns.at(-1);
  if (settings.fromText && last !== undefined) {
    let pattern = compiled.get(settings.textPattern);
    if (pattern === undefined) {
      pattern = new RegExp(settings.textPattern, 'i');
      compiled.set(settings.textPattern, pattern);
    }
    const match = pattern.exec(turnText(last));
    const reward = match === null ? null : rewardValue(match[1] ?? match[0]);
    if (reward !== null) return { reward, source: `the text of the last turn (${conversation.turns.length - 1})` };
  }
  return null;
}

// The settings live in settings.ts (importable without the measuring code); re-exported for callers of this module.
export { rewardSettings, type RewardSettings } from './settings';

/** The reward filter. */
export const rewardFilter: FilterDefinition<RewardSettings, ScoreOf<'reward'>> = {
  name: 'reward',
  settings: rewardSettings,
  scores: FILTER_SCORES.reward,
  measureKeys: ['fields', 'fromOutcome', 'fromText', 'textPattern'],
  measure(conversation, context, settings): Measurement<ScoreOf<'reward'>> {
    const found = findReward(conversation, context.externalReward, settings);
    if (found === null) return { scores: { rewardMissing: 1 } };
    const source: Reason = { stage: 'filter', rule: 'reward.source', message: `reward ${found.reward} from ${found.source}` };
    return { scores: { reward: found.reward, rewardMissing: 0 }, evidence: { reward: source } };
  },
  judge(measurement, settings, context) {
    if (!settings.enabled) return keep();
    const reward = measurement.scores.reward;
    if (reward === undefined) {
      if (settings.missing === 'keep' || !settings.missingRoles.includes(context.role)) return keep();
      const reason: Reason = {
        stage: 'filter',
        rule: 'reward.missing',
        message: `no reward found (looked at the scores file, the fields ${settings.fields.join(', ')}${settings.fromOutcome ? ', the run outcome' : ''}${settings.fromText ? ' and the last turn' : ''}); the missing-reward policy is ${settings.missing}`,
      };
      return { decision: settings.missing, reasons: [reason] };
    }
    const task = context.task;
    const minimum = task !== null && Object.hasOwn(settings.minimumByTask, task) ? settings.minimumByTask[task] : settings.minimum;
    if (reward >= minimum - TOLERANCE) return keep();
    const source = measurement.evidence?.reward?.message ?? `reward ${reward}`;
    const threshold = Number.isInteger(minimum) ? String(minimum) : minimum.toFixed(3);
    return decide(
      [{ stage: 'filter', rule: 'reward.below-threshold', message: `${source} is below the ${task ?? 'default'} threshold ${threshold}` }],
      settings.action,
    );
  },
};
