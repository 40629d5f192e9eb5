/**
 * `agentmix run` exporting, end to end through the spawned CLI on real data (docs/recipe.md, "Running the export"): the same
 * inputs, recipe and seed give byte-identical files and a manifest identical apart from `time` with 1
 * and 2 workers; every format the CLI writes re-reads (with the project's readers) to the records the
 * engine selects, with the same conversations and loss flags, edits included; the summary; exit codes;
 * and a real SIGKILL in the middle of the export leaves every file old or new, never torn.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../electron/engine/engine';
import { outForFormat } from '../../../../electron/engine/export/export-request';
import { recipeFromText } from '../../../../electron/engine/pipeline/load-recipe';
import { exportRequestOf } from '../../../../electron/host/commands/run-export';
import { planExport } from '../../../../electron/engine/export/run-export';
import { exportRecord } from '../../../../shared/export/export-record';
import { formatSpec } from '../../../../shared/export/formats/index';
import { containerOf, EXPORT_FORMATS, exportSettings, validationPathFor, type ExportFormat } from '../../../../shared/export/settings';
import { getFormat } from '../../../../shared/formats/index';
import { trains, type Conversation } from '../../../../shared/schema/conversation';
import { HAVE_SHARED_DATA, REPO_ROOT } from '../../../helpers/data';
import { roundTripProblems } from '../../../helpers/export-essence';
import { writeExportCorpus, type ExportCorpus } from '../engine/export/export-corpus';
import { describeWithData } from '../../../helpers/with-data';

/** Runs `agentmix run` in a child process. */
function agentmix(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'agentmix.mjs'), 'run', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** Every file of a folder, by name. */
function snapshot(folder: string): Map<string, string> {
  return new Map(readdirSync(folder).sort().map((name) => [name, readFileSync(join(folder, name), 'utf8')]));
}

/** A manifest without its `time` field, the one field that differs between identical runs. */
function timeless(text: string): string {
  return text.replace(/\n {2}"time": "[^"]+",\n/, '\n');
}

/** The records of an export file. */
function records(path: string): unknown[] {
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.json')) return JSON.parse(text) as unknown[];
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown);
}

let corpus: ExportCorpus;
const out = () => join(corpus.folder, 'out');

// The sample-recipe tests at the end need no real data; the export corpus is only written when it is there.
beforeAll(() => {
  if (HAVE_SHARED_DATA) corpus = writeExportCorpus();
});

afterAll(() => {
  if (HAVE_SHARED_DATA) rmSync(corpus.folder, { recursive: true, force: true });
});

describeWithData('agentmix run exports', () => {
  let second: ReturnType<typeof agentmix>;

  it('writes byte-identical files with 1 and 2 workers, and a manifest identical apart from the time', () => {
    const first = agentmix(corpus.exportRecipe, '--workers', '1');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const one = snapshot(out());
    rmSync(out(), { recursive: true });
    second = agentmix(corpus.exportRecipe, '--workers', '2');
    expect(second.status).toBe(0);
    const two = snapshot(out());
    expect([...two.keys()]).toEqual(['dataset_info.json', 'mix.json', 'mix.json.axolotl.yaml', 'mix.json.manifest.json', 'mix.validation.json']);
    expect([...one.keys()]).toEqual([...two.keys()]);
    for (const [name, text] of two) {
      if (name.endsWith('.manifest.json')) expect(timeless(text), name).toBe(timeless(one.get(name) ?? ''));
      else expect(text, name).toBe(one.get(name));
    }
    expect(timeless(two.get('mix.json.manifest.json') ?? '')).not.toContain('"time"');
  }, 120_000);

  it('prints the mix, the records per source and task, and each output with its path and size', () => {
    const stdout = second.stdout;
    expect(stdout).toContain('export   sharegpt, η asked 0.2 by records, total 400, seed 7');
    expect(stdout).toMatch(/^train +η = 0\.\d{3} by records \(\d+ agent \+ \d+ general\); 0\.\d{3} by tokens \([\d,]+ agent \+ [\d,]+ general\)$/m);
    expect(stdout).toMatch(/^ {2}agent records down-sampled: 80 of \d+ records drawn with the seed\.$/m);
    expect(stdout).toMatch(/^general-dummy\.parquet \(general\)\n {2}\(no task\) +\d+ \(\+ \d+\) \/ 75$/m);
    expect(stdout).toMatch(/^ {2}edited record [0-9a-f]{8}:webshop_sneakers0_clean_2: edited and accepted by bo/m);
    const manifest = JSON.parse(readFileSync(join(out(), 'mix.json.manifest.json'), 'utf8')) as { outputs: { records: number; bytes: number; sha256: string }[] };
    const [train, validation] = manifest.outputs;
    expect(stdout).toContain(`train          ${join(out(), 'mix.json')}  ${train.records} records, `);
    expect(stdout).toContain(`(${train.bytes.toLocaleString('en-US')} bytes), sha256 ${train.sha256}`);
    expect(stdout).toContain(`validation     ${join(out(), 'mix.validation.json')}  ${validation.records} records, `);
    expect(stdout).toContain(`manifest       ${join(out(), 'mix.json.manifest.json')}`);
    expect(stdout).toContain(`LLaMA-Factory  ${join(out(), 'dataset_info.json')} (dataset "planted_mix", eval_dataset "planted_mix_validation")`);
    expect(stdout).toMatch(/^ {2}LLaMA-Factory \(dataset_info\.json\) does not read per-turn loss flags \(it trains every assistant message\): \d+ turns of this export get a different loss/m);
  });
});

describeWithData('every format written by agentmix run re-reads to the selected records', () => {
  const expected = new Map<string, Conversation>();
  const sourceFormats = new Map<string, string | undefined>();
  let order: { train: string[]; validation: string[] };

  beforeAll(async () => {
    // What the export must hold, from the engine in this process: the sampler's order, and each
    // record as engine.readRecord gives it (the edited ones as the review file holds them).
    const engine = new Engine({ workers: 2 });
    try {
      const result = await engine.runPipeline(await engine.openRecipe(corpus.exportRecipe));
      const { mix } = planExport(result);
      order = { train: mix.trainOrder, validation: mix.validationOrder };
      for (const key of new Set([...mix.trainOrder, ...mix.validationOrder])) {
        const review = result.measured.review.get(result.recordOfKey(key));
        const read = review?.edited === undefined ? null : getFormat('agentinstruct').read(review.edited);
        expected.set(key, read?.ok === true ? read.conversation : (await engine.readRecord(key)).conversation);
        sourceFormats.set(key, result.sourceOf(result.recordOfKey(key)).info.format ?? undefined);
      }
    } finally {
      await engine.dispose();
    }
  }, 120_000);

  it.each(EXPORT_FORMATS.map((format) => [format]))('%s', (format: ExportFormat) => {
    const run = agentmix(corpus.exportRecipe, '--format', format, '--workers', '2');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const trainFile = join(corpus.folder, format === 'sharegpt' ? 'out/mix.json' : outForFormat('out/mix.json', format));
    expect(trainFile.endsWith(containerOf(format) === 'jsonl' ? '.jsonl' : '.json')).toBe(true);
    const edited = expected.get(corpus.review.edited);
    expect(edited?.turns.some((turn) => turn.text === corpus.review.editedText)).toBe(true);
    let masked = 0;
    let maskedBefore = 0;
    for (const [file, keys] of [
      [trainFile, order.train],
      [validationPathFor(trainFile), order.validation],
    ] as const) {
      const written = records(file);
      expect(written, file).toHaveLength(keys.length);
      for (const [index, value] of written.entries()) {
        const original = expected.get(keys[index]);
        if (original === undefined) throw new Error(`no expected record for ${keys[index]}`);
        const record = exportRecord(original, exportSettings.parse({ format }), keys[index], sourceFormats.get(keys[index]));
        if (!record.ok) throw new Error(`${keys[index]}: ${record.message}`);
        expect(value, `${format} ${keys[index]}`).toEqual(JSON.parse(JSON.stringify(record.value)));
        expect(roundTripProblems(format, original, record), `${format} ${keys[index]}`).toEqual([]);
        masked += record.messages.filter((message) => message.side === 'assistant' && !message.trains).length;
        maskedBefore += original.turns.filter((turn) => turn.role === 'assistant' && !trains(turn)).length;
      }
    }
    // The AgentInstruct "Ok." acknowledgements keep loss: false through every format that writes flags.
    if (formatSpec(format).consumers[0].trains === 'flags') {
      expect(masked).toBe(maskedBefore);
      expect(masked).toBeGreaterThan(20);
    }
  }, 120_000);
});

describeWithData('agentmix run export errors', () => {
  it('exits 2 on a bad --format or a bad export field, 1 when the output cannot be written', () => {
    const format = agentmix(corpus.exportRecipe, '--format', 'csv');
    expect(format.status).toBe(2);
    expect(format.stderr).toContain(`--format: expected one of ${EXPORT_FORMATS.join(', ')}, got "csv"`);
    const bad = join(corpus.folder, 'bad-export.recipe.json');
    const recipe = JSON.parse(readFileSync(corpus.exportRecipe, 'utf8')) as Record<string, unknown>;
    writeFileSync(bad, JSON.stringify({ ...recipe, export: { format: 'jsonl' } }));
    const field = agentmix(bad);
    expect(field.status).toBe(2);
    expect(field.stderr).toContain(`${bad}: export.format: expected one of ${EXPORT_FORMATS.map((name) => JSON.stringify(name)).join(', ')}, got "jsonl"`);
    // A folder where the train file should go: the rename fails after the pipeline ran.
    const taken = join(corpus.folder, 'taken.json');
    mkdirSync(taken, { recursive: true });
    const failed = agentmix(corpus.exportRecipe, '--out', taken);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/^agentmix run: the run failed: .*taken\.json/m);
    expect(readdirSync(corpus.folder).filter((name) => name.endsWith('.agentmix-tmp'))).toEqual([]);
  }, 120_000);
});

describeWithData('agentmix run killed in the middle of its export', () => {
  const FILES = ['big.jsonl', 'big.validation.jsonl', 'big.jsonl.manifest.json', 'big.jsonl.axolotl.yaml', 'dataset_info.json'];
  const old = new Map<string, string>();
  const fresh = new Map<string, string>();
  const folder = () => join(corpus.folder, 'big');

  /** A recipe whose export repeats records to `total`, so the export takes long enough to be killed in. */
  function bigRecipe(name: string, seed: number): string {
    const recipe = JSON.parse(readFileSync(corpus.exportRecipe, 'utf8')) as Record<string, unknown>;
    const path = join(corpus.folder, name);
    writeFileSync(
      path,
      JSON.stringify({ ...recipe, mix: { agentShare: 0.2, total: 30_000, upsample: 'both', seed, validation: 0.01 }, export: { format: 'sharegpt-jsonl', out: 'big/big.jsonl' } }),
    );
    return path;
  }

  /** Spawns the CLI with the progress bar on, and SIGKILLs it when the bar first shows the export stage. */
  function runAndKill(recipe: string): Promise<{ signal: NodeJS.Signals | null; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'agentmix.mjs'), 'run', recipe, '--workers', '2'], {
        env: { ...process.env, AGENTMIX_PROGRESS: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        stderr += chunk;
        if (/\rexport \[/.test(stderr)) child.kill('SIGKILL');
      });
      child.on('error', reject);
      child.on('close', (_code, signal) => resolve({ signal, stderr }));
    });
  }

  beforeAll(() => {
    const newRecipe = bigRecipe('big-new.recipe.json', 2);
    expect(agentmix(bigRecipe('big-old.recipe.json', 1), '--workers', '2').status).toBe(0);
    for (const name of FILES) old.set(name, readFileSync(join(folder(), name), 'utf8'));
    cpSync(folder(), join(corpus.folder, 'big-old'), { recursive: true });
    expect(agentmix(newRecipe, '--workers', '2').status).toBe(0);
    for (const name of FILES) fresh.set(name, readFileSync(join(folder(), name), 'utf8'));
    rmSync(folder(), { recursive: true });
    cpSync(join(corpus.folder, 'big-old'), folder(), { recursive: true });
  }, 180_000);

  it('leaves each file as the old export or the new one, never torn, and the next run cleans up', async () => {
    expect(fresh.get('big.jsonl')?.length).toBeGreaterThan(20_000_000);
    expect(fresh.get('big.jsonl')).not.toBe(old.get('big.jsonl'));
    const ended = await runAndKill(join(corpus.folder, 'big-new.recipe.json'));
    expect(ended.signal, ended.stderr).toBe('SIGKILL');
    const states: string[] = [];
    for (const name of FILES) {
      const text = readFileSync(join(folder(), name), 'utf8');
      const isOld = name.endsWith('.manifest.json') ? timeless(text) === timeless(old.get(name) ?? '') : text === old.get(name);
      const isNew = name.endsWith('.manifest.json') ? timeless(text) === timeless(fresh.get(name) ?? '') : text === fresh.get(name);
      expect(isOld || isNew, `${name} is torn`).toBe(true);
      states.push(`${name}: ${isOld ? 'old' : 'new'}`);
    }
    // Killed while records were being written: nothing was renamed yet, and the writer's temporaries are left.
    expect(states.filter((state) => state.endsWith('new') && !state.startsWith('big.jsonl.axolotl') && !state.startsWith('dataset_info'))).toEqual([]);
    expect(readdirSync(folder()).some((name) => name.endsWith('.agentmix-tmp'))).toBe(true);
    const again = agentmix(join(corpus.folder, 'big-new.recipe.json'), '--workers', '2');
    expect(again.status).toBe(0);
    expect(readdirSync(folder()).filter((name) => name.endsWith('.agentmix-tmp'))).toEqual([]);
    expect(readFileSync(join(folder(), 'big.jsonl'), 'utf8')).toBe(fresh.get('big.jsonl'));
  }, 180_000);
});

describe('the sample recipe and the export options', () => {
  it('mixes the demo data at η = 0.2, drops the planted AgentBench leaks, and exports', () => {
    const folder = mkdtempSync(join(tmpdir(), 'agentmix-sample-'));
    try {
      const run = agentmix(join(REPO_ROOT, 'resources', 'samples', 'mix-export.recipe.json'), '--format', 'openai', '--out', join(folder, 'mix.jsonl'));
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^leakage +2 +0 +leakage\.ngram-overlap 2$/m);
      expect(run.stdout).toMatch(/^train +η = 0\.2\d\d by records/m);
      // OpenAI files get no LLaMA-Factory entry (its sharegpt loader reads neither tool_calls nor a tools list): the summary says why.
      expect(readdirSync(folder).sort()).toEqual(['mix.jsonl', 'mix.jsonl.axolotl.yaml', 'mix.jsonl.manifest.json', 'mix.validation.jsonl']);
      expect(run.stdout).toContain("LLaMA-Factory  no entry: LLaMA-Factory's sharegpt loader reads neither tool_calls nor a tools list");
      const manifest = JSON.parse(readFileSync(join(folder, 'mix.jsonl.manifest.json'), 'utf8')) as { mix: { reachable: boolean }; counts: { total: { leaked: number } }; recipe: { export: { out: string; datasetName: string } } };
      expect(manifest.mix.reachable).toBe(true);
      expect(manifest.counts.total.leaked).toBe(2);
      // --out is outside the recipe's folder: recorded absolute; the dataset keeps the recipe's name plus the format.
      expect(manifest.recipe.export).toMatchObject({ out: join(folder, 'mix.jsonl'), datasetName: 'agentmix_mix_openai' });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);

  it('takes --out from the working folder and records it relative to the recipe when it lies inside', () => {
    const loaded = recipeFromText('{"sources": [{"path": "a.json"}], "export": {"format": "agentinstruct", "out": "x/mix.json"}}', join(REPO_ROOT, '.tmp', 'r', 'recipe.json'));
    const inside = join(REPO_ROOT, '.tmp', 'r', 'out', 'mine.json');
    expect(exportRequestOf({ out: relative(process.cwd(), inside), format: null, base: null }, loaded)).toEqual({ export: { out: 'out/mine.json' } });
    expect(exportRequestOf({ out: '/elsewhere/mine.jsonl', format: 'openai', base: null }, loaded)).toEqual({ export: { out: '/elsewhere/mine.jsonl', format: 'openai' } });
    expect(exportRequestOf({ out: null, format: null, base: null }, loaded)).toEqual({ export: {} });
    expect(exportRequestOf({ out: null, format: null, base: 'runs' }, loaded)).toEqual({ export: { base: join(process.cwd(), 'runs') } });
    expect(outForFormat('x/mix.json', 'llama2-chat')).toBe('x/mix.llama2-chat.jsonl');
    expect(outForFormat('x.y/mix', 'sharegpt')).toBe('x.y/mix.sharegpt.json');
  });
});
