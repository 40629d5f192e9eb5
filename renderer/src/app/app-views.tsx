import { lazy, Suspense, useState, type ComponentType, type LazyExoticComponent } from 'react';
import { ReviewDesk } from '../features/desk/review-desk';
import { DeskFocusContext, type DeskFocusRequest } from './desk-focus';

/** The app's views, as tabs. Views other than the desk load when first opened (uPlot, Monaco). */
const VIEWS: readonly { id: string; label: string; component: LazyExoticComponent<ComponentType> | null }[] = [
  { id: 'desk', label: 'Review desk', component: null },
  { id: 'filters', label: 'Filters', component: lazy(() => import('../features/filters/filters-panel').then((module) => ({ default: module.FiltersPanel }))) },
  { id: 'duplicates', label: 'Duplicates', component: lazy(() => import('../features/duplicates/duplicates-view').then((module) => ({ default: module.DuplicatesView }))) },
  { id: 'leakage', label: 'Leakage', component: lazy(() => import('../features/leakage/leakage-view').then((module) => ({ default: module.LeakageView }))) },
  { id: 'export', label: 'Export', component: lazy(() => import('../features/export/export-panel').then((module) => ({ default: module.ExportPanel }))) },
];

/**
 * The views of the app as tabs (docs/ui.md, "Views after a pipeline run"): the review desk stays mounted while another view is
 * shown (its grid and scroll position survive); the other views mount when first opened and stay.
 */
export function AppViews(): React.JSX.Element {
  const [view, setView] = useState('desk');
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set(['desk']));
  const open = (id: string): void => {
    setView(id);
    setOpened((previous) => new Set([...previous, id]));
  };
  const [focus, setFocus] = useState<DeskFocusRequest | null>(null);
  const sendToDesk = (key: string): void => {
    setFocus((previous) => ({ key, serial: (previous?.serial ?? 0) + 1 }));
    open('desk');
  };
  return (
    <DeskFocusContext value={{ request: focus, sendToDesk }}>
      <div className="app-views">
        <nav className="view-tabs" role="tablist" aria-label="Views">
          {VIEWS.map((candidate) => (
            <button key={candidate.id} type="button" role="tab" aria-selected={view === candidate.id} onClick={() => open(candidate.id)}>
              {candidate.label}
            </button>
          ))}
        </nav>
        <div className="view" hidden={view !== 'desk'}>
          <ReviewDesk />
        </div>
        {VIEWS.map(({ id, component: View }) =>
          View === null || !opened.has(id) ? null : (
            <div className="view" key={id} hidden={view !== id}>
              <Suspense fallback={<p className="muted">Loading…</p>}>
                <View />
              </Suspense>
            </div>
          ),
        )}
      </div>
    </DeskFocusContext>
  );
}
