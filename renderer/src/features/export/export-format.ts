import { useSyncExternalStore } from 'react';
import { EXPORT_FORMATS, type ExportFormat } from '../../../../shared/export/settings';

/**
 * The export format chosen in the export dialog, shared with the desk's "What the trainer sees"
 * (docs/ui.md), for the session: choosing it in either place changes both.
 */
let current: ExportFormat = 'sharegpt';
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Sets the chosen format. */
export function setExportFormat(format: ExportFormat): void {
  if (!EXPORT_FORMATS.includes(format) || format === current) return;
  current = format;
  for (const listener of listeners) listener();
}

/** The chosen format and its setter. */
export function useExportFormat(): [ExportFormat, (format: ExportFormat) => void] {
  return [useSyncExternalStore(subscribe, () => current), setExportFormat];
}
