/**
 * What `inspect` reports about a source's records beyond format errors (docs/formats.md, "What
 * inspect reports"): records that cannot train, by kind; what the reader repaired; repeated ids;
 * role names it mapped. Each is one entry with a count and the first examples, never a line per record.
 */
import { CANONICAL_SHAREGPT_ROLES, SHAREGPT_ROLES } from '../../shared/formats/sharegpt-turns';
import type { FormatName } from '../../shared/formats/types';
import { ASSISTANT_FIRST, LEADING_ASSISTANT_DROPPED, NO_ASSISTANT, NO_TURNS, ONLY_SYSTEM } from '../../shared/schema/record-flags';

/** How serious a finding is: a record that cannot train, something the reader changed, or a note. */
export type FindingSeverity = 'problem' | 'repair' | 'note';

/** One finding of a source. */
export interface Finding {
  kind: FindingKind | 'roles-mapped';
  severity: FindingSeverity;
  /** Records it concerns (turns, for roles-mapped). */
  count: number;
  /** What it is and what to do, in words. */
  message: string;
  /** The first records it concerns: ordinal, id, line and byte offset (and for a repeated id, the record it repeats). */
  examples: { record: number; id: string | null; line: number; offset: number; repeats?: number }[];
}

/** The kinds counted per record, with the record flag each comes from (0: counted apart). */
export const FINDING_KINDS = {
  'no-turns': { flag: NO_TURNS, severity: 'problem', what: 'have no turns', advice: 'they train nothing; drop them' },
  'only-system': { flag: ONLY_SYSTEM, severity: 'problem', what: 'are only a system turn', advice: 'they train nothing; drop them' },
  'no-assistant': { flag: NO_ASSISTANT, severity: 'problem', what: 'have no assistant turn', advice: 'they train nothing (the structure filter drops them)' },
  'assistant-first': {
    flag: ASSISTANT_FIRST,
    severity: 'problem',
    what: 'start with an assistant turn',
    advice: 'a trainer expects the user first; the question may live outside the record (a prompt the trainer adds)',
  },
  'leading-assistant-dropped': {
    flag: LEADING_ASSISTANT_DROPPED,
    severity: 'repair',
    what: 'started with an assistant turn, dropped as FastChat drops it',
    advice: 'continuation chunks of split ShareGPT conversations; the rest of each record is kept',
  },
  'repeated-id': {
    flag: 0,
    severity: 'problem',
    what: 'repeat the id of an earlier record',
    advice: 'ids must be unique within a source; all are kept, keyed by their ordinals (#n)',
  },
} as const satisfies Record<string, { flag: number; severity: FindingSeverity; what: string; advice: string }>;

/** A kind counted per record. */
export type FindingKind = keyof typeof FINDING_KINDS;

/** What the findings are built from (a SourceStats). */
export interface FindingCounts {
  records: number;
  findings: ReadonlyMap<FindingKind, { count: number; examples: { record?: number; line: number; offset: number }[]; ids: (string | null)[]; firsts: number[] }>;
  roleNames: Readonly<Record<string, number>>;
}

/** The findings of a source read as `format`, problems first. */
export function sourceFindings(stats: FindingCounts, format: FormatName | null): Finding[] {
  const findings: Finding[] = [];
  for (const [kind, entry] of stats.findings) {
    const definition = FINDING_KINDS[kind];
    const examples: Finding['examples'] = entry.examples.map((where, position) => {
      const example: Finding['examples'][number] = { record: where.record ?? -1, id: entry.ids[position] ?? null, line: where.line, offset: where.offset };
      if (entry.firsts[position] >= 0) example.repeats = entry.firsts[position];
      return example;
    });
    const shown = examples
      .map((example) => (example.repeats !== undefined ? `#${example.record} repeats ${JSON.stringify(example.id)} of #${example.repeats}` : `#${example.record}${example.id === null ? '' : ` (${example.id})`}`))
      .join(', ');
    const of = `${entry.count} of ${stats.records} record${stats.records === 1 ? '' : 's'}`;
    findings.push({ kind, severity: definition.severity, count: entry.count, message: `${of} ${definition.what}: ${definition.advice}; first: ${shown}`, examples });
  }
  if (format === 'sharegpt') {
    const mapped = Object.entries(stats.roleNames).filter(([name]) => !CANONICAL_SHAREGPT_ROLES.has(name) && Object.hasOwn(SHAREGPT_ROLES, name));
    if (mapped.length > 0) {
      const turns = mapped.reduce((total, [, count]) => total + count, 0);
      const names = mapped.map(([name, count]) => `${name} → ${SHAREGPT_ROLES[name as keyof typeof SHAREGPT_ROLES]} (${count})`).join(', ');
      findings.push({ kind: 'roles-mapped', severity: 'note', count: turns, message: `ShareGPT V3 role names read as FastChat's: ${names}; an export writes human/gpt`, examples: [] });
    }
  }
  const order: Record<FindingSeverity, number> = { problem: 0, repair: 1, note: 2 };
  return findings.sort((left, right) => order[left.severity] - order[right.severity]);
}
