/**
 * Bidirectional-text controls made visible in names (docs/security.md, "Dataset text"). A file
 * name or record id holding U+202E (right-to-left override) shows `report\u202Eexe.html` as
 * "reportlmth.exe": the characters are reordered on screen. Names (files, ids, keys, sources, tools)
 * are shown with each control replaced by a visible mark such as ⟨RLO⟩, and isolated (`<bdi>`), so
 * they can neither disguise themselves nor reorder the text around them. Dataset text keeps its
 * controls (right-to-left languages need them) and is only isolated.
 */

/** The explicit bidi controls and marks, with their short Unicode names. */
const CONTROL_NAMES: Record<string, string> = {
  '\u061C': 'ALM',
  '\u200E': 'LRM',
  '\u200F': 'RLM',
  '\u202A': 'LRE',
  '\u202B': 'RLE',
  '\u202C': 'PDF',
  '\u202D': 'LRO',
  '\u202E': 'RLO',
  '\u2066': 'LRI',
  '\u2067': 'RLI',
  '\u2068': 'FSI',
  '\u2069': 'PDI',
};

const CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** `name` with every bidi control replaced by a visible mark (`⟨RLO⟩`). */
export function revealBidiControls(name: string): string {
  return name.replace(CONTROLS, (control) => `⟨${CONTROL_NAMES[control]}⟩`);
}

