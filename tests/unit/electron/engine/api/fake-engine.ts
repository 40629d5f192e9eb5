import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import type { EnginePort, PortPipelineSummary, PortRecipe, PortRecord, PortRow, PortSource, PortVerdict } from '../../../../../electron/engine/api/engine-port';
import type { VerdictSource } from '../../../../../electron/engine/api/verdict-source';
import type { Format } from '../../../../../shared/formats/types';
import type { Conversation, Turn } from '../../../../../shared/schema/conversation';

/**
 * A small stand-in for the engine over real ShareGPT-shaped files (`{id, conversations: [{from,
 * value, loss?}]}` arrays), so the handlers can be tested alone. The real engine is exercised by
 * the integration test and the e2e suite.
 */

const ROLE_OF: Record<string, Turn['role']> = { human: 'user', gpt: 'assistant', system: 'system' };

interface FakeTurn {
  from: string;
  value: string;
  loss?: boolean | null;
}

interface FakeRecord {
  id?: string;
  conversations: FakeTurn[];
}

/** A minimal from/value/loss format, enough to test validation and rewriting. */
export const FAKE_FORMAT: Format = {
  name: 'agentinstruct',
  detect: () => 1,
  read(value) {
    const record = value as FakeRecord;
    if (typeof value !== 'object' || value === null || !Array.isArray(record.conversations)) return { ok: false, message: 'conversations: expected an array' };
    for (const [index, turn] of record.conversations.entries()) {
      if (!(turn.from in ROLE_OF)) return { ok: false, message: `conversations[${index}].from: expected one of human, gpt, system but found ${JSON.stringify(turn.from)}` };
      if (typeof turn.value !== 'string') return { ok: false, message: `conversations[${index}].value: expected a string` };
    }
    return { ok: true, conversation: toConversation(record) };
  },
  write(conversation) {
    const raw = conversation.raw as FakeRecord;
    return { ...raw, conversations: conversation.turns.map((turn) => ({ from: turn.from, value: turn.text, ...(turn.loss === null ? {} : { loss: turn.loss }) })) };
  },
};

function toConversation(record: FakeRecord): Conversation {
  const id = record.id ?? null;
  return {
    id,
    task: id?.match(/^([a-z0-9]+)_/)?.[1] ?? null,
    reward: null,
    turns: record.conversations.map((turn) => ({ role: ROLE_OF[turn.from] ?? 'user', text: turn.value, loss: turn.loss ?? null, from: turn.from })),
    raw: record,
  };
}

type FakeSource = PortSource & { records_: FakeRecord[] };

/** A fake engine holding whole files in memory. */
export class FakeEngine implements EnginePort {
  private sources: FakeSource[] = [];
  private nextSourceId = 0;
  readonly opened: string[][] = [];

  async openSources(paths: string[], options: { role?: 'agent' | 'general' }, events: { onProgress?: (p: { stage: string; done: number; total: number; unit: string }) => void; signal?: AbortSignal }): Promise<PortSource[]> {
    this.opened.push(paths);
    const added: PortSource[] = [];
    for (const [index, path] of paths.entries()) {
      events.signal?.throwIfAborted();
      const text = readFileSync(path, 'utf8');
      const records = JSON.parse(text) as FakeRecord[];
      const hash = createHash('sha256').update(text).digest('hex');
      const tasks: Record<string, number> = {};
      for (const record of records) {
        const task = toConversation(record).task ?? '(none)';
        tasks[task] = (tasks[task] ?? 0) + 1;
      }
      const turns = records.map((record) => record.conversations.length);
      const source = { sourceId: this.nextSourceId++, path, hash, keyPrefix: hash.slice(0, 8), format: 'agentinstruct', role: options.role ?? 'agent', records: records.length, tasks, turns: { min: Math.min(...turns), mean: turns.reduce((a, b) => a + b, 0) / turns.length, max: Math.max(...turns) }, errorCount: 0, errors: [], notice: null, records_: records };
      this.sources.push(source);
      added.push(source);
      events.onProgress?.({ stage: 'index', done: index + 1, total: paths.length, unit: 'files' });
    }
    return added;
  }

  listSources(): PortSource[] {
    return this.sources.map(({ records_: _records, ...source }) => source);
  }

  closeSource(sourceId: number): void {
    this.sources = this.sources.filter((source) => source.sourceId !== sourceId);
  }

  rowCount(): number {
    return this.sources.reduce((sum, source) => sum + source.records_.length, 0);
  }

  private locate(row: number): { source: FakeSource; ordinal: number } {
    let rest = row;
    for (const source of this.sources) {
      if (rest < source.records_.length) return { source, ordinal: rest };
      rest -= source.records_.length;
    }
    throw new RangeError(`row ${row} out of range`);
  }

  row(row: number): PortRow {
    const { source, ordinal } = this.locate(row);
    const record = source.records_[ordinal];
    const conversation = toConversation(record);
    return {
      key: `${source.keyPrefix}:${record.id ?? `#${ordinal}`}`,
      sourceId: source.sourceId,
      ordinal,
      id: conversation.id,
      task: conversation.task,
      turns: conversation.turns.length,
      chars: conversation.turns.reduce((sum, turn) => sum + turn.text.length, 0),
      tokens: null,
      reward: null,
      trained: conversation.turns.filter((turn) => turn.loss === true).length,
      masked: conversation.turns.filter((turn) => turn.loss === false).length,
      firstUserText: conversation.turns.find((turn) => turn.role === 'user')?.text ?? '',
    };
  }

  rowOfKey(key: string): number {
    for (let row = 0; row < this.rowCount(); row++) if (this.row(row).key === key) return row;
    return -1;
  }

  async readRecord(key: string): Promise<PortRecord> {
    for (let row = 0; row < this.rowCount(); row++) {
      if (this.row(row).key !== key) continue;
      const { source, ordinal } = this.locate(row);
      const record = source.records_[ordinal];
      return { key, sourceId: source.sourceId, ordinal, text: JSON.stringify(record), value: record, conversation: toConversation(record) };
    }
    throw new Error(`no record has key ${key}`);
  }

  private recipe: PortRecipe | null = null;
  private judged = new Map<string, PortVerdict>();
  private runs = 0;

  /** Reads `{sources: [{path, role}]}` (paths relative to the file) and opens the sources. */
  async openRecipe(path: string, events: { signal?: AbortSignal }): Promise<PortRecipe> {
    const recipe = JSON.parse(readFileSync(path, 'utf8')) as { description?: string; sources: { path: string; role?: 'agent' | 'general' }[] };
    for (const source of recipe.sources) await this.openSources([resolve(dirname(path), source.path)], { role: source.role }, events);
    this.recipe = { file: path, description: recipe.description ?? null, sources: recipe.sources.length, evalSets: 0 };
    return this.recipe;
  }

  currentRecipe(): PortRecipe | null {
    return this.recipe;
  }

  /** A fake judgment: records with fewer than four turns are dropped, naming their first turn. */
  async runPipeline(): Promise<PortPipelineSummary> {
    if (this.recipe === null) throw new Error('no recipe is open');
    this.judged.clear();
    for (let row = 0; row < this.rowCount(); row++) {
      const summary = this.row(row);
      const kept = summary.turns >= 4;
      this.judged.set(summary.key, { kept, reasons: kept ? [] : [{ stage: 'filter', rule: 'structure.short', message: 'user turn 0 starts a conversation of fewer than 4 turns', turn: 0 }], cluster: null, duplicateOf: null, leakage: null });
    }
    this.runs++;
    const kept = [...this.judged.values()].filter((verdict) => verdict.kept).length;
    return { records: this.judged.size, kept, dropped: this.judged.size - kept, milliseconds: 1 };
  }

  verdictOf(key: string): PortVerdict | null {
    return this.judged.get(key) ?? null;
  }

  get verdicts(): VerdictSource {
    const judged = this.judged;
    const runs = this.runs;
    return {
      version: runs,
      verdictOf: (key) => {
        const verdict = judged.get(key);
        return verdict ? { kept: verdict.kept, reason: verdict.reasons[0]?.message ?? null } : null;
      },
      clusterOf: () => null,
      leakageOf: (key) => (judged.has(key) ? 0 : null),
    };
  }

  async dispose(): Promise<void> {
    this.sources = [];
  }
}
