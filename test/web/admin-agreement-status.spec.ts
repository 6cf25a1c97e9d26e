import { describe, expect, it } from '@jest/globals';
import { AGREEMENT_TRANSITIONS as SERVICE_TRANSITIONS } from '../../src/diplomacy/events/agreement-status';
import { AGREEMENT_TRANSITIONS, nextStatuses } from '../../web/admin/agreement-status';

describe('the agreement statuses the console offers', () => {
  it('are the service’s transitions, edge for edge', () => {
    expect(AGREEMENT_TRANSITIONS).toEqual(SERVICE_TRANSITIONS);
  });

  it('offers the next statuses of a status, none of a final or unknown one', () => {
    expect(nextStatuses('PROPOSED')).toEqual(['SIGNED', 'ABANDONED']);
    expect(nextStatuses('TERMINATED')).toEqual([]);
    expect(nextStatuses('constructor')).toEqual([]);
    expect(nextStatuses(undefined)).toEqual([]);
  });
});
