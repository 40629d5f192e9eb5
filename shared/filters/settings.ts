/**
 * The settings of the seven filters, with their defaults (docs/filters.md says where each comes
 * from). Kept apart from the filters themselves so that the recipe schema and the UI can import
 * them without the measuring code (the Llama-2 vocabulary alone is 0.7 MB).
 */
import { z } from 'zod';
import { AGENT_TASKS } from '../schema/conversation';
import { regexSource } from './regex-source';
import { UNSAFE_CATEGORIES } from './unsafe-patterns';

/** `enabled` and `action`, the two settings every filter has. */
export const commonSettings = {
  /** `false` keeps every record (the filter still measures, so switching it back on is live). */
  enabled: z.boolean().default(true),
  /** What to do with a record that breaks the rule: drop it, or keep it flagged for review. */
  action: z.enum(['drop', 'flag']).default('drop'),
};

/** The default refusal phrases (case-insensitive; ' matches ’). */
export const DEFAULT_REFUSAL_PHRASES: readonly string[] = [
  'As an AI language model',
  'As a language model, I cannot',
  'As a language model, I can\'t',
  'As a language model, I don\'t have',
  'As an AI, I cannot',
  'As an AI, I can\'t',
  'I\'m sorry, but I cannot',
  'I\'m sorry, but I can\'t',
  'I am sorry, but I cannot',
  'I apologize, but I cannot',
  'I apologize, but I can\'t',
  'I cannot fulfill',
  'I can\'t fulfill',
  'I cannot comply',
  'I can\'t comply',
  'I cannot assist with',
  'I can\'t assist with',
  'I\'m not able to provide',
  'I am not able to provide',
  'I\'m unable to provide',
  'against my programming',
  'my programming does not allow',
  'OpenAI\'s content policy',
  'OpenAI\'s use case policy',
  'it is not appropriate for me to',
];

/** AgentLM's fixed system prompt (docs/domain.md, "The mix"). */
export const AGENTLM_SYSTEM_PROMPT = 'You are a helpful, respectful and honest assistant.';

/** A share threshold between 0 and 1 (1 turns the rule off: no share exceeds it). */
function share(value: number) {
  return z.number().min(0).max(1).default(value);
}

/** A positive limit, or null for none. */
function limit() {
  return z.number().int().positive().nullable().default(null);
}

/** Settings of the reward filter. */
export const rewardSettings = z.object({
  ...commonSettings,
  /** Dotted paths of the reward in the record as read, tried in order. */
  fields: z.array(z.string().min(1)).default(() => ['reward', 'meta.reward', 'success']),
  /**
   * Whether to use the run's outcome the format reader found (AgentBench `output.result`, SWE-agent
   * `target`, `resolved`, `info.reward`; docs/formats.md) when none of `fields` has a reward.
   */
  fromOutcome: z.boolean().default(true),
  /** Whether to read the reward from the last turn's text when no field has one. */
  fromText: z.boolean().default(true),
  /** Pattern for the reward in the last turn; group 1 is `True`, `False` or a number. Case-insensitive. */
  textPattern: regexSource.default('reward\\s*[=:]\\s*(true|false|-?\\d+(?:\\.\\d+)?)'),
  /** Minimum reward to keep, for tasks without their own (AgentTuning: r = 1). */
  minimum: z.number().default(1),
  /** Minimum reward per task (AgentTuning: Mind2Web r ≥ 2/3). */
  minimumByTask: z.record(z.string(), z.number()).default(() => ({ mind2web: 2 / 3 })),
  /** What to do with a record that has no reward. */
  missing: z.enum(['keep', 'drop', 'flag']).default('keep'),
  /** The roles the missing-reward policy applies to. */
  missingRoles: z.array(z.enum(['agent', 'general'])).default(() => ['agent' as const]),
});

/** Parsed reward settings. */
export type RewardSettings = z.output<typeof rewardSettings>;

/** Settings of the structure filter. */
export const structureSettings = z.object({
  ...commonSettings,
  /** Accept user or tool turns after the last assistant turn in agent records. */
  allowTrailingObservation: z.boolean().default(true),
});

/** Parsed structure settings. */
export type StructureSettings = z.output<typeof structureSettings>;

/** Settings of the format filter. */
export const formatSettings = z.object({
  ...commonSettings,
  /** The tasks whose grammar is checked. */
  tasks: z.array(z.enum(AGENT_TASKS)).default(() => [...AGENT_TASKS]),
  /** Records with more malformed turns than this are dropped (0: any malformed turn); in strict mode, turns failing a strict check count too. */
  maxMalformedTurns: z.number().int().min(0).default(0),
  /**
   * Also reject turns whose syntax is right but whose content is not: a kg tool the prompt does not
   * define, a kg turn with no action or a `Final Answer:` without `#id`, a mind2web letter the page
   * does not offer. Off by default: the released AgentInstruct data holds such turns (docs/filters.md).
   */
  strict: z.boolean().default(false),
});

/** Parsed format settings. */
export type FormatSettings = z.output<typeof formatSettings>;

/** Settings of the repetition filter. Share thresholds are Gopher's (Table A1); a record is dropped above them. */
export const repetitionSettings = z.object({
  ...commonSettings,
  /** Drop when the same action is taken this many times in a row (0: never). */
  loopRepeats: z.number().int().min(0).default(3),
  /** Only assistant turns with at least this many words get the Gopher rules (Gopher's minimum document length). */
  minWords: z.number().int().min(1).default(50),
  duplicateLineShare: share(0.3),
  duplicateParagraphShare: share(0.3),
  duplicateLineCharShare: share(0.2),
  duplicateParagraphCharShare: share(0.2),
  top2GramShare: share(0.2),
  top3GramShare: share(0.18),
  top4GramShare: share(0.16),
  duplicate5GramShare: share(0.15),
  duplicate6GramShare: share(0.14),
  duplicate7GramShare: share(0.13),
  duplicate8GramShare: share(0.12),
  duplicate9GramShare: share(0.11),
  duplicate10GramShare: share(0.1),
});

/** Parsed repetition settings. */
export type RepetitionSettings = z.output<typeof repetitionSettings>;

/** Settings of the refusal filter. */
export const refusalSettings = z.object({
  ...commonSettings,
  /** Phrases that mark a refusal. */
  phrases: z.array(z.string()).default(() => [...DEFAULT_REFUSAL_PHRASES]),
  /** Drop when the assistant turns hold at least this many matches. */
  minMatches: z.number().int().min(1).default(1),
  /** The roles searched. */
  roles: z.array(z.enum(['agent', 'general'])).default(() => ['agent' as const, 'general' as const]),
});

/** Parsed refusal settings. */
export type RefusalSettings = z.output<typeof refusalSettings>;

/** Settings of the unsafe filter. */
export const unsafeSettings = z.object({
  ...commonSettings,
  /** The built-in categories in force. */
  categories: z.array(z.enum(UNSAFE_CATEGORIES)).default(() => [...UNSAFE_CATEGORIES]),
  /** More patterns (regular expressions, case-sensitive), reported as the category `custom`. */
  extraPatterns: z.array(regexSource).default(() => []),
  /** The roles searched. */
  roles: z.array(z.enum(['agent', 'general'])).default(() => ['agent' as const]),
});

/** Parsed unsafe settings. */
export type UnsafeSettings = z.output<typeof unsafeSettings>;

/** Settings of the length filter. */
export const lengthSettings = z.object({
  ...commonSettings,
  /** How the conversation is laid out for training: Llama-2-chat markup, or the bare turns. */
  template: z.enum(['llama-2-chat', 'plain']).default('llama-2-chat'),
  /** The system prompt the template adds when the record has none (AgentTuning's fixed one). */
  systemPrompt: z.string().default(AGENTLM_SYSTEM_PROMPT),
  /** Most tokens a record may have (AgentLM's 4,096-token sequence length). */
  maxTokens: z.number().int().positive().nullable().default(4096),
  minTokens: limit(),
  maxTurns: limit(),
  minTurns: limit(),
  /** Most characters in any one turn. */
  maxTurnChars: limit(),
});

/** Parsed length settings. */
export type LengthSettings = z.output<typeof lengthSettings>;

/**
 * The settings of all seven filters, each defaulted: `filterSettings.parse({})` gives AgentTuning's
 * defaults. The recipe schema embeds it as `filters`.
 */
export const filterSettings = z.object({
  reward: rewardSettings.prefault({}),
  structure: structureSettings.prefault({}),
  format: formatSettings.prefault({}),
  repetition: repetitionSettings.prefault({}),
  refusal: refusalSettings.prefault({}),
  unsafe: unsafeSettings.prefault({}),
  length: lengthSettings.prefault({}),
});

/** Parsed settings of all filters. */
export type FilterSettings = z.output<typeof filterSettings>;
