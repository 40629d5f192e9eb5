import { lazy, Suspense, useState } from 'react';
import { ActionError } from '../../app/action-error';
import { useAppServices } from '../../app/api-context';
import { useAction } from '../../app/use-action';
import { JobsBar } from '../jobs/jobs-bar';
import { useJobs } from '../jobs/use-jobs';
import { useRecipe } from '../pipeline/use-recipe';
import { AgentTuningTable } from './agenttuning-table';
import { CountsView } from './counts-view';
import { ScoreHistogram } from './score-histogram';
import { FILTER_NAMES } from '../../../../shared/filters/types';
import { isEnabled, THRESHOLD_CONTROLS, thresholdOf, withEnabled, withThreshold, type ThresholdControl } from './threshold-controls';
import { useLiveFilters, type LiveFilters } from './use-live-filters';

const SCORES = THRESHOLD_CONTROLS.map((control) => control.score);

// Monaco loads when the raw recipe is first shown.
const RawRecipeEditor = lazy(() => import('./raw-recipe-editor').then((module) => ({ default: module.RawRecipeEditor })));

/** One threshold: histogram with the draggable line, a slider and a number field. */
function ThresholdRow({ control, live }: { control: ThresholdControl; live: LiveFilters }): React.JSX.Element | null {
  const settings = live.settings;
  if (settings === null) return null;
  const value = thresholdOf(settings, control);
  const histogram = live.histograms.find((candidate) => candidate.score === control.score);
  const set = (next: number): void => {
    if (Number.isFinite(next)) live.change(withThreshold(settings, control, next));
  };
  const name = `${control.filter}.${control.setting}`;
  return (
    <section className="threshold" aria-label={control.label}>
      <h3>
        {control.label} <code className="muted">{name}</code>
      </h3>
      {histogram === undefined ? (
        <p className="muted">No record has a {control.score} score in this run.</p>
      ) : (
        <ScoreHistogram histogram={histogram} threshold={value} onThreshold={set} label={control.score} />
      )}
      <div className="threshold-inputs">
        <input type="range" aria-label={`${control.label} slider`} min={control.min} max={control.max} step={control.step} value={value ?? control.max} onChange={(event) => set(Number(event.target.value))} />
        <input type="number" aria-label={control.label} min={control.min} max={control.max} step={control.step} value={value ?? ''} onChange={(event) => set(Number(event.target.value))} />
        <span className="muted">{control.dropsAbove ? 'dropped above' : 'dropped below'}</span>
      </div>
    </section>
  );
}

/**
 * The seven filters' switches. A filter that was off in the run was not measured (docs/scale.md,
 * "Pay only for what is on"): switching it on measures it now, as a job in the jobs bar, and its
 * thresholds are live afterwards.
 */
function FilterSwitches({ live }: { live: LiveFilters }): React.JSX.Element | null {
  const settings = live.settings;
  if (settings === null) return null;
  return (
    <fieldset className="filter-switches" aria-label="Filters on and off">
      <legend>Filters</legend>
      {FILTER_NAMES.map((filter) => (
        <label key={filter}>
          <input type="checkbox" aria-label={`${filter} filter`} checked={isEnabled(settings, filter)} onChange={(event) => live.change(withEnabled(settings, filter, event.target.checked))} /> {filter}
          {!live.measured.includes(filter) && <span className="muted"> (not measured: switching it on measures it)</span>}
        </label>
      ))}
    </fieldset>
  );
}

/** Saves the recipe with the current settings (a path field: serve mode and Electron alike). */
function SaveRecipe(): React.JSX.Element {
  const { client } = useAppServices();
  const action = useAction();
  const [path, setPath] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const save = async (): Promise<void> => {
    const result = await action.run(() => client.call('recipe.save', { path }));
    if (result !== undefined) setSaved(result.path);
  };
  return (
    <form
      className="save-recipe"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label>
        Save recipe to <input type="text" aria-label="Recipe path" value={path} placeholder="/path/to/recipe.json" onChange={(event) => setPath(event.target.value)} />
      </label>
      <button type="submit" disabled={action.busy || path.length === 0}>
        Save recipe
      </button>
      {saved !== null && <span data-testid="recipe-saved">Saved {saved}</span>}
      <ActionError action={action} retry={save} as="span" />
    </form>
  );
}

/**
 * The filters panel (docs/ui.md, "Views after a pipeline run"): each live threshold with its score's histogram, slider and number
 * field; counts re-judged live from the stored measurements; AgentTuning's numbers beside ours.
 */
export function FiltersPanel(): React.JSX.Element {
  const { client } = useAppServices();
  const recipe = useRecipe();
  const [split, setSplit] = useState<'none' | 'source' | 'task'>('none');
  const live = useLiveFilters(SCORES, split, recipe.runs);
  const run = useAction();
  const jobs = useJobs();
  const [raw, setRaw] = useState(false);
  return (
    <div className="filters-panel" data-testid="filters-panel">
      <JobsBar jobs={jobs} />
      <div className="filters-toolbar">
        <button type="button" disabled={run.busy} onClick={() => void run.run(() => client.call('pipeline.run', {}))}>
          {recipe.runs === 0 ? 'Run pipeline' : 'Run pipeline again'}
        </button>
        <label>
          Split histograms by{' '}
          <select aria-label="Split histograms by" value={split} onChange={(event) => setSplit(event.target.value as 'none' | 'source' | 'task')}>
            <option value="none">nothing</option>
            <option value="source">source</option>
            <option value="task">task</option>
          </select>
        </label>
        {live.timing !== null && (
          <span className="muted" data-testid="filters-timing">
            re-judged in {live.timing.engine.toFixed(1)} ms (round trip {live.timing.roundTrip.toFixed(0)} ms)
          </span>
        )}
        <SaveRecipe />
        <button type="button" aria-pressed={raw} onClick={() => setRaw(!raw)}>
          Raw recipe
        </button>
      </div>
      {raw && (
        <Suspense fallback={<p className="muted">Loading the editor…</p>}>
          <RawRecipeEditor version={live.counts?.version ?? 0} onApply={live.change} />
        </Suspense>
      )}
      {run.error !== null && <p className="error" role="alert">{run.error}</p>}
      {live.error !== null && <p className="error" role="alert">{live.error}</p>}
      {live.needsRerun.length > 0 && (
        <p className="error" role="alert">
          This change needs a new run of the pipeline: {live.needsRerun.join('; ')}
        </p>
      )}
      <FilterSwitches live={live} />
      <div className="filters-body">
        <div className="thresholds">
          {THRESHOLD_CONTROLS.map((control) => (
            <ThresholdRow key={`${control.filter}.${control.setting}`} control={control} live={live} />
          ))}
        </div>
        {live.counts !== null && (
          <div className="filters-side">
            <CountsView counts={live.counts} />
            <h3>AgentTuning's filtering beside ours</h3>
            <AgentTuningTable counts={live.counts} />
          </div>
        )}
      </div>
    </div>
  );
}
