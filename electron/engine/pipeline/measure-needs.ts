/**
 * Which filters a run measures (docs/scale.md, "Pay only for what is on"): the filters its recipe
 * enables, plus those another stage reads: the reward filter when the dedup keep policy ranks by
 * reward, and the length filter's token count when the run exports (the mix weighs records by
 * tokens, and the manifest reports η by tokens).
 */
import { FILTER_NAMES, type FilterName } from '../../../shared/filters/index';
import type { Recipe } from '../../../shared/recipe/schema';

/** What a run is for, besides its verdicts. */
export interface MeasureNeeds {
  /** The run is followed by an export (the CLI with an `export` section or `--out`/`--format`). */
  exporting?: boolean;
}

/** The filters a run of `recipe` measures (see the module comment), in the registry's order. */
export function filtersToMeasure(recipe: Recipe, needs: MeasureNeeds = {}): FilterName[] {
  const wanted = new Set<FilterName>(FILTER_NAMES.filter((name) => recipe.filters[name].enabled));
  if (recipe.dedup.enabled && recipe.dedup.keep.includes('reward')) wanted.add('reward');
  if (needs.exporting === true || recipe.mix?.by === 'tokens') wanted.add('length');
  return FILTER_NAMES.filter((name) => wanted.has(name));
}

