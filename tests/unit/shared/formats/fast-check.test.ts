import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { AGENTINSTRUCT_SCHEMA, isAgentInstructRecord } from '../../../../shared/formats/agentinstruct';
import { FORMAT_NAMES, type FormatName } from '../../../../shared/formats/index';
import { isOpenAiRecord, OPENAI_SCHEMA } from '../../../../shared/formats/openai';
import { isRoleContentRecord, ROLE_CONTENT_SCHEMA } from '../../../../shared/formats/role-content';
import { isShareGptRecord, SHAREGPT_SCHEMA } from '../../../../shared/formats/sharegpt';
import { CONVERSATION_FILES, loadValues } from './data-values';
import { isMutatedFormat, MUTATIONS, NOT_RECORDS, SHAPES, seededRandom } from './mutations';
import { ADP_SCHEMA, isAdpRecord } from '../../../../shared/formats/adp';
import { AGENTBENCH_RUN_SCHEMA, isAgentBenchRun } from '../../../../shared/formats/agentbench-run';
import { ALPACA_SCHEMA, isAlpacaRecord } from '../../../../shared/formats/alpaca';
import { ATIF_SCHEMA, isAtifRecord } from '../../../../shared/formats/atif';
import { DIALOGSTUDIO_SCHEMA, isDialogStudioRecord } from '../../../../shared/formats/dialogstudio';
import { FIREACT_SCHEMA, isFireActRecord } from '../../../../shared/formats/fireact';
import { isLlamaFactoryMessagesRecord, LLAMAFACTORY_MESSAGES_SCHEMA } from '../../../../shared/formats/llamafactory-messages';
import { isSweAgentRecord, SWE_AGENT_SCHEMA } from '../../../../shared/formats/swe-agent';
import { realData } from '../../../helpers/data';
import { itWithData } from '../../../helpers/with-data';

/**
 * The hand-written validity checks must agree with the zod schemas (the spec) on every value: a
 * record the twin accepts but zod refuses would be read without its error. Checked on every real
 * record, on every planted mutation at every turn, and on seeded random damage.
 */
const TWINS: [FormatName, z.ZodType, (value: unknown) => boolean][] = [
  ['agentinstruct', AGENTINSTRUCT_SCHEMA, isAgentInstructRecord],
  ['sharegpt', SHAREGPT_SCHEMA, isShareGptRecord],
  ['role-content', ROLE_CONTENT_SCHEMA, isRoleContentRecord],
  ['openai', OPENAI_SCHEMA, isOpenAiRecord],
  ['llamafactory-messages', LLAMAFACTORY_MESSAGES_SCHEMA, isLlamaFactoryMessagesRecord],
  ['alpaca', ALPACA_SCHEMA, isAlpacaRecord],
  ['agentbench-run', AGENTBENCH_RUN_SCHEMA, isAgentBenchRun],
  ['swe-agent', SWE_AGENT_SCHEMA, isSweAgentRecord],
  ['adp', ADP_SCHEMA, isAdpRecord],
  ['atif', ATIF_SCHEMA, isAtifRecord],
  ['fireact', FIREACT_SCHEMA, isFireActRecord],
  ['dialogstudio', DIALOGSTUDIO_SCHEMA, isDialogStudioRecord],
];

it('has a twin for every format', () => {
  expect(TWINS.map(([name]) => name).sort()).toEqual([...FORMAT_NAMES].sort());
});

function expectAgreement(value: unknown, label: string): void {
  for (const [name, schema, twin] of TWINS) {
    expect(twin(value), `${name}: ${label}`).toBe(schema.safeParse(value).success);
  }
}

/** Values of every JSON type, including the edge cases of each check (-0, empty containers, near-miss strings). */
const REPLACEMENTS: unknown[] = [null, true, false, 0, -0, 1, 0.5, -3, 1e308, '', 'text', 'human', 'gpt', 'user', 'tool', 'function_call', [], [1], ['a'], {}, { type: 'text' }, { type: 'text', text: 'x' }, { type: 'text', value: 'x' }, { type: 'image_url' }, { name: 'f', arguments: '{}' }, { function: { name: 'f', arguments: {} } }];

/** Every path into a value (keys and indexes), for random damage. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return out;
  for (const key of Object.keys(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path);
    paths((value as Record<string, unknown>)[key], path, out);
  }
  return out;
}

function replaceAt(value: unknown, path: (string | number)[], replacement: unknown, remove: boolean): unknown {
  const copy = structuredClone(value);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove && !Array.isArray(parent)) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

describe.each(Object.entries(CONVERSATION_FILES))('%s', (path, formatName) => {
  const format = formatName as FormatName;
  const values = realData(() => loadValues(path) as Record<string, unknown>[]);

  itWithData('agrees on every record as it is', () => {
    for (const value of values) expectAgreement(value, 'real record');
  });

  itWithData('agrees on every mutation at every turn', () => {
    if (!isMutatedFormat(format)) return;
    for (const value of values.slice(0, 20)) {
      // The first 24 turns of each record: a 124-turn ShareGPT record times every mutation times every twin is minutes.
      const turns = Math.min(24, (value[SHAPES[format].container] as unknown[]).length);
      for (const mutation of MUTATIONS) {
        for (let turn = 0; turn < turns; turn++) expectAgreement(mutation.apply(structuredClone(value), turn, format), `${mutation.name} at turn ${turn}`);
      }
    }
  });

  itWithData('agrees on 300 seeded random replacements and removals anywhere in the records', () => {
    const random = seededRandom(path.length);
    for (let trial = 0; trial < 300; trial++) {
      const value = values[Math.floor(random() * values.length)];
      const candidates = paths(value).filter((candidate) => candidate.length < 6);
      const target = candidates[Math.floor(random() * candidates.length)];
      const replacement = REPLACEMENTS[Math.floor(random() * REPLACEMENTS.length)];
      const damaged = replaceAt(value, target, replacement, random() < 0.2);
      expectAgreement(damaged, `${target.join('.')} := ${JSON.stringify(replacement)}`);
    }
  });
});

it('agrees on values that are not records', () => {
  for (const [value] of NOT_RECORDS) expectAgreement(value, JSON.stringify(value));
});
