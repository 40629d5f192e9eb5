import { expect, it } from 'vitest';
import { buildNgramIndex } from '../../../../shared/leakage/ngram-index';
import { createLeakageScanner, isLeaked, scanRecord } from '../../../../shared/leakage/scan';
import { leakageSettings } from '../../../../shared/leakage/settings';
import { readRecords } from '../dedup/real-data';
import { agentBenchItems } from './eval-items';
import { realData } from '../../../helpers/data';
import { describeWithData } from '../../../helpers/with-data';

const settings = leakageSettings.parse({});
const items = realData(() => agentBenchItems());
const index = realData(() => buildNgramIndex(items, { ngram: settings.ngram, maxItemsPerNgram: settings.maxItemsPerNgram, minItemWords: settings.minItemWords }));

/** Real ShareGPT and agent records to paste evaluation items into. */
const carriers = realData(() => [
  ...readRecords('sharegpt-real-dialogstudio', 'original_example.json'),
  ...readRecords('agentinstruct-val200-messages', 'val_set_200.json').slice(0, 60),
  ...readRecords('fireact-trajectories', 'hotpotqa.jsonl').slice(0, 60),
]);

/** Normalizes for comparing spans: case and whitespace. */
function plain(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

describeWithData('leakage scan on real data', () => {
  it('flags no clean record (precision on real ShareGPT, AgentInstruct and FireAct records)', () => {
    const scanner = createLeakageScanner(index);
    for (const record of carriers) {
      const verdict = scanRecord(scanner, record.turns);
      expect(isLeaked(verdict, settings.threshold, settings.minItemCoverage), `${record.id}: ${JSON.stringify(verdict.matches[0]?.spans)}`).toBe(false);
    }
  });

  it('catches a long os description pasted into a user turn, with spans on both sides', () => {
    const scanner = createLeakageScanner(index);
    const item = items.find((candidate) => candidate.set === 'os' && candidate.text.split(/\s+/).length > 40);
    if (item === undefined) throw new Error('no long os description in the fixture');
    const carrier = carriers[0].turns.map((turn) => ({ ...turn }));
    const prefix = `${carrier[0].text}\n\nBy the way, here is my task: `;
    carrier[0] = { role: 'user', text: `${prefix}${item.text}\nThanks!` };
    const verdict = scanRecord(scanner, carrier);
    expect(isLeaked(verdict, settings.threshold, settings.minItemCoverage)).toBe(true);
    const match = verdict.matches[0];
    expect(match).toMatchObject({ evalSet: 'os', evalItem: item.index, turn: 0 });
    expect(match.itemCoverage).toBeGreaterThan(0.95);
    // The training span is the pasted item, and the item span covers the item.
    const trainingText = match.spans.map((span) => carrier[0].text.slice(span.start, span.end)).join(' ');
    expect(plain(item.text)).toContain(plain(trainingText).slice(0, 200));
    expect(match.spans[0].start).toBeGreaterThanOrEqual(prefix.length);
    expect(match.itemSpans[0].start).toBeLessThan(10);
    expect(match.itemSpans[match.itemSpans.length - 1].end).toBeGreaterThan(item.text.length - 10);
  });

  it('catches a short 9-word db question pasted into a long user turn (matched whole)', () => {
    const scanner = createLeakageScanner(index);
    const item = items.find((candidate) => candidate.set === 'db' && candidate.text.split(/\s+/).length === 9);
    if (item === undefined) throw new Error('no 9-word db question in the fixture');
    const carrier = carriers[3].turns.map((turn) => ({ ...turn }));
    const userTurn = carrier.findIndex((turn) => turn.role === 'user');
    carrier[userTurn] = { role: 'user', text: `${carrier[userTurn].text}\nAlso: ${item.text.toUpperCase()} Please answer.` };
    const verdict = scanRecord(scanner, carrier);
    expect(verdict.score).toBeLessThan(settings.threshold);
    expect(verdict.itemCoverage).toBe(1);
    expect(isLeaked(verdict, settings.threshold, settings.minItemCoverage)).toBe(true);
    const match = verdict.matches[0];
    expect(match).toMatchObject({ evalSet: 'db', evalItem: item.index, turn: userTurn });
    const span = match.spans[0];
    expect(plain(carrier[userTurn].text.slice(span.start, span.end))).toBe(plain(item.text).replace(/[?.!]$/, ''));
  });

  it('does not match part of a short item, nor a template turn it is told to skip', () => {
    const scanner = createLeakageScanner(index);
    const item = items.find((candidate) => candidate.set === 'kg' && candidate.text.split(/\s+/).length >= 8 && candidate.text.split(/\s+/).length < 13);
    if (item === undefined) throw new Error('no short kg question');
    const words = item.text.split(/\s+/);
    const partial = scanRecord(scanner, [{ text: `I wonder: ${words.slice(0, words.length - 1).join(' ')} and more` }]);
    expect(partial.matches).toHaveLength(0);
    const skipped = scanRecord(scanner, [{ text: item.text }, { text: 'nothing here' }], [1, 0]);
    expect(skipped.matches).toHaveLength(0);
    expect(skipped.turnScores[0]).toBe(-1);
  });

  it('scores a turn that is one whole evaluation item as fully covered', () => {
    const scanner = createLeakageScanner(index);
    const verdict = scanRecord(scanner, [{ text: 'Hello' }, { text: items[items.length - 1].text }]);
    expect(verdict.turnScores[0]).toBe(0);
    expect(verdict.turnScores[1]).toBe(1);
    expect(verdict.score).toBe(1);
  });
});
