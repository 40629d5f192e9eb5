import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import type { ReviewStatus } from '../../../../shared/api/review';
import type { ReviewLine } from '../../../../shared/review/review-line';
import { useAppServices } from '../../app/api-context';
import { useDeskFocus } from '../../app/desk-focus';
import { markMilestone } from '../../app/milestones';
import { messageOf } from '../../app/message-of';
import type { SourceSummary } from '../../api/types';
import { ColumnChooser } from '../grid/column-chooser';
import { RecordGrid, type RecordGridHandle } from '../grid/record-grid';
import { JobsBar } from '../jobs/jobs-bar';
import { OpenRecipeDialog } from '../pipeline/open-recipe-dialog';
import { PipelineControls } from '../pipeline/pipeline-controls';
import { useRecipe } from '../pipeline/use-recipe';
import { useJobs } from '../jobs/use-jobs';
import { KeysHelp } from '../review/keys-help';
import { RejectDialog } from '../review/reject-dialog';
import { ReviewBar } from '../review/review-bar';
import { ReviewFileDialog } from '../review/review-file-dialog';
import { useReview } from '../review/use-review';
import { useReviewKeys } from '../review/use-review-keys';
import { AddSourcesDialog } from '../sources/add-sources-dialog';
import { ExcerptDialog } from '../sources/excerpt-dialog';
import { SourcesPanel } from '../sources/sources-panel';
import { useSources } from '../sources/use-sources';
import { TrainerView } from '../trainer-view/trainer-view';
import { TrajectoryViewer } from '../viewer/trajectory-viewer';
import { useCurrentRecord } from './use-current-record';
import { useReviewActions } from './use-review-actions';

// Monaco is large: it loads with the editor, not with the desk.
const RecordEditor = lazy(() => import('../editor/record-editor').then((module) => ({ default: module.RecordEditor })));

/** The dialog on top of the desk, if any. */
type DialogState =
  | null
  | { kind: 'reject'; keys: string[] }
  | { kind: 'keys' }
  | { kind: 'addSources' }
  | { kind: 'openRecipe' }
  | { kind: 'reviewFile'; mode: 'save' | 'load' }
  | { kind: 'excerpt'; sourceId: number; offset: number; message: string };

/** How long the quick search waits for typing to pause. */
const SEARCH_AFTER_MS = 250;

/**
 * The review desk (docs/ui.md, "Review desk"): sources, grid, trajectory viewer, keyboard review, editing, and
 * review files. It wires the features together; each feature lives in its own folder.
 */
export function ReviewDesk(): React.JSX.Element {
  const { client, info, store } = useAppServices();
  const review = useReview();
  const jobs = useJobs();
  const { sources } = useSources();
  const recipe = useRecipe();
  const grid = useRef<RecordGridHandle | null>(null);
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const [reviewFilter, setReviewFilter] = useState<ReviewStatus | 'all'>('all');
  const [dialog, setDialog] = useState<DialogState>(null);
  const [editing, setEditing] = useState(false);
  const [showingEdit, setShowingEdit] = useState(true);
  const [pane, setPane] = useState<'trajectory' | 'trainer'>('trajectory');
  const [selected, setSelected] = useState(0);
  const [status, setStatus] = useState('');
  const current = useCurrentRecord(grid, (key) => review.decisions.get(key) ?? null, review.version);
  const actions = useReviewActions(sources, review.version);
  const decision = current.key === null ? null : (review.decisions.get(current.key) ?? null);

  useEffect(() => {
    const timer = setTimeout(() => setSearch(searchText), SEARCH_AFTER_MS);
    return () => clearTimeout(timer);
  }, [searchText]);

  // Sources opened or closed: the grid's pages are stale; a closed record leaves the viewer.
  const sourceIds = sources.map((source) => source.sourceId).join(',');
  useEffect(() => {
    grid.current?.reload();
    if (current.key !== null && !sources.some((source) => current.key?.startsWith(`${source.keyPrefix}:`))) current.clear();
    // Only when the set of sources changes.
  }, [sourceIds]);

  useEffect(() => grid.current?.refreshReview(), [review.version]);

  // Thresholds moved in the filters panel re-judged the records: reload the verdicts on screen.
  useEffect(
    () =>
      client.on('onDidChangeVerdicts', () => {
        grid.current?.reload();
        current.reload();
      }),
    // Once per client; the handlers read the latest grid and record through refs and state setters.
    [client],
  );

  // Another view sent a record here (leakage: "send to review"): open it in the viewer.
  const focus = useDeskFocus();
  useEffect(() => {
    const request = focus.request;
    if (request === null) return;
    void current.openKey(request.key).then(
      (found) => found || say(`${request.key} is not in the grid's current view (clear the search or the review filter)`),
      (caught: unknown) => say(`${request.key} could not be opened: ${messageOf(caught)}`),
    );
    // Only when a new request arrives.
  }, [focus.request]);

  // A pipeline run changed the verdicts: reload the grid's pages and the open record.
  useEffect(() => {
    if (recipe.runs === 0) return;
    grid.current?.reload();
    current.reload();
    // Only when a run finishes.
  }, [recipe.runs]);

  const { reviewed, total } = useMemo(() => {
    const prefixes = new Set(sources.map((source) => source.keyPrefix));
    let count = 0;
    for (const candidate of review.decisions.values()) if (prefixes.has(candidate.keyPrefix)) count++;
    return { reviewed: count, total: sources.reduce((sum, source) => sum + source.records, 0) };
    // The decisions map is live; its version says when it changed.
  }, [sources, review.version]);

  const label = (key: string | null): string => (current.detail?.key === key ? (current.detail?.conversation.id ?? key ?? '') : (key ?? ''));
  const say = (message: string): void => setStatus(message);
  useEffect(() => {
    if (review.problem !== null) setStatus(review.problem);
  }, [review.problem]);

  const accept = async (): Promise<void> => {
    if (current.key === null) return;
    const key = current.key;
    await actions.accept([key], `Accept ${label(key)}`);
    say(`Accepted ${label(key)}`);
    await current.next();
  };
  const rejectWith = async (keys: string[], reason: string, note: string): Promise<void> => {
    setDialog(null);
    await actions.reject(keys, reason, note, keys.length === 1 ? `Reject ${label(keys[0])}` : `Reject ${keys.length} records`);
    say(keys.length === 1 ? `Rejected ${label(keys[0])}: ${reason}` : `Rejected ${keys.length} records: ${reason}`);
    if (keys.length === 1 && keys[0] === current.key) await current.next();
    else grid.current?.clearSelection();
  };
  const undo = async (): Promise<void> => {
    const step = await actions.undo();
    say(step ? `Undid: ${step}` : 'Nothing to undo');
    if (step) markMilestone('undo', step);
  };
  const redo = async (): Promise<void> => {
    const step = await actions.redo();
    say(step ? `Redid: ${step}` : 'Nothing to redo');
  };
  const bulkAccept = async (): Promise<void> => {
    const keys = grid.current?.selectedKeys() ?? [];
    if (keys.length === 0) return;
    await actions.accept(keys, `Accept ${keys.length} records`);
    grid.current?.clearSelection();
    say(`Accepted ${keys.length} records`);
  };
  const openReviewFile = async (mode: 'save' | 'load'): Promise<void> => {
    if (!info.nativeDialogs) return setDialog({ kind: 'reviewFile', mode });
    const filters = [{ name: 'Review files', extensions: ['jsonl'] }];
    if (mode === 'save') {
      const chosen = await client.call('dialogs.saveFile', { title: 'Save the review', defaultPath: `${info.dataDir}/review.jsonl`, filters });
      if (chosen.path === null) return;
      const written = await client.call('review.write', { path: chosen.path, lines: await store.reviewLines() });
      say(`Saved ${written.lines} decisions to ${written.path}`);
    } else {
      const chosen = await client.call('dialogs.openFiles', { title: 'Load a review', filters, multiple: false });
      if (chosen.paths.length === 0) return;
      const read = await client.call('review.read', { path: chosen.paths[0] });
      await loadLines(read.lines, read.path);
      say(`Loaded ${read.lines.length} decisions from ${read.path}`);
    }
  };
  const loadLines = async (lines: ReviewLine[], from: string): Promise<void> => {
    await store.load(lines, `Load ${from}`);
  };
  const openRecipe = async (): Promise<void> => {
    if (!info.nativeDialogs) return setDialog({ kind: 'openRecipe' });
    const chosen = await client.call('dialogs.openFiles', { title: 'Open a recipe', filters: [{ name: 'Recipes', extensions: ['json'] }], multiple: false });
    if (chosen.paths.length === 0) return;
    try {
      const opened = await client.call('recipe.open', { path: chosen.paths[0] });
      say(`Opened the recipe ${opened.recipe.file} (${opened.recipe.sources} sources)`);
    } catch (error) {
      say(error instanceof Error ? error.message : String(error));
    }
  };
  const removeSource = async (source: SourceSummary): Promise<void> => {
    await client.call('sources.close', { sourceId: source.sourceId });
    say(`Closed ${source.name}`);
  };

  useReviewKeys(
    {
      accept: () => void accept(),
      reject: () => current.key !== null && setDialog({ kind: 'reject', keys: [current.key] }),
      edit: () => current.detail !== null && setEditing(true),
      next: () => void current.next(),
      previous: () => void current.previous(),
      nextUnreviewed: () =>
        void current.nextUnreviewed().then(
          (found) => found || say('No unreviewed record after this one'),
          (caught: unknown) => say(`The next unreviewed record could not be found: ${messageOf(caught)}`),
        ),
      undo: () => void undo(),
      redo: () => void redo(),
      help: () => setDialog({ kind: 'keys' }),
    },
    !editing && dialog === null,
  );

  // Commands from the desktop menu.
  useEffect(
    () =>
      client.on('onDidRequestCommand', ({ command }) => {
        if (command === 'openShards') setDialog({ kind: 'addSources' });
        else if (command === 'saveReview' || command === 'loadReview') void openReviewFile(command === 'saveReview' ? 'save' : 'load');
        else if (command === 'showKeys') setDialog({ kind: 'keys' });
        else if (command === 'openRecipe') void openRecipe();
        else say('Saving recipes and exporting are in the Filters and Export tabs; `agentmix run` exports a recipe too.');
      }),
    // Subscribe once per client.
    [client],
  );

  const conversation = current.detail ? (showingEdit && current.edited ? current.edited : current.detail.conversation) : null;

  return (
    <div className="desk">
      <header className="topbar">
        <h1>AgentMix Studio</h1>
        <input type="search" className="search" placeholder="Quick search: id, task, source, first user turn" aria-label="Quick search" value={searchText} onChange={(event) => setSearchText(event.target.value)} />
        <label className="review-filter">
          Show
          <select value={reviewFilter} onChange={(event) => setReviewFilter(event.target.value as ReviewStatus | 'all')} aria-label="Show records by review status">
            <option value="all">all records</option>
            <option value="unreviewed">unreviewed</option>
            <option value="accepted">accepted</option>
            <option value="edited">edited</option>
            <option value="rejected">rejected</option>
          </select>
        </label>
        <ColumnChooser grid={grid} />
        <PipelineControls recipe={recipe} onOpenRecipe={() => void openRecipe()} onMessage={say} />
        <button type="button" onClick={() => void openReviewFile('save')}>
          Save review…
        </button>
        <button type="button" onClick={() => void openReviewFile('load')}>
          Load review…
        </button>
        <p className="status" role="status" data-testid="status">
          {status}
        </p>
      </header>
      <JobsBar jobs={jobs} />
      <div className="panes">
        <SourcesPanel
          sources={sources}
          decisions={review.decisions}
          reviewVersion={review.version}
          onAdd={() => setDialog({ kind: 'addSources' })}
          onRemove={(source) => void removeSource(source)}
          onShowProblem={(source, problem) => setDialog({ kind: 'excerpt', sourceId: source.sourceId, offset: problem.offset, message: `line ${problem.line}: ${problem.message}` })}
        />
        <main className="grid-pane" aria-label="Records">
          {sources.length === 0 && (
            <div className="empty-grid">
              <p>No records yet.</p>
              <button type="button" onClick={() => void client.call('recipe.openDemo', {}).catch((caught: unknown) => say(`The demo could not be opened: ${messageOf(caught)}`))}>
                Open the demo
              </button>
            </div>
          )}
          <RecordGrid
            ref={grid}
            search={search}
            review={reviewFilter}
            reviewOf={review.statusOf}
            currentKey={current.key}
            onOpen={(row, position) => void current.open(position, row)}
            onSelectionChange={setSelected}
            onTotal={() => undefined}
          />
        </main>
        <section className="record-pane" aria-label="Review">
          <ReviewBar
            hasRecord={current.detail !== null}
            reviewed={reviewed}
            total={total}
            selected={selected}
            canUndo={actions.history.undo > 0}
            canRedo={actions.history.redo > 0}
            onAccept={() => void accept()}
            onReject={() => current.key !== null && setDialog({ kind: 'reject', keys: [current.key] })}
            onEdit={() => current.detail !== null && setEditing(true)}
            onPrevious={() => void current.previous()}
            onNext={() => void current.next()}
            onNextUnreviewed={() => void current.nextUnreviewed()}
            onUndo={() => void undo()}
            onRedo={() => void redo()}
            onHelp={() => setDialog({ kind: 'keys' })}
            onBulkAccept={() => void bulkAccept()}
            onBulkReject={() => setDialog({ kind: 'reject', keys: grid.current?.selectedKeys() ?? [] })}
          />
          {editing && current.detail ? (
            <Suspense fallback={<p className="muted">Loading the editor…</p>}>
              <RecordEditor
                key={current.detail.key}
                detail={current.detail}
                decision={decision}
                onSave={async (edited) => {
                  await actions.saveEdit(current.detail!.key, edited, `Edit ${label(current.key)}`);
                  setEditing(false);
                  setShowingEdit(true);
                  say(`Saved the edit of ${label(current.key)}`);
                }}
                onRevert={async () => {
                  await actions.revertEdit(current.detail!.key, `Revert ${label(current.key)}`);
                  say(`Reverted ${label(current.key)} to the original`);
                }}
                onClose={() => setEditing(false)}
              />
            </Suspense>
          ) : (
            <>
              <div className="pane-tabs" role="tablist" aria-label="Record view">
                <button type="button" role="tab" aria-selected={pane === 'trajectory'} onClick={() => setPane('trajectory')}>
                  Trajectory
                </button>
                <button type="button" role="tab" aria-selected={pane === 'trainer'} disabled={current.detail === null} onClick={() => setPane('trainer')}>
                  What the trainer sees
                </button>
              </div>
              {pane === 'trainer' && current.detail !== null ? (
                <TrainerView recordKey={current.detail.key} edited={showingEdit && current.edited !== null ? decision?.edited : undefined} />
              ) : (
                <TrajectoryViewer detail={current.detail} conversation={conversation} decision={decision} showingEdit={showingEdit && current.edited !== null} onShowEdit={setShowingEdit} loading={current.loading} error={current.error} />
              )}
            </>
          )}
        </section>
      </div>
      {dialog?.kind === 'reject' && <RejectDialog count={dialog.keys.length} label={label(dialog.keys[0] ?? null)} onReject={(reason, note) => void rejectWith(dialog.keys, reason, note)} onCancel={() => setDialog(null)} />}
      {dialog?.kind === 'keys' && <KeysHelp onClose={() => setDialog(null)} />}
      {dialog?.kind === 'openRecipe' && (
        <OpenRecipeDialog
          onDone={(message) => {
            setDialog(null);
            say(message);
          }}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'addSources' && (
        <AddSourcesDialog
          onDone={(message) => {
            setDialog(null);
            say(message);
          }}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'reviewFile' && (
        <ReviewFileDialog
          mode={dialog.mode}
          onLoad={loadLines}
          onDone={(message) => {
            setDialog(null);
            say(message);
            markMilestone('reviewFile', dialog.mode);
          }}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'excerpt' && <ExcerptDialog sourceId={dialog.sourceId} offset={dialog.offset} message={dialog.message} onClose={() => setDialog(null)} />}
    </div>
  );
}
