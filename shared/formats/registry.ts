import { AGENTINSTRUCT_FORMAT } from './agentinstruct';
import { OPENAI_FORMAT } from './openai';
import { ROLE_CONTENT_FORMAT } from './role-content';
import { SHAREGPT_FORMAT } from './sharegpt';
import type { Format, FormatName } from './types';

/** Every format by its name, in the order of FORMAT_NAMES (which also breaks detection ties). */
export const FORMATS: Readonly<Record<FormatName, Format>> = Object.freeze({
  agentinstruct: AGENTINSTRUCT_FORMAT,
  sharegpt: SHAREGPT_FORMAT,
  'role-content': ROLE_CONTENT_FORMAT,
  openai: OPENAI_FORMAT,
});

/** The format of a name (recipes and `--format` name formats; the name set is closed by the type). */
export function getFormat(name: FormatName): Format {
  return FORMATS[name];
}
