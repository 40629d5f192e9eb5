import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { VerdictLine } from '../../../../electron/engine/pipeline/pipeline-result';
import { AGENT_MIX_RECORDS, writeAgentMixRecipe } from '../../../helpers/agent-mix';
import { REPO_ROOT } from '../../../helpers/data';
import { describeWithData } from '../../../helpers/with-data';

/**
 * The mixed agent recipe (tests/helpers/agent-mix.ts) run end to end with `agentmix run`: every
 * record judged, the run outcomes feeding the reward filter, and the tool calls intact in an OpenAI
 * export.
 */
describeWithData('agentmix run on a mix of agent run logs, trajectories and tool-use data', () => {
  let folder: string;
  let lines: VerdictLine[];
  let stdout: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'agentmix-agent-mix-'));
    const recipe = writeAgentMixRecipe(folder);
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'agentmix.mjs'), 'run', recipe, '--verdicts', join(folder, 'verdicts.jsonl'), '--workers', '2'], { encoding: 'utf8', timeout: 240_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    stdout = run.stdout;
    lines = readFileSync(join(folder, 'verdicts.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as VerdictLine);
  }, 240_000);

  const from = (fragment: string): VerdictLine[] => lines.filter((line) => line.source.includes(fragment));

  it('judges every record of every source: 46 + 5 + 5 + 11 + 50', () => {
    expect(lines).toHaveLength(AGENT_MIX_RECORDS);
    expect([from('medagentbench-std'), from('nebius_SWE-agent'), from('agenttuning_kg'), from('sharegpt92k'), from('reason_tool_use')].map((group) => group.length)).toEqual([46, 5, 5, 11, 50]);
    expect(stdout).toMatch(/^records\s+117 from 15 sources$/m);
    for (const line of [...from('medagentbench-std'), ...from('nebius'), ...from('agenttuning_kg'), ...from('reason_tool_use')]) expect(line.role).toBe('agent');
    for (const line of from('sharegpt92k')) expect(line.role).toBe('general');
  });

  it("feeds the runs' outcomes to the reward filter without configuration", () => {
    const failed = from('medagentbench-std').filter((line) => line.reasons.some((reason) => reason.rule === 'reward.below-threshold'));
    expect(failed).toHaveLength(21);
    expect(failed[0].reasons.find((reason) => reason.rule === 'reward.below-threshold')?.message).toBe("reward 0 from field `output.status` (the run's outcome) is below the medagentbench-std threshold 1");
    for (const line of from('medagentbench-std')) expect(line.task).toBe('medagentbench-std');
    for (const line of from('nebius')) expect(line.scores.reward).toBe(1);
  });

  it('exports the kept agent records with their tool calls and results linked, as OpenAI messages', () => {
    const exported = readFileSync(join(folder, 'mix.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { messages: { role: string; tool_calls?: { id: string; function: { name: string; arguments: string } }[]; tool_call_id?: string }[] });
    const kept = lines.filter((line) => line.kept).length;
    expect(exported).toHaveLength(kept);
    const calls = exported.flatMap((record) => record.messages.flatMap((message) => message.tool_calls ?? []));
    // ADP's 65 API actions (all 5 kept) and the tool_call parts of the 48 kept LLaMA-Factory records.
    expect(calls).toHaveLength(124);
    for (const call of calls) expect(() => JSON.parse(call.function.arguments) as unknown, call.function.name).not.toThrow();
    // Every tool result names a call of its record.
    for (const record of exported) {
      const ids = new Set(record.messages.flatMap((message) => (message.tool_calls ?? []).map((call) => call.id)));
      for (const message of record.messages) if (message.role === 'tool' && message.tool_call_id !== undefined) expect(ids.has(message.tool_call_id)).toBe(true);
    }
    // No record carries its source's raw turns (ADP's steps) beside the messages.
    for (const record of exported) expect(Object.keys(record)).not.toContain('content');
  });
});
