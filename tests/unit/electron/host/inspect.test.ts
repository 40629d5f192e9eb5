import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_DIR, REPO_ROOT, dataFile } from '../../../helpers/data';
import { CONVERSATION_FILES, NOT_CONVERSATION_FILES, SOURCE_FACTS } from '../../shared/formats/data-values';
import { itWithData } from '../../../helpers/with-data';

/** Runs `agentmix` as a user would and returns its exit code and output. */
function agentmix(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/agentmix.mjs'), ...args], { encoding: 'utf8', cwd: REPO_ROOT, timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonSource {
  path: string;
  hash: string;
  format: string | null;
  role: string;
  records: number;
  tasks: Record<string, number>;
  turns: { min: number; mean: number; max: number };
  errorCount: number;
  errors: { line: number; offset: number; message: string }[];
  notConversations?: string;
  roleReason: string;
  findings: { kind: string; severity: string; count: number; message: string; examples: { record: number; line: number }[] }[];
  keyed?: boolean;
}

describe('agentmix inspect (end to end)', () => {
  itWithData('reads every conversation file of ../shared/data with the right format and counts and explains the rest', () => {
    const { status, stdout } = agentmix('inspect', DATA_DIR, '--json');
    expect(status).toBe(0);
    const { sources } = JSON.parse(stdout) as { sources: JsonSource[] };
    // Tests name the files they know (the conversation files of data-values.ts); files added to the
    // folder later are read too but only checked for the report's shape.
    const known = new Set(Object.keys(CONVERSATION_FILES).map((file) => dataFile(file)));
    const byPath = (suffix: string): JsonSource => sources.find((source) => source.path.endsWith(suffix)) as JsonSource;
    for (const source of sources) {
      expect(Object.keys(source).slice(0, 10)).toEqual(['path', 'hash', 'format', 'role', 'records', 'tasks', 'turns', 'errorCount', 'errors', 'container']);
      expect(source.hash).toMatch(/^[0-9a-f]{64}$/);
      if (source.format === null) expect(source.notConversations).toBeTruthy();
      if (known.has(source.path)) expect(source.errorCount, source.path).toBe(0);
    }
    expect(sources.filter((source) => known.has(source.path) && source.format !== null)).toHaveLength(known.size);
    // Every file is named by the tables: each conversation file with its format, records and role, each other file explained.
    expect(sources).toHaveLength(Object.keys(SOURCE_FACTS).length + Object.keys(NOT_CONVERSATION_FILES).length);
    for (const [file, fact] of Object.entries(SOURCE_FACTS)) {
      expect(byPath(file), file).toMatchObject({ format: fact.format, records: fact.records, role: fact.role, errorCount: 0 });
      expect(byPath(file).roleReason, file).toBeTruthy();
    }
    for (const [file, { what }] of Object.entries(NOT_CONVERSATION_FILES)) expect(byPath(file).notConversations, file).toContain(what);
    expect(byPath('strategyqa_gpt-3.5_negative.json').findings.map((finding) => [finding.kind, finding.count])).toEqual([
      ['assistant-first', 1256],
      ['repeated-id', 614],
      ['no-turns', 7],
    ]);
    expect(byPath('val_set_200.json')).toMatchObject({ format: 'openai', role: 'agent', records: 200, tasks: { db: 54, alfworld: 39, webshop: 38, kg: 29, os: 23, mind2web: 17 } });
    expect(byPath('dummy_conversation.json')).toMatchObject({ format: 'sharegpt', role: 'general', records: 500, turns: { min: 2, mean: 4, max: 6 } });
    expect(byPath('clean_sneakers_query-attack.json')).toMatchObject({ format: 'agentinstruct', role: 'agent', records: 50, tasks: { webshop: 50 } });
    expect(byPath('hotpotqa.jsonl')).toMatchObject({ format: 'openai', records: 500 });
    expect(byPath('10_ChatGPT_DFS_woFilter_w2.json').notConversations).toMatch(/ToolBench/);
    expect(byPath('human_goals.json').notConversations).toMatch(/WebShop/);
    expect(byPath('dbbench/standard.jsonl').notConversations).toMatch(/AgentBench/);
  });

  itWithData('prints a human report per source', () => {
    const { status, stdout } = agentmix('inspect', dataFile('agentinstruct-adp-samples/agenttuning_os/sample_raw.json'));
    expect(status).toBe(0);
    expect(stdout).toMatch(/hash +sha256:[0-9a-f]{64}/);
    expect(stdout).toMatch(/format +role-content \(JSON array, 20\.5 kB\)/);
    expect(stdout).toMatch(/role +agent/);
    expect(stdout).toMatch(/records +5\n/);
    expect(stdout).toMatch(/tasks +os 5/);
    expect(stdout).toMatch(/turns +min 12, mean 13\.6, max 16/);
    expect(stdout).toMatch(/errors +0/);
  });

  it('reports problems inside files with exit code 0', () => {
    const { status, stdout } = agentmix('inspect', join(REPO_ROOT, 'tests/fixtures/bad-input'), '--json');
    expect(status).toBe(0);
    const { sources } = JSON.parse(stdout) as { sources: JsonSource[] };
    expect(sources).toHaveLength(7);
    for (const source of sources) {
      if (source.path.endsWith('duplicate-id.jsonl')) {
        // A repeated id is one finding with a count, not an error line.
        expect(source.errorCount).toBe(0);
        expect(source.findings).toMatchObject([{ kind: 'repeated-id', count: 1, examples: [{ record: 2, line: 3 }] }]);
        continue;
      }
      expect(source.errorCount).toBe(1);
      expect(source.errors[0].line).toBeGreaterThanOrEqual(1);
      expect(source.errors[0].offset).toBeGreaterThanOrEqual(0);
    }
  });

  itWithData('exits 2 when a path cannot be opened, still reporting the others', () => {
    const { status, stdout, stderr } = agentmix('inspect', join(REPO_ROOT, 'no-such-file.json'), dataFile('eto-sample/sample_raw.json'), '--json');
    expect(status).toBe(2);
    expect(stderr).toMatch(/cannot open .*no-such-file\.json: no such file or folder/);
    expect((JSON.parse(stdout) as { sources: JsonSource[] }).sources).toHaveLength(1);
  });

  itWithData('honours --format and --role, and exits 2 on bad arguments', () => {
    const forced = agentmix('inspect', dataFile('eto-sample/sample_raw.json'), '--json', '--format', 'sharegpt', '--role', 'general');
    expect(forced.status).toBe(0);
    expect((JSON.parse(forced.stdout) as { sources: JsonSource[] }).sources[0]).toMatchObject({ format: 'sharegpt', role: 'general', records: 3 });
    expect(agentmix('inspect', DATA_DIR, '--format', 'csv').status).toBe(2);
    expect(agentmix('inspect', DATA_DIR, '--role', 'judge').status).toBe(2);
    expect(agentmix('inspect').status).toBe(2);
    expect(agentmix('inspect', '--help').status).toBe(0);
  });
});
