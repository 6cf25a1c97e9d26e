/**
 * What the synthetic logs share (the tests' appendSyntheticLog and bench:timeline's log): a small
 * seeded generator, so that a seed gives the same log on every run, and the CAMEO codes they draw
 * for each kind of event.
 */
export type Rng = () => number;

/** mulberry32: 32 bits of state, fast, and good enough for test data (not for anything secret). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MEETING_CODES = { VISIT: ['042', '043'], BILATERAL: ['040', '044', '046', '036'], SUMMIT: ['040', '044', '046'] } as const;
export const STATEMENT_CODES = ['010', '012', '013', '017', '019', '051'];
export const AGREEMENT_CODES = ['057', '050', '061'];
