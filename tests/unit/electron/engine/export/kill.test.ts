/**
 * The export survives a real kill (docs/recipe.md, "Export"): a child process writes a large
 * export from the real data slowly, and is SIGKILLed at chosen moments (mid-write, as the renames
 * start, between renames). Every file must then hold the old export or the complete new one, never
 * a torn file; a manifest is never newer than the outputs it describes; and the next write clears
 * the temporary files the killed writer left.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../../helpers/data';
import { writeExport } from '../../../../../electron/engine/export/write-export';
import { realPlan } from '../../../../fixtures/export/plan';
import { describeWithData } from '../../../../helpers/with-data';

const FILES = ['mix.jsonl', 'mix.validation.jsonl', 'mix.jsonl.manifest.json', 'mix.jsonl.axolotl.yaml', 'dataset_info.json'];
/** The new export: 40 ids per real record (about 15 MB of train file); the old one: 2. */
const NEW_COPIES = 40;
const OLD_COPIES = 2;

let root: string;
const oldFiles = new Map<string, string>();
const newFiles = new Map<string, string>();

async function snapshot(folder: string, into: Map<string, string>): Promise<void> {
  for (const name of FILES) into.set(name, await readFile(join(folder, name), 'utf8'));
}

async function temporaries(folder: string): Promise<string[]> {
  return (await readdir(folder)).filter((name) => name.endsWith('.agentmix-tmp'));
}

/**
 * How the child is stopped: on a stdout line, or not at all. With `stop` the child waits at that
 * line until it is killed (tests/fixtures/export/write-slowly.ts), so the moment is exact.
 */
interface Moment {
  name: string;
  line?: RegExp;
  stop?: string;
}

/** Runs the writer in a child process and SIGKILLs it at the moment; resolves with how it ended. */
function runChild(folder: string, moment: Moment): Promise<{ signal: NodeJS.Signals | null; code: number | null; lines: string[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/run-ts.mjs', 'tests/fixtures/export/write-slowly.ts', folder, String(NEW_COPIES), '20', moment.stop ?? ''], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let stderr = '';
    let buffered = '';
    let triggered = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (!triggered && moment.line?.test(line)) {
          triggered = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ signal, code, lines, stderr }));
  });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'agentmix-kill-'));
  // Both exports are made where the child will write (the Axolotl snippet names its files by absolute path); the old one stays.
  const work = join(root, 'work');
  await writeExport(realPlan(work, NEW_COPIES));
  await snapshot(work, newFiles);
  await writeExport(realPlan(work, OLD_COPIES));
  await snapshot(work, oldFiles);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describeWithData('an export killed at any moment', () => {
  it('differs between the old and the new export in every file that the kill could tear', () => {
    for (const name of ['mix.jsonl', 'mix.validation.jsonl', 'mix.jsonl.manifest.json']) expect(oldFiles.get(name)).not.toBe(newFiles.get(name));
    expect(newFiles.get('mix.jsonl')?.length).toBeGreaterThan(10_000_000);
  });

  const moments: Moment[] = [
    { name: 'early in the train file', line: /^progress 1000$/, stop: 'progress 1000' },
    { name: 'late in the train file', line: /^progress 8000$/, stop: 'progress 8000' },
    { name: 'as the renames start', line: /^committing$/, stop: 'committing' },
    { name: 'after the train file is renamed', line: /^renamed mix\.jsonl$/, stop: 'renamed:mix.jsonl' },
    { name: 'after the validation file is renamed', line: /^renamed mix\.validation\.jsonl$/, stop: 'renamed:mix.validation.jsonl' },
    { name: 'never (the write completes)' },
  ];

  const folder = () => join(root, 'work');
  const outcomes: string[] = [];

  for (const moment of moments) {
    it(`leaves the old export or the new one when killed ${moment.name}`, async () => {
      // The folder holds the old export (from beforeAll, or from the end of the test before).
      const ended = await runChild(folder(), moment);
      if (moment.line === undefined) expect(ended, ended.stderr).toMatchObject({ code: 0, signal: null });
      else expect(ended.signal, `${ended.stderr}\n${ended.lines.join('\n')}`).toBe('SIGKILL');

      // `same` marks side files whose old and new content are equal (the Axolotl snippet, the entry).
      const state: Record<string, 'old' | 'new' | 'same'> = {};
      for (const name of FILES) {
        const text = await readFile(join(folder(), name), 'utf8');
        const old = text === oldFiles.get(name);
        const fresh = text === newFiles.get(name);
        expect(old || fresh, `${name} is torn after a kill ${moment.name}`).toBe(true);
        state[name] = old && fresh ? 'same' : old ? 'old' : 'new';
      }
      // Outputs are renamed before their manifest: a new manifest always sits beside new outputs.
      if (state['mix.jsonl.manifest.json'] === 'new') {
        expect(state['mix.jsonl']).toBe('new');
        expect(state['mix.validation.jsonl']).toBe('new');
      }
      if (moment.line?.source.includes('progress')) expect(Object.values(state).every((which) => which !== 'new'), JSON.stringify(state)).toBe(true);
      if (moment.line === undefined) expect(Object.values(state).every((which) => which !== 'old'), JSON.stringify(state)).toBe(true);
      // Between renames the state is exact: the files renamed so far are new, the manifest still old.
      if (moment.stop === 'committing') expect(Object.values(state).every((which) => which !== 'new'), JSON.stringify(state)).toBe(true);
      if (moment.stop?.startsWith('renamed:')) {
        expect(state['mix.jsonl'], JSON.stringify(state)).toBe('new');
        expect(state['mix.jsonl.manifest.json'], JSON.stringify(state)).toBe('old');
        expect(state['mix.validation.jsonl'], JSON.stringify(state)).toBe(moment.stop.includes('validation') ? 'new' : 'old');
      }
      outcomes.push(`${moment.name}: ${FILES.map((name) => state[name]).join(' ')}; ${(await temporaries(folder())).length} temporary files left`);

      // The next write to the same place clears what the killed writer left and completes.
      await writeExport(realPlan(folder(), OLD_COPIES));
      expect(await temporaries(folder())).toEqual([]);
      for (const name of FILES) expect(await readFile(join(folder(), name), 'utf8'), name).toBe(oldFiles.get(name));
    });
  }

  it('left temporary files behind when killed mid-write (so the clean-up above was tested)', () => {
    expect(outcomes.length).toBe(moments.length);
    expect(outcomes[0]).not.toMatch(/; 0 temporary files left$/);
    console.log(outcomes.join('\n'));
  });
});
