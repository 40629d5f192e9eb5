import { describe, expect, it } from 'vitest';
import { FORMATS, type Format } from '../../../../shared/formats/index';
import { CONVERSATION_FILES, loadValues } from './data-values';
import { isMutatedFormat, MUTATIONS, NOT_RECORDS, SHAPES, seededRandom, type MutatedFormat } from './mutations';
import { realData } from '../../../helpers/data';
import { describeWithData } from '../../../helpers/with-data';

/** Each planted mutation, on every record of every real file, at a seeded turn. */
describeWithData.each(Object.entries(CONVERSATION_FILES).filter(([, format]) => isMutatedFormat(format)))('%s', (path, formatName) => {
  const format = FORMATS[formatName] as Format & { name: MutatedFormat };
  const values = realData(() => loadValues(path) as Record<string, unknown>[]);
  const applicable = MUTATIONS.filter((mutation) => mutation.formats === undefined || mutation.formats.includes(format.name));

  it.each(applicable.map((mutation) => [mutation.name, mutation] as const))('%s', (_name, mutation) => {
    const random = seededRandom(values.length);
    for (const value of values) {
      const turns = (value[SHAPES[format.name].container] as unknown[]).length;
      if (turns === 0) continue; // NAT's empty conversations: no turn to plant a change in
      const turn = Math.floor(random() * turns);
      const result = format.read(mutation.apply(structuredClone(value), turn, format.name));
      if (mutation.expected === null) {
        expect(result.ok, result.ok ? '' : result.message).toBe(true);
      } else {
        expect(result).toEqual({ ok: false, message: mutation.expected(turn, format.name) });
      }
    }
  });
});

describe.each(Object.values(FORMATS).map((format) => [format.name, format] as const))('%s on values that are not records', (_name, format) => {
  it.each(NOT_RECORDS.map(([value, message]) => [JSON.stringify(value), value, message] as const))('%s', (_label, value, message) => {
    expect(format.read(value)).toEqual({ ok: false, message });
  });
});
