import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The pages as the service serves them (dist/web/, written by scripts/build-web.mjs), built
 * afresh before the tiers that load them, so that a clean clone (CI runs no `npm run build`) and
 * a changed page are both tested as they are. esbuild takes about a second; a run that selects
 * several of these tiers builds once (the flag lives in jest's own process, as global setups do).
 * The script runs as `npm run build` runs it, in a node of its own: jest loads a global setup as
 * CommonJS, which cannot load the script's ES module.
 */
export async function buildWebBundle(): Promise<void> {
  if (process.env.TEST_WEB_BUILT === '1') return;
  await promisify(execFile)(process.execPath, [join(process.cwd(), 'scripts', 'build-web.mjs')]);
  process.env.TEST_WEB_BUILT = '1';
}

/** The unit tier's global setup: test/web/page-script-size.spec.ts measures the built bundles. */
export default buildWebBundle;
