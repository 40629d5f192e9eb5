/**
 * A problem found while reading input: errors are values at boundaries (docs/CONTRIBUTING.md, "House rules").
 * Every problem names where it is (file, 1-based line, byte offset, record ordinal when known)
 * and says what was expected and what was found.
 */
export interface Problem {
  /** Path of the file, as given by the user. */
  file: string;
  /**
   * 1-based line where the problem (or the array element holding it) starts; Parquet: the 1-based
   * row; 0 for a problem of the whole file or folder (it cannot be read, holds no shard...).
   */
  line: number;
  /** Byte offset from the start of the file (of the decoded text for gzip and UTF-16/32 files). */
  offset: number;
  /** Parquet: the 0-based row group the problem spoils (`offset` is where its data starts). */
  rowGroup?: number;
  /** 0-based ordinal of the record in its source, when the problem belongs to one record. */
  record?: number;
  /** What is wrong, in words a person can act on. */
  message: string;
}

/** Formats a problem as `file:line (byte offset): message` (`file: message` for the whole file). */
export function formatProblem(problem: Problem): string {
  if (problem.line === 0) return `${problem.file}: ${problem.message}`;
  return `${problem.file}:${problem.line} (byte ${problem.offset}): ${problem.message}`;
}
