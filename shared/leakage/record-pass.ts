import { addTokenizedTurn, endRecord, type FeatureBuilder, type TextTurn } from '../dedup/features';
import { appendWords } from '../text/words';
import { addScannedTurn, emptyVerdict, sortMatches, type LeakageScanner, type LeakageVerdict } from './scan';
import { turnText } from '../schema/turn-text';

/**
 * The pipeline's single pass over a record (docs/dedup-and-leakage.md, "One tokenizer pass per
 * turn": one tokenizer run feeds the exact key, the shingles and the n-grams): each turn is tokenized once into the feature builder's buffer, added
 * to the dedup features, and scanned for leakage from the same words. Templates are not known yet,
 * so every turn is scanned; drop template turns afterwards with `withoutTurns`.
 * Returns the record's leakage verdict, or null when `scanner` is null (leakage off).
 */
export function addRecordPass(builder: FeatureBuilder, scanner: LeakageScanner | null, turns: readonly TextTurn[]): LeakageVerdict | null {
  const verdict = scanner === null ? null : emptyVerdict();
  for (let turn = 0; turn < turns.length; turn++) {
    const words = builder.words;
    words.count = 0;
    const text = turnText(turns[turn]);
    appendWords(words, text);
    addTokenizedTurn(builder, turns[turn].role, text.length);
    if (scanner !== null && verdict !== null) addScannedTurn(verdict, scanner, words, turn);
  }
  endRecord(builder);
  return verdict === null ? null : sortMatches(verdict);
}
