/**
 * What the two reference-data generators share: their command line and how they read a source.
 * (generate-reference-data.mjs: CAMEO and GeoNames tables for the domain; generate-import-
 * reference-data.mjs: ICEWS tables for imports.)
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** --data <dir> (or REFERENCE_DATA_DIR; default test/fixtures/data) and --out <dir>. */
export function parseArgs(argv, defaultOut) {
  const options = {
    data: process.env.REFERENCE_DATA_DIR ?? resolve(repoRoot, 'test/fixtures/data'),
    out: resolve(repoRoot, defaultOut),
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if ((arg === '--data' || arg === '--out') && argv[i + 1]) {
      options[arg.slice(2)] = resolve(argv[i + 1]);
      i += 1;
    } else {
      throw new Error(`unknown argument "${arg}" (usage: --data <dir> --out <dir>)`);
    }
  }
  return options;
}

/** A file of <data>/cameo with its sha256, which the generated module names as its source. */
export function readSource(dataDir, name) {
  const text = readFileSync(join(dataDir, 'cameo', name), 'utf8');
  return { name, text, sha256: createHash('sha256').update(text).digest('hex') };
}
