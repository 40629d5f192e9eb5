import { lazy, Suspense, useState } from 'react';
import { ReviewDesk } from '../features/desk/review-desk';

// The filters panel loads uPlot: it loads when first opened, not with the desk.
const FiltersPanel = lazy(() => import('../features/filters/filters-panel').then((module) => ({ default: module.FiltersPanel })));

/** The app's views, as tabs. */
const VIEWS = [
  { id: 'desk', label: 'Review desk' },
  { id: 'filters', label: 'Filters' },
] as const;

/** One of {@link VIEWS}. */
type ViewId = (typeof VIEWS)[number]['id'];

/**
 * The views of the app as tabs (issue 6): the review desk stays mounted while another view is
 * shown (its grid and scroll position survive); the other views mount when first opened.
 */
export function AppViews(): React.JSX.Element {
  const [view, setView] = useState<ViewId>('desk');
  const [opened, setOpened] = useState<ReadonlySet<ViewId>>(new Set(['desk']));
  const open = (id: ViewId): void => {
    setView(id);
    setOpened((previous) => new Set([...previous, id]));
  };
  return (
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
      {opened.has('filters') && (
        <div className="view" hidden={view !== 'filters'}>
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <FiltersPanel />
          </Suspense>
        </div>
      )}
    </div>
  );
}
