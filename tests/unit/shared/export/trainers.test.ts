/**
 * Every export format, on the hand-written cases (trainer-cases.ts, no ../shared/data needed): each
 * record is written from the normalized model, passes the checker of every trainer the format names
 * (with the side files the export writes), and each trainer's per-turn loss decisions differ from the
 * source's only as documented: nowhere for a trainer that reads the flags (but where turns with
 * different flags were joined), and exactly as counted for one that does not.
 */
import { describe, expect, it } from 'vitest';
import { axolotlSnippet } from '../../../../shared/export/axolotl';
import { exportRecord } from '../../../../shared/export/export-record';
import type { ExportTraits, WrittenRecord } from '../../../../shared/export/format-spec';
import { EXPORT_FORMAT_SPECS, formatSpec } from '../../../../shared/export/formats/index';
import { v1DatasetYaml } from '../../../../shared/export/formats/yaml';
import { LossCounter } from '../../../../shared/export/loss-report';
import { exportSettings, EXPORT_FORMATS, type ExportFormat } from '../../../../shared/export/settings';
import { trains } from '../../../../shared/schema/conversation';
import { checkColumns, LOADS_THROUGH_DATASETS, lossDifferences, TRAINER_CHECKS, type ExportFiles } from '../../../checkers/by-format';
import { trainerCases } from './trainer-cases';

const cases = trainerCases();

/** The side files the export would write for these records, in memory. */
function sideFiles(format: ExportFormat, traits: ExportTraits): ExportFiles {
  const spec = formatSpec(format);
  const files: ExportFiles = {};
  const file = `/data/mix.${spec.container === 'jsonl' ? 'jsonl' : 'json'}`;
  if ('kind' in spec.llamaFactory) {
    if (spec.llamaFactory.kind === 'json') files.datasetInfo = { file: { mix: spec.llamaFactory.entry('mix.json', traits) }, name: 'mix' };
    else files.llamaFactoryYaml = v1DatasetYaml('mix', spec.llamaFactory.entry(file, traits), 'mix.jsonl');
  }
  files.axolotl = axolotlSnippet({ format, path: file }) ?? undefined;
  return files;
}

describe('every export format passes its trainers\' checks on the hand-written cases', () => {
  for (const format of EXPORT_FORMATS) {
    it(format, () => {
      const settings = exportSettings.parse({ format });
      const written: { record: WrittenRecord; trains: boolean[] }[] = [];
      for (const entry of cases) {
        const result = exportRecord(entry.conversation, settings, entry.key, entry.format);
        const refused = entry.refusedBy === 'all' || (entry.refusedBy ?? []).includes(format);
        expect(result.ok, `${format}: ${entry.name}${result.ok ? '' : `: ${result.message}`}`).toBe(!refused);
        if (result.ok) written.push({ record: { ...result, value: JSON.parse(JSON.stringify(result.value)) as unknown }, trains: entry.conversation.turns.map(trains) });
      }
      const traits = { hasSystem: written.some(({ record }) => record.hasSystem), hasTools: written.some(({ record }) => record.hasTools) };
      if (LOADS_THROUGH_DATASETS[format]) expect(checkColumns(written.map(({ record }) => record.value))).toEqual([]);
      const spec = formatSpec(format);
      const trainers = TRAINER_CHECKS[format](sideFiles(format, traits));
      expect(trainers.map((trainer) => trainer.name)).toEqual(spec.consumers.map((consumer) => consumer.name));
      for (const [index, trainer] of trainers.entries()) {
        if ('problems' in trainer) throw new Error(`${format}, ${trainer.name}: ${trainer.problems.join('; ')}`);
        const consumer = spec.consumers[index];
        for (const { record, trains: sourceTrains } of written) {
          const checked = trainer.check(record.value);
          if (!checked.ok) throw new Error(`${format}, ${trainer.name} refuses ${JSON.stringify(record.value).slice(0, 200)}: ${checked.reasons.join('; ')}`);
          const counter = new LossCounter(spec);
          counter.add(record.messages, sourceTrains);
          const expected = consumer.trains === 'flags' ? (record.conversions['loss-merged'] ?? 0) : (counter.report().find((entry) => entry.trainer === consumer.name)?.turns ?? 0);
          expect(lossDifferences(checked, record.messages, sourceTrains), `${format}, ${trainer.name}`).toBe(expected);
        }
      }
    });
  }

  it('names, for every trainer that ignores loss flags, a format that keeps them', () => {
    for (const spec of Object.values(EXPORT_FORMAT_SPECS)) {
      for (const consumer of spec.consumers) {
        if (consumer.trains === 'flags') continue;
        expect(EXPORT_FORMATS as readonly string[]).toContain(consumer.keep);
        expect(formatSpec(consumer.keep as ExportFormat).consumers[0].trains).toBe('flags');
      }
    }
  });
});

describe('what a format cannot hold is converted by a rule and counted', () => {
  const byName = (name: string) => {
    const found = cases.find((entry) => entry.name.startsWith(name));
    if (found === undefined) throw new Error(name);
    return found;
  };
  const write = (format: ExportFormat, name: string) => {
    const entry = byName(name);
    const result = exportRecord(entry.conversation, exportSettings.parse({ format }), entry.key, entry.format);
    if (!result.ok) throw new Error(result.message);
    return result;
  };

  it('drops a leading assistant turn, empty and trailing turns, and joins turns on one side', () => {
    const sharegpt = write('sharegpt', 'ShareGPT opening with the assistant');
    // The ShareGPT reader already drops the leading assistant turn (FastChat's repair, docs/formats.md).
    expect(sharegpt.conversions).toEqual({ 'empty-turns-dropped': 1, 'trailing-user-dropped': 2, 'turns-merged': 2 });
    expect((sharegpt.value as { conversations: { from: string; value: string }[] }).conversations).toEqual([
      { from: 'human', value: 'A walk on the moor.\nAbout three hours, please.' },
      { from: 'gpt', value: 'Start at the car park, follow the leat north, and return along the ridge: about 11 km.' },
    ]);
    expect(write('fastchat', 'ShareGPT opening with the assistant').conversions['trailing-user-dropped']).toBe(2);
  });

  it('keeps tool calls as function_call turns where the format has them, and writes them as text where it has not', () => {
    const sharegpt = write('sharegpt', 'ShareGPT with a system column') as WrittenRecord;
    expect(sharegpt.value).toMatchObject({ system: 'You plan trips along the coast. Use the tools when they help.', conversations: [{ from: 'human' }, { from: 'function_call' }, { from: 'observation' }, { from: 'gpt' }] });
    expect(JSON.parse((sharegpt.value as { tools: string }).tools)).toHaveLength(2);
    const agent = write('agentinstruct', 'ShareGPT with a system column');
    expect(agent.conversions).toMatchObject({ 'system-into-first-user': 1, 'tool-calls-as-text': 1, 'tool-results-as-user': 1, 'tools-dropped': 1 });
    const first = (agent.value as { conversations: { value: string }[] }).conversations[0].value;
    expect(first).toBe('You plan trips along the coast. Use the tools when they help.\n\nWill it rain in Porthleven on Saturday?');
  });

  it('writes OpenAI tool calls with their ids, makes ids for calls without one, and answers results by id', () => {
    const parallel = write('openai', 'OpenAI messages with parallel tool calls').value as { messages: Record<string, unknown>[]; tools: unknown[] };
    expect(parallel.messages.map((message) => message.tool_call_id ?? (message.tool_calls as { id: string }[] | undefined)?.map((call) => call.id) ?? message.role)).toEqual([
      'system',
      'user',
      'assistant',
      ['call_tide', 'call_wind'],
      'call_tide',
      'call_wind',
      'assistant',
    ]);
    expect(parallel.messages[2]).toEqual({ role: 'assistant', content: 'Let me look both up.', weight: 0 });
    expect(parallel.tools).toHaveLength(2);
    const odd = write('openai', 'OpenAI with a tool call whose arguments are not JSON');
    expect(odd.conversions).toMatchObject({ 'tool-call-arguments-as-text': 1, 'tool-result-as-user-message': 2 });
  });

  it('writes LLaMA-Factory v1 parts with reasoning and loss weights', () => {
    const v1 = write('llamafactory-messages', 'LLaMA-Factory v1 messages').value as { messages: { role: string; content: { type: string }[]; loss_weight: number }[] };
    expect(v1.messages.map((message) => [message.role, message.content.map((part) => part.type), message.loss_weight])).toEqual([
      ['user', ['text'], 0],
      ['assistant', ['reasoning', 'text'], 1],
      ['user', ['text'], 0],
    ]);
  });
});
