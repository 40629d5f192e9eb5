import { describe, expect, it } from 'vitest';
import { exportRequestOf } from '../../../../../electron/engine/api/export-handlers';

describe('exportRequestOf (export dialog settings over the recipe)', () => {
  it('leaves out what the dialog leaves out, so the recipe\'s values stay', () => {
    expect(exportRequestOf({}, {})).toEqual({ export: {}, mix: {} });
  });

  it('maps η, unit, seed, validation, format and output path', () => {
    expect(exportRequestOf({ agentShare: 0.2, by: 'tokens', seed: 7, validation: 0.05, format: 'openai', out: '/tmp/mix.jsonl' }, {})).toEqual({
      export: { format: 'openai', out: '/tmp/mix.jsonl' },
      mix: { agentShare: 0.2, by: 'tokens', seed: 7, validation: 0.05 },
    });
  });

  it('a null total means "as many as η allows"', () => {
    expect(exportRequestOf({ total: null }, {}).mix).toEqual({ total: undefined });
    expect(exportRequestOf({ total: 1000 }, {}).mix).toEqual({ total: 1000 });
  });

  it('joins per-task caps with the recipe\'s task weights without changing the recipe', () => {
    const recipeTasks = { os: { weight: 2 }, db: { cap: 10 } };
    const request = exportRequestOf({ caps: { os: 5, kg: 0 } }, recipeTasks);
    expect(request.mix?.tasks).toEqual({ os: { weight: 2, cap: 5 }, db: { cap: 10 }, kg: { cap: 0 } });
    expect(recipeTasks).toEqual({ os: { weight: 2 }, db: { cap: 10 } });
  });
});
