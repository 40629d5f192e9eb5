import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitTurnSections } from '../../../../../renderer/src/features/viewer/turn-sections';
import { splitCodeBlocks } from '../../../../../renderer/src/features/viewer/text-blocks';
import { join } from 'node:path';
import { dataFile, REPO_ROOT } from '../../../../helpers/data';
import { itWithData } from '../../../../helpers/with-data';

interface RoleContent {
  id: string;
  conversations: { role: string; content: string }[];
}

const TASKS = ['os', 'db', 'alfworld', 'webshop', 'kg', 'mind2web'];

interface AgentInstruct {
  id: string;
  conversations: { from: string; value: string; loss: boolean | null }[];
}

describe('splitTurnSections on the demo trajectories', () => {
  const records = JSON.parse(readFileSync(join(REPO_ROOT, 'resources/samples/agent/agentinstruct.json'), 'utf8')) as AgentInstruct[];

  it.each(TASKS)('splits every trained %s agent turn of the clean demo records into its sections, an action among them', (task) => {
    let agentTurns = 0;
    for (const record of records.filter((candidate) => new RegExp(`^${task}_\\d+$`).test(candidate.id))) {
      record.conversations.forEach((turn, index) => {
        if (turn.from !== 'gpt' || turn.loss !== true) return;
        agentTurns++;
        const sections = splitTurnSections(turn.value, task, record.conversations[index - 1]?.value ?? '');
        expect(sections, `${record.id} turn ${index}`).not.toBeNull();
        expect(sections?.some((section) => section.kind === 'action' || section.kind === 'answer'), `${record.id} turn ${index}`).toBe(true);
      });
    }
    expect(agentTurns).toBeGreaterThan(0);
  });

  it('leaves the malformed demo turn whole', () => {
    const malformed = records.find((record) => record.id === 'alfworld_malformed_1') as AgentInstruct;
    const prose = malformed.conversations.find((turn) => turn.from === 'gpt' && turn.loss === true && !turn.value.includes('ACTION:'));
    expect(prose).toBeDefined();
    expect(splitTurnSections(prose?.value ?? '', 'alfworld')).toBeNull();
  });
});

describe('splitTurnSections on real AgentInstruct trajectories', () => {
  itWithData.each(TASKS)('splits most %s agent turns into a thought and an action', (task) => {
    const records = JSON.parse(readFileSync(dataFile(`agentinstruct-adp-samples/agenttuning_${task}/sample_raw.json`), 'utf8')) as RoleContent[];
    let split = 0;
    let agentTurns = 0;
    for (const record of records) {
      record.conversations.forEach((turn, index) => {
        if (turn.role !== 'assistant' || (index < 2 && task !== 'mind2web')) return; // skip the acknowledgement of the task prompt
        agentTurns++;
        const sections = splitTurnSections(turn.content, task, record.conversations[index - 1]?.content ?? '');
        if (sections === null) return;
        split++;
        expect(sections.some((section) => section.kind === 'action' || section.kind === 'answer')).toBe(true);
        // The sections hold the turn's words, in order, and nothing else.
        const words = (value: string) => value.replace(/\s+/g, '');
        expect(words(turn.content)).toContain(words(sections.map((section) => section.text).join('')).slice(0, 20));
      });
    }
    expect(agentTurns).toBeGreaterThan(0);
    expect(split / agentTurns).toBeGreaterThan(0.6);
  });

  itWithData('shows the webshop acknowledgement whole and splits the real turns', () => {
    const records = JSON.parse(readFileSync(dataFile('webshop-agentinstruct-style-clean/clean_sneakers_query-attack.json'), 'utf8')) as { conversations: { from: string; value: string }[] }[];
    const turns = records[0].conversations;
    expect(splitTurnSections(turns[1].value, 'webshop')).toBeNull();
    const sections = splitTurnSections(turns[3].value, 'webshop', turns[2].value);
    expect(sections?.map((section) => section.kind)).toEqual(['thought', 'action']);
    expect(sections?.[1].text).toMatch(/^search\[/);
  });

  it('leaves a malformed turn and a chat turn whole', () => {
    expect(splitTurnSections('Think: I will list files.\nAct: dance', 'os')).toBeNull();
    expect(splitTurnSections('Sure! Here is a poem.', null)).toBeNull();
    expect(splitTurnSections('Action: click[x]', null)).toBeNull();
  });

  it('splits ReAct turns of data without a task grammar', () => {
    expect(splitTurnSections('Thought: I need to search Badr Hari.\nAction: search[Badr Hari]', null)).toEqual([
      { kind: 'thought', label: 'Thought', text: 'I need to search Badr Hari.' },
      { kind: 'action', label: 'Action', text: 'search[Badr Hari]' },
    ]);
  });

  it('keeps a db turn\'s prose before the action as its thought, with the sql block', () => {
    const text = 'I should count the rows.\nAction: Operation\n```sql\nSELECT COUNT(*) FROM `t`;\n```';
    const sections = splitTurnSections(text, 'db');
    expect(sections?.map((section) => [section.kind, section.label])).toEqual([['thought', 'Thought'], ['action', 'Action']]);
    expect(splitCodeBlocks(sections![1].text)).toEqual([{ kind: 'text', text: 'Operation' }, { kind: 'code', language: 'sql', text: 'SELECT COUNT(*) FROM `t`;' }]);
  });
});

describe('splitCodeBlocks', () => {
  it('separates prose and fenced code, keeping text as text', () => {
    expect(splitCodeBlocks('Run this:\n```bash\nls -la <dir>\n```\nDone <img src=x onerror=alert(1)>')).toEqual([
      { kind: 'text', text: 'Run this:' },
      { kind: 'code', language: 'bash', text: 'ls -la <dir>' },
      { kind: 'text', text: 'Done <img src=x onerror=alert(1)>' },
    ]);
  });

  it('runs an unclosed fence to the end and keeps plain text whole', () => {
    expect(splitCodeBlocks('a\n```\ncode')).toEqual([{ kind: 'text', text: 'a' }, { kind: 'code', language: '', text: 'code' }]);
    expect(splitCodeBlocks('just text\nover lines')).toEqual([{ kind: 'text', text: 'just text\nover lines' }]);
  });
});
