/**
 * `agentmix inspect <path>... [--json] [--format F] [--role agent|general]`: reads each source
 * (a file, or every shard in a folder) and prints its hash, format, role and why, record count,
 * records per task, turn statistics, role names, loss flags, findings (records that cannot train,
 * repairs, repeated ids: docs/formats.md) and problems (docs/ingest.md). Exit code 0 when every path named
 * exists (problems of records and of whole files, such as an unreadable file, a damaged Parquet
 * footer or a folder with no shard, are reported, not fatal), 2 when a path does not exist or the
 * arguments are wrong.
 */
import { FORMAT_NAMES, type FormatName } from '../../../shared/formats/index';
import { formatProblem } from '../../../shared/schema/problem';
import { Engine } from '../../engine/engine';
import { SourceOpenError } from '../../engine/sources/expand-paths';
import type { SourceInfo, SourceOptions, SourceRole } from '../../engine/types';
import { ProgressBar } from '../progress';

const USAGE = `Usage: agentmix inspect <path>... [--json] [--format ${FORMAT_NAMES.join('|')}|auto] [--role agent|general]

Reads JSON arrays, JSON Lines, single JSON objects and Parquet shards (gzip-compressed, UTF-16 and
UTF-32 too) and folders of them (symbolic links followed).
  --json     print {"sources": [...]} as one JSON object
  --format   read every file as this format instead of detecting it
  --role     the role of every source in the mix (default: agent for run logs and for records with
             agent task ids, tool calls, actions or outcomes; inspect says why)
`;

/** Parsed arguments of inspect. */
interface InspectArguments {
  paths: string[];
  json: boolean;
  options: SourceOptions;
}

/** Parses the arguments, or returns a usage error. */
function parseArguments(argv: string[]): InspectArguments | { error: string } {
  const parsed: InspectArguments = { paths: [], json: false, options: {} };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--json') parsed.json = true;
    else if (argument === '--format' || argument === '--role') {
      const value = argv[++index];
      if (value === undefined) return { error: `${argument} needs a value` };
      if (argument === '--format') {
        if (value !== 'auto' && !(FORMAT_NAMES as readonly string[]).includes(value)) return { error: `unknown format "${value}": expected one of ${FORMAT_NAMES.join(', ')}, auto` };
        parsed.options.format = value as FormatName | 'auto';
      } else {
        if (value !== 'agent' && value !== 'general') return { error: `unknown role "${value}": expected agent or general` };
        parsed.options.role = value as SourceRole;
      }
    } else if (argument.startsWith('--')) return { error: `unknown option ${argument}` };
    else parsed.paths.push(argument);
  }
  if (parsed.paths.length === 0) return { error: 'no path given' };
  return parsed;
}

/** What `--json` prints for one source. */
export function sourceJson(info: SourceInfo): Record<string, unknown> {
  const json: Record<string, unknown> = {
    path: info.path,
    hash: info.hash,
    format: info.format,
    role: info.role,
    records: info.records,
    tasks: info.tasks,
    turns: info.turns,
    errorCount: info.errorCount,
    errors: info.errors.map((problem) => ({ line: problem.line, offset: problem.offset, ...(problem.rowGroup !== undefined ? { rowGroup: problem.rowGroup } : {}), message: problem.message })),
    container: info.container,
    bytes: info.bytes,
    loss: info.loss,
    encoding: info.encoding,
    compression: info.compression,
    roleReason: info.roleReason,
    roleNames: info.roleNames,
    findings: info.findings,
  };
  if (info.keyed === true) json.keyed = true;
  if (info.dataset !== undefined) json.dataset = info.dataset;
  if (info.mapping !== undefined) json.mapping = info.mapping;
  if (info.notConversations !== undefined) json.notConversations = info.notConversations;
  if (info.suggestedMapping !== undefined) json.suggestedMapping = info.suggestedMapping;
  if (info.readFailure !== undefined) json.readFailure = info.readFailure;
  return json;
}

const CONTAINER_NAMES: Record<SourceInfo['container'], string> = {
  array: 'JSON array',
  jsonl: 'JSON Lines',
  object: 'JSON object',
  parquet: 'Parquet',
  empty: 'empty file',
  'not-json': 'not JSON',
  unreadable: 'cannot be read',
};

/** `, gzip, UTF-16LE`: how the file is stored, when not plain UTF-8. */
function storage(info: SourceInfo): string {
  const parts = [info.compression, info.encoding === 'utf-8' ? null : info.encoding.toUpperCase()].filter((part) => part !== null);
  return parts.length === 0 ? '' : `, ${parts.join(', ')}`;
}

/** The human-readable report of one source. */
export function sourceText(info: SourceInfo): string {
  const lines = [info.path, `  hash     sha256:${info.hash}`];
  const size = info.bytes >= 1e6 ? `${(info.bytes / 1e6).toFixed(1)} MB` : info.bytes >= 1e3 ? `${(info.bytes / 1e3).toFixed(1)} kB` : `${info.bytes} bytes`;
  if (info.container === 'unreadable') {
    lines.push(`  format   none (${CONTAINER_NAMES[info.container]})`);
  } else if (info.notConversations !== undefined) {
    lines.push(`  format   none (${CONTAINER_NAMES[info.container]}${storage(info)}, ${size}, ${info.elements} value${info.elements === 1 ? '' : 's'})`, `  not conversations: ${info.notConversations}`);
    if (info.suggestedMapping !== undefined) lines.push(`  mapping? ${JSON.stringify(info.suggestedMapping)} (a guess from the keys: check it, then give it as the source's "mapping" in a recipe; docs/formats.md, "Mappings")`);
  } else {
    const tasks = Object.entries(info.tasks).sort((a, b) => b[1] - a[1]).map(([task, count]) => `${task} ${count}`).join(', ');
    const roles = Object.entries(info.roleNames).sort((a, b) => b[1] - a[1]).map(([name, count]) => `${name} ${count}`).join(', ');
    lines.push(
      `  format   ${info.format} (${CONTAINER_NAMES[info.container]}${info.keyed === true ? ' keyed by record id' : ''}${storage(info)}, ${size})${info.mapping !== undefined ? ` through the ${info.mapping.formatting} mapping${info.dataset !== undefined ? ` of dataset "${info.dataset}"` : ''}` : ''}`,
      `  role     ${info.role} (${info.roleReason})`,
      `  records  ${info.records}${info.elements > info.records ? ` of ${info.elements}` : ''}`,
      `  tasks    ${tasks === '' ? 'none' : tasks}`,
      `  turns    min ${info.turns.min}, mean ${info.turns.mean}, max ${info.turns.max}`,
      `  roles    ${roles === '' ? 'none' : roles}`,
      `  loss     true ${info.loss.true}, false ${info.loss.false}, unset ${info.loss.null}`,
    );
    for (const finding of info.findings) lines.push(`  ${finding.severity.padEnd(8)} ${finding.message}`);
  }
  lines.push(`  errors   ${info.errorCount}${info.errorCount > info.errors.length ? ` (the first ${info.errors.length} below)` : ''}`);
  for (const problem of info.errors) lines.push(`    ${formatProblem(problem)}`);
  return `${lines.join('\n')}\n`;
}

/** Runs `agentmix inspect`; resolves to the exit code. */
export async function inspectCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const parsed = parseArguments(argv);
  if ('error' in parsed) {
    process.stderr.write(`agentmix inspect: ${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  let exitCode = 0;
  const engine = new Engine();
  const progress = new ProgressBar();
  const sources: SourceInfo[] = [];
  try {
    for (const path of parsed.paths) {
      try {
        for (const source of await engine.openSources([path], parsed.options, { onProgress: (event) => progress.update(event) })) sources.push(source);
      } catch (error) {
        if (!(error instanceof SourceOpenError)) throw error;
        process.stderr.write(`agentmix inspect: ${error.message}\n`);
        exitCode = 2;
      }
    }
  } finally {
    progress.done();
    await engine.dispose();
  }
  if (parsed.json) process.stdout.write(`${JSON.stringify({ sources: sources.map(sourceJson) }, null, 2)}\n`);
  else process.stdout.write(sources.map(sourceText).join('\n'));
  return exitCode;
}
