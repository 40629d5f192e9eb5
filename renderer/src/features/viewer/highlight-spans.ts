/** A run of a turn's text, marked when it lies in a span the pipeline flagged. */
export interface TextSegment {
  text: string;
  marked: boolean;
}

/**
 * Cuts `text` at the given spans (UTF-16 offsets, as the leakage stage reports them; overlapping
 * or unsorted spans are merged) into marked and unmarked runs, in order, covering the whole text.
 */
export function splitBySpans(text: string, spans: readonly { start: number; end: number }[]): TextSegment[] {
  const sorted = spans
    .map(({ start, end }) => ({ start: Math.max(0, Math.min(start, text.length)), end: Math.max(0, Math.min(end, text.length)) }))
    .filter(({ start, end }) => end > start)
    .sort((left, right) => left.start - right.start);
  const merged: { start: number; end: number }[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  const segments: TextSegment[] = [];
  let at = 0;
  for (const span of merged) {
    if (span.start > at) segments.push({ text: text.slice(at, span.start), marked: false });
    segments.push({ text: text.slice(span.start, span.end), marked: true });
    at = span.end;
  }
  if (at < text.length || segments.length === 0) segments.push({ text: text.slice(at), marked: false });
  return segments;
}
