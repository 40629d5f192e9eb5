import { appendWords, createWordBuffer, tokenizeWords, type WordBuffer, type Words } from '../text/words';
import { fillPrefixHashes, ngramHigh, ngramLow } from '../text/word-ngrams';
import { findPrefixSlot, findSlot, shortItemTag, type NgramIndex } from './ngram-index';
import type { Turn } from '../schema/conversation';
import { turnText } from '../schema/turn-text';

/**
 * Scans training turns against the evaluation n-gram index (docs/dedup-and-leakage.md, "The scan"): per turn, the share of its
 * words covered by n-grams it shares with an evaluation item (and whole short items); per record,
 * the highest share; and the evidence for the Leakage view: the matching items, the character
 * spans in the training turn and the matching spans in the item's text, for side-by-side
 * highlighting.
 */

/** A character range of a text: `[start, end)` in UTF-16 code units. */
export interface TextSpan {
  start: number;
  end: number;
}

/** A character range of a training turn. */
export interface TurnSpan extends TextSpan {
  /** Index of the turn in the record. */
  turn: number;
}

/** One evaluation item a training turn shares text with. */
export interface LeakageMatch {
  /** Evaluation set name and the item's index in that set. */
  evalSet: string;
  evalItem: number;
  /** The item's text (what `itemSpans` index into). */
  itemText: string;
  /** The training turn. */
  turn: number;
  /** Shared spans in the training turn, merged, in order. */
  spans: TurnSpan[];
  /** The same text in the item, merged, in order. */
  itemSpans: TextSpan[];
  /** Share of the item's words found in the turn. */
  itemCoverage: number;
}

/** The leakage verdict of one record. */
export interface LeakageVerdict {
  /** The highest share of a turn's words covered by shared n-grams (the record's score). */
  score: number;
  /** The highest share of an evaluation item's words found in one turn. */
  itemCoverage: number;
  /** Score per turn (-1 for turns not scanned, such as template turns). */
  turnScores: number[];
  /** The items matched, the one with the highest coverage first. */
  matches: LeakageMatch[];
}

/** Reusable buffers of one scanning thread (no state between records besides them). */
export interface LeakageScanner {
  index: NgramIndex;
  words: WordBuffer;
  low: Uint32Array;
  high: Uint32Array;
  /** Matches of the current turn: training word position, length (words) and table slot. */
  matchCount: number;
  matchPositions: Uint32Array;
  matchLengths: Uint32Array;
  matchSlots: Uint32Array;
  /** Word offsets of items already shown as evidence. */
  itemWords: Map<number, Words>;
}

/** Creates a scanner over `index`. */
export function createLeakageScanner(index: NgramIndex): LeakageScanner {
  return {
    index,
    words: createWordBuffer(4096),
    low: new Uint32Array(4097),
    high: new Uint32Array(4097),
    matchCount: 0,
    matchPositions: new Uint32Array(256),
    matchLengths: new Uint32Array(256),
    matchSlots: new Uint32Array(256),
    itemWords: new Map(),
  };
}

/** Appends one match to the scanner's list, growing it when full. */
function pushMatch(scanner: LeakageScanner, position: number, length: number, slot: number): void {
  if (scanner.matchCount === scanner.matchPositions.length) {
    const size = scanner.matchCount * 2;
    const grow = (array: Uint32Array): Uint32Array => {
      const grown = new Uint32Array(size);
      grown.set(array);
      return grown;
    };
    scanner.matchPositions = grow(scanner.matchPositions);
    scanner.matchLengths = grow(scanner.matchLengths);
    scanner.matchSlots = grow(scanner.matchSlots);
  }
  scanner.matchPositions[scanner.matchCount] = position;
  scanner.matchLengths[scanner.matchCount] = length;
  scanner.matchSlots[scanner.matchCount] = slot;
  scanner.matchCount++;
}

/**
 * Scans the words `words[0 .. count)` of one turn (tokenized by `appendWords`; by default the
 * scanner's own buffer, or the dedup feature builder's so a turn is tokenized once), leaving the
 * matches in the scanner, and returns how many of the turn's words the matches cover.
 */
export function scanTurnWords(scanner: LeakageScanner, words: WordBuffer = scanner.words): number {
  const { index } = scanner;
  const count = words.count;
  scanner.matchCount = 0;
  if (count < Math.min(index.n, index.minItemWords)) return 0;
  if (count + 1 > scanner.low.length) {
    scanner.low = new Uint32Array(count * 2 + 1);
    scanner.high = new Uint32Array(count * 2 + 1);
  }
  const { low, high } = scanner;
  fillPrefixHashes(words.hashes, 0, count, low, high);
  const { n, filter, filterShift, slotItems, maxItemsPerNgram, prefixMasks } = index;
  const hasShortItems = index.prefixCapacity > 0 && index.minItemWords < n;
  for (let position = 0; position + 2 <= count; position++) {
    if (position + n <= count) {
      const keyLow = ngramLow(low, position, n);
      const bit = keyLow >>> filterShift;
      if ((filter[bit >>> 5] & (1 << (bit & 31))) !== 0) {
        const slot = findSlot(index, keyLow, ngramHigh(high, position, n));
        if (slotItems[slot] !== 0 && slotItems[slot] <= maxItemsPerNgram) {
          pushMatch(scanner, position, n, slot);
        }
      }
    }
    if (!hasShortItems || position + index.minItemWords > count) continue;
    const prefixSlot = findPrefixSlot(index, ngramLow(low, position, 2));
    let lengths = prefixMasks[prefixSlot];
    while (lengths !== 0) {
      const length = 31 - Math.clz32(lengths);
      lengths &= ~(1 << length);
      if (position + length > count) continue;
      const tag = shortItemTag(length);
      const slot = findSlot(index, (ngramLow(low, position, length) ^ tag) >>> 0, (ngramHigh(high, position, length) ^ tag) >>> 0);
      if (slotItems[slot] !== 0 && slotItems[slot] <= maxItemsPerNgram) {
        pushMatch(scanner, position, length, slot);
      }
    }
  }
  // Matches were found in position order, so one sweep gives the size of their union.
  let covered = 0;
  let coveredEnd = 0;
  for (let match = 0; match < scanner.matchCount; match++) {
    const start = scanner.matchPositions[match];
    const end = start + scanner.matchLengths[match];
    if (end <= coveredEnd) continue;
    covered += end - Math.max(start, coveredEnd);
    coveredEnd = end;
  }
  return covered;
}

/** Merges sorted-by-start word ranges and maps them to character spans through `starts`/`ends`. */
function mergeRanges(ranges: [number, number][], starts: Uint32Array, ends: Uint32Array): TextSpan[] {
  ranges.sort((first, second) => first[0] - second[0]);
  const spans: TextSpan[] = [];
  let current: [number, number] | null = null;
  for (const range of ranges) {
    if (current !== null && range[0] <= current[1]) current[1] = Math.max(current[1], range[1]);
    else {
      if (current !== null) spans.push({ start: starts[current[0]], end: ends[current[1] - 1] });
      current = [range[0], range[1]];
    }
  }
  if (current !== null) spans.push({ start: starts[current[0]], end: ends[current[1] - 1] });
  return spans;
}

/** Words covered by merged word ranges. */
function coveredWords(ranges: [number, number][]): number {
  ranges.sort((first, second) => first[0] - second[0]);
  let total = 0;
  let end = 0;
  for (const [from, to] of ranges) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}

/** Turns the scanner's matches for turn `turn` (whose words are `words`) into evidence, one entry per evaluation item. */
export function turnEvidence(scanner: LeakageScanner, turn: number, words: WordBuffer = scanner.words): LeakageMatch[] {
  const { index } = scanner;
  const byItem = new Map<number, { training: [number, number][]; item: [number, number][] }>();
  for (let match = 0; match < scanner.matchCount; match++) {
    const slot = scanner.matchSlots[match];
    const position = scanner.matchPositions[match];
    const length = scanner.matchLengths[match];
    const first = index.slotPostings[slot];
    for (let posting = first; posting < first + index.slotItems[slot]; posting++) {
      const item = index.postingItems[posting];
      let entry = byItem.get(item);
      if (entry === undefined) {
        entry = { training: [], item: [] };
        byItem.set(item, entry);
      }
      entry.training.push([position, position + length]);
      entry.item.push([index.postingPositions[posting], index.postingPositions[posting] + length]);
    }
  }
  const matches: LeakageMatch[] = [];
  for (const [item, entry] of byItem) {
    let itemWords = scanner.itemWords.get(item);
    if (itemWords === undefined) {
      itemWords = tokenizeWords(index.items[item].text);
      scanner.itemWords.set(item, itemWords);
    }
    const spans = mergeRanges(entry.training, words.starts, words.ends).map((span) => ({ turn, ...span }));
    matches.push({
      evalSet: index.items[item].set,
      evalItem: index.items[item].index,
      itemText: index.items[item].text,
      turn,
      spans,
      itemSpans: mergeRanges(entry.item, itemWords.starts, itemWords.ends),
      itemCoverage: coveredWords(entry.item) / Math.max(1, index.itemWords[item]),
    });
  }
  return matches;
}

/** What {@link scanRecord} needs of a turn. */
export type ScannedTurn = Pick<Turn, 'text' | 'reasoning' | 'toolCalls'>;

/** An empty verdict, to fill turn by turn with {@link addScannedTurn}. */
export function emptyVerdict(): LeakageVerdict {
  return { score: 0, itemCoverage: 0, turnScores: [], matches: [] };
}

/** Scans turn `turn`, whose words are already in `words`, and adds its score and evidence to `verdict`. */
export function addScannedTurn(verdict: LeakageVerdict, scanner: LeakageScanner, words: WordBuffer, turn: number): void {
  const covered = scanTurnWords(scanner, words);
  const share = words.count === 0 ? 0 : covered / words.count;
  verdict.turnScores.push(share);
  if (share > verdict.score) verdict.score = share;
  if (scanner.matchCount === 0) return;
  for (const match of turnEvidence(scanner, turn, words)) {
    verdict.matches.push(match);
    if (match.itemCoverage > verdict.itemCoverage) verdict.itemCoverage = match.itemCoverage;
  }
}

/** Puts the match with the highest item coverage first (call once the record is done). */
export function sortMatches(verdict: LeakageVerdict): LeakageVerdict {
  verdict.matches.sort((first, second) => second.itemCoverage - first.itemCoverage);
  return verdict;
}

/**
 * Scans every turn of a record (skipping turns with `skip[t] === 1`, such as template turns) and
 * returns its verdict. Evidence is only built for turns with a match, which are rare.
 */
export function scanRecord(scanner: LeakageScanner, turns: readonly ScannedTurn[], skip?: ArrayLike<number>): LeakageVerdict {
  const verdict = emptyVerdict();
  for (let turn = 0; turn < turns.length; turn++) {
    if (skip !== undefined && skip[turn] === 1) {
      verdict.turnScores.push(-1);
      continue;
    }
    scanner.words.count = 0;
    appendWords(scanner.words, turnText(turns[turn]));
    addScannedTurn(verdict, scanner, scanner.words, turn);
  }
  return sortMatches(verdict);
}

/** Whether a verdict leaks under the settings' two thresholds (turn share, item coverage). */
export function isLeaked(verdict: LeakageVerdict, threshold: number, minItemCoverage: number): boolean {
  return (verdict.score > 0 && verdict.score >= threshold) || (verdict.itemCoverage > 0 && verdict.itemCoverage >= minItemCoverage);
}

/**
 * The verdict without the turns marked in `skip` (template turns found after the scan, since
 * templates are only known once every record of a source has been seen); `skip[offset + t]` marks
 * turn t of this record.
 */
export function withoutTurns(verdict: LeakageVerdict, skip: ArrayLike<number>, offset = 0): LeakageVerdict {
  const turnScores = verdict.turnScores.map((score, turn) => (skip[offset + turn] === 1 ? -1 : score));
  const matches = verdict.matches.filter((match) => skip[offset + match.turn] !== 1);
  return {
    score: turnScores.reduce((best, score) => Math.max(best, score), 0),
    itemCoverage: matches.reduce((best, match) => Math.max(best, match.itemCoverage), 0),
    turnScores,
    matches,
  };
}

/** The best match in the shape of a verdicts line (`{score, evalSet, evalItem, spans}`, docs/recipe.md, "agentmix run"), or null without a match. */
export function leakageSummary(verdict: LeakageVerdict): { score: number; itemCoverage: number; evalSet: string; evalItem: number; spans: TurnSpan[] } | null {
  const best = verdict.matches[0];
  if (best === undefined) return null;
  return { score: verdict.score, itemCoverage: verdict.itemCoverage, evalSet: best.evalSet, evalItem: best.evalItem, spans: best.spans };
}
