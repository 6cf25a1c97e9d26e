import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import type { Line } from './types';

export type ReadLinesOptions = {
  /** Characters kept of an overlong line; the rest is dropped so one line cannot fill memory. */
  maxLineLength?: number;
};

export const DEFAULT_MAX_LINE_LENGTH = 1 << 20;

/**
 * The lines of a stream, one at a time: only the current chunk and an unfinished line are held,
 * whatever the file's size. Bytes are decoded as UTF-8 across chunk boundaries; invalid bytes
 * become U+FFFD (see hasBrokenCharacters), a leading BOM is dropped, \r\n and \n both end a line,
 * and a last line without a line break is still a line.
 */
export async function* readLines(
  stream: Readable | AsyncIterable<Buffer | string>,
  options: ReadLinesOptions = {},
): AsyncGenerator<Line> {
  const max = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  // StringDecoder, not TextDecoder: the same U+FFFD for invalid bytes and the same care at chunk
  // boundaries, but TextDecoder's streaming mode decoded at a fifth of a backfill's parsing time
  // (issue 16's profile); StringDecoder takes Buffer's fast path. It keeps a BOM: dropped below.
  const decoder = new StringDecoder('utf8');
  let first = true;
  let pending = '';
  let truncated = false;
  let lineNumber = 0;

  const finish = (text: string): Line => {
    lineNumber += 1;
    const clean = text.endsWith('\r') ? text.slice(0, -1) : text;
    const line: Line = { lineNumber, text: clean };
    if (truncated) line.truncated = true;
    truncated = false;
    return line;
  };

  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const decoded = typeof chunk !== 'string';
    let text = decoded ? decoder.write(chunk) : chunk;
    if (first && text !== '') {
      first = false;
      if (decoded && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    let newline = text.indexOf('\n', start);
    while (newline !== -1) {
      const piece = text.slice(start, newline);
      yield finish(keep(pending, piece));
      pending = '';
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    pending = keep(pending, text.slice(start));
  }
  const rest = decoder.end();
  pending = keep(pending, first && rest.charCodeAt(0) === 0xfeff ? rest.slice(1) : rest);
  if (pending !== '' || truncated) yield finish(pending);

  /** Appends up to the limit; beyond it only remembers that something was cut. */
  function keep(head: string, piece: string): string {
    if (head.length >= max) {
      if (piece.length > 0) truncated = true;
      return head;
    }
    const joined = head + piece;
    if (joined.length <= max) return joined;
    truncated = true;
    return joined.slice(0, max);
  }
}
