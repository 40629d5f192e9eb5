import { useEffect, useState } from 'react';
import type { EventPayload } from '../../../../shared/api';
import { useAppServices } from '../../app/api-context';
import { loadFailed } from '../../app/load-failed';
import { markMilestone } from '../../app/milestones';

/** The open recipe and how many pipeline runs have finished (the verdicts' generation). */
export type RecipeState = EventPayload<'onDidChangeRecipe'>;

/** Follows the open recipe through `recipe.current` and `onDidChangeRecipe`. */
export function useRecipe(): RecipeState {
  const { client } = useAppServices();
  const [state, setState] = useState<RecipeState>({ recipe: null, runs: 0 });
  useEffect(() => {
    let active = true;
    const stop = client.on('onDidChangeRecipe', (next) => {
      setState(next);
      markMilestone('pipelineRuns', String(next.runs));
    });
    void client.call('recipe.current', {}).then(({ recipe }) => active && setState((previous) => ({ ...previous, recipe })), loadFailed('the open recipe'));
    return () => {
      active = false;
      stop();
    };
  }, [client]);
  return state;
}
