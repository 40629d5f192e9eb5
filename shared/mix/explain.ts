import type { MixUnit } from './pool';

/** A whole number with thousands separators, the same on every machine (`1866` → `1,866`). */
export function formatCount(value: number): string {
  const rounded = Math.round(value);
  const sign = rounded < 0 ? '-' : '';
  return sign + String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A share as people read it: two decimals (`0.4827` → `0.48`). */
export function formatShare(value: number): string {
  return value.toFixed(2);
}

/** The plural noun of a unit. */
export function unitNoun(by: MixUnit): string {
  return by === 'records' ? 'records' : 'tokens';
}

/** The facts a shortfall explanation needs. */
export interface Shortfall {
  by: MixUnit;
  /** η asked for. */
  target: number;
  /** η reached. */
  achieved: number;
  /** Agent and general quantity in the selection (unit of `by`). */
  agent: number;
  general: number;
  /** Agent and general quantity available (distinct records, after caps and weights). */
  agentAvailable: number;
  generalAvailable: number;
  /** `mix.total` when set. */
  total: number | undefined;
}

/**
 * Says in plain words why η was not met and what would meet it, e.g. "only 1,866 agent records and
 * 2,000 general: η = 0.48 by records, 0.28 above the target 0.20, because ...".
 */
export function explainShortfall(facts: Shortfall): string {
  const unit = unitNoun(facts.by);
  const gap = Math.abs(facts.achieved - facts.target);
  const direction = facts.achieved > facts.target ? 'above' : 'below';
  const head =
    `only ${formatCount(facts.agentAvailable)} agent ${unit} and ${formatCount(facts.generalAvailable)} general: ` +
    `η = ${formatShare(facts.achieved)} by ${unit}, ${formatShare(gap)} ${direction} the target ${formatShare(facts.target)}, because `;
  if (facts.agentAvailable === 0) {
    return `${head}no agent ${unit} are left after filtering and review. Add agent sources, or check which filter dropped them.`;
  }
  if (facts.generalAvailable === 0) {
    return `${head}no general ${unit} are left after filtering and review. Add general sources, or check which filter dropped them.`;
  }
  if (direction === 'above') {
    const needed = (facts.agent * (1 - facts.target)) / facts.target;
    const largestTotal = facts.generalAvailable / (1 - facts.target);
    return (
      `${head}reaching ${formatShare(facts.target)} with ${formatCount(facts.agent)} agent ${unit} needs ` +
      `${formatCount(needed)} general ${unit}. Add general sources, let general records repeat ` +
      `(mix.upsample: "general" or "both"), or set mix.total (at most ${formatCount(largestTotal)}) to down-sample agent records.`
    );
  }
  const needed = (facts.general * facts.target) / (1 - facts.target);
  return (
    `${head}reaching ${formatShare(facts.target)} with ${formatCount(facts.general)} general ${unit} needs ` +
    `${formatCount(needed)} agent ${unit}. Add agent sources, let agent records repeat ` +
    `(mix.upsample: "agent" or "both"), or lower mix.agentShare.`
  );
}
