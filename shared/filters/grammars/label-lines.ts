/**
 * Finding `Label: value` lines (`Act: bash`, `Action: Operation`, `Final Answer: #3`), the
 * building block of every action grammar.
 */

/** One line that starts with a label. */
export interface LabelLine {
  /** Offset of the line's first character. */
  start: number;
  /** Offset just past the line (before its newline). */
  end: number;
  /** Offset of the value: just past the colon and any spaces. */
  valueStart: number;
  /** The rest of the line after the label, trimmed. */
  value: string;
}

const patterns = new Map<string, RegExp>();

/** Every line of `text` that starts (after indentation) with `label:`, case-sensitive. */
export function labelLines(text: string, label: string): LabelLine[] {
  let pattern = patterns.get(label);
  if (pattern === undefined) {
    const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    pattern = new RegExp(`^([ \\t]*${escaped}:[ \\t]*)(.*)$`, 'gm');
    patterns.set(label, pattern);
  }
  const lines: LabelLine[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    lines.push({
      start: match.index,
      end: match.index + match[0].length,
      valueStart: match.index + match[1].length,
      value: match[2].trim(),
    });
  }
  return lines;
}

/** The first line of a label that must occur exactly once, or a problem saying how often it occurred. */
export function singleLabel(
  text: string,
  label: string,
  missing: string,
): { ok: true; line: LabelLine } | { ok: false; problem: string; start?: number; end?: number } {
  const lines = labelLines(text, label);
  if (lines.length === 0) return { ok: false, problem: missing };
  if (lines.length > 1) {
    const second = lines[1];
    return {
      ok: false,
      problem: `expected one \`${label}:\` line (one action per turn), found ${lines.length}`,
      start: second.start,
      end: second.end,
    };
  }
  return { ok: true, line: lines[0] };
}
