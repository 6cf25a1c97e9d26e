import { unstorableTextProblem } from '../input/storable-text';
import { hasBrokenCharacters } from './broken-characters';
import type { ImportOutcome, ImportReject, Line } from './types';

/** Checks every format makes before reading a line's fields. */
export function lineReject(line: Line): ImportOutcome | undefined {
  if (line.truncated)
    return reject(
      line.lineNumber,
      'LINE_TOO_LONG',
      `line is longer than the limit; only its first ${line.text.length} characters were read`,
    );
  if (hasBrokenCharacters(line.text)) return reject(line.lineNumber, 'BROKEN_CHARACTERS', 'broken characters');
  const unstorable = unstorableTextProblem(line.text);
  if (unstorable) return reject(line.lineNumber, 'UNSTORABLE_TEXT', `the line ${unstorable}`);
  return undefined;
}

export function reject(
  lineNumber: number,
  code: ImportReject['code'],
  reason: string,
  externalId?: string,
): ImportOutcome {
  return {
    type: 'reject',
    reject: externalId === undefined ? { lineNumber, code, reason } : { lineNumber, code, reason, externalId },
  };
}

export function isBlank(line: Line): boolean {
  return line.text.trim() === '';
}

/** A number, or undefined for the empty string or NA. */
export function numberOrUndefined(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '' || raw.trim() === 'NA') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

export function coordinates(
  lat: string | undefined,
  lon: string | undefined,
): { lat: number; lon: number } | undefined {
  const la = numberOrUndefined(lat);
  const lo = numberOrUndefined(lon);
  if (la === undefined || lo === undefined || Math.abs(la) > 90 || Math.abs(lo) > 180) return undefined;
  return { lat: la, lon: lo };
}
