import { useState } from 'react';
import { ApiError } from '../../api/api-error';
import { useAppServices } from '../../app/api-context';
import type { RecipeState } from './use-recipe';

/** Properties of {@link PipelineControls}. */
export interface PipelineControlsProps {
  recipe: RecipeState;
  onOpenRecipe: () => void;
  onMessage: (message: string) => void;
}

/** The open recipe's name and a button that runs its pipeline as a job (progress in the jobs bar). */
export function PipelineControls({ recipe, onOpenRecipe, onMessage }: PipelineControlsProps): React.JSX.Element {
  const { client } = useAppServices();
  const [running, setRunning] = useState(false);
  const run = async (): Promise<void> => {
    setRunning(true);
    try {
      const summary = await client.call('pipeline.run', {});
      onMessage(`Pipeline: kept ${summary.kept.toLocaleString()} of ${summary.records.toLocaleString()} records, dropped ${summary.dropped.toLocaleString()} (${(summary.milliseconds / 1000).toFixed(1)} s)`);
    } catch (caught) {
      onMessage(caught instanceof ApiError && caught.code === 'canceled' ? 'Pipeline canceled' : `Pipeline failed: ${caught instanceof Error ? caught.message : String(caught)}`);
    } finally {
      setRunning(false);
    }
  };
  const name = recipe.recipe?.file.split(/[\\/]/).pop();
  return (
    <span className="pipeline-controls">
      <button type="button" onClick={onOpenRecipe}>
        {name ? <span title={recipe.recipe?.file}>Recipe: {name}</span> : 'Open recipe…'}
      </button>
      <button type="button" onClick={() => void run()} disabled={recipe.recipe === null || running}>
        {running ? 'Running…' : 'Run pipeline'}
      </button>
    </span>
  );
}
