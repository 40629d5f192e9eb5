import { ADP_FORMAT } from './adp';
import { AGENTBENCH_RUN_FORMAT } from './agentbench-run';
import { AGENTINSTRUCT_FORMAT } from './agentinstruct';
import { ALPACA_FORMAT } from './alpaca';
import { ATIF_FORMAT } from './atif';
import { DIALOGSTUDIO_FORMAT } from './dialogstudio';
import { FIREACT_FORMAT } from './fireact';
import { LLAMAFACTORY_MESSAGES_FORMAT } from './llamafactory-messages';
import { OPENAI_FORMAT } from './openai';
import { ROLE_CONTENT_FORMAT } from './role-content';
import { SHAREGPT_FORMAT } from './sharegpt';
import { SWE_AGENT_FORMAT } from './swe-agent';
import { readMapped } from './mapping';
import type { Format, FormatName, ReadContext } from './types';

/**
 * Every format by its name, in the order of FORMAT_NAMES (which also breaks detection ties). To add
 * a format: its file beside this one (a zod schema and its hand-written twin, detect, read, write),
 * its name in FORMAT_NAMES, its line here, and its section in docs/formats.md.
 */
const READERS: Readonly<Record<FormatName, Format>> = {
  agentinstruct: AGENTINSTRUCT_FORMAT,
  sharegpt: SHAREGPT_FORMAT,
  'role-content': ROLE_CONTENT_FORMAT,
  openai: OPENAI_FORMAT,
  'llamafactory-messages': LLAMAFACTORY_MESSAGES_FORMAT,
  alpaca: ALPACA_FORMAT,
  'agentbench-run': AGENTBENCH_RUN_FORMAT,
  'swe-agent': SWE_AGENT_FORMAT,
  adp: ADP_FORMAT,
  atif: ATIF_FORMAT,
  fireact: FIREACT_FORMAT,
  dialogstudio: DIALOGSTUDIO_FORMAT,
};

/** Each format, reading through the context's mapping when it has one (docs/formats.md, "Mappings"). */
export const FORMATS: Readonly<Record<FormatName, Format>> = Object.freeze(
  Object.fromEntries(Object.entries(READERS).map(([name, format]) => [name, { ...format, read: (value: unknown, context?: ReadContext) => readMapped(format.read, value, context) }])) as Record<FormatName, Format>,
);

/** The format of a name (recipes and `--format` name formats; the name set is closed by the type). */
export function getFormat(name: FormatName): Format {
  return FORMATS[name];
}
