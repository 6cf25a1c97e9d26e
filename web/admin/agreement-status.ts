// An agreement's status moves only along these edges (the service's AGREEMENT_TRANSITIONS in
// src/diplomacy/events/agreement-status.ts, which test/web/ checks this copy against): the
// console offers only the statuses the service would accept. Pure.

export const AGREEMENT_TRANSITIONS: Readonly<Record<string, readonly string[]>> = {
  PROPOSED: ['SIGNED', 'ABANDONED'],
  SIGNED: ['RATIFIED', 'IN_FORCE', 'ABANDONED'],
  RATIFIED: ['IN_FORCE'],
  IN_FORCE: ['SUSPENDED', 'TERMINATED'],
  SUSPENDED: ['IN_FORCE', 'TERMINATED'],
  TERMINATED: [],
  ABANDONED: [],
};

/** The statuses an agreement at `status` may move to; [] when it is final or unknown. */
export function nextStatuses(status: string | null | undefined): readonly string[] {
  return status != null && Object.hasOwn(AGREEMENT_TRANSITIONS, status) ? AGREEMENT_TRANSITIONS[status] : [];
}
