/**
 * Whether JSON text nests arrays and objects deeper than `max`, scanned byte by byte before it is
 * parsed. Why before: V8's JSON.parse spends about 3 µs per level of nesting, so a 10 MB body of
 * `[[[[…` holds the event loop (every other client) for 15 s and more, and no limit after parsing
 * can give that time back. Strings are skipped, escapes included; the scan stops at the first
 * level past `max`.
 */
export function jsonNestingExceeds(text: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const byte = text[i]!;
    if (inString) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      depth += 1;
      if (depth > max) return true;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
      depth -= 1;
    }
  }
  return false;
}

/** Deeper than any document this API takes: a filter's variables nest about eight levels. */
export const MAX_JSON_NESTING = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
