import { identify, mappedFormat, type FormatName } from '../../../shared/formats/index';
import type { Mapping } from '../../../shared/formats/mapping-schema';
import { suggestMapping } from '../../../shared/formats/mapping-suggestion';
import type { SourceOptions } from '../types';

/** How many parsed records {@link identify} looks at (its contract: up to 32). */
export const IDENTIFY_SAMPLES = 32;

/** The format to read a source as (`keyed`: the file is one object whose values are the records), or why it holds no conversations. */
export type FormatDecision = { format: FormatName; keyed?: boolean } | { format: null; notConversations: string; suggestedMapping?: Mapping };

/**
 * Decides a source's format: the user's `--format` when given, else what {@link identify} says of
 * the first records. `single` is true for a file that is one JSON object (identify then gets it alone).
 */
export function decideFormat(samples: unknown[], options: SourceOptions): FormatDecision {
  // A mapping says how to read every record: each one that does not fit is a problem of its own.
  if (options.mapping !== undefined && options.mapping !== null) return { format: mappedFormat(options.mapping) };
  const identification = identify(samples.slice(0, IDENTIFY_SAMPLES));
  const keyed = identification.kind === 'conversations' && identification.keyed === true;
  if (options.format && options.format !== 'auto') return keyed ? { format: options.format, keyed } : { format: options.format };
  if (identification.kind === 'conversations') return keyed ? { format: identification.format, keyed } : { format: identification.format };
  if (identification.kind === 'not-conversations') return { format: null, notConversations: `${identification.what}: ${identification.message}` };
  const suggestion = suggestMapping(samples.slice(0, IDENTIFY_SAMPLES));
  return suggestion === null ? { format: null, notConversations: identification.message } : { format: null, notConversations: identification.message, suggestedMapping: suggestion };
}
