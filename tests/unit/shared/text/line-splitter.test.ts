import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../../shared/text/line-splitter';

const encoder = new TextEncoder();

/** The lines of `text` as [text, line] pairs, fed in pieces cut at `cuts`. */
function split(text: string, cuts: number[] = [], lineEnd: 'lf' | 'cr' = 'lf'): [string, number][] {
  const bytes = encoder.encode(text);
  const lines: [string, number][] = [];
  const splitter = new LineSplitter((start, end, line) => lines.push([new TextDecoder().decode(bytes.subarray(start, end)), line]), lineEnd);
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    splitter.push(bytes.subarray(from, cut), from);
    from = cut;
  }
  splitter.end();
  return lines;
}

describe('LineSplitter', () => {
  it('splits LF and CRLF lines, skipping blank ones but counting them', () => {
    expect(split('{"a":1}\n\n  \n{"b":2}\r\n{"c":3}')).toEqual([['{"a":1}', 1], ['{"b":2}', 4], ['{"c":3}', 5]]);
  });

  it('splits at CR alone when told the file ends its lines so, in any split of the input', () => {
    const text = '{"a":1}\r\r{"b":2}\r{"c":3}';
    expect(split(text, [], 'cr')).toEqual([['{"a":1}', 1], ['{"b":2}', 3], ['{"c":3}', 4]]);
    for (let cut = 0; cut <= text.length; cut++) expect(split(text, [cut], 'cr')).toEqual(split(text, [], 'cr'));
  });

  it('skips a byte order mark and handles an empty input', () => {
    expect(split('\ufeff{"a":1}\n')).toEqual([['{"a":1}', 1]]);
    expect(split('')).toEqual([]);
    expect(split('\n\r\n')).toEqual([]);
  });

  it('gives the same lines for any split of the input', () => {
    const text = '{"a":"é"}\r\n\n{"b":2}\n  {"c":3}  \n{"d":';
    const whole = split(text);
    const length = encoder.encode(text).length;
    for (let first = 0; first <= length; first++) {
      for (let second = first; second <= length; second += 3) {
        const pieces = split(text, [first, second]).map(([line, number]) => [line.replace(/\r$/, ''), number]);
        expect(pieces).toEqual(whole);
      }
    }
  });
});
