import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FileAccessError } from '../../../../../electron/engine/access/access-error';
import { FileAccess, type Grant } from '../../../../../electron/engine/access/file-access';
import { readSmallFile } from '../../../../../electron/engine/access/read-small-file';
import { checkExportTargets, checkRecipeTarget, checkReviewTarget } from '../../../../../electron/engine/access/write-targets';

/** A review line as the API writes them. */
const REVIEW_LINE = JSON.stringify({ key: 'abcd1234:r1', decision: 'accept', by: 'ana', at: '2024-05-01T10:00:00Z' });

/** Rejects with a FileAccessError of this code (and message). */
async function refused(promise: Promise<unknown>, code: FileAccessError['code'], message?: RegExp): Promise<FileAccessError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FileAccessError);
  expect((error as FileAccessError).code).toBe(code);
  if (message) expect((error as FileAccessError).message).toMatch(message);
  return error as FileAccessError;
}

let root: string;
let allowed: string;
let outside: string;
let access: FileAccess;
let announced: Grant[];

beforeEach(async () => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'agentmix-access-')));
  allowed = join(root, 'allowed');
  outside = join(root, 'outside');
  mkdirSync(allowed);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.json'), '[{"id": "secret"}]');
  announced = [];
  access = new FileAccess({ uiGrants: true, folders: [allowed], home: join(root, 'home'), onGrant: (grant) => announced.push(grant) });
  access.announce();
});

describe('reads', () => {
  it('allows files and folders inside the allowed folders, by real path', async () => {
    writeFileSync(join(allowed, 'a.jsonl'), '{}\n');
    await expect(access.checkRead(join(allowed, 'a.jsonl'), 'shard')).resolves.toEqual({ real: join(allowed, 'a.jsonl'), type: 'file' });
    await expect(access.checkRead(allowed, 'shard')).resolves.toEqual({ real: allowed, type: 'folder' });
  });

  it('refuses paths outside, `..` escapes and links pointing out, naming the real path', async () => {
    const direct = await refused(access.checkRead(join(outside, 'secret.json'), 'shard'), 'forbidden', /outside the folders this server may read/);
    expect(direct.denied).toEqual([join(outside, 'secret.json')]);
    await refused(access.checkRead(`${allowed}/../outside/secret.json`, 'shard'), 'forbidden');
    await refused(access.checkRead('/etc/passwd', 'shard'), 'forbidden');
    symlinkSync(join(outside, 'secret.json'), join(allowed, 'link.json'));
    const linked = await refused(access.checkRead(join(allowed, 'link.json'), 'shard'), 'forbidden', /really .*outside\/secret\.json/);
    expect(linked.denied).toEqual([join(outside, 'secret.json')]);
    // `link/..` is resolved as the kernel does (through the link), not folded away lexically.
    symlinkSync(join(outside), join(allowed, 'door'));
    writeFileSync(join(root, 'top.json'), '[]');
    await refused(access.checkRead(`${allowed}/door/../top.json`, 'shard'), 'forbidden');
  });

  it('refuses a folder holding a link out, and names the link', async () => {
    const folder = join(allowed, 'shards');
    mkdirSync(folder);
    writeFileSync(join(folder, 'good.jsonl'), '{}\n');
    symlinkSync(join(outside, 'secret.json'), join(folder, 'leak.json'));
    await refused(access.checkRead(folder, 'shard'), 'forbidden', /leak\.json links to .*secret\.json, outside the allowed folders/);
  });

  it('grants the link targets of a folder named on the command line (a Hugging Face snapshot)', async () => {
    const repo = join(root, 'hub/datasets--x');
    mkdirSync(join(repo, 'blobs'), { recursive: true });
    mkdirSync(join(repo, 'snapshots/abc'), { recursive: true });
    writeFileSync(join(repo, 'blobs/0f3a'), '{"id": 1}\n');
    symlinkSync('../../blobs/0f3a', join(repo, 'snapshots/abc/train.jsonl'));
    await refused(access.checkRead(join(repo, 'snapshots/abc'), 'shard'), 'forbidden');
    await access.grant(join(repo, 'snapshots/abc'), 'command line');
    await expect(access.checkRead(join(repo, 'snapshots/abc'), 'shard')).resolves.toMatchObject({ type: 'folder' });
    await expect(access.checkRead(join(repo, 'snapshots/abc/train.jsonl'), 'shard')).resolves.toMatchObject({ real: join(repo, 'blobs/0f3a') });
    // Read only: a linked target is never a write target.
    await refused(access.checkWrite(join(repo, 'blobs/0f3a'), 'review file'), 'forbidden');
  });

  it('refuses FIFOs and devices, and reads small files only up to their cap', async () => {
    await refused(access.grant('/dev/zero', 'test'), 'bad-request', /not a file or a folder/);
    await refused(readSmallFile('/dev/zero', 1024, 'review file'), 'bad-request', /not a regular file/);
    if (process.platform !== 'win32') {
      const fifo = join(allowed, 'pipe.jsonl');
      execFileSync('mkfifo', [fifo]);
      await refused(access.checkRead(fifo, 'review file'), 'bad-request', /FIFO, socket or device/);
      // Opened non-blocking: a FIFO with no writer does not hang the read.
      await refused(readSmallFile(fifo, 1024, 'review file'), 'bad-request', /not a regular file/);
    }
    writeFileSync(join(allowed, 'big.jsonl'), 'x'.repeat(2048));
    await refused(readSmallFile(join(allowed, 'big.jsonl'), 1024, 'review file'), 'bad-request', /2,048 bytes, over the 1,024/);
  });
});

describe('writes', () => {
  it('writes a new review file only inside an allowed folder, under a review name, never hidden', async () => {
    await expect(checkReviewTarget(access, join(allowed, 'review.jsonl'), 1)).resolves.toBe(join(allowed, 'review.jsonl'));
    await expect(checkReviewTarget(access, join(allowed, 'new/sub/review.jsonl'), 1)).resolves.toBe(join(allowed, 'new/sub/review.jsonl'));
    await refused(checkReviewTarget(access, join(outside, 'review.jsonl'), 1), 'forbidden');
    await refused(checkReviewTarget(access, `${allowed}/../outside/review.jsonl`, 1), 'forbidden');
    await refused(checkReviewTarget(access, join(allowed, '.bashrc'), 1), 'forbidden', /never writes a hidden file/);
    await refused(checkReviewTarget(access, join(allowed, 'run.sh'), 1), 'bad-request', /must end in \.jsonl/);
  });

  it('replaces a review file only with a review file, and never with an empty review', async () => {
    writeFileSync(join(allowed, 'old.jsonl'), `${REVIEW_LINE}\n`);
    await expect(checkReviewTarget(access, join(allowed, 'old.jsonl'), 3)).resolves.toBe(join(allowed, 'old.jsonl'));
    await refused(checkReviewTarget(access, join(allowed, 'old.jsonl'), 0), 'bad-request', /holds 1 decisions and this review has none/);
    writeFileSync(join(allowed, 'notes.jsonl'), 'export PATH=$PATH\n');
    const error = await refused(checkReviewTarget(access, join(allowed, 'notes.jsonl'), 1), 'forbidden', /not a review file/);
    expect(error.message).not.toContain('PATH');
    writeFileSync(join(allowed, 'empty.jsonl'), '');
    await expect(checkReviewTarget(access, join(allowed, 'empty.jsonl'), 0)).resolves.toBe(join(allowed, 'empty.jsonl'));
  });

  it('never writes through or over a link, a folder or a FIFO', async () => {
    symlinkSync(join(outside, 'secret.json'), join(allowed, 'link.jsonl'));
    await refused(checkReviewTarget(access, join(allowed, 'link.jsonl'), 1), 'forbidden', /symbolic link/);
    symlinkSync(outside, join(allowed, 'door'));
    await refused(checkReviewTarget(access, join(allowed, 'door/review.jsonl'), 1), 'forbidden');
    mkdirSync(join(allowed, 'folder.jsonl'));
    await refused(checkReviewTarget(access, join(allowed, 'folder.jsonl'), 1), 'bad-request', /is a folder/);
  });

  it('never writes into a hidden folder of an allowed folder (an editor runs its tasks from there), unless that folder is allowed itself', async () => {
    mkdirSync(join(allowed, '.vscode'));
    await refused(checkReviewTarget(access, join(allowed, '.vscode/tasks.json'), 1), 'forbidden', /inside the hidden folder .*\.vscode; AgentMix never writes into hidden folders/);
    await refused(checkRecipeTarget(access, join(allowed, 'sub/.devcontainer/devcontainer.json')), 'forbidden', /hidden folder .*sub\/\.devcontainer/);
    await refused(checkExportTargets(access, { out: join(allowed, '.git/mix.json'), validationOut: null, llamaFactory: null, axolotl: false }), 'forbidden', /hidden folder/);
    await access.grant(join(allowed, '.vscode'), '--allow', 'folder');
    await expect(checkReviewTarget(access, join(allowed, '.vscode/review.jsonl'), 1)).resolves.toBe(join(allowed, '.vscode/review.jsonl'));
    // A hidden allowed folder itself (a data folder under ~/.config) is written as any other.
    const data = join(root, '.config', 'agentmix');
    mkdirSync(data, { recursive: true });
    const inHidden = new FileAccess({ uiGrants: false, folders: [data], home: join(root, 'home') });
    await expect(checkReviewTarget(inHidden, join(data, 'review.jsonl'), 1)).resolves.toBe(join(data, 'review.jsonl'));
  });

  it('replaces a recipe only with a recipe', async () => {
    writeFileSync(join(allowed, 'package.json'), '{"name": "x"}');
    await refused(checkRecipeTarget(access, join(allowed, 'package.json')), 'forbidden', /not a recipe/);
    writeFileSync(join(allowed, 'mix.recipe.json'), '{"sources": []}');
    await expect(checkRecipeTarget(access, join(allowed, 'mix.recipe.json'))).resolves.toBe(join(allowed, 'mix.recipe.json'));
    await refused(checkRecipeTarget(access, join(allowed, 'recipe.txt')), 'bad-request', /must end in \.json/);
  });

  it('replaces an export only when its manifest lists it', async () => {
    const targets = { out: join(allowed, 'mix.json'), validationOut: null, llamaFactory: 'json' as const, axolotl: true };
    await expect(checkExportTargets(access, targets)).resolves.toBeUndefined();
    writeFileSync(join(allowed, 'mix.json'), '[]');
    await refused(checkExportTargets(access, targets), 'forbidden', /no AgentMix manifest beside it describes/);
    writeFileSync(join(allowed, 'mix.json.manifest.json'), '{"not": "a manifest"}');
    await refused(checkExportTargets(access, targets), 'forbidden', /not an AgentMix manifest/);
    writeFileSync(join(allowed, 'mix.json.manifest.json'), JSON.stringify({ app: { name: 'agentmix-studio' }, outputs: [{ path: 'mix.json' }], extras: { axolotl: 'mix.json.axolotl.yaml' } }));
    writeFileSync(join(allowed, 'mix.json.axolotl.yaml'), 'datasets: []\n');
    await expect(checkExportTargets(access, targets)).resolves.toBeUndefined();
    writeFileSync(join(allowed, 'dataset_info.json'), '[1, 2]');
    await refused(checkExportTargets(access, targets), 'forbidden', /dataset_info\.json .*not a JSON object/);
    await refused(checkExportTargets(access, { ...targets, out: join(outside, 'mix.json') }), 'forbidden');
  });

  it('replaces a LLaMA-Factory v1 dataset config only when the manifest lists it', async () => {
    const targets = { out: join(allowed, 'v1.jsonl'), validationOut: join(allowed, 'v1.validation.jsonl'), llamaFactory: 'v1-yaml' as const, axolotl: false };
    await expect(checkExportTargets(access, targets)).resolves.toBeUndefined();
    writeFileSync(join(allowed, 'v1.validation.jsonl.llamafactory.yaml'), 'run: rm -rf ~\n');
    await refused(checkExportTargets(access, targets), 'forbidden', /LLaMA-Factory dataset config .*v1\.validation\.jsonl\.llamafactory\.yaml: a file is there that no AgentMix manifest lists/);
    const manifest = { app: { name: 'agentmix-studio' }, outputs: [{ path: 'v1.jsonl' }, { path: 'v1.validation.jsonl' }], extras: { llamaFactory: ['v1.jsonl.llamafactory.yaml', 'v1.validation.jsonl.llamafactory.yaml'] } };
    writeFileSync(join(allowed, 'v1.jsonl.manifest.json'), JSON.stringify(manifest));
    await expect(checkExportTargets(access, targets)).resolves.toBeUndefined();
  });
});

describe('widening the set', () => {
  it('adds a folder the browser asks for, and tells the host', async () => {
    const grant = await access.allowFromUi(join(outside, 'secret.json'));
    expect(grant).toMatchObject({ path: outside, scope: 'folder', reason: 'browser' });
    expect(announced).toEqual([grant]);
    await expect(access.checkRead(join(outside, 'secret.json'), 'shard')).resolves.toMatchObject({ type: 'file' });
  });

  it('refuses the root, the home folder and what holds it, system folders and hidden home folders', async () => {
    const home = join(root, 'home');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    mkdirSync(join(home, '.cache/huggingface/hub'), { recursive: true });
    mkdirSync(join(home, 'data'), { recursive: true });
    await refused(access.allowFromUi('/'), 'forbidden', /root of the file system/);
    await refused(access.allowFromUi(home), 'forbidden', /home folder/);
    await refused(access.allowFromUi(root), 'forbidden', /home folder or a folder holding it/);
    await refused(access.allowFromUi('/etc'), 'forbidden', /system folder/);
    await refused(access.allowFromUi(join(home, '.ssh')), 'forbidden', /hidden folder/);
    await expect(access.allowFromUi(join(home, '.cache/huggingface/hub'))).resolves.toMatchObject({ scope: 'folder' });
    await expect(access.allowFromUi(join(home, 'data'))).resolves.toMatchObject({ scope: 'folder' });
  });

  it('refuses every request on the desktop, where the dialogs grant', async () => {
    const desktop = new FileAccess({ uiGrants: false, folders: [allowed] });
    await refused(desktop.allowFromUi(outside), 'forbidden', /choose files with the dialog/);
    await refused(desktop.checkRead(join(outside, 'secret.json'), 'shard'), 'forbidden', /choose it with the dialog/);
  });
});
