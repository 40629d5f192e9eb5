/**
 * What the trainer sees of one record (docs/ui.md, "What the trainer sees"): the record written in
 * an export format, message by message as the trainer reads it (its role name, its text, whether it
 * trains, its Llama-2 tokens, the source turns it holds), for the Llama-2 text formats the template
 * text with the trained ranges, what the conversion changed, and the turns each trainer of the format
 * would train differently from the source.
 */
import { trains, type Conversation } from '../schema/conversation';
import { countTokens } from '../text/llama-tokens';
import { CONVERSIONS, type ConversionKind } from './conversions';
import { exportRecord } from './export-record';
import { formatSpec, type ExportFormat } from './formats/index';
import { codeUnitIndex, renderLlama2 } from './formats/llama2-template';
import { LossCounter } from './loss-report';
import type { ExportSettings } from './settings';

/** One message as the trainer sees it. */
export interface TrainerMessage {
  side: 'system' | 'user' | 'assistant';
  role: string;
  text: string;
  trains: boolean;
  tokens: number;
  /** The positions of the source turns it holds. */
  sources: number[];
}

/** The view of one record in one format. */
export interface TrainerView {
  format: ExportFormat;
  /** Why the format cannot hold the record (then nothing else is filled), or null. */
  refused: string | null;
  /** The record as written, pretty-printed JSON. */
  written: string;
  messages: TrainerMessage[];
  /** Llama-2 text formats: the template text and its trained ranges (UTF-16 offsets, for display). */
  template: { text: string; spans: { start: number; end: number }[] } | null;
  /** Llama-2 tokens of the whole record as the trainer sees it. */
  tokens: number;
  conversions: { rule: string; turns: number }[];
  /** Trainers of the format that do not read loss flags, and the turns of this record they train differently. */
  lossIgnoredBy: { trainer: string; turns: number; keep: string | null }[];
}

/** The view of a conversation written in `settings.format`. */
export function trainerView(conversation: Conversation, settings: Pick<ExportSettings, 'format' | 'systemPrompt' | 'keepRecordSystem'>, key: string, sourceFormat?: string): TrainerView {
  const written = exportRecord(conversation, settings, key, sourceFormat);
  const empty: TrainerView = { format: settings.format, refused: null, written: '', messages: [], template: null, tokens: 0, conversions: [], lossIgnoredBy: [] };
  if (!written.ok) return { ...empty, refused: written.message };
  const messages = written.messages.map((message) => ({ ...message, tokens: countTokens(message.text) }));
  let template: TrainerView['template'] = null;
  if (settings.format === 'llama2-chat' || settings.format === 'tokenized') {
    const rendering = renderLlama2(conversation, settings);
    if (rendering.ok) template = { text: rendering.text, spans: rendering.spans.map((span) => ({ start: codeUnitIndex(rendering.text, span.start), end: codeUnitIndex(rendering.text, span.end) })) };
  }
  const counter = new LossCounter(formatSpec(settings.format));
  counter.add(written.messages, conversation.turns.map(trains));
  return {
    ...empty,
    // Token ids one a line would be thousands of lines: a tokenized record stays on one.
    written: settings.format === 'tokenized' ? JSON.stringify(written.value) : JSON.stringify(written.value, null, 2),
    messages,
    template,
    tokens: template !== null ? countTokens(template.text) : messages.reduce((sum, message) => sum + message.tokens, 0),
    conversions: (Object.entries(written.conversions) as [ConversionKind, number][]).map(([kind, turns]) => ({ rule: CONVERSIONS[kind], turns })),
    lossIgnoredBy: counter.report().map(({ trainer, turns, keep }) => ({ trainer, turns, keep })),
  };
}
