import { useEffect, useState } from 'react';
import type { Request, Response } from '../../../../shared/api';
import { ActionError } from '../../app/action-error';
import { useAppServices } from '../../app/api-context';
import { markMilestone } from '../../app/milestones';
import { useAction } from '../../app/use-action';
import { JobsBar } from '../jobs/jobs-bar';
import { useJobs } from '../jobs/use-jobs';
import { useRecipe } from '../pipeline/use-recipe';
import { useExportFormat } from './export-format';
import { FormatSelect } from './format-select';
import { PreviewView, type ExportPreview } from './preview-view';

/** The dialog's settings, as the contract takes them. */
type ExportOptions = Request<'export.preview'>['options'];

/** How long the preview waits for typing to pause. */
const PREVIEW_AFTER_MS = 200;

/** The export's result. */
type ExportResult = Response<'export.run'>;

/** A number field's value, or undefined while empty. */
function numberOrUndefined(text: string): number | undefined {
  return text.trim() === '' || !Number.isFinite(Number(text)) ? undefined : Number(text);
}

/** The manifest of a finished export: files, counts, hashes. */
function ExportDone({ result }: { result: ExportResult }): React.JSX.Element {
  const { client, info } = useAppServices();
  const reveal = useAction();
  // The training file is "the file"; the manifest stands in when nothing was written.
  const file = result.outputs[0]?.path ?? result.manifestPath;
  return (
    <section className="export-done" aria-label="Export written" data-testid="export-done">
      <p>
        Exported {result.exported} records{result.skipped > 0 ? ` (${result.skipped} could not be written in this format: see the manifest's skipped)` : ''}. Manifest: <code data-testid="export-manifest">{result.manifestPath}</code>{' '}
        <button type="button" onClick={() => void navigator.clipboard?.writeText(result.manifestPath)}>
          Copy path
        </button>{' '}
        {info.nativeDialogs && (
          <button type="button" disabled={reveal.busy} onClick={() => void reveal.run(() => client.call('dialogs.reveal', { path: file }))}>
            Reveal file
          </button>
        )}
        {reveal.error !== null && <span className="error" role="alert">{reveal.error}</span>}
      </p>
      {result.warnings.length > 0 && (
        <ul className="warning" aria-label="Export warnings" data-testid="export-warnings">
          {result.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
      {result.conversions.length > 0 && (
        <table className="counts-table" aria-label="What the format could not hold">
          <thead>
            <tr>
              <th>converted by the rule</th>
              <th>records</th>
              <th>turns</th>
            </tr>
          </thead>
          <tbody>
            {result.conversions.map((conversion) => (
              <tr key={conversion.rule}>
                <td>{conversion.rule}</td>
                <td>{conversion.records}</td>
                <td>{conversion.turns}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <table className="counts-table" aria-label="Files written">
        <thead>
          <tr>
            <th>File</th>
            <th>split</th>
            <th>records</th>
            <th>bytes</th>
            <th>SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {result.outputs.map((output) => (
            <tr key={output.path}>
              <td>
                <code>{output.path}</code>
              </td>
              <td>{output.split}</td>
              <td>{output.records}</td>
              <td>{output.bytes.toLocaleString('en-US')}</td>
              <td>
                <code>{output.sha256.slice(0, 16)}…</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * The export dialog (docs/ui.md, "Views after a pipeline run"): format, output path, η by records or tokens, seed, total, per-task
 * caps and the validation split over the recipe's settings; a live preview; the export as a job
 * with progress and Cancel, ending with the files and hashes of the manifest.
 */
export function ExportPanel(): React.JSX.Element {
  const { client, info } = useAppServices();
  const jobs = useJobs();
  const { runs } = useRecipe();
  const [format, setFormat] = useExportFormat();
  const [out, setOut] = useState('');
  const [agentShare, setAgentShare] = useState(0.2);
  const [by, setBy] = useState<'records' | 'tokens'>('records');
  const [seed, setSeed] = useState('42');
  const [total, setTotal] = useState('');
  const [validation, setValidation] = useState('0');
  const [caps, setCaps] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<ExportPreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [result, setResult] = useState<ExportResult | null>(null);
  const [savedRecipe, setSavedRecipe] = useState<string | null>(null);
  const exporting = useAction();
  const saving = useAction();

  const capValues = Object.fromEntries(Object.entries(caps).flatMap(([task, text]) => (numberOrUndefined(text) === undefined ? [] : [[task, Math.round(Number(text))]])));
  const options: ExportOptions = {
    format,
    agentShare,
    by,
    ...(out.trim() !== '' ? { out: out.trim() } : {}),
    ...(numberOrUndefined(seed) !== undefined ? { seed: Math.round(Number(seed)) } : {}),
    total: numberOrUndefined(total) === undefined ? null : Math.round(Number(total)),
    ...(numberOrUndefined(validation) !== undefined ? { validation: Number(validation) } : {}),
    ...(Object.keys(capValues).length > 0 ? { caps: capValues } : {}),
  };
  const optionsKey = JSON.stringify(options);

  useEffect(() => {
    let active = true;
    const timer = setTimeout(() => {
      client.call('export.preview', { options: JSON.parse(optionsKey) as ExportOptions }).then(
        (next) => {
          if (!active) return;
          setPreview(next);
          setPreviewError(null);
          markMilestone('exportPreview', String(next.records.train));
        },
        (caught: unknown) => active && setPreviewError(caught instanceof Error ? caught.message : String(caught)),
      );
    }, PREVIEW_AFTER_MS);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [client, optionsKey, runs]);

  const chooseOut = async (): Promise<void> => {
    const chosen = await client.call('dialogs.saveFile', { title: 'Export the mix to', ...(out ? { defaultPath: out } : {}) });
    if (chosen.path !== null) setOut(chosen.path);
  };
  const runExport = async (): Promise<void> => {
    setResult(null);
    const written = await exporting.run(() => client.call('export.run', { options }));
    if (written !== undefined) {
      setResult(written);
      markMilestone('exportDone', written.outputs[0]?.path ?? '');
    }
  };
  const saveRecipe = async (): Promise<void> => {
    if (out.trim() === '') return;
    const path = `${out.trim().replace(/\.[^./\\]+$/, '')}.recipe.json`;
    const saved = await saving.run(() => client.call('recipe.save', { path, exportOptions: options }));
    if (saved !== undefined) setSavedRecipe(saved.path);
  };
  const tasks = [...new Set((preview?.groups ?? []).map((group) => group.task).filter((task): task is string => task !== null))].sort();

  return (
    <div className="export-panel" data-testid="export-panel">
      <JobsBar jobs={jobs} />
      <form
        className="export-form"
        onSubmit={(event) => {
          event.preventDefault();
          void runExport();
        }}
      >
        <label>
          Format{' '}
          <FormatSelect label="Format" value={format} onChange={setFormat} />
        </label>
        <label>
          Output path <input type="text" aria-label="Output path" value={out} placeholder="the recipe's export.out" onChange={(event) => setOut(event.target.value)} />
        </label>
        {info.transport === 'ipc' && (
          <button type="button" onClick={() => void chooseOut()}>
            Choose…
          </button>
        )}
        <label>
          η (agent share){' '}
          <input type="range" aria-label="Agent share slider" min={0} max={1} step={0.01} value={agentShare} onChange={(event) => setAgentShare(Number(event.target.value))} />
          <input type="number" aria-label="Agent share" min={0} max={1} step={0.01} value={agentShare} onChange={(event) => setAgentShare(Math.min(1, Math.max(0, Number(event.target.value))))} />
        </label>
        <label>
          by{' '}
          <select aria-label="Share by" value={by} onChange={(event) => setBy(event.target.value as 'records' | 'tokens')}>
            <option value="records">records</option>
            <option value="tokens">tokens</option>
          </select>
        </label>
        <label>
          Seed <input type="number" aria-label="Seed" min={0} step={1} value={seed} onChange={(event) => setSeed(event.target.value)} />
        </label>
        <label>
          Total records <input type="number" aria-label="Total records" min={1} step={1} value={total} placeholder="as η allows" onChange={(event) => setTotal(event.target.value)} />
        </label>
        <label>
          Validation share <input type="number" aria-label="Validation share" min={0} max={0.99} step={0.01} value={validation} onChange={(event) => setValidation(event.target.value)} />
        </label>
        {tasks.length > 0 && (
          <fieldset className="caps">
            <legend>Per-task caps</legend>
            {tasks.map((task) => (
              <label key={task}>
                {task} <input type="number" aria-label={`Cap for ${task}`} min={0} step={1} value={caps[task] ?? ''} placeholder="none" onChange={(event) => setCaps({ ...caps, [task]: event.target.value })} />
              </label>
            ))}
          </fieldset>
        )}
        <div className="export-actions">
          <button type="submit" disabled={exporting.busy || preview === null}>
            Export
          </button>
          <button type="button" disabled={saving.busy || out.trim() === ''} onClick={() => void saveRecipe()}>
            Save recipe beside the output
          </button>
          {savedRecipe !== null && <span data-testid="export-recipe-saved">Saved {savedRecipe}</span>}
        </div>
      </form>
      {previewError !== null && <p className="error" role="alert">{previewError}</p>}
      <ActionError action={exporting} retry={runExport} />
      <ActionError action={saving} retry={saveRecipe} />
      {preview !== null && <PreviewView preview={preview} />}
      {result !== null && <ExportDone result={result} />}
    </div>
  );
}
