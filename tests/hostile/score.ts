/**
 * Scores what a reader reported against the corpus truth: per entry whether it crashed or hung,
 * which expected problems were located (file, and line + byte offset, or row group), and how many
 * good records were lost.
 */
import { join, sep } from 'node:path';
import type { ExpectedProblem, FileTruth } from './corpus';

/** A problem as reported (inspect --json, or the engine's SourceInfo). */
export interface ReportedProblem {
  file: string;
  line: number;
  offset: number;
  rowGroup?: number;
  message: string;
}

/** One source as reported. */
export interface ReportedSource {
  path: string;
  records: number;
  errors: ReportedProblem[];
  notConversations?: string;
}

/** What one run of the reader over some entries gave. */
export interface Report {
  sources: ReportedSource[];
  /** Problems not tied to a source (paths that could not be opened, folders with no shard). */
  problems: ReportedProblem[];
  crashed: boolean;
  hung: boolean;
  /** Why it counts as crashed or hung, for the report. */
  failure?: string;
}

/** The verdict on one entry. */
export interface EntryScore {
  truth: FileTruth;
  crashed: boolean;
  hung: boolean;
  read: number;
  lost: number;
  /** Records read beyond the truth (garbage taken for records). */
  extra: number;
  located: number;
  missed: ExpectedProblem[];
  failure?: string;
}

/** Totals over the corpus. */
export interface CorpusScore {
  files: number;
  skipped: number;
  crashed: number;
  hung: number;
  problems: number;
  located: number;
  recordsLost: number;
  filesLosingRecords: number;
  extraRecords: number;
  entries: EntryScore[];
}

/** The sources and problems of a report that belong to an entry (a file, or everything under a folder). */
function belongs(root: string, truth: FileTruth, path: string): boolean {
  const absolute = join(root, truth.path);
  return path === absolute || (truth.folder === true && path.startsWith(absolute + sep));
}

/** Scores one entry from the report of a run that read it. */
export function scoreEntry(root: string, truth: FileTruth, report: Report): EntryScore {
  const sources = report.sources.filter((source) => belongs(root, truth, source.path));
  const problems = [...report.problems, ...sources.flatMap((source) => source.errors.map((problem) => ({ ...problem, file: problem.file ?? source.path })))].filter((problem) => belongs(root, truth, problem.file));
  const read = sources.reduce((total, source) => total + source.records, 0);
  const missed: ExpectedProblem[] = [];
  for (const expected of truth.problems) {
    const found = expected.whole
      ? problems.length > 0 || sources.some((source) => source.notConversations !== undefined)
      : expected.rowGroup !== undefined
        ? problems.some((problem) => problem.rowGroup === expected.rowGroup)
        : problems.some((problem) => problem.line === expected.line && problem.offset === expected.offset);
    if (!found) missed.push(expected);
  }
  const crashed = report.crashed;
  const hung = report.hung;
  const needed = truth.goodAtLeast ?? truth.good;
  const lost = crashed || hung ? truth.good : Math.max(0, needed - read);
  return { truth, crashed, hung, read, lost, extra: Math.max(0, read - truth.good), located: truth.problems.length - missed.length, missed, failure: report.failure };
}

/** Adds up the entries. */
export function totalScore(entries: EntryScore[], skipped: number): CorpusScore {
  return {
    files: entries.length,
    skipped,
    crashed: entries.filter((entry) => entry.crashed).length,
    hung: entries.filter((entry) => entry.hung).length,
    problems: entries.reduce((total, entry) => total + entry.truth.problems.length, 0),
    located: entries.reduce((total, entry) => total + entry.located, 0),
    recordsLost: entries.reduce((total, entry) => total + entry.lost, 0),
    filesLosingRecords: entries.filter((entry) => entry.lost > 0).length,
    extraRecords: entries.reduce((total, entry) => total + entry.extra, 0),
    entries,
  };
}

/** The totals in one line. */
export function scoreLine(score: CorpusScore): string {
  return `files ${score.files} (${score.skipped} skipped), crashed ${score.crashed}, hung ${score.hung}, located ${score.located}/${score.problems}, records lost ${score.recordsLost} in ${score.filesLosingRecords} files, extra records ${score.extraRecords}`;
}

/** One line per entry that is not perfect. */
export function scoreDetails(score: CorpusScore): string[] {
  return score.entries
    .filter((entry) => entry.crashed || entry.hung || entry.lost > 0 || entry.missed.length > 0 || entry.extra > 0)
    .map((entry) => {
      const parts = [entry.truth.path];
      if (entry.crashed) parts.push(`CRASHED (${entry.failure ?? ''})`);
      if (entry.hung) parts.push('HUNG');
      if (entry.lost > 0) parts.push(`lost ${entry.lost} of ${entry.truth.good}`);
      if (entry.extra > 0) parts.push(`${entry.extra} extra records`);
      if (entry.missed.length > 0) parts.push(`missed: ${entry.missed.map((problem) => problem.what + (problem.line !== undefined ? ` (line ${problem.line}, byte ${problem.offset})` : problem.rowGroup !== undefined ? ` (row group ${problem.rowGroup})` : '')).join('; ')}`);
      return parts.join(': ');
    });
}
