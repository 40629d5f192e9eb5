import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../helpers/data';
import { applyReview, needsRecheck, reviewRules, type ReviewVerdict } from '../../../../shared/review/apply-review';
import { mergeReviews } from '../../../../shared/review/merge-reviews';
import { parseReviewFile } from '../../../../shared/review/parse-review-file';
import type { ReviewLine } from '../../../../shared/review/review-line';
import { reviewSettings } from '../../../../shared/review/settings';
import { utf8Length } from '../../../../shared/review/utf8-length';

interface WebShopRecord {
  id: string;
  conversations: { from: string; value: string; loss?: boolean | null }[];
}

/** The demo's WebShop trajectories (AgentInstruct's native form; resources/samples), the records the reviews below talk about. */
const records = (JSON.parse(readFileSync(join(REPO_ROOT, 'resources/samples/agent/agentinstruct.json'), 'utf8')) as WebShopRecord[]).filter((record) => /^webshop_\d+$/.test(record.id));
const keyOf = (record: WebShopRecord) => `a1b2c3d4:${record.id}`;

function line(fields: Partial<ReviewLine> & { key: string }): string {
  return JSON.stringify({ decision: 'accept', by: 'ana', at: '2024-05-01T10:00:00Z', ...fields });
}

describe('parseReviewFile', () => {
  it('reads decisions on demo records, later lines winning, keeping the history', () => {
    const edited = structuredClone(records[2]);
    edited.conversations[3].value = edited.conversations[3].value.replace('search[', 'search[ ');
    const text = [
      line({ key: keyOf(records[0]) }),
      line({ key: keyOf(records[1]), decision: 'reject', reason: 'wrong answer' }),
      line({ key: keyOf(records[0]), decision: 'reject', reason: 'bad format', at: '2024-05-01T11:00:00Z' }),
      line({ key: keyOf(records[2]), edited: edited as unknown as Record<string, unknown>, note: 'fixed spacing' }),
      '',
    ].join('\n');
    const parsed = parseReviewFile(text, 'review.jsonl');
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries).toHaveLength(4);
    expect(parsed.latest.size).toBe(3);
    expect(parsed.latest.get(keyOf(records[0]))).toMatchObject({ decision: 'reject', reason: 'bad format', line: 3, file: 'review.jsonl' });
    expect(parsed.latest.get(keyOf(records[2]))?.edited).toEqual(edited);
  });

  it('reports a broken line with file, line and byte offset and still reads the lines after it', () => {
    const first = line({ key: 'k1:é-record', note: 'ünïcödé 🚀' });
    const text = `\uFEFF${first}\r\n{"key": "k2:x", "decision": \r\n${line({ key: 'k3:y' })}\r\n`;
    const parsed = parseReviewFile(text, 'team/review.jsonl');
    expect([...parsed.latest.keys()]).toEqual(['k1:é-record', 'k3:y']);
    expect(parsed.problems).toHaveLength(1);
    const [problem] = parsed.problems;
    expect(problem).toMatchObject({ file: 'team/review.jsonl', line: 2 });
    expect(problem.offset).toBe(Buffer.byteLength(`\uFEFF${first}\r\n`));
    expect(problem.message).toMatch(/^not JSON/);
  });

  it('names the field that is wrong', () => {
    const text = [
      JSON.stringify({ key: 'k1:a', decision: 'maybe', by: 'ana', at: '2024-05-01T10:00:00Z' }),
      JSON.stringify({ key: 'k1:b', decision: 'accept', by: 'ana', at: 'yesterday' }),
      JSON.stringify({ key: 'k1:c', decision: 'accept', by: 'ana', at: '2024-05-01T10:00:00Z', edited: 'not a record' }),
      JSON.stringify(['not', 'an', 'object']),
    ].join('\n');
    const parsed = parseReviewFile(text, 'r.jsonl');
    expect(parsed.entries).toHaveLength(0);
    expect(parsed.problems.map((problem) => problem.line)).toEqual([1, 2, 3, 4]);
    expect(parsed.problems[0].message).toMatch(/^not a review line \(decision: /);
    expect(parsed.problems[1].message).toMatch(/\(at: /);
    expect(parsed.problems[2].message).toMatch(/\(edited: /);
  });

  it('says when the last line looks cut off', () => {
    const whole = line({ key: 'k1:a' });
    const parsed = parseReviewFile(`${whole}\n${whole.slice(0, 20)}`, 'r.jsonl');
    expect(parsed.entries).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ line: 2, offset: Buffer.byteLength(whole) + 1 });
    expect(parsed.problems[0].message).toContain('the last line looks cut off');
  });

  it('keeps unknown keys from newer versions', () => {
    const parsed = parseReviewFile(JSON.stringify({ key: 'k1:a', decision: 'accept', by: 'ana', at: '2024-05-01T10:00:00+02:00', rating: 5 }), 'r.jsonl');
    expect(parsed.latest.get('k1:a')).toMatchObject({ rating: 5 });
  });
});

describe('mergeReviews', () => {
  const key = keyOf(records[5]);
  const other = keyOf(records[6]);

  it('reports conflicting decisions with the files and lines, and lets the latest win', () => {
    const a = parseReviewFile([line({ key, by: 'ana' }), line({ key: other })].join('\n'), 'ana.jsonl');
    const b = parseReviewFile(line({ key, decision: 'reject', by: 'bo', at: '2024-05-02T09:00:00Z' }), 'bo.jsonl');
    const merged = mergeReviews([a, b]);
    expect(merged.decisions.get(key)).toMatchObject({ decision: 'reject', file: 'bo.jsonl' });
    expect(merged.decisions.get(other)).toMatchObject({ decision: 'accept' });
    expect(merged.conflicts).toEqual([
      {
        key,
        files: ['ana.jsonl', 'bo.jsonl'],
        decisions: [
          { file: 'ana.jsonl', line: 1, decision: 'accept', edited: false, by: 'ana', at: '2024-05-01T10:00:00Z' },
          { file: 'bo.jsonl', line: 1, decision: 'reject', edited: false, by: 'bo', at: '2024-05-02T09:00:00Z' },
        ],
        winner: { file: 'bo.jsonl', line: 1 },
      },
    ]);
    // The order the files are given in does not change who wins on different times.
    expect(mergeReviews([b, a]).decisions.get(key)?.file).toBe('bo.jsonl');
  });

  it('breaks equal times by the file named later in the recipe', () => {
    const a = parseReviewFile(line({ key }), 'a.jsonl');
    const b = parseReviewFile(line({ key, decision: 'reject' }), 'b.jsonl');
    expect(mergeReviews([a, b]).decisions.get(key)?.file).toBe('b.jsonl');
    expect(mergeReviews([b, a]).decisions.get(key)?.file).toBe('a.jsonl');
  });

  it('sees agreeing decisions as no conflict, and different edits as one', () => {
    const edit = { id: records[5].id, conversations: records[5].conversations.slice(0, 4) };
    const sameA = parseReviewFile(line({ key, edited: edit }), 'a.jsonl');
    const sameB = parseReviewFile(line({ key, edited: JSON.parse(JSON.stringify(edit, ['conversations', 'id', 'from', 'value', 'loss'])) }), 'b.jsonl');
    expect(mergeReviews([sameA, sameB]).conflicts).toEqual([]);
    const otherEdit = parseReviewFile(line({ key, edited: { ...edit, id: 'changed' } }), 'c.jsonl');
    expect(mergeReviews([sameA, otherEdit]).conflicts.map((conflict) => conflict.key)).toEqual([key]);
  });

  it('collects every file\'s problems', () => {
    const a = parseReviewFile('not json\n', 'a.jsonl');
    const b = parseReviewFile(`${line({ key })}\n{`, 'b.jsonl');
    const merged = mergeReviews([a, b]);
    expect(merged.problems.map((problem) => `${problem.file}:${problem.line}`)).toEqual(['a.jsonl:1', 'b.jsonl:2']);
    expect(merged.decisions.size).toBe(1);
  });
});

describe('applyReview', () => {
  const rules = reviewRules.parse({});
  const kept: ReviewVerdict = { kept: true, reasons: [] };
  const malformed: ReviewVerdict = {
    kept: false,
    reasons: [{ stage: 'filter', rule: 'format.malformed-turn', message: 'turn 5 has no Action: line' }],
  };
  const leaked: ReviewVerdict = {
    kept: false,
    reasons: [
      { stage: 'leakage', rule: 'leakage.ngram', message: '64% of turn 2 is in webshop goal 17' },
      { stage: 'filter', rule: 'length.tokens', message: '5,120 tokens, over 4,096' },
    ],
  };
  const accept: ReviewLine = { key: 'k1:a', decision: 'accept', by: 'ana', at: '2024-05-01T10:00:00Z' };
  const reject: ReviewLine = { ...accept, decision: 'reject', reason: 'wrong answer' };

  it('lets the stages decide when nobody reviewed the record', () => {
    expect(applyReview(kept, undefined, rules)).toEqual({ included: true, decidedBy: 'filters', override: false, edited: false, why: 'kept by every stage' });
    expect(applyReview(malformed, undefined, rules)).toMatchObject({ included: false, decidedBy: 'filters', why: 'dropped by format.malformed-turn: turn 5 has no Action: line' });
  });

  it('keeps rejected records out whatever the stages say', () => {
    expect(applyReview(kept, reject, rules)).toMatchObject({ included: false, decidedBy: 'review', why: 'rejected by ana at 2024-05-01T10:00:00Z: wrong answer; the stages had kept it' });
    expect(applyReview(malformed, reject, rules).included).toBe(false);
    expect(applyReview(leaked, reject, { overrideLeakage: true }).included).toBe(false);
  });

  it('puts accepted records in even when a filter dropped them, marking the override', () => {
    expect(applyReview(kept, accept, rules)).toMatchObject({ included: true, override: false, decidedBy: 'review' });
    const decision = applyReview(malformed, accept, rules);
    expect(decision).toMatchObject({ included: true, override: true, decidedBy: 'review' });
    expect(decision.why).toContain('the accept overrides format.malformed-turn');
  });

  it('does not let an accept override leakage unless the recipe allows it', () => {
    const blocked = applyReview(leaked, accept, rules);
    expect(blocked).toMatchObject({ included: false, override: false, decidedBy: 'filters' });
    expect(blocked.why).toContain('review cannot override leakage (set review.overrideLeakage in the recipe to allow it)');
    expect(blocked.why).toContain('64% of turn 2 is in webshop goal 17');
    expect(applyReview(leaked, accept, reviewRules.parse({ overrideLeakage: true }))).toMatchObject({ included: true, override: true });
  });

  it('exports edited records as edited, judged on the re-checked verdict', () => {
    const editedAccept: ReviewLine = { ...accept, edited: { id: 'webshop_1', conversations: [] } };
    expect(needsRecheck(editedAccept)).toBe(true);
    expect(needsRecheck(accept)).toBe(false);
    expect(needsRecheck({ ...reject, edited: {} })).toBe(false);
    expect(needsRecheck(undefined)).toBe(false);
    const fixed = applyReview(kept, editedAccept, rules);
    expect(fixed).toMatchObject({ included: true, edited: true, override: false });
    expect(fixed.why).toBe('edited and accepted by ana at 2024-05-01T10:00:00Z; the edited record, re-checked, was kept by every stage');
    const stillBroken = applyReview(malformed, editedAccept, rules);
    expect(stillBroken).toMatchObject({ included: true, edited: true, override: true });
    expect(stillBroken.why).toContain('re-checked, was dropped by format.malformed-turn');
  });

  it('rejects unknown review settings', () => {
    expect(() => reviewRules.parse({ overrideLeak: true })).toThrow();
  });
});

describe('utf8Length', () => {
  it('agrees with Buffer.byteLength on every turn of the demo WebShop records and on odd text', () => {
    for (const record of records) for (const turn of record.conversations) expect(utf8Length(turn.value)).toBe(Buffer.byteLength(turn.value));
    for (const text of ['', 'é', '€', '🚀', 'a\ud800b', '\udc00', 'x\ud83d']) expect(utf8Length(text)).toBe(Buffer.byteLength(text));
  });
});

describe('reviewSettings', () => {
  it('takes one file, a list, or files with rules', () => {
    expect(reviewSettings.parse('review.jsonl')).toEqual({ files: ['review.jsonl'], overrideLeakage: false });
    expect(reviewSettings.parse(['a.jsonl', 'b.jsonl'])).toEqual({ files: ['a.jsonl', 'b.jsonl'], overrideLeakage: false });
    expect(reviewSettings.parse({ files: ['a.jsonl'], overrideLeakage: true })).toEqual({ files: ['a.jsonl'], overrideLeakage: true });
    expect(reviewSettings.parse({})).toEqual({ files: [], overrideLeakage: false });
    expect(() => reviewSettings.parse({ file: 'a.jsonl' })).toThrow();
    expect(() => reviewSettings.parse('')).toThrow();
  });
});
