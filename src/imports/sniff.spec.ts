import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ICEWS_HEADER } from './icews';
import { SNIFF_BYTES, sniffFormat } from './sniff';
import { FIXTURES } from './testing/collect';

const gdelt = readFileSync(join(FIXTURES, 'gdelt-excerpt.CSV'));
const icews = readFileSync(join(FIXTURES, 'icews-excerpt.tab'));
const text = (s: string) => Buffer.from(s, 'utf8');
const gdeltLine = gdelt.toString('utf8').split('\n')[0]!;

describe('sniffFormat accepts', () => {
  it('the real GDELT and ICEWS excerpts, and NDJSON starting with an object', () => {
    expect(sniffFormat(gdelt, 'gdelt')).toEqual({ ok: true });
    expect(sniffFormat(icews, 'icews')).toEqual({ ok: true });
    expect(sniffFormat(text('\n{"kind":"MEETING"}\n[1]\n'), 'ndjson')).toEqual({ ok: true });
  });

  it('a sample that ends inside a line (only complete lines are judged)', () => {
    expect(sniffFormat(gdelt.subarray(0, gdelt.indexOf('\n') + 100), 'gdelt')).toEqual({ ok: true });
  });

  it('an NDJSON first line longer than the sample, when it opens with a brace', () => {
    expect(sniffFormat(text(`{"title":"${'x'.repeat(SNIFF_BYTES)}`).subarray(0, SNIFF_BYTES), 'ndjson')).toEqual({
      ok: true,
    });
  });
});

describe('sniffFormat refuses, before anything is appended', () => {
  it.each([
    ['an empty file', text(''), 'gdelt', 'the file is empty'],
    [
      'NUL bytes',
      Buffer.from([0x31, 0x00, 0x32, 0x0a]),
      'gdelt',
      'this is a binary file (it contains NUL bytes), not text',
    ],
    [
      'mostly control characters',
      Buffer.from([0x01, 0x02, 0x03, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x0a]),
      'icews',
      'this is a binary file (30% control characters), not text',
    ],
    [
      'a ZIP archive',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]),
      'gdelt',
      'this is a ZIP archive (GDELT publishes its exports as .CSV.zip): unzip it and import the file inside',
    ],
    ['gzip', Buffer.from([0x1f, 0x8b, 0x08, 0x00]), 'icews', 'this is a gzip-compressed file: decompress it first'],
    [
      'an HTML page',
      text('\n<!DOCTYPE html>\n<html><body>Not Found</body></html>\n'),
      'gdelt',
      'this is an HTML or XML document, not GDELT data (a web page saved instead of the file?)',
    ],
    [
      'an HTML page without doctype',
      text('<html lang="en">\n'),
      'ndjson',
      'this is an HTML or XML document, not NDJSON data (a web page saved instead of the file?)',
    ],
    [
      'XML',
      text('<?xml version="1.0"?>\n<events/>\n'),
      'icews',
      'this is an HTML or XML document, not ICEWS data (a web page saved instead of the file?)',
    ],
    [
      'a comma-separated GDELT file',
      text(`${gdeltLine.replaceAll('\t', ',')}\n`),
      'gdelt',
      'this is a comma-separated file; a GDELT 2.0 export must be tab-separated',
    ],
    [
      'a semicolon-separated ICEWS file',
      text(`${ICEWS_HEADER.replaceAll('\t', ';')}\n`),
      'icews',
      'this is a semicolon-separated file; ICEWS must be tab-separated',
    ],
    [
      'GDELT 1.0 (57 columns)',
      text(`${gdeltLine.split('\t').slice(0, 57).join('\t')}\n`),
      'gdelt',
      'line 1 has 57 tab-separated columns; a GDELT 2.0 event export has 61 (a GDELT 1.0 event file?)',
    ],
    [
      'a short line after good ones',
      text(`${gdeltLine}\n${gdeltLine}\nshort\tline\n`),
      'gdelt',
      'line 3 has 2 tab-separated columns; a GDELT 2.0 event export has 61',
    ],
    [
      'a GDELT header row',
      text(`GLOBALEVENTID\tSQLDATE\t${'x\t'.repeat(58)}x\n`),
      'gdelt',
      'the first line is a header row; GDELT 2.0 exports have none: remove it',
    ],
    ['ICEWS given as GDELT', icews, 'gdelt', 'this is an ICEWS file (it has the ICEWS header row), not a GDELT export'],
    ['GDELT given as ICEWS', gdelt, 'icews', 'this looks like a GDELT export (61 columns, no header), not ICEWS'],
    [
      'an ICEWS header with a column missing',
      text(`${ICEWS_HEADER.replace('\tIntensity', '')}\n`),
      'icews',
      'the first line must be the ICEWS header of 20 tab-separated columns: missing "Intensity"; unexpected nothing',
    ],
    [
      'ICEWS without its header',
      text(`${icews.toString('utf8').split('\n')[1]}\n`),
      'icews',
      'the ICEWS header row is missing: the first line is already an event',
    ],
    [
      'NDJSON whose first line is a list',
      text('[{"kind":"MEETING"}]\n'),
      'ndjson',
      'the first line of an NDJSON file must be a JSON object, got a list',
    ],
    [
      'NDJSON whose first line is not JSON',
      text('kind: MEETING\n'),
      'ndjson',
      'the first line is not JSON: Unexpected token \'k\', "kind: MEETING" is not valid JSON',
    ],
  ] as const)('%s', (_, bytes, format, reason) => {
    expect(sniffFormat(bytes, format)).toEqual({ ok: false, reason });
  });
});
