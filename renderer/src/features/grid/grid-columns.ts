import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
import type { ReviewStatus } from '../../../../shared/api/review';
import { revealBidiControls } from '../../../../shared/text/bidi';
import type { RecordRow } from '../../api/types';

/** A name cell (id, key, source, task): its bidi controls shown as marks (shared/text/bidi.ts); every cell is isolated in CSS. */
function nameCell(params: ValueFormatterParams<RecordRow, string | null>): string {
  return params.value === null || params.value === undefined ? '' : revealBidiControls(params.value);
}

/** A number cell: blank for a missing value. */
function numberCell(params: ValueFormatterParams<RecordRow, number | null>): string {
  return params.value === null || params.value === undefined ? '' : params.value.toLocaleString();
}

const NUMBER_FILTER = { filter: 'agNumberColumnFilter', filterParams: { maxNumConditions: 1, buttons: ['reset'], debounceMs: 300 } } as const;
const TEXT_FILTER = { filter: 'agTextColumnFilter', filterParams: { maxNumConditions: 1, buttons: ['reset'], debounceMs: 300 } } as const;

/**
 * The grid's columns (docs/ui.md, "Review desk"): one row per record with its summary, the pipeline's
 * verdicts (empty until a pipeline has run) and the review status. Column ids are the contract's
 * sort/filter column names, so AG Grid's models map straight onto `records.page`.
 */
export function gridColumns(reviewOf: (key: string) => ReviewStatus): ColDef<RecordRow>[] {
  return [
    { colId: 'position', headerName: '#', valueGetter: (params) => (params.node?.rowIndex ?? 0) + 1, width: 70, sortable: false, suppressMovable: true },
    { colId: 'key', field: 'key', headerName: 'Key', width: 190, hide: true, valueFormatter: nameCell, ...TEXT_FILTER },
    { colId: 'id', field: 'id', headerName: 'Id', width: 190, valueFormatter: nameCell, ...TEXT_FILTER },
    {
      colId: 'review',
      headerName: 'Review',
      width: 110,
      valueGetter: (params) => (params.data ? reviewOf(params.data.key) : ''),
      cellClass: (params) => (params.value ? `review-cell review-${String(params.value)}` : ''),
      filter: false,
    },
    { colId: 'source', field: 'source', headerName: 'Source', width: 170, valueFormatter: nameCell, ...TEXT_FILTER },
    { colId: 'task', field: 'task', headerName: 'Task', width: 100, valueFormatter: nameCell, ...TEXT_FILTER },
    { colId: 'turns', field: 'turns', headerName: 'Turns', width: 85, type: 'numericColumn', ...NUMBER_FILTER },
    { colId: 'tokens', field: 'tokens', headerName: 'Tokens', width: 95, type: 'numericColumn', valueFormatter: numberCell, ...NUMBER_FILTER },
    { colId: 'chars', field: 'chars', headerName: 'Chars', width: 95, type: 'numericColumn', valueFormatter: numberCell, ...NUMBER_FILTER },
    { colId: 'reward', field: 'reward', headerName: 'Reward', width: 95, type: 'numericColumn', valueFormatter: numberCell, ...NUMBER_FILTER },
    {
      colId: 'verdict',
      headerName: 'Verdict',
      width: 150,
      valueGetter: (params) => (params.data?.verdict ? (params.data.verdict.kept ? 'kept' : `dropped: ${params.data.verdict.reason ?? ''}`) : ''),
      ...TEXT_FILTER,
    },
    { colId: 'duplicateCluster', field: 'duplicateCluster', headerName: 'Duplicate cluster', width: 140, type: 'numericColumn', valueFormatter: numberCell, ...NUMBER_FILTER },
    { colId: 'leakageScore', field: 'leakageScore', headerName: 'Leakage', width: 100, type: 'numericColumn', valueFormatter: (params) => (params.value === null || params.value === undefined ? '' : params.value.toFixed(2)), ...NUMBER_FILTER },
    { colId: 'preview', field: 'preview', headerName: 'First user turn', flex: 1, minWidth: 240, sortable: false, filter: false },
  ];
}
