/**
 * Adds or replaces datasets in the content of an existing `dataset_info.json` (which lists every
 * dataset of a folder; LLaMA-Factory's `data/README.md`), keeping the others and their order.
 * Returns the new file text, or a message when the existing file is not a JSON object.
 */
export function mergeDatasetInfo(existing: string | null, entries: Readonly<Record<string, Record<string, unknown>>>): { ok: true; text: string } | { ok: false; message: string } {
  let datasets: Record<string, unknown> = {};
  if (existing !== null && existing.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(existing);
    } catch (error) {
      return { ok: false, message: `dataset_info.json is not JSON (${error instanceof Error ? error.message : String(error)}); fix or remove it` };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { ok: false, message: 'dataset_info.json does not hold a JSON object of datasets; fix or remove it' };
    }
    datasets = parsed as Record<string, unknown>;
  }
  return { ok: true, text: `${JSON.stringify({ ...datasets, ...entries }, null, 2)}\n` };
}
