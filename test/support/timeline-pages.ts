import type { TimelineFilter, TimelineOptions } from '../../src/timelines/queries/index';
import { syntheticActorId } from './read-model-fixtures';

/**
 * The timeline pages whose plans matter, on the synthetic read model of read-model-fixtures: the
 * plan tests check them, and `npm run bench:explain` writes their plans and timings.
 */
export const busiest = syntheticActorId(1);
export const second = syntheticActorId(2);
/** An actor with few participant rows (about 100 at the default size) that shares events with the busiest. */
export const rare = syntheticActorId(200);
export const year2015 = { from: '2015-01-01T00:00:00Z', to: '2016-01-01T00:00:00Z' };

export const pages: Record<string, [TimelineFilter, TimelineOptions]> = {
  'actor page, one year, ASC': [
    { actorIds: { anyOf: [busiest] }, dateRange: year2015 },
    { first: 50, order: 'ASC' },
  ],
  'actor page, one year, DESC': [
    { actorIds: { anyOf: [busiest] }, dateRange: year2015 },
    { first: 50, order: 'DESC' },
  ],
  'actor page, no range, ASC, as of a past moment': [
    { actorIds: { anyOf: [busiest] } },
    { first: 50, asOf: new Date('2023-01-02T00:00:00Z') },
  ],
  'dyad page': [{ dyad: { actors: [busiest, second] } }, { first: 50 }],
  'dyad page, one year, DESC': [
    { dyad: { actors: [busiest, second] }, dateRange: year2015 },
    { first: 50, order: 'DESC' },
  ],
  'dyad page, one year, ASC, as of a past moment': [
    { dyad: { actors: [busiest, second] }, dateRange: year2015 },
    { first: 50, asOf: new Date('2023-01-02T00:00:00Z') },
  ],
  'allOf page': [{ actorIds: { allOf: [busiest, second] } }, { first: 50, order: 'DESC' }],
  'dyad page, the busiest and a rare actor': [{ dyad: { actors: [busiest, rare] } }, { first: 50 }],
  'dyad page, a rare actor and the busiest, one year, DESC': [
    { dyad: { actors: [rare, busiest] }, dateRange: year2015 },
    { first: 50, order: 'DESC' },
  ],
  'unfiltered page, DESC': [{}, { first: 50, order: 'DESC' }],
  'unfiltered page, one year, DESC': [{ dateRange: year2015 }, { first: 50, order: 'DESC' }],
  'country dyad page': [{ dyad: { countries: ['RUS', 'IRN'] } }, { first: 50 }],
  // Ascending from a range start must first find the events that began before it and still run.
  'unfiltered page, one year, ASC': [{ dateRange: year2015 }, { first: 50, order: 'ASC' }],
  'actor page, one year, ASC, as of a past moment': [
    { actorIds: { anyOf: [busiest] }, dateRange: year2015 },
    { first: 50, asOf: new Date('2023-01-02T00:00:00Z') },
  ],
  // Roles are on the participant rows: the same index ranges, each row's role checked as it is read.
  'actor page as a speaker, DESC': [
    { actorIds: { anyOf: [busiest], roles: ['SPEAKER'] } },
    { first: 50, order: 'DESC' },
  ],
  'directed dyad page': [
    {
      dyad: {
        from: { actor: busiest, roles: ['HOST', 'GUEST', 'PARTICIPANT'] },
        to: { actor: second, roles: ['GUEST', 'SPEAKER', 'ADDRESSEE'] },
      },
    },
    { first: 50 },
  ],
  'actor to country page': [
    {
      dyad: {
        from: { actor: busiest, roles: ['GUEST', 'SPEAKER'] },
        to: { country: 'RUS', roles: ['HOST', 'ADDRESSEE'] },
      },
    },
    { first: 50 },
  ],
  'directed country dyad page': [
    { dyad: { from: { country: 'RUS', roles: ['SPEAKER'] }, to: { country: 'IRN', roles: ['ADDRESSEE'] } } },
    { first: 50 },
  ],
};
