import { expect, it } from 'vitest';
import { agentTaskOf, detectAgentTask } from '../../../../shared/filters/task-prompts';
import { agentRecords, fireactRecords, generalRecords } from './real-data';
import { describeWithData } from '../../../helpers/with-data';

describeWithData('detectAgentTask', () => {
  it('recognizes the task of every real AgentInstruct-style record from its first prompt', () => {
    for (const record of agentRecords()) expect(detectAgentTask(record.conversation), `${record.conversation.id}`).toBe(record.context.task);
  });

  it('recognizes no task in FireAct or general records', () => {
    for (const record of [...fireactRecords(), ...generalRecords()]) expect(detectAgentTask(record.conversation)).toBeNull();
  });

  it('prefers the context task, and gives general records none', () => {
    const [record] = agentRecords();
    expect(record.context.task).toBe('os');
    expect(agentTaskOf(record.conversation, { role: 'agent', task: 'db' })).toBe('db');
    expect(agentTaskOf(record.conversation, { role: 'agent', task: 'hotpotqa' })).toBe('os');
    expect(agentTaskOf(record.conversation, { role: 'agent', task: null })).toBe('os');
    expect(agentTaskOf(record.conversation, { role: 'general', task: 'os' })).toBeNull();
  });
});
