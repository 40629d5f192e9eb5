import { useEffect, useState } from 'react';
import type { Response } from '../../../../shared/api';
import { useAppServices } from '../../app/api-context';

/** How long typing must pause before the text is validated. */
const VALIDATE_AFTER_MS = 250;

/** The live validation of an edited record's JSON. */
export interface Validation {
  /** The text this result is for. */
  text: string;
  result: Response<'records.validate'> | null;
  pending: boolean;
}

/** Validates `text` against the record's format through `records.validate`, after typing pauses. */
export function useValidation(key: string, text: string): Validation {
  const { client } = useAppServices();
  const [state, setState] = useState<Validation>({ text: '', result: null, pending: true });
  useEffect(() => {
    let active = true;
    setState((previous) => ({ ...previous, pending: true }));
    const timer = setTimeout(() => {
      client.call('records.validate', { key, text }).then(
        (result) => active && setState({ text, result, pending: false }),
        (error: unknown) => active && setState({ text, result: { ok: false, problems: [{ message: error instanceof Error ? error.message : String(error), line: 1, column: 1, endLine: 1, endColumn: 2 }], conversation: null }, pending: false }),
      );
    }, VALIDATE_AFTER_MS);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [client, key, text]);
  return state;
}
