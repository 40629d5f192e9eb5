/**
 * Compiling user-editable phrase lists into one case-insensitive search, cached per list.
 */

/** A match of a phrase or pattern in one turn. */
export interface TurnMatch {
  turn: number;
  start: number;
  end: number;
  text: string;
}

const phraseCache = new Map<string, RegExp>();
/** The pattern of each list object seen (a measured list is never changed in place: settings are replaced). */
const listCache = new WeakMap<readonly string[], RegExp | null>();

/**
 * One regular expression that finds any of `phrases`: case-insensitive, any run of whitespace
 * matching any other, and straight and curly apostrophes matching each other (GPT output uses
 * both: "I’m sorry" and "I'm sorry").
 */
export function phrasePattern(phrases: readonly string[]): RegExp | null {
  // Once per list, not once per record (docs/scale.md, "Measuring at the speed of reading").
  const known = listCache.get(phrases);
  if (known !== undefined) return known;
  const pattern = compilePhrases(phrases);
  listCache.set(phrases, pattern);
  return pattern;
}

/** {@link phrasePattern} without the cache by list object. */
function compilePhrases(phrases: readonly string[]): RegExp | null {
  const usable = phrases.map((phrase) => phrase.trim()).filter((phrase) => phrase.length > 0);
  if (usable.length === 0) return null;
  const key = usable.join('\u0000');
  let pattern = phraseCache.get(key);
  if (pattern === undefined) {
    const alternatives = usable.map((phrase) =>
      phrase
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/['’]/g, "['’]")
        .replace(/\s+/g, '\\s+'),
    );
    pattern = new RegExp(alternatives.join('|'), 'giu');
    phraseCache.set(key, pattern);
  }
  return pattern;
}

/** Every match of a global pattern in a text. */
export function matchesIn(pattern: RegExp, text: string, turn: number): TurnMatch[] {
  const matches: TurnMatch[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    matches.push({ turn, start: match.index, end: match.index + match[0].length, text: match[0] });
  }
  return matches;
}
