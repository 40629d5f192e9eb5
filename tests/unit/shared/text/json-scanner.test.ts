import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JsonScanner, scanJson, type ScanMode, type ScanProblem } from '../../../../shared/text/json-scanner';
import { dataFile } from '../../../helpers/data';
import { itWithData } from '../../../helpers/with-data';

const encoder = new TextEncoder();

/** The texts of the records found in `text`. */
function recordTexts(text: string, mode: ScanMode = 'array'): string[] {
  const bytes = encoder.encode(text);
  return scanJson(bytes, mode).records.map((record) => new TextDecoder().decode(bytes.subarray(record.start, record.end)));
}

/** Scans `bytes` fed in pieces cut at `cuts`. */
function scanInPieces(bytes: Uint8Array, mode: ScanMode, cuts: number[]): { records: { start: number; end: number; line: number }[]; problems: ScanProblem[] } {
  const records: { start: number; end: number; line: number }[] = [];
  const problems: ScanProblem[] = [];
  const scanner = new JsonScanner(mode, { onRecord: (start, end, line) => records.push({ start, end, line }), onProblem: (problem) => problems.push(problem) });
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    scanner.push(bytes.subarray(from, cut), from);
    from = cut;
  }
  scanner.end();
  return { records, problems };
}

/** A small seeded generator (mulberry32) so that failures reproduce. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

describe('JsonScanner vectors', () => {
  it.each([
    ['[]', []],
    ['  [ ]  ', []],
    ['[1,2.5e3,-3]', ['1', '2.5e3', '-3']],
    ['[true, false ,null]', ['true', 'false', 'null']],
    ['["a","b\\"]",\n"c\\\\"]', ['"a"', '"b\\"]"', '"c\\\\"']],
    ['[{"a":[1,{"b":"}"}]},\n  {"c":{}} ]', ['{"a":[1,{"b":"}"}]}', '{"c":{}}']],
    ['[[],[[]],{}]', ['[]', '[[]]', '{}']],
    ['\ufeff[{"x":"é\u2028😀"}]', ['{"x":"é\u2028😀"}']],
  ])('splits %j', (input, expected) => {
    expect(recordTexts(input)).toEqual(expected);
  });

  it('gives byte offsets and 1-based start lines', () => {
    const { records, problems } = scanJson(encoder.encode('[\n  {"a": 1},\n  {"b": "x"}\n]\n'), 'array');
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { start: 4, end: 12, line: 2 },
      { start: 16, end: 26, line: 3 },
    ]);
  });

  it('counts bytes, not characters, for multi-byte text', () => {
    const { records } = scanJson(encoder.encode('["é", "x"]'), 'array');
    expect(records.map((record) => record.start)).toEqual([1, 7]);
  });

  it('reads a single value and a sequence of values', () => {
    expect(recordTexts('  {"id": 1}\n', 'values')).toEqual(['{"id": 1}']);
    expect(recordTexts('{"a":\n 1}\n{"b": 2}\n7', 'values')).toEqual(['{"a":\n 1}', '{"b": 2}', '7']);
  });

  itWithData('splits every array file of the shared data exactly as JSON.parse sees it', () => {
    for (const path of [dataFile('fastchat-sharegpt/dummy_conversation.json'), dataFile('webshop-agentinstruct-style-clean/clean_sneakers_query-attack.json'), dataFile('webshop-human-goals/human_goals.json'), dataFile('llamafactory-formats/glaive_toolcall_en_demo.json')]) {
      const bytes = readFileSync(path);
      const parsed = JSON.parse(bytes.toString('utf8')) as unknown[];
      const { records, problems } = scanJson(bytes, 'array');
      expect(problems).toEqual([]);
      expect(records.map((record) => JSON.parse(bytes.subarray(record.start, record.end).toString('utf8')))).toEqual(parsed);
    }
  });
});

describe('JsonScanner problems and recovery', () => {
  it('reports an empty file and a file that is not an array', () => {
    expect(scanJson(new Uint8Array(0), 'array').problems[0].message).toMatch(/empty/);
    const notArray = scanJson(encoder.encode('hello'), 'array');
    expect(notArray.records).toEqual([]);
    expect(notArray.problems[0]).toMatchObject({ line: 1, offset: 0 });
    expect(notArray.problems[0].message).toMatch(/expected a JSON array \('\['\) but found 'h'/);
  });

  it('reports a truncated file, keeping the complete elements', () => {
    const { records, problems } = scanJson(encoder.encode('[\n{"a": 1},\n{"b": "unfinished'), 'array');
    expect(records).toHaveLength(1);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 3, offset: 12 });
    expect(problems[0].message).toMatch(/ends inside this element .*truncated/);
  });

  it('reports an unclosed array after the last element', () => {
    const { records, problems } = scanJson(encoder.encode('[{"a": 1},\n{"b": 2}\n'), 'array');
    expect(records).toHaveLength(2);
    expect(problems[0].message).toMatch(/before the array is closed/);
  });

  it('skips a broken element in the middle (missing brace) and keeps the next ones', () => {
    const text = '[\n  {"id": "a", "n": 1},\n  {"id": "b", "n": 2,\n  {"id": "c", "n": 3},\n  {"id": "d", "n": 4}\n]';
    const { records, problems } = scanJson(encoder.encode(text), 'array');
    expect(records.map((record) => JSON.parse(text.slice(record.start, record.end)).id)).toEqual(['a', 'c', 'd']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 3, offset: text.indexOf('{"id": "b"'), errorLine: 4 });
    expect(problems[0].message).toMatch(/expected a quoted key but found '\{' at byte \d+, 1 line below where the element starts/);
  });

  it('skips an element with a missing closing quote (pretty-printed) and keeps the next ones', () => {
    const text = '[\n  {\n    "id": "a"\n  },\n  {\n    "id": "b,\n    "x": 1\n  },\n  {\n    "id": "c"\n  }\n]\n';
    const { records, problems } = scanJson(encoder.encode(text), 'array');
    expect(records.map((record) => JSON.parse(text.slice(record.start, record.end)).id)).toEqual(['a', 'c']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 5, errorLine: 6 });
    expect(problems[0].message).toMatch(/line break inside a string/);
  });

  it('skips a broken element in a one-line array using the learned element signature', () => {
    const good = Array.from({ length: 10 }, (_, index) => `{"id": "r${index}", "conversations": [{"from": "human", "value": "v"}]}`);
    good.splice(4, 1, '{"id": "r4", "conversations": [{"from": "human" "value": "v"}]}');
    const text = `[${good.join(', ')}]`;
    const { records, problems } = scanJson(encoder.encode(text), 'array');
    expect(records.map((record) => JSON.parse(text.slice(record.start, record.end)).id)).toEqual(['r0', 'r1', 'r2', 'r3', 'r5', 'r6', 'r7', 'r8', 'r9']);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/expected ',' or '\}' after a value in an object but found '"'/);
  });

  it('keeps both elements around a missing comma and reports it', () => {
    const { records, problems } = scanJson(encoder.encode('[{"a": 1} {"b": 2}]'), 'array');
    expect(records).toHaveLength(2);
    expect(problems[0].message).toMatch(/expected ',' or '\]' between array elements/);
  });

  it('reads on after the array (another array, appended objects) and reports what follows it', () => {
    const arrays = scanJson(encoder.encode('[{"a":1},{"b":2}]\n[{"c":3}]'), 'array');
    expect(arrays.records.map((record) => record.start)).toEqual([1, 9, 19]);
    expect(arrays.problems).toMatchObject([{ offset: 18, line: 2, message: expect.stringMatching(/another array starts after the end of the top-level array/) }]);
    const lines = scanJson(encoder.encode('[{"a":1}]\n{"b":2}\n{"c":3}\n'), 'array');
    expect(lines.records).toHaveLength(3);
    expect(lines.problems).toMatchObject([{ offset: 10, message: expect.stringMatching(/objects follow the end of the top-level array/) }]);
    // Skipped up to the next element start: one that begins like the file's elements.
    const garbage = scanJson(encoder.encode('[{"a":1}] junk\n{"a":2}'), 'array');
    expect(garbage.records).toHaveLength(2);
    expect(garbage.problems[0]).toMatchObject({ offset: 10, message: expect.stringMatching(/unexpected 'j' after the end of the top-level array; it was skipped/) });
  });

  it('reports content after the array and a trailing comma', () => {
    expect(scanJson(encoder.encode('[1] x'), 'array').problems[0].message).toMatch(/after the end of the top-level array/);
    const trailing = scanJson(encoder.encode('[1,]'), 'array');
    expect(trailing.records).toHaveLength(1);
    expect(trailing.problems[0].message).toMatch(/trailing comma/);
  });

  it('recovers from a truncated line in a one-element-per-line array', () => {
    const text = '[\n{"id": "a", "t": "x"},\n{"id": "b", "t": "cut\n{"id": "c", "t": "y"},\n{"id": "d", "t": "z"}\n]';
    const { records, problems } = scanJson(encoder.encode(text), 'array');
    expect(records.map((record) => JSON.parse(text.slice(record.start, record.end)).id)).toEqual(['a', 'c', 'd']);
    expect(problems).toHaveLength(1);
    expect(problems[0].line).toBe(3);
  });
});

describe('JsonScanner property: any split of the input gives the same result', () => {
  const inputs: [string, ScanMode][] = [
    ['[\n  {"id": "a", "v": "x\\"y\\\\", "n": [1, 2.5, true, null]},\n  {"id": "b", "v": "\\u00e9 é"}, 3, "s"\n]\n', 'array'],
    ['[{"id": "a"}, {"id": "b", "x": 1,\n{"id": "c"}, {"id": "d" "e": 2}, {"id": "f"}]', 'array'],
    ['{"a": {"b": [1, {"c": "\\\\"}]}}\n{"d": 2}\n', 'values'],
    ['[\n{"id": "a", "t": "x"},\n{"id": "b", "t": "cut\n{"id": "c", "t": "y"}', 'array'],
    // Stray text after the array, long enough for a split inside it: skipped up to the next record.
    ['[{"id": "a"}, {"id": "b"}] stray words, "and" 1 2 }} here\n{"id": "c"}\n', 'array'],
    ['[{"id": "a"}]\nnot json at all, {"id": "b"} [1, 2]\n{"id": "c"}', 'array'],
  ];
  const next = random(42);
  for (const [input, mode] of inputs) {
    it(`${mode} ${JSON.stringify(input.slice(0, 30))}…`, () => {
      const bytes = encoder.encode(input);
      const whole = scanJson(bytes, mode);
      for (let trial = 0; trial < 300; trial++) {
        const count = 1 + Math.floor(next() * 6);
        const cuts = Array.from({ length: count }, () => Math.floor(next() * (bytes.length + 1))).sort((a, b) => a - b);
        expect(scanInPieces(bytes, mode, cuts)).toEqual(whole);
      }
      // Every single-byte split too.
      for (let cut = 0; cut <= bytes.length; cut++) expect(scanInPieces(bytes, mode, [cut])).toEqual(whole);
      // And byte by byte.
      expect(scanInPieces(bytes, mode, Array.from({ length: bytes.length }, (_, index) => index))).toEqual(whole);
    });
  }
});

describe('JsonScanner pieces of an array (insideArray, cut)', () => {
  it('scans a piece cut at an element start like the whole array, lines counted from the piece', () => {
    const text = '[\n  {"a": 1},\n  {"b": [2]},\n  {"c": "x"}\n]\n';
    const cut = text.indexOf('{"b"');
    const bytes = encoder.encode(text);
    const first = scanInPieces(bytes.subarray(0, cut), 'array', []);
    const records: { start: number; end: number; line: number }[] = [];
    const problems: ScanProblem[] = [];
    const scanner = new JsonScanner('array', { onRecord: (start, end, line) => records.push({ start, end, line }), onProblem: (problem) => problems.push(problem) }, { insideArray: true });
    scanner.push(bytes.subarray(cut), cut);
    scanner.end();
    expect(problems).toEqual([]);
    expect(first.records.map((record) => text.slice(record.start, record.end))).toEqual(['{"a": 1}']);
    expect(records.map((record) => [text.slice(record.start, record.end), record.line])).toEqual([['{"b": [2]}', 1], ['{"c": "x"}', 2]]);
    expect(scanner.currentLine).toBe(4);
  });

  it('reports an element left open at the cut', () => {
    const problems: ScanProblem[] = [];
    const scanner = new JsonScanner('array', { onRecord: () => undefined, onProblem: (problem) => problems.push(problem) }, { insideArray: true });
    scanner.push(encoder.encode('{"a": 1},\n  {"b": "x",\n  '), 100);
    scanner.cut();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ offset: 112, line: 2 });
    expect(problems[0].message).toMatch(/does not end before the next element starts/);
  });
});
