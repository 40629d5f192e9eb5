/**
 * Warnings that are true (docs/recipe.md, "Loss flags and trainers"): for each trainer of a format
 * that does not read per-turn loss flags, the number of turns it trains differently from the
 * source (it trains every assistant message, or every token), counted on what was written, and the
 * format that would keep the flags.
 */
import type { Consumer, ExportFormatSpec, WrittenMessage } from './format-spec';
import type { Manifest } from './manifest';

/** One trainer's count. */
export type LossDifference = Manifest['loss'][number];

/** Counts, per trainer that ignores the flags, over the records of an export. */
export class LossCounter {
  private readonly ignoring: (Consumer & { trains: 'assistant' | 'everything' })[];
  private readonly turns: number[];

  constructor(spec: ExportFormatSpec) {
    this.ignoring = spec.consumers.filter((consumer): consumer is Consumer & { trains: 'assistant' | 'everything' } => consumer.trains !== 'flags');
    this.turns = this.ignoring.map(() => 0);
  }

  /** Adds one written record: `sourceTrains[i]` is whether the source trains on its turn i. */
  add(messages: readonly WrittenMessage[], sourceTrains: readonly boolean[]): void {
    for (const [index, consumer] of this.ignoring.entries()) {
      for (const message of messages) {
        const trained = consumer.trains === 'everything' || message.side === 'assistant';
        for (const source of message.sources) if (sourceTrains[source] !== trained) this.turns[index]++;
      }
    }
  }

  /** The counts, in the format's order of trainers. */
  report(): LossDifference[] {
    return this.ignoring.map((consumer, index) => ({ trainer: consumer.name, trains: consumer.trains, turns: this.turns[index], keep: consumer.keep ?? null }));
  }
}

/** The warning for one trainer's count, or null when it trains every turn as the source does. */
export function lossWarning(difference: LossDifference): string | null {
  if (difference.turns === 0) return null;
  const what = difference.trains === 'assistant' ? 'every assistant message' : 'every token, user messages included';
  const keep = difference.keep === null ? '' : `; export ${difference.keep} to keep them`;
  return `${difference.trainer} does not read per-turn loss flags (it trains ${what}): ${difference.turns.toLocaleString('en-US')} turns of this export get a different loss than their source gives them${keep}.`;
}
