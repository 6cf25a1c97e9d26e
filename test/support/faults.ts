import { missingBinaries } from './pg-cluster';

/**
 * Whether the fault and replica tests can run here: they need PostgreSQL's server binaries.
 * Outside CI a machine without them skips those tests, saying why in the test's name; in CI they
 * run anyway and fail on the missing binary (a skip there would hide a missing install step).
 */
export function faultsAvailable(): { run: boolean; reason: string } {
  const missing = missingBinaries();
  if (!missing) return { run: true, reason: '' };
  if (process.env.CI === 'true') return { run: true, reason: '' };
  return { run: false, reason: ` (skipped: ${missing})` };
}
