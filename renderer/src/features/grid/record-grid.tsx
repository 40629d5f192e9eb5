import { AgGridReact } from 'ag-grid-react';
import { AllCommunityModule, ModuleRegistry, themeQuartz, type ColDef, type ColumnState, type GetRowIdParams, type GridApi, type IDatasource, type RowClassParams, type RowClassRules, type RowSelectionOptions } from 'ag-grid-community';
import { useEffect, useImperativeHandle, useMemo, useRef, type Ref } from 'react';
import type { ReviewStatus } from '../../../../shared/api/review';
import { useAppServices } from '../../app/api-context';
import { markMilestone } from '../../app/milestones';
import type { RecordRow } from '../../api/types';
import { gridColumns } from './grid-columns';
import { toViewQuery, type GridSort, type ViewQuery } from './grid-view';

ModuleRegistry.registerModules([AllCommunityModule]);

/** Rows per request: a screenful or two, so a page costs milliseconds whatever the index size. */
const BLOCK_ROWS = 200;

/** The saved column choice (order, width, visibility). */
const COLUMNS_SETTING = 'grid.columns';

const THEME = themeQuartz.withParams({ spacing: 5, fontSize: 13, headerFontSize: 13, rowHeight: 30, headerHeight: 34 });

// Grid options as constants: AG Grid re-applies an option whose object identity changes, so inline
// literals would make every selection change reprocess the columns.
const DEFAULT_COLUMN: ColDef<RecordRow> = { sortable: true, resizable: true };
const ROW_SELECTION: RowSelectionOptions<RecordRow> = { mode: 'multiRow', checkboxes: true, headerCheckbox: false, enableClickSelection: false };
const rowId = (params: GetRowIdParams<RecordRow>): string => params.data.key;

/** What the desk can ask of the grid. */
export interface RecordGridHandle {
  /** The loaded row at a position of the current view, or null when its block is not loaded. */
  rowAt(position: number): RecordRow | null;
  /** Scrolls a position into view. */
  reveal(position: number): void;
  /** The view the grid shows (for `records.page` and `records.find`). */
  view(): ViewQuery;
  /** Rows in the current view (after filters), or null before the first page. */
  total(): number | null;
  /** Keys of the rows ticked for bulk actions. */
  selectedKeys(): string[];
  /** Unticks every row. */
  clearSelection(): void;
  /** Redraws review cells after decisions change. */
  refreshReview(): void;
  /** Throws away loaded pages (after sources open or close). */
  reload(): void;
  /** Every column with its visibility, for the column chooser. */
  columns(): { id: string; name: string; visible: boolean }[];
  setColumnVisible(id: string, visible: boolean): void;
}

/** Properties of {@link RecordGrid}. */
export interface RecordGridProps {
  ref: Ref<RecordGridHandle>;
  search: string;
  review: ReviewStatus | 'all';
  reviewOf: (key: string) => ReviewStatus;
  currentKey: string | null;
  onOpen: (row: RecordRow, position: number) => void;
  onSelectionChange: (count: number) => void;
  onTotal: (total: number) => void;
}

/**
 * The record grid: AG Grid's infinite row model over `records.page`, so 100k records cost only the
 * rows on screen. Sort, filters, quick search and review status become the engine's view.
 */
export function RecordGrid(props: RecordGridProps): React.JSX.Element {
  const { client, store } = useAppServices();
  const apiRef = useRef<GridApi<RecordRow> | null>(null);
  const viewRef = useRef<ViewQuery>({ sort: [], filters: [], search: '' });
  const totalRef = useRef<number | null>(null);
  const external = useRef({ search: props.search, review: props.review });
  const latest = useRef(props);
  latest.current = props;

  const columns = useMemo(() => gridColumns((key) => latest.current.reviewOf(key)), []);
  const rowClassRules = useMemo<RowClassRules<RecordRow>>(() => ({ 'row-current': (params: RowClassParams<RecordRow>) => params.data !== undefined && params.data.key === latest.current.currentKey }), []);

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows: (params) => {
        const view = toViewQuery(params.sortModel as GridSort[], params.filterModel as Record<string, unknown>, external.current.search, external.current.review);
        viewRef.current = view;
        client.call('records.page', { view, offset: params.startRow, limit: params.endRow - params.startRow }).then(
          (page) => {
            totalRef.current = page.total;
            params.successCallback(page.rows, page.total);
            latest.current.onTotal(page.total);
            markMilestone('gridRows', String(page.total));
          },
          () => params.failCallback(),
        );
      },
    }),
    [client],
  );

  useEffect(() => {
    external.current = { search: props.search, review: props.review };
    apiRef.current?.purgeInfiniteCache();
  }, [props.search, props.review]);

  // Mark the current record's row: redraw just the old and the new row.
  const shownKey = useRef<string | null>(null);
  useEffect(() => {
    const api = apiRef.current;
    if (!api) return;
    const nodes = [shownKey.current, props.currentKey].flatMap((key) => (key ? [api.getRowNode(key)].filter((node) => node !== undefined) : []));
    shownKey.current = props.currentKey;
    if (nodes.length > 0) api.redrawRows({ rowNodes: nodes });
  }, [props.currentKey]);

  const saveColumns = (): void => {
    const api = apiRef.current;
    if (api) void store.saveSetting(COLUMNS_SETTING, api.getColumnState().map(({ colId, hide, width }) => ({ colId, hide, width })));
  };

  useImperativeHandle(props.ref, () => ({
    rowAt: (position) => apiRef.current?.getDisplayedRowAtIndex(position)?.data ?? null,
    reveal: (position) => apiRef.current?.ensureIndexVisible(position),
    view: () => viewRef.current,
    total: () => totalRef.current,
    selectedKeys: () => apiRef.current?.getSelectedRows().map((row) => row.key) ?? [],
    clearSelection: () => apiRef.current?.deselectAll(),
    refreshReview: () => apiRef.current?.refreshCells({ columns: ['review'], force: true }),
    reload: () => apiRef.current?.purgeInfiniteCache(),
    columns: () => (apiRef.current?.getColumns() ?? []).filter((column) => column.getColId() !== 'position').map((column) => ({ id: column.getColId(), name: column.getColDef().headerName ?? column.getColId(), visible: column.isVisible() })),
    setColumnVisible: (id, visible) => {
      apiRef.current?.setColumnsVisible([id], visible);
      saveColumns();
    },
  }));

  // The grid element is built once: every callback reads the latest props through refs, so the
  // desk's re-renders (a new record, a decision) never reach AG Grid.
  const grid = useMemo(
    () => (
      <AgGridReact<RecordRow>
        theme={THEME}
        rowModelType="infinite"
        datasource={datasource}
        cacheBlockSize={BLOCK_ROWS}
        maxBlocksInCache={200}
        infiniteInitialRowCount={1}
        rowBuffer={4}
        columnDefs={columns}
        defaultColDef={DEFAULT_COLUMN}
        getRowId={rowId}
        rowSelection={ROW_SELECTION}
        rowClassRules={rowClassRules}
        onGridReady={async (event) => {
          apiRef.current = event.api;
          const saved = await store.setting<ColumnState[]>(COLUMNS_SETTING);
          if (saved) event.api.applyColumnState({ state: saved, applyOrder: true });
        }}
        onRowClicked={(event) => {
          if (event.data && event.rowIndex !== null) latest.current.onOpen(event.data, event.rowIndex);
        }}
        onSelectionChanged={(event) => latest.current.onSelectionChange(event.api.getSelectedRows().length)}
        onColumnMoved={(event) => event.finished && saveColumns()}
        onColumnResized={(event) => event.finished && saveColumns()}
        onColumnVisible={saveColumns}
      />
    ),
    // saveColumns only reads refs and the store.
    [datasource, columns, rowClassRules, store],
  );

  return (
    <div className="grid" data-testid="record-grid">
      {grid}
    </div>
  );
}
