import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA } from '../testing/collect';
import { ICEWS_COUNTRY_NAMES } from './icews-country-names';
import { ICEWS_SECTORS } from './icews-sectors';

describe('generated ICEWS tables', () => {
  it('hold the files with their documented repairs (no NULL row, no codeless sectors)', () => {
    expect(ICEWS_COUNTRY_NAMES.find(([name]) => name === 'Russian Federation')).toEqual(['Russian Federation', 'RUS']);
    expect(ICEWS_COUNTRY_NAMES.some(([name]) => name === 'NULL')).toBe(false);
    expect(ICEWS_COUNTRY_NAMES.filter(([name]) => name === "Cote d'Ivoire")).toHaveLength(1);
    expect(new Map(ICEWS_SECTORS).get('Foreign Ministry')).toBe('GOV');
    expect(new Map(ICEWS_SECTORS).has('Center Right')).toBe(false);
    expect(ICEWS_SECTORS.every(([, code]) => /^([A-Z]{3})+$/.test(code))).toBe(true);
  });

  it('are what the generator writes today (rerun scripts/generate-import-reference-data.mjs if not)', () => {
    const out = mkdtempSync(join(tmpdir(), 'import-reference-'));
    try {
      execFileSync(process.execPath, ['scripts/generate-import-reference-data.mjs', '--data', DATA, '--out', out], {
        stdio: 'pipe',
      });
      for (const file of ['icews-country-names.ts', 'icews-sectors.ts']) {
        expect(readFileSync(join(out, file), 'utf8')).toBe(
          readFileSync(join(process.cwd(), 'src/imports/reference', file), 'utf8'),
        );
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
