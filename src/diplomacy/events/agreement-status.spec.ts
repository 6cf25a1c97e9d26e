import { describe, expect, it } from '@jest/globals';
import {
  AGREEMENT_STATUSES,
  AGREEMENT_TRANSITIONS,
  agreementTransitionProblem,
  canChangeAgreementStatus,
} from './agreement-status';

describe('AGREEMENT_TRANSITIONS', () => {
  it('is the documented state machine', () => {
    expect(AGREEMENT_TRANSITIONS).toEqual({
      PROPOSED: ['SIGNED', 'ABANDONED'],
      SIGNED: ['RATIFIED', 'IN_FORCE', 'ABANDONED'],
      RATIFIED: ['IN_FORCE'],
      IN_FORCE: ['SUSPENDED', 'TERMINATED'],
      SUSPENDED: ['IN_FORCE', 'TERMINATED'],
      TERMINATED: [],
      ABANDONED: [],
    });
  });

  it('allows exactly its edges and explains every other pair', () => {
    for (const from of AGREEMENT_STATUSES) {
      for (const to of AGREEMENT_STATUSES) {
        const allowed = AGREEMENT_TRANSITIONS[from].includes(to);
        expect(canChangeAgreementStatus(from, to)).toBe(allowed);
        expect(agreementTransitionProblem(from, to) === undefined).toBe(allowed);
      }
    }
    expect(agreementTransitionProblem('PROPOSED', 'IN_FORCE')).toBe(
      'agreement status cannot go from PROPOSED to IN_FORCE (allowed: SIGNED, ABANDONED)',
    );
    expect(agreementTransitionProblem('TERMINATED', 'IN_FORCE')).toBe(
      'agreement status cannot go from TERMINATED to IN_FORCE (TERMINATED is final)',
    );
    expect(agreementTransitionProblem('RATIFIED', 'RATIFIED')).toBe('agreement status is RATIFIED already');
  });
});
