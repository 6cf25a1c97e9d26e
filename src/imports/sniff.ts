import { GDELT_COLUMN_COUNT } from './gdelt-columns';
import { ICEWS_COLUMNS, ICEWS_HEADER } from './icews';
import type { ImportFormat } from './types';

/** How much of a file sniffFormat wants: enough for a few lines of any of the formats. */
export const SNIFF_BYTES = 64 * 1024;
const LINES_CHECKED = 5;

export type SniffResult = { ok: true } | { ok: false; reason: string };

const refuse = (reason: string): SniffResult => ({ ok: false, reason });

/**
 * Whether the start of a file is the declared format, judged before anything is appended: a
 * wrong file is refused whole with one clear reason, instead of producing thousands of rejects.
 */
export function sniffFormat(firstBytes: Buffer, declared: ImportFormat): SniffResult {
  if (firstBytes.length === 0) return refuse('the file is empty');
  const binary = binaryKind(firstBytes);
  if (binary) return refuse(binary);
  const text = firstBytes.toString('utf8').replace(/^\uFEFF/, '');
  const start = text.trimStart().slice(0, 200).toLowerCase();
  if (/^<(!doctype|html|\?xml|head|body|[a-z]+[\s>])/.test(start)) {
    return refuse(
      `this is an HTML or XML document, not ${name(declared)} data (a web page saved instead of the file?)`,
    );
  }
  // The last line may be cut off by the sample's end; judge it only when it is the only one.
  const all = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const complete = text.endsWith('\n') || all.length === 1 ? all : all.slice(0, -1);
  const lines = complete.filter((l) => l.trim() !== '').slice(0, LINES_CHECKED);
  if (lines.length === 0) return refuse('the file holds only blank lines');
  switch (declared) {
    case 'gdelt':
      return sniffGdelt(lines);
    case 'icews':
      return sniffIcews(lines);
    case 'ndjson':
      return sniffNdjson(lines[0]!, firstBytes.length >= SNIFF_BYTES && !text.includes('\n'));
    default: {
      const unknown: never = declared;
      return refuse(`unknown format ${String(unknown)}`);
    }
  }
}

function binaryKind(bytes: Buffer): string | undefined {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return 'this is a ZIP archive (GDELT publishes its exports as .CSV.zip): unzip it and import the file inside';
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'this is a gzip-compressed file: decompress it first';
  if (bytes.includes(0)) return 'this is a binary file (it contains NUL bytes), not text';
  let control = 0;
  for (const byte of bytes)
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control += 1;
  if (control / bytes.length > 0.05)
    return `this is a binary file (${Math.round((100 * control) / bytes.length)}% control characters), not text`;
  return undefined;
}

function name(format: ImportFormat): string {
  return { gdelt: 'GDELT', icews: 'ICEWS', ndjson: 'NDJSON' }[format];
}

/** A file separated by something other than tabs, named so the user knows what they have. */
function wrongDelimiter(line: string, format: string): string | undefined {
  if (line.includes('\t')) return undefined;
  for (const [char, label] of [
    [',', 'comma'],
    [';', 'semicolon'],
    ['|', 'pipe'],
  ] as const) {
    if (line.split(char).length >= 5) return `this is a ${label}-separated file; ${format} must be tab-separated`;
  }
  return `the first line has no tabs; ${format} must be tab-separated`;
}

function sniffGdelt(lines: string[]): SniffResult {
  const first = lines[0]!;
  const delimiter = wrongDelimiter(first, 'a GDELT 2.0 export');
  if (delimiter) return refuse(delimiter);
  if (first === ICEWS_HEADER) return refuse('this is an ICEWS file (it has the ICEWS header row), not a GDELT export');
  if (/^GLOBALEVENTID\t/i.test(first))
    return refuse('the first line is a header row; GDELT 2.0 exports have none: remove it');
  for (const [index, line] of lines.entries()) {
    const count = line.split('\t').length;
    if (count !== GDELT_COLUMN_COUNT) {
      const hint =
        count === 57 || count === 58
          ? ' (a GDELT 1.0 event file?)'
          : count === 16
            ? ' (a GDELT mentions file?)'
            : count === 27
              ? ' (a GDELT GKG file?)'
              : '';
      return refuse(
        `line ${index + 1} has ${count} tab-separated columns; a GDELT 2.0 event export has ${GDELT_COLUMN_COUNT}${hint}`,
      );
    }
  }
  return { ok: true };
}

function sniffIcews(lines: string[]): SniffResult {
  const first = lines[0]!;
  const delimiter = wrongDelimiter(first, 'ICEWS');
  if (delimiter) return refuse(delimiter);
  if (first !== ICEWS_HEADER) {
    const got = first.split('\t').map((c) => c.trim());
    if (got.length === GDELT_COLUMN_COUNT && /^\d+$/.test(got[0]!))
      return refuse('this looks like a GDELT export (61 columns, no header), not ICEWS');
    if (got.length === ICEWS_COLUMNS.length && /^\d+$/.test(got[0]!))
      return refuse('the ICEWS header row is missing: the first line is already an event');
    const missing = ICEWS_COLUMNS.filter((c) => !got.includes(c));
    const extra = got.filter((c) => !(ICEWS_COLUMNS as readonly string[]).includes(c));
    const detail =
      missing.length || extra.length
        ? `missing ${missing.map((c) => `"${c}"`).join(', ') || 'nothing'}; unexpected ${extra.map((c) => `"${c}"`).join(', ') || 'nothing'}`
        : 'the columns are in another order';
    return refuse(
      `the first line must be the ICEWS header of ${ICEWS_COLUMNS.length} tab-separated columns: ${detail}`,
    );
  }
  for (const [index, line] of lines.entries()) {
    const count = line.split('\t').length;
    if (count !== ICEWS_COLUMNS.length)
      return refuse(`line ${index + 1} has ${count} tab-separated columns; ICEWS has ${ICEWS_COLUMNS.length}`);
  }
  return { ok: true };
}

function sniffNdjson(first: string, cutOff: boolean): SniffResult {
  // A first line longer than the sample cannot be parsed; its opening brace is all we can judge.
  if (cutOff)
    return first.trimStart().startsWith('{')
      ? { ok: true }
      : refuse('the first line of an NDJSON file must be a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(first);
  } catch (error) {
    return refuse(`the first line is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return refuse(
      `the first line of an NDJSON file must be a JSON object, got ${Array.isArray(value) ? 'a list' : JSON.stringify(value)?.slice(0, 40)}`,
    );
  }
  return { ok: true };
}
