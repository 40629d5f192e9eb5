import { useEffect, useState } from 'react';
import type { Response } from '../../../../shared/api';
import { EXPORT_FORMAT_SPECS } from '../../../../shared/export/formats/index';
import { useAppServices } from '../../app/api-context';
import { markMilestone } from '../../app/milestones';
import { useExportFormat } from '../export/export-format';
import { FormatSelect } from '../export/format-select';
import { MarkedText } from '../leakage/marked-text';

/** The engine's view of the record. */
type View = Response<'export.trainerView'>;

/** Text with the trained ranges marked, as React text nodes (never as HTML). */
function TrainedText({ text, spans, label }: { text: string; spans: readonly { start: number; end: number }[]; label: string }): React.JSX.Element {
  return <MarkedText text={text} spans={spans} label={label} className="trainer-text" markClass="trained" />;
}

/** One message as the trainer reads it. */
function MessageView({ message, index }: { message: View['messages'][number]; index: number }): React.JSX.Element {
  return (
    <li className={`trainer-message side-${message.side}${message.trains ? ' trains' : ''}`} data-testid="trainer-message">
      <header>
        <span className="badge">{message.role}</span> <span className={message.trains ? 'loss-on' : 'loss-off'}>{message.trains ? 'trained' : 'not trained'}</span>{' '}
        <span className="muted">
          {message.tokens.toLocaleString('en-US')} tokens{message.sources.length > 0 ? ` · source turn${message.sources.length === 1 ? '' : 's'} ${message.sources.join(', ')}` : ' · added by the format'}
        </span>
      </header>
      <TrainedText text={message.text} spans={message.trains && message.side === 'assistant' ? [{ start: 0, end: message.text.length }] : []} label={`Message ${index + 1} as the trainer reads it`} />
    </li>
  );
}

/**
 * What the trainer sees (docs/ui.md): the open record written in the export dialog's format, by the
 * engine's writer, message by message with the trained ones marked and their Llama-2 tokens; for the
 * Llama-2 text formats the template text with its trained spans; what the conversion changed; and
 * the trainers of the format that ignore loss flags, with the turns they would train differently.
 */
export function TrainerView({ recordKey, edited }: { recordKey: string; edited?: Record<string, unknown> }): React.JSX.Element {
  const { client } = useAppServices();
  const [format, setFormat] = useExportFormat();
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    setError(null);
    client.call('export.trainerView', { key: recordKey, format, ...(edited !== undefined ? { edited } : {}) }).then(
      (next) => {
        if (!active) return;
        setView(next);
        markMilestone('trainerView', `${next.format}:${recordKey}`);
      },
      (caught: unknown) => active && setError(caught instanceof Error ? caught.message : String(caught)),
    );
    return () => {
      active = false;
    };
  }, [client, recordKey, format, edited]);

  return (
    <section className="trainer-view" aria-label="What the trainer sees" data-testid="trainer-view">
      <label>
        Format <FormatSelect label="Trainer view format" value={format} onChange={setFormat} />
      </label>
      <p className="muted">{EXPORT_FORMAT_SPECS[format].summary}</p>
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {view !== null && view.format === format && (
        <>
          {view.refused !== null ? (
            <p className="error" data-testid="trainer-refused">
              {format} cannot hold this record: {view.refused}. It is not written, and the export counts it as skipped.
            </p>
          ) : (
            <>
              <p data-testid="trainer-summary">
                {view.messages.length} messages, {view.messages.filter((message) => message.trains).length} trained, {view.tokens.toLocaleString('en-US')} Llama-2 tokens.
              </p>
              {view.conversions.length > 0 && (
                <ul className="warning" aria-label="What the conversion changed" data-testid="trainer-conversions">
                  {view.conversions.map((conversion) => (
                    <li key={conversion.rule}>
                      {conversion.turns} turn{conversion.turns === 1 ? '' : 's'}: {conversion.rule}
                    </li>
                  ))}
                </ul>
              )}
              {view.lossIgnoredBy.filter((entry) => entry.turns > 0).map((entry) => (
                <p className="warning" key={entry.trainer} data-testid="trainer-loss">
                  {entry.trainer} ignores the loss flags: it trains {entry.turns} turn{entry.turns === 1 ? '' : 's'} of this record differently{entry.keep !== null ? `; ${entry.keep} keeps them` : ''}.
                </p>
              ))}
              {view.template !== null && <TrainedText text={view.template.text} spans={view.template.spans} label="The Llama-2-chat text, trained spans marked" />}
              <ol className="trainer-messages">
                {view.messages.map((message, index) => (
                  <MessageView key={index} message={message} index={index} />
                ))}
              </ol>
              <details>
                <summary>The record as written</summary>
                <pre className="trainer-written" data-testid="trainer-written">
                  {view.written}
                </pre>
              </details>
            </>
          )}
        </>
      )}
    </section>
  );
}
