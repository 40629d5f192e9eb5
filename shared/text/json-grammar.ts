/**
 * The byte-level vocabulary of the JSON scanner (json-scanner.ts, json-value-scanner.ts): byte values, scanner states,
 * character classes (RFC 8259 §2 whitespace, number and literal bytes) and the words of its messages.
 */
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const NEWLINE = 0x0a;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;

/** Deepest nesting accepted inside one element; deeper input is reported, not overflowed. */
export const MAX_DEPTH = 4096;
/**
 * At most this many leading bytes of the first elements (up to their first ':') form the
 * resynchronization signature: `{"id"` in a one-line array, `{\n    "id"` in a pretty-printed one.
 */
export const SIGNATURE_LIMIT = 16;
/** Elements whose common prefix is learned before the signature is fixed. */
export const SIGNATURE_SAMPLES = 8;

// Scanner states. Top level (outside any element):
export const BEFORE_ROOT = 0; // expect '[' (array) or a value (values)
export const FIRST_ELEMENT = 1; // after '[': an element or ']'
export const NEXT_ELEMENT = 2; // after ',': an element
export const AFTER_ELEMENT = 3; // after an element: ',' or ']' (array) or a new value (values)
export const DONE = 4; // after ']': only whitespace
export const RESYNC = 5; // skipping a broken element
// Inside an element (the container stack says where):
export const VALUE = 6; // expect a value
export const KEY_OR_CLOSE = 7; // after '{'
export const KEY = 8; // after ',' in an object
export const COLON_NEXT = 9; // after a key
export const AFTER_VALUE = 10; // after a value: ',' or the closer
export const VALUE_OR_CLOSE = 11; // after '['
export const IN_STRING = 12;
export const IN_SCALAR = 13;

export const KIND_OBJECT = 1;
export const KIND_ARRAY = 2;

/** Bytes of a string examined one by one before the scanner jumps with indexOf. */
export const SHORT_STRING = 32;

/** 0 for the bytes that stop a string skip (the same three the indexOf jumps look for): '"', '\\', line break. */
export const STRING_PLAIN = new Uint8Array(256).fill(1);
STRING_PLAIN[QUOTE] = 0;
STRING_PLAIN[BACKSLASH] = 0;
STRING_PLAIN[NEWLINE] = 0;

/** 1 for the bytes a number or a literal (true, false, null) is made of. */
export const SCALAR = new Uint8Array(256);
/** 1 for JSON whitespace (RFC 8259 §2). */
export const WHITESPACE = new Uint8Array(256);
for (const character of '0123456789+-.eEtrufalsn') SCALAR[character.charCodeAt(0)] = 1;
for (const byte of [0x20, 0x09, 0x0a, 0x0d]) WHITESPACE[byte] = 1;

/** Describes a byte for a message: `'x'`, or its hex value when it is not printable. */
export function describeByte(byte: number): string {
  if (byte === NEWLINE) return 'a line break';
  if (byte >= 0x20 && byte < 0x7f) return `'${String.fromCharCode(byte)}'`;
  return `byte 0x${byte.toString(16).padStart(2, '0')}`;
}

/** What each in-element state expects, for messages. */
export function expectation(state: number, kind: number): string {
  switch (state) {
    case VALUE:
      return 'a value';
    case KEY_OR_CLOSE:
      return "a quoted key or '}'";
    case KEY:
      return 'a quoted key';
    case COLON_NEXT:
      return "':' after the key";
    case VALUE_OR_CLOSE:
      return "a value or ']'";
    default:
      return kind === KIND_OBJECT ? "',' or '}' after a value in an object" : "',' or ']' after a value in an array";
  }
}

/** `bytes.indexOf(byte, from)`, or `bytes.length` when it does not occur. */
export function indexOrEnd(bytes: Uint8Array, byte: number, from: number): number {
  const found = bytes.indexOf(byte, from);
  return found < 0 ? bytes.length : found;
}

/** The last non-whitespace byte of `bytes` (a line break when one follows it), or `fallback` when there is none. */
export function lastNonWhitespace(bytes: Uint8Array, fallback: number): number {
  for (let index = bytes.length - 1; index >= 0; index--) {
    const byte = bytes[index];
    if (byte === NEWLINE || WHITESPACE[byte] !== 1) return byte;
  }
  return fallback;
}

