import { describe, expect, it } from 'vitest';
import { revealBidiControls } from '../../../../shared/text/bidi';

describe('revealBidiControls', () => {
  it('replaces each bidi control with its short name, and leaves everything else', () => {
    expect(revealBidiControls('invoice\u202Elmth.json')).toBe('invoice⟨RLO⟩lmth.json');
    expect(revealBidiControls('\u2066a\u2069\u200E\u200F\u061C\u202A\u202B\u202C\u202D\u2067\u2068')).toBe('⟨LRI⟩a⟨PDI⟩⟨LRM⟩⟨RLM⟩⟨ALM⟩⟨LRE⟩⟨RLE⟩⟨PDF⟩⟨LRO⟩⟨RLI⟩⟨FSI⟩');
    expect(revealBidiControls('مرحبا hello 漢字')).toBe('مرحبا hello 漢字');
  });
});
