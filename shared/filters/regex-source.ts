/**
 * A setting that holds a regular expression, validated when the recipe is parsed, so a typo is
 * reported at the recipe's field rather than as a crash in a worker.
 */
import { z } from 'zod';

/** A regular expression source that compiles (with the `u` flag off, as the filters use it). */
export const regexSource = z.string().refine((source) => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');
