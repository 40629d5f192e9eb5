/**
 * Why `JSON.parse` refused a text, in words that never quote the text: V8's "Unexpected token"
 * message quotes the start of the input, which for a file that is not JSON at all (a key file, a
 * shell profile) would put its first bytes into an error the browser shows (docs/security.md).
 * V8's other messages name only the problem and a position, and are kept.
 */

/** V8 messages that hold no input text: the problem in syntax words, then where. */
const SAFE_MESSAGE = /^[\w\s',:{}[\]]+ at position \d+(?: \(line \d+ column \d+\))?$/;

/** The reason of a JSON.parse error, without any of the input. */
export function jsonErrorReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (message === 'Unexpected end of JSON input') return 'the text ends before the JSON value does';
  if (SAFE_MESSAGE.test(message)) return message;
  return 'a character that cannot start or continue a JSON value';
}
