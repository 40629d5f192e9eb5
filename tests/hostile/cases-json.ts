/**
 * JSON array and object cases: pretty and compact arrays with odd elements, truncation, trailing
 * bytes, deep elements, pretty-printed objects in sequence, containers mixed in one file.
 */
import type { Corpus, ExpectedProblem } from './corpus';
import { deepRecordText, Layout, openAi, type Place } from './records';

function at(what: string, places: readonly Place[]): ExpectedProblem[] {
  return places.map((place) => ({ what, line: place.line, offset: place.offset }));
}

/** An array laid out element by element; `pretty` puts each element on its own indented lines (FastChat's layout). */
function arrayOf(elements: readonly string[], pretty: boolean): { layout: Layout; places: Place[] } {
  const layout = new Layout();
  layout.add(pretty ? '[\n' : '[');
  const places = elements.map((element, index) => {
    if (pretty) layout.add('  ');
    const place = layout.add(pretty ? indent(element) : element);
    layout.add(index + 1 < elements.length ? (pretty ? ',\n' : ',') : pretty ? '\n' : '');
    return place;
  });
  layout.add(pretty ? ']\n' : ']');
  return { layout, places };
}

/** A record pretty-printed one level in (a value that is not JSON text is kept as it is). */
function indent(element: string): string {
  try {
    return JSON.stringify(JSON.parse(element), null, 2).split('\n').join('\n  ');
  } catch {
    return element;
  }
}

export function jsonCases(corpus: Corpus): void {
  const { random } = corpus;
  const records = (count: number): string[] => Array.from({ length: count }, () => corpus.record());

  for (const pretty of [true, false]) {
    const name = pretty ? 'pretty' : 'compact';
    {
      const { layout } = arrayOf(records(60), pretty);
      corpus.file(`array/clean-${name}.json`, layout.bytes(), { what: `a clean ${name} array (control)`, good: 60, problems: [] });
    }
    {
      const elements = records(30);
      const odd = [3, 11, 19, 27];
      ['1', '"a string"', 'null', '[1, 2]'].forEach((value, index) => (elements[odd[index]] = value));
      const { layout, places } = arrayOf(elements, pretty);
      corpus.file(`array/non-objects-${name}.json`, layout.bytes(), { what: `a ${name} array holding 4 non-objects among 26 records`, good: 26, problems: at('a non-object element', odd.map((index) => places[index])) });
    }
    {
      const elements = records(30);
      const odd = [0, 7, 14];
      for (const index of odd) elements[index] = JSON.stringify(openAi(random));
      const { layout, places } = arrayOf(elements, pretty);
      corpus.file(`array/mixed-formats-${name}.json`, layout.bytes(), { what: `a ${name} array of 27 ShareGPT and 3 OpenAI records (the first one OpenAI)`, good: 27, problems: at('an OpenAI record in a ShareGPT file', odd.map((index) => places[index])) });
    }
    {
      const elements = records(21);
      elements[10] = deepRecordText(random, corpus.id(), 10_000);
      const { layout, places } = arrayOf(elements, pretty);
      corpus.file(`array/deep-10000-${name}.json`, layout.bytes(), { what: `a ${name} array with one element nested 10,000 deep`, good: 20, problems: at('the deep element', [places[10]]) });
    }
    {
      const elements = records(21);
      elements[10] = deepRecordText(random, corpus.id(), 4097);
      const { layout, places } = arrayOf(elements, pretty);
      corpus.file(`array/deep-4097-${name}.json`, layout.bytes(), { what: `a ${name} array with one element nested 4,097 deep`, good: 20, problems: at('the deep element', [places[10]]) });
    }
    {
      const elements = records(20);
      const { layout, places } = arrayOf(elements, pretty);
      const bytes = layout.bytes();
      const cut = places[15].offset + 40;
      corpus.file(`array/truncated-${name}.json`, bytes.subarray(0, cut), { what: `a ${name} array cut inside its 16th element`, good: 15, problems: at('the cut element', [places[15]]) });
    }
    {
      const elements = records(20);
      elements[8] = elements[8].replace('"conversations":', '"conversations"');
      const { layout, places } = arrayOf(elements, pretty);
      corpus.file(`array/broken-element-${name}.json`, layout.bytes(), { what: `a ${name} array with one element missing a colon`, good: 19, problems: at('the broken element', [places[8]]) });
    }
  }
  {
    const { layout } = arrayOf(records(10), true);
    const garbage = layout.add('\n\u0000\u0000garbage after the array\n');
    corpus.file('array/trailing-garbage.json', layout.bytes(), { what: 'bytes after the closing bracket', good: 10, problems: [{ what: 'the trailing bytes', offset: garbage.offset + 1, line: garbage.line + 1 }] });
  }
  {
    const first = arrayOf(records(10), false).layout.bytes();
    const second = arrayOf(records(10), false);
    const layout = new Layout();
    layout.add(first);
    layout.add('\n');
    const start = layout.add(second.layout.bytes());
    corpus.file('array/two-arrays.json', layout.bytes(), { what: 'two arrays one after another (files joined with cat)', good: 20, problems: [{ what: 'the second array', line: start.line, offset: start.offset }] });
  }
  {
    const elements = records(5);
    elements.splice(2, 0, `{"id":"${corpus.id()}","conversations":[{"from":"human","value":"${'word '.repeat(2_000_000)}"},{"from":"gpt","value":"ok"}]}`);
    const { layout } = arrayOf(elements, false);
    corpus.file('array/huge-element.json', layout.bytes(), { what: 'an array with a 10 MB element', good: 6, problems: [] });
  }
  corpus.file('array/empty-array.json', '[]\n', { what: 'an empty array', good: 0, problems: [] });
  corpus.file('array/unclosed.json', '[', { what: 'only an opening bracket', good: 0, problems: [{ what: 'the unclosed array', whole: true }] });
  {
    const layout = new Layout();
    layout.add('[\n');
    const missing: Place[] = [];
    for (let index = 0; index < 10; index++) {
      const place = layout.add(corpus.record());
      if (index === 4 || index === 5) missing.push(place);
      layout.add(index === 4 ? '\n' : index < 9 ? ',\n' : ',\n]\n');
    }
    corpus.file('array/missing-and-trailing-comma.json', layout.bytes(), { what: 'a missing comma and a trailing comma', good: 10, problems: [{ what: 'the missing comma', line: missing[1].line, offset: missing[1].offset }] });
  }

  // Objects (one, or pretty-printed in sequence).
  {
    const layout = new Layout();
    layout.add(indent(corpus.record()).replace(/\n {2}/g, '\n'));
    corpus.file('object/single-pretty.json', layout.bytes(), { what: 'one pretty-printed record', good: 1, problems: [] });
  }
  {
    const layout = new Layout();
    for (let index = 0; index < 12; index++) layout.add(`${JSON.stringify(JSON.parse(corpus.record()), null, 2)}\n`);
    corpus.file('object/sequence-pretty.json', layout.bytes(), { what: '12 pretty-printed records one after another', good: 12, problems: [] });
  }
  {
    const layout = new Layout();
    const broken: Place[] = [];
    for (let index = 0; index < 12; index++) {
      const text = JSON.stringify(JSON.parse(corpus.record()), null, 2);
      const place = layout.add(`${index === 6 ? text.replace('"from": "gpt"', '"from" "gpt"') : text}\n`);
      if (index === 6) broken.push(place);
    }
    corpus.file('object/sequence-broken.json', layout.bytes(), { what: '12 pretty-printed records, the 7th broken', good: 11, problems: at('the broken record', broken) });
  }
  {
    const layout = new Layout();
    layout.add(`${JSON.stringify(JSON.parse(corpus.record()), null, 2)}\n`);
    const deep = layout.add(`${deepRecordText(random, corpus.id(), 10_000)}\n`);
    layout.add(`${JSON.stringify(JSON.parse(corpus.record()), null, 2)}\n`);
    corpus.file('object/deep-10000.json', layout.bytes(), { what: 'pretty-printed records around one nested 10,000 deep', good: 2, problems: at('the deep record', [deep]) });
  }
  {
    const layout = new Layout();
    const depth = 10_000;
    const deep = layout.add(`${'{\n"a":'.repeat(depth - 1)}{}${'\n}'.repeat(depth - 1)}\n`);
    corpus.file('object/deep-pretty-10000.json', layout.bytes(), { what: 'one pretty-printed object nested 10,000 deep', good: 0, problems: at('the deep object', [deep]) });
  }
  {
    const text = JSON.stringify(JSON.parse(corpus.record()), null, 2);
    corpus.file('object/truncated-pretty.json', text.slice(0, text.length - 20), { what: 'one pretty-printed record, cut', good: 0, problems: [{ what: 'the cut record', line: 1, offset: 0 }] });
  }

  // Containers mixed in one file.
  {
    const { layout } = arrayOf(records(8), true);
    const lines = corpus.goodLines(layout, 8);
    corpus.file('mixed/array-then-lines.json', layout.bytes(), { what: 'JSON Lines appended after a pretty array', good: 16, problems: at('the lines after the array', lines.slice(0, 1)) });
  }
  {
    const layout = new Layout();
    corpus.goodLines(layout, 8);
    const array = layout.add(`[${records(3).join(',')}]\n`);
    corpus.goodLines(layout, 8);
    corpus.file('mixed/lines-with-an-array-line.jsonl', layout.bytes(), { what: 'JSON Lines with one line holding an array of records', good: 16, problems: at('the array line', [array]) });
  }
}
