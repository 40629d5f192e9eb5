import { explainShortfall, formatCount, formatShare, unitNoun } from './explain';
import {
  byKey,
  collectPositions,
  copyPositions,
  expandCopies,
  quantityOf,
  resizePool,
  totalQuantity,
  type MixCandidate,
  type MixPick,
  type MixUnit,
  type Resize,
} from './pool';
import { randomFor } from './random';
import { mixSettings, type MixSettings, type MixSettingsInput } from './settings';
import { splitValidation } from './validation-split';

/** Agent and general amounts of a split, and the agent share η they make. */
export interface RoleTotals {
  agent: number;
  general: number;
  /** agent / (agent + general); 0 for an empty split. */
  share: number;
}

/** A split measured both ways, plus its distinct records. */
export interface MixShare {
  /** Records, copies counted. */
  records: RoleTotals;
  /** Llama-2 tokens, copies counted. */
  tokens: RoleTotals;
  /** Distinct records. */
  distinct: { agent: number; general: number };
}

/** What the sampler decided, ready for the export and the manifest. */
export interface MixResult {
  /** The settings with defaults applied. */
  settings: MixSettings;
  /** Train records with their copy counts, in key order. */
  train: MixPick[];
  /** Validation records (one copy each), in key order. */
  validation: MixPick[];
  /** The order to write the train split in: keys, a repeated record once per copy, shuffled with the seed. */
  trainOrder: string[];
  /** The order to write the validation split in. */
  validationOrder: string[];
  /** η measured by records and by tokens on each split. */
  achieved: { train: MixShare; validation: MixShare };
  /** Whether η (in the unit of `by`) was met within one record on the whole selection. */
  reachable: boolean;
  /** Plain sentences: what was sampled, repeated or capped, and why η was missed when it was. */
  notes: string[];
}

/** Sorts by key and drops repeated keys (keeping the first of equal keys in a fixed order), saying how many. */
function uniqueByKey(candidates: readonly MixCandidate[], notes: string[]): MixCandidate[] {
  const sorted = [...candidates].sort(
    (a, b) => byKey(a, b) || (JSON.stringify([a.source, a.task, a.role, a.tokens]) < JSON.stringify([b.source, b.task, b.role, b.tokens]) ? -1 : 1),
  );
  const unique = sorted.filter((candidate, index) => index === 0 || sorted[index - 1].key !== candidate.key);
  if (unique.length < sorted.length) {
    notes.push(`${formatCount(sorted.length - unique.length)} repeated record keys were given to the sampler; each key is used once.`);
  }
  return unique;
}

/**
 * Applies `mix.sources` caps: a seeded sample of at most `cap` distinct records per source. The
 * candidates are sorted by key, and so is the result (filtered in place of sorted again).
 */
function applySourceCaps(candidates: MixCandidate[], settings: MixSettings, notes: string[]): MixCandidate[] {
  const dropped = new Set<MixCandidate>();
  const bySource = new Map<string, MixCandidate[]>();
  for (const candidate of candidates) {
    const members = bySource.get(candidate.source);
    if (members) members.push(candidate);
    else bySource.set(candidate.source, [candidate]);
  }
  for (const [source, members] of bySource) {
    const cap = settings.sources[source]?.cap;
    if (cap === undefined || members.length <= cap) continue;
    for (const member of randomFor(settings.seed, `source-cap:${source}`).shuffle([...members]).slice(cap)) dropped.add(member);
    notes.push(`source ${source}: ${formatCount(cap)} of ${formatCount(members.length)} records kept (mix.sources cap).`);
  }
  for (const source of Object.keys(settings.sources)) {
    if (!bySource.has(source)) notes.push(`mix.sources names ${source}, which gave no kept record.`);
  }
  return dropped.size === 0 ? candidates : candidates.filter((candidate) => !dropped.has(candidate));
}

/** Applies `mix.tasks` weights then caps to the agent records (sorted by key), giving the agent pool with copy counts, in key order. */
function applyTaskSettings(agent: MixCandidate[], settings: MixSettings, notes: string[]): MixPick[] {
  const byTask = new Map<string, MixCandidate[]>();
  for (const candidate of agent) {
    const task = candidate.task ?? '';
    const members = byTask.get(task);
    if (members) members.push(candidate);
    else byTask.set(task, [candidate]);
  }
  const pickOf = new Map<string, MixPick>();
  for (const [task, members] of byTask) {
    const taskSettings = task === '' ? undefined : settings.tasks[task];
    let picks: MixPick[] = members.map((member) => ({ ...member, count: 1 }));
    const weight = taskSettings?.weight;
    if (weight !== undefined && weight !== 1) {
      const whole = Math.floor(weight);
      const extra = new Set(
        randomFor(settings.seed, `task-weight:${task}`)
          .shuffle(members.map((member) => member.key))
          .slice(0, Math.round((weight - whole) * members.length)),
      );
      picks = picks.map((pick) => ({ ...pick, count: whole + (extra.has(pick.key) ? 1 : 0) })).filter((pick) => pick.count > 0);
      const copies = picks.reduce((sum, pick) => sum + pick.count, 0);
      notes.push(`task ${task}: weight ${weight} turns ${formatCount(members.length)} records into ${formatCount(copies)} copies.`);
    }
    const cap = taskSettings?.cap;
    const copies = picks.reduce((sum, pick) => sum + pick.count, 0);
    if (cap !== undefined && copies > cap) {
      picks = collectPositions(picks, randomFor(settings.seed, `task-cap:${task}`).shuffle(copyPositions(picks)), cap);
      notes.push(`task ${task}: capped at ${formatCount(cap)} of ${formatCount(copies)} copies (mix.tasks cap).`);
    }
    for (const pick of picks) pickOf.set(pick.key, pick);
  }
  for (const task of Object.keys(settings.tasks)) {
    if (!byTask.has(task)) notes.push(`mix.tasks names ${task}, which no kept agent record has.`);
  }
  const pool: MixPick[] = [];
  for (const candidate of agent) {
    const pick = pickOf.get(candidate.key);
    if (pick !== undefined) pool.push(pick);
  }
  return pool;
}

/** Says how a role's pool was brought to its target. */
function describeResize(role: 'agent' | 'general', resize: Resize, before: MixPick[], after: MixPick[], by: MixUnit): string | null {
  const unit = unitNoun(by);
  const from = formatCount(totalQuantity(before, by));
  const to = formatCount(totalQuantity(after, by));
  if (resize === 'down') return `${role} records down-sampled: ${to} of ${from} ${unit} drawn with the seed.`;
  if (resize === 'up') {
    let fewest = Infinity;
    let most = 0;
    for (const pick of after) {
      fewest = Math.min(fewest, pick.count);
      most = Math.max(most, pick.count);
    }
    return (
      `${role} records up-sampled (repeated): ${formatCount(after.length)} distinct records make ${to} ${unit}, ` +
      `each used ${fewest}–${most} times.`
    );
  }
  return null;
}

/** Brings the agent and general pools to η (and to `total` when set). */
function selectToShare(agentPool: MixPick[], generalPool: MixPick[], settings: MixSettings, notes: string[]): MixPick[] {
  const { agentShare: share, by, total, seed } = settings;
  const repeatAgent = settings.upsample === 'agent' || settings.upsample === 'both';
  const repeatGeneral = settings.upsample === 'general' || settings.upsample === 'both';
  const resizeBoth = (agentTarget: number, generalTarget: number) => ({
    agent: resizePool(agentPool, agentTarget, by, repeatAgent, randomFor(seed, 'agent')),
    general: resizePool(generalPool, generalTarget, by, repeatGeneral, randomFor(seed, 'general')),
  });
  const round = (value: number) => (by === 'records' ? Math.round(value) : value);

  let result;
  if (total !== undefined) {
    const agentTarget = round(share * total);
    result = resizeBoth(agentTarget, total - agentTarget);
    // Keep η when one side cannot fill its part of the total: shrink both parts by the same factor.
    const agentHas = totalQuantity(result.agent.picks, by);
    const generalHas = totalQuantity(result.general.picks, by);
    let scale = 1;
    if (result.agent.resize === 'short' && agentHas > 0) scale = Math.min(scale, agentHas / agentTarget);
    if (result.general.resize === 'short' && generalHas > 0) scale = Math.min(scale, generalHas / (total - agentTarget));
    if (scale < 1) {
      const scaledAgent = round(agentTarget * scale);
      result = resizeBoth(scaledAgent, round((total - agentTarget) * scale));
      notes.push(
        `mix.total ${formatCount(total)} not reached: too few ${result.agent.resize === 'short' ? 'agent' : 'general'} ` +
          `records and mix.upsample does not let them repeat, so both parts were scaled down to keep η.`,
      );
    }
  } else if (share === 0) {
    result = resizeBoth(0, totalQuantity(generalPool, by));
  } else if (share === 1) {
    result = resizeBoth(totalQuantity(agentPool, by), 0);
  } else {
    const agentQuantity = totalQuantity(agentPool, by);
    result = resizeBoth(agentQuantity, round((agentQuantity * (1 - share)) / share));
  }
  for (const [role, pool, outcome] of [
    ['agent', agentPool, result.agent],
    ['general', generalPool, result.general],
  ] as const) {
    const line = describeResize(role, outcome.resize, pool, outcome.picks, by);
    if (line) notes.push(line);
  }
  return mergeByKey(result.agent.picks, result.general.picks).filter((pick) => pick.count > 0);
}

/** Two lists sorted by key merged into one sorted list (a merge, not a sort of the whole). */
function mergeByKey(first: readonly MixPick[], second: readonly MixPick[]): MixPick[] {
  const merged: MixPick[] = [];
  let i = 0;
  let j = 0;
  while (i < first.length && j < second.length) merged.push(byKey(first[i], second[j]) <= 0 ? first[i++] : second[j++]);
  while (i < first.length) merged.push(first[i++]);
  while (j < second.length) merged.push(second[j++]);
  return merged;
}

/** Measures a split by records and by tokens. */
export function measureShare(picks: readonly MixPick[]): MixShare {
  const totals = (by: MixUnit): RoleTotals => {
    let agent = 0;
    let general = 0;
    for (const pick of picks) {
      const amount = quantityOf(pick, by) * pick.count;
      if (pick.role === 'agent') agent += amount;
      else general += amount;
    }
    return { agent, general, share: agent + general === 0 ? 0 : agent / (agent + general) };
  };
  return {
    records: totals('records'),
    tokens: totals('tokens'),
    distinct: {
      agent: picks.filter((pick) => pick.role === 'agent').length,
      general: picks.filter((pick) => pick.role === 'general').length,
    },
  };
}

/**
 * Samples the train (and validation) mix from the kept records.
 *
 * By default every kept agent record is used once and general records are drawn at random to make
 * η = agent / (agent + general) of the train split (by records or by tokens, see
 * shared/mix/settings.ts). With `total`, agent records are down-sampled, or repeated when
 * `upsample` allows, to make η·total. The result does not depend on the order of `candidates`:
 * everything is sorted by key before any seeded draw. Same candidates + settings ⇒ same result.
 */
export function sampleMix(candidates: readonly MixCandidate[], input: MixSettingsInput = {}): MixResult {
  const settings = mixSettings.parse(input);
  const notes: string[] = [];
  const capped = applySourceCaps(uniqueByKey(candidates, notes), settings, notes);
  const agentPool = applyTaskSettings(capped.filter((candidate) => candidate.role === 'agent'), settings, notes);
  const generalPool: MixPick[] = capped.filter((candidate) => candidate.role === 'general').map((candidate) => ({ ...candidate, count: 1 }));
  const selected = selectToShare(agentPool, generalPool, settings, notes);

  const whole = measureShare(selected);
  const measured = settings.by === 'records' ? whole.records : whole.tokens;
  const oneRecord = settings.by === 'records' ? 1 : selected.reduce((largest, pick) => Math.max(largest, pick.tokens), 0);
  const allAmount = measured.agent + measured.general;
  const reachable = Math.abs(measured.agent - settings.agentShare * allAmount) <= oneRecord && (allAmount > 0 || capped.length === 0);
  if (!reachable) {
    notes.push(
      explainShortfall({
        by: settings.by,
        target: settings.agentShare,
        achieved: measured.share,
        agent: measured.agent,
        general: measured.general,
        agentAvailable: totalQuantity(agentPool, settings.by),
        generalAvailable: totalQuantity(generalPool, settings.by),
        total: settings.total,
      }),
    );
  }

  const splits = splitValidation(selected, settings.validation, randomFor(settings.seed, 'validation'));
  const order = randomFor(settings.seed, 'order');
  const trainOrder = order.shuffle(expandCopies(splits.train).map((copy) => copy.key));
  const validationOrder = order.shuffle(splits.validation.map((pick) => pick.key));
  const achieved = { train: measureShare(splits.train), validation: measureShare(splits.validation) };
  if (settings.validation > 0) {
    notes.push(
      `validation: ${formatCount(splits.validation.length)} distinct records held out; ` +
        `train η = ${formatShare(settings.by === 'records' ? achieved.train.records.share : achieved.train.tokens.share)} by ${unitNoun(settings.by)}.`,
    );
  }
  return { settings, train: splits.train, validation: splits.validation, trainOrder, validationOrder, achieved, reachable, notes };
}
