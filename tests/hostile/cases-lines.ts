/**
 * JSON Lines cases: cut and garbage first lines, line ends, concatenated objects, deep records,
 * huge strings, broken bytes, formats mixed by record.
 */
import type { Corpus, ExpectedProblem } from './corpus';
import { deepRecordText, Layout, openAi, utf8 } from './records';

/** Problems at the given places. */
function at(what: string, places: readonly { offset: number; line: number }[]): ExpectedProblem[] {
  return places.map((place) => ({ what, line: place.line, offset: place.offset }));
}

export function lineCases(corpus: Corpus): void {
  const { random } = corpus;

  {
    const layout = new Layout();
    corpus.goodLines(layout, 50);
    corpus.file('jsonl/clean.jsonl', layout.bytes(), { what: 'a clean JSON Lines file (control)', good: 50, problems: [] });
  }

  // A first line cut outside a string: the rest used to be taken for one pretty-printed object.
  const record = corpus.record(4);
  const cuts = ['{', '{"id"', '{"id": ', '{"id":"x",', '{"id":"x","conversations":[', '{"id":"x","conversations":[{', '{"id":"x","conversations":[{"from":"human",', '{"id":"x","conversations":[{"from":"human","value":"hi"}', '{"id":"x","conversations":[{"from":"human","value":"hi"},'];
  cuts.forEach((cut, index) => {
    const layout = new Layout();
    const broken = layout.add(`${cut}\n`);
    const count = index === 4 ? 10_000 : 40;
    corpus.goodLines(layout, count);
    corpus.file(`jsonl/first-line-cut-${index}.jsonl`, layout.bytes(), { what: `first line cut outside a string after ${JSON.stringify(cut)}, ${count} good lines below`, good: count, problems: at('the cut first line', [broken]) });
  });
  {
    const layout = new Layout();
    const broken = layout.add(`${record.slice(0, Math.floor(record.length / 2))}\n`);
    corpus.goodLines(layout, 40);
    corpus.file('jsonl/first-line-cut-in-string.jsonl', layout.bytes(), { what: 'first line cut inside a string', good: 40, problems: at('the cut first line', [broken]) });
  }
  for (const [name, garbage] of [
    ['words', 'these are not the records you are looking for\n'],
    ['html', '<!DOCTYPE html><html><body>502 Bad Gateway</body></html>\n'],
    ['number', '12345\n'],
    ['git-conflict', '<<<<<<< HEAD\n'],
  ] as const) {
    const layout = new Layout();
    const broken = layout.add(garbage);
    corpus.goodLines(layout, 30);
    corpus.file(`jsonl/garbage-first-line-${name}.jsonl`, layout.bytes(), { what: `one garbage first line (${name}), 30 good lines below`, good: 30, problems: at('the garbage line', [broken]) });
  }
  {
    const layout = new Layout();
    const broken = layout.add(Uint8Array.from({ length: 300 }, () => 0x80 + Math.floor(random() * 0x70)));
    layout.add('\n');
    corpus.goodLines(layout, 30);
    corpus.file('jsonl/garbage-first-line-binary.jsonl', layout.bytes(), { what: 'a first line of binary bytes', good: 30, problems: at('the binary line', [broken]) });
  }
  {
    const layout = new Layout();
    corpus.goodLines(layout, 20);
    const broken = [layout.add('not json at all\n'), layout.add('{"id": broken}\n'), layout.add('[1, 2\n')];
    corpus.goodLines(layout, 20);
    const last = layout.add(corpus.record().slice(0, 30));
    corpus.file('jsonl/broken-lines.jsonl', layout.bytes(), { what: 'broken lines in the middle and a truncated last line', good: 40, problems: at('a broken line', [...broken, last]) });
  }

  // Line ends.
  for (const [name, end] of [
    ['cr-only', '\r'],
    ['crlf', '\r\n'],
    ['lf-cr', '\n\r'],
  ] as const) {
    const layout = new Layout();
    corpus.goodLines(layout, 40, end);
    corpus.file(`jsonl/line-ends-${name}.jsonl`, layout.bytes(), { what: `records separated by ${JSON.stringify(end)}`, good: 40, problems: [] });
  }
  {
    const layout = new Layout();
    for (let line = 0; line < 45; line++) layout.add(corpus.record() + ['\n', '\r\n', '\r'][line % 3]);
    corpus.file('jsonl/line-ends-mixed.jsonl', layout.bytes(), { what: 'LF, CRLF and CR-only line ends in one file', good: 45, problems: [] });
  }
  {
    const layout = new Layout();
    for (let line = 0; line < 10; line++) {
      layout.add(`\n  \t\n${corpus.record()}   \n`);
    }
    corpus.file('jsonl/blank-lines.jsonl', layout.bytes(), { what: 'blank and whitespace-only lines between records', good: 10, problems: [] });
  }

  // Concatenated objects.
  {
    const layout = new Layout();
    for (let line = 0; line < 10; line++) layout.add(`${corpus.record()}${corpus.record()}${corpus.record()}\n`);
    corpus.file('jsonl/concatenated-objects.jsonl', layout.bytes(), { what: '{...}{...}{...} on each line', good: 30, problems: [] });
  }
  {
    const layout = new Layout();
    layout.add(`${corpus.record()} ${corpus.record()}  ${corpus.record()}`);
    corpus.file('jsonl/concatenated-one-line.json', layout.bytes(), { what: 'a file that is {...} {...} {...} on one line', good: 3, problems: [] });
  }
  {
    const layout = new Layout();
    corpus.goodLines(layout, 5);
    layout.add(`${corpus.record()}${corpus.record()}\n`);
    layout.add(corpus.record());
    const broken = layout.add('{"id": "half\n');
    corpus.goodLines(layout, 5);
    corpus.file('jsonl/concatenated-with-broken-tail.jsonl', layout.bytes(), { what: 'two objects on a line, then an object followed by a cut one', good: 13, problems: at('the cut object after a good one', [broken]) });
  }

  // Depth.
  for (const [name, depth, good] of [
    ['deep-10000', 10_000, false],
    ['deep-4097', 4097, false],
    ['deep-4096', 4096, true],
  ] as const) {
    const layout = new Layout();
    corpus.goodLines(layout, 10);
    const deep = layout.add(`${deepRecordText(random, corpus.id(), depth)}\n`);
    corpus.goodLines(layout, 10);
    corpus.file(`jsonl/${name}.jsonl`, layout.bytes(), { what: `a record nested ${depth} deep among 20 good ones`, good: good ? 21 : 20, problems: good ? [] : at('the deep record', [deep]) });
  }
  {
    const layout = new Layout();
    corpus.goodLines(layout, 3);
    const deep = layout.add(`${'['.repeat(200_000)}\n`);
    corpus.goodLines(layout, 3);
    corpus.file('jsonl/deep-unclosed.jsonl', layout.bytes(), { what: 'a line of 200,000 open brackets', good: 6, problems: at('the bracket line', [deep]) });
  }
  {
    const layout = new Layout();
    corpus.goodLines(layout, 3);
    layout.add(`${JSON.stringify({ id: corpus.id(), conversations: [{ from: 'human', value: '['.repeat(20_000) }, { from: 'gpt', value: '{'.repeat(20_000) }] })}\n`);
    corpus.file('jsonl/brackets-in-strings.jsonl', layout.bytes(), { what: 'brackets inside strings are not nesting', good: 4, problems: [] });
  }

  // Huge strings and long lines.
  {
    const layout = new Layout();
    corpus.goodLines(layout, 3);
    layout.add(`${JSON.stringify({ id: corpus.id(), conversations: [{ from: 'human', value: 'summarize this' }, { from: 'gpt', value: 'word '.repeat(2_500_000) }] })}\n`);
    corpus.goodLines(layout, 3);
    corpus.file('jsonl/huge-string.jsonl', layout.bytes(), { what: 'a 12.5 MB string in one record', good: 7, problems: [] });
  }
  {
    const layout = new Layout();
    const garbage = layout.add(`${'x'.repeat(3 << 19)}\n`);
    corpus.goodLines(layout, 10);
    corpus.file('jsonl/long-garbage-line.jsonl', layout.bytes(), { what: 'a 1.5 MiB garbage line first (longer than what detection looks at)', good: 10, problems: at('the garbage line', [garbage]) });
  }

  // Broken bytes.
  {
    const layout = new Layout();
    const bad: { offset: number; line: number }[] = [];
    const sequences = [[0xe9], [0xc0, 0xaf], [0x80], [0xed, 0xa0, 0x80], [0xff], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]];
    for (const sequence of sequences) {
      corpus.goodLines(layout, 3);
      const text = corpus.record();
      const cut = text.indexOf('"value":"') + 9;
      bad.push(layout.add(utf8(text.slice(0, cut))));
      layout.add(Uint8Array.from(sequence));
      layout.add(`${text.slice(cut)}\n`);
    }
    corpus.file('jsonl/invalid-utf8.jsonl', layout.bytes(), { what: 'invalid UTF-8 (latin1, overlong, lone continuation, surrogate, 0xFF, above U+10FFFF, cut sequence) in 7 records', good: 21, problems: at('the invalid byte', bad) });
  }
  {
    const layout = new Layout();
    corpus.goodLines(layout, 5);
    const text = corpus.record();
    const nul = layout.add(`${text.slice(0, 20)}\u0000${text.slice(20)}\n`);
    corpus.goodLines(layout, 5);
    const block = layout.add(new Uint8Array(4096));
    corpus.file('jsonl/nul-bytes.jsonl', layout.bytes(), { what: 'a NUL byte inside a record and a block of NULs at the end (a crash while writing)', good: 10, problems: at('the NUL bytes', [nul, block]) });
  }
  {
    const layout = new Layout();
    corpus.goodLines(layout, 5);
    layout.add(`\ufeff${corpus.record()}\n`);
    corpus.goodLines(layout, 5);
    corpus.file('jsonl/bom-mid-file.jsonl', layout.bytes(), { what: 'a byte order mark at the start of a middle line (files joined with cat)', good: 11, problems: [] });
  }
  {
    const layout = new Layout();
    corpus.goodLines(layout, 5);
    const bad = [layout.add('{"id":"n1","conversations":[{"from":"human","value":"x"}],"score":NaN}\n'), layout.add('{"id":"n2","conversations":[{"from":"human","value":"x"}],"score":Infinity}\n')];
    corpus.file('jsonl/nan.jsonl', layout.bytes(), { what: 'NaN and Infinity (not JSON)', good: 5, problems: at('the NaN record', bad) });
  }

  // Formats and values mixed by record.
  {
    const layout = new Layout();
    const odd: { offset: number; line: number }[] = [];
    for (let line = 0; line < 40; line++) {
      if (line % 5 === 2) odd.push(layout.add(`${JSON.stringify(openAi(random))}\n`));
      else layout.add(`${corpus.record()}\n`);
    }
    corpus.file('jsonl/mixed-formats.jsonl', layout.bytes(), { what: '32 ShareGPT and 8 OpenAI records', good: 32, problems: at('an OpenAI record in a ShareGPT file', odd) });
  }
  {
    const layout = new Layout();
    const odd = [layout.add(`${JSON.stringify(openAi(random))}\n`)];
    corpus.goodLines(layout, 30);
    corpus.file('jsonl/odd-first-record.jsonl', layout.bytes(), { what: 'the first record in another format', good: 30, problems: at('the odd first record', odd) });
  }
  {
    const layout = new Layout();
    const odd: { offset: number; line: number }[] = [];
    for (let line = 0; line < 30; line++) {
      if (line % 10 === 3) odd.push(layout.add(['1\n', '"text"\n', 'null\n', '[]\n', 'true\n'][line % 5]));
      else layout.add(`${corpus.record()}\n`);
    }
    corpus.file('jsonl/non-objects.jsonl', layout.bytes(), { what: 'a few lines that are JSON but not objects', good: 27, problems: at('a non-object line', odd) });
  }
  {
    const layout = new Layout();
    corpus.goodLines(layout, 5);
    const pretty = layout.add(`${JSON.stringify(JSON.parse(corpus.record()), null, 2)}\n`);
    corpus.goodLines(layout, 5);
    corpus.file('jsonl/pretty-object-inside.jsonl', layout.bytes(), { what: 'one pretty-printed object among JSON Lines', good: 10, problems: at('the pretty-printed object (its first line)', [pretty]) });
  }
  {
    const layout = new Layout();
    corpus.goodLines(layout, 5);
    const proto = layout.add(`{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"id":"${corpus.id()}","conversations":[{"from":"human","value":"hi"},{"from":"gpt","value":"hello"}]}\n`);
    void proto;
    layout.add(`{"id":"${corpus.id()}","id":"again","conversations":[{"from":"human","value":"hi"},{"from":"gpt","value":"hello"}]}\n`);
    corpus.file('jsonl/odd-keys.jsonl', layout.bytes(), { what: '__proto__ and constructor keys, a repeated key', good: 7, problems: [] });
  }
  {
    const layout = new Layout();
    layout.add(corpus.record());
    corpus.file('jsonl/one-record-no-newline.ndjson', layout.bytes(), { what: 'one record without a final line break (.ndjson)', good: 1, problems: [] });
  }
}
