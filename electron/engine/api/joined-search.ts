/**
 * The part of the quick search that crosses a row's fields, column by column (docs/scale.md, "The
 * review desk at 10M records"). The search text of a row (`searchText` in record-view.ts) is its
 * parts joined by known separators, lower-cased:
 *
 *   <prefix> ':' <rest> '\n' <id> '\n' <task> '\n' <source> '\n' <preview>
 *
 * where the key is `<prefix>:<rest>` (rest: the id, or `#<ordinal>`). A needle found inside one
 * part is the per-field search's (column-view.ts). A needle that crosses separators crosses a first
 * one, after part P: so it is split there, at a character equal to P's separator, into a head that
 * ends P and a tail that starts the text after it; and the tail either lies in the next part or
 * holds all of it, then its separator, then what follows, and so on. Each split of the needle is
 * checked this way against the row's adjacent parts, which are read from the index: the prefix,
 * task and source once per distinct value, ids and previews of ASCII rows from their bytes, and
 * only rows with other characters decoded.
 *
 * A part lower-cases alone as it does in the joined text: the separators are neither letters nor
 * case-ignorable, so no letter's lower case sees across one (a final sigma), except the colon,
 * which is case-ignorable: the rest is lower-cased after its prefix and colon, as the key is.
 */
import { STARTS_WITH, type TextColumn } from '../text-column';
import type { IndexColumns } from './index-columns';

/** What the search reads (a column view's input has it). */
export interface JoinedSearchInput {
  rowCount: number;
  index: IndexColumns;
  sourceName(sourceId: number): string;
  keyPrefix(sourceId: number): string;
}

/** The first and last of the parts (prefix, rest, id, task, source, preview, in that order). */
const PREFIX = 0;
const PREVIEW = 5;

/** The separator after each part but the last. */
const SEPARATORS = [':', '\n', '\n', '\n', '\n'];

/** Characters of the preview the quick search looks in (as the grid shows them). */
export const SEARCHED_PREVIEW_CHARS = 300;

/** A part of each row, lower-cased, as the search reads it. */
interface Part {
  endsWith(row: number, text: string): boolean;
  /**
   * {@link STARTS_WITH} when the part starts with `text`; the part's length when `text` starts with
   * the whole part and goes on (its separator must come next); else -1.
   */
  opening(row: number, text: string): number;
}

/** Marks in `hits` the rows whose joined text holds `needle` (lower case) across a separator. */
export function searchAcrossParts(input: JoinedSearchInput, needle: string, hits: Uint8Array): void {
  const parts = partsOf(input);
  const splits: { part: number; head: string; tail: string }[] = [];
  for (let at = 0; at < needle.length; at++) {
    for (let part = PREFIX; part < PREVIEW; part++) if (needle[at] === SEPARATORS[part]) splits.push({ part, head: needle.slice(0, at), tail: needle.slice(at + 1) });
  }
  for (let row = 0; row < input.rowCount; row++) {
    if (hits[row] === 1) continue;
    for (const { part, head, tail } of splits) {
      if (parts[part].endsWith(row, head) && startsFrom(parts, row, part + 1, tail)) {
        hits[row] = 1;
        break;
      }
    }
  }
}

/** Whether the joined text from part `part` on starts with `text`. */
function startsFrom(parts: Part[], row: number, part: number, text: string): boolean {
  const length = parts[part].opening(row, text);
  if (length === STARTS_WITH) return true;
  return part < PREVIEW && length >= 0 && text[length] === SEPARATORS[part] && startsFrom(parts, row, part + 1, text.slice(length + 1));
}

/** The six parts of a row, read from the index. */
function partsOf(input: JoinedSearchInput): Part[] {
  const { index } = input;
  const prefixes = new Map<number, string>();
  const prefixOf = (sourceId: number): string => {
    let prefix = prefixes.get(sourceId);
    if (prefix === undefined) prefixes.set(sourceId, (prefix = input.keyPrefix(sourceId).toLowerCase()));
    return prefix;
  };
  const sources = new Map<number, string>();
  const tasks = new Map<number, string>();
  const byValue = (textOf: (row: number) => string): Part => ({
    endsWith: (row, text) => textOf(row).endsWith(text),
    opening: (row, text) => opening(textOf(row), text),
  });
  const rest = (row: number): string => {
    if (index.keyedByOrdinal(row)) return `#${index.ordinalOf(row)}`;
    const prefix = prefixOf(index.sourceOf(row));
    return `${prefix}:${index.idColumn.get(row) ?? ''}`.toLowerCase().slice(prefix.length + 1);
  };
  const idPart = textPart(index.idColumn, Number.POSITIVE_INFINITY);
  return [
    byValue((row) => prefixOf(index.sourceOf(row))),
    {
      // A key by ordinal is `#<digits>`; otherwise the rest is the id, lower-cased after the prefix.
      endsWith: (row, text) => (index.keyedByOrdinal(row) || !index.idColumn.isAscii(row) ? rest(row).endsWith(text) : idPart.endsWith(row, text)),
      opening: (row, text) => (index.keyedByOrdinal(row) || !index.idColumn.isAscii(row) ? opening(rest(row), text) : idPart.opening(row, text)),
    },
    idPart,
    byValue((row) => {
      const code = index.taskCodeOfRow(row);
      let task = tasks.get(code);
      if (task === undefined) tasks.set(code, (task = (index.taskName(code) ?? '').toLowerCase()));
      return task;
    }),
    byValue((row) => {
      const sourceId = index.sourceOf(row);
      let source = sources.get(sourceId);
      if (source === undefined) sources.set(sourceId, (source = input.sourceName(sourceId).toLowerCase()));
      return source;
    }),
    textPart(index.previewColumn, SEARCHED_PREVIEW_CHARS),
  ];
}

/** A part read from a text column (its first `limit` characters): ASCII rows by their bytes, others decoded. */
function textPart(column: TextColumn, limit: number): Part {
  const lower = (row: number): string => (column.get(row) ?? '').slice(0, limit).toLowerCase();
  return {
    endsWith: (row, text) => (column.isAscii(row) ? column.asciiEndsWith(row, text, limit) : lower(row).endsWith(text)),
    opening: (row, text) => (column.isAscii(row) ? column.asciiOpening(row, text, limit) : opening(lower(row), text)),
  };
}

/** {@link Part.opening} of a part's text. */
function opening(part: string, text: string): number {
  if (part.startsWith(text)) return STARTS_WITH;
  return text.startsWith(part) ? part.length : -1;
}
