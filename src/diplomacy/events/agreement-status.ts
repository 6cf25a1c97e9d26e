/**
 * The life of an agreement. An agreement may be recorded at any status (it is often learned of
 * after signing); ChangeAgreementStatus then moves it only along these edges:
 *
 *   PROPOSED  → SIGNED | ABANDONED
 *   SIGNED    → RATIFIED | IN_FORCE | ABANDONED   (IN_FORCE directly: no ratification needed;
 *                                                  ABANDONED: signed but never ratified)
 *   RATIFIED  → IN_FORCE
 *   IN_FORCE  → SUSPENDED | TERMINATED
 *   SUSPENDED → IN_FORCE | TERMINATED
 *   TERMINATED, ABANDONED: final
 */
export const AGREEMENT_STATUSES = [
  'PROPOSED',
  'SIGNED',
  'RATIFIED',
  'IN_FORCE',
  'SUSPENDED',
  'TERMINATED',
  'ABANDONED',
] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export const AGREEMENT_TRANSITIONS: Readonly<Record<AgreementStatus, readonly AgreementStatus[]>> = {
  PROPOSED: ['SIGNED', 'ABANDONED'],
  SIGNED: ['RATIFIED', 'IN_FORCE', 'ABANDONED'],
  RATIFIED: ['IN_FORCE'],
  IN_FORCE: ['SUSPENDED', 'TERMINATED'],
  SUSPENDED: ['IN_FORCE', 'TERMINATED'],
  TERMINATED: [],
  ABANDONED: [],
};

export function canChangeAgreementStatus(from: AgreementStatus, to: AgreementStatus): boolean {
  return AGREEMENT_TRANSITIONS[from].includes(to);
}

/** Why from → to is refused, in words a user can act on; undefined when it is allowed. */
export function agreementTransitionProblem(from: AgreementStatus, to: AgreementStatus): string | undefined {
  if (canChangeAgreementStatus(from, to)) return undefined;
  const allowed = AGREEMENT_TRANSITIONS[from];
  if (from === to) return `agreement status is ${from} already`;
  return allowed.length === 0
    ? `agreement status cannot go from ${from} to ${to} (${from} is final)`
    : `agreement status cannot go from ${from} to ${to} (allowed: ${allowed.join(', ')})`;
}
