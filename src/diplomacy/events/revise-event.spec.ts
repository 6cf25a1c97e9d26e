import { describe, expect, it } from '@jest/globals';
import { ConflictError, NotFoundError } from '../errors';
import { DeciderSpecification } from '../testing/decider-spec';
import {
  currenciesStatementRecorded,
  day,
  eventContext,
  ids,
  recordedBy,
  recordKhameneiTalks,
  summitRecorded,
  syriaAgreementRecorded,
  visitRecorded,
} from '../testing/tehran-2022';
import { diplomaticEventDecider } from './event-decider';
import type { ReviseEvent } from './event-types';

const spec = DeciderSpecification(diplomaticEventDecider);

function revise(eventId: string, data: Omit<ReviseEvent['data'], 'eventId'>): ReviseEvent {
  return { type: 'ReviseEvent', data: { eventId, ...data }, context: eventContext() };
}

const CORRECTED_SUMMARY =
  'Putin’s visit to Iran sends a strong message to the West about Moscow’s plans to forge closer strategic ties with Tehran.';
const SLIP_REASON =
  'The source article says "visit to Iran and Saudi Arabia"; Putin’s trip of 19 July 2022 went to Iran only (it was Biden who had just been to Saudi Arabia).';

describe('ReviseEvent', () => {
  it('corrects the article’s slip "visit to Iran and Saudi Arabia", keeping the old text and the reason', () => {
    spec
      .given([visitRecorded()])
      .when(revise(ids.visit, { summary: CORRECTED_SUMMARY, reason: SLIP_REASON }))
      .then([
        {
          type: 'EventRevised',
          data: {
            eventId: ids.visit,
            changes: { summary: CORRECTED_SUMMARY },
            previous: { summary: visitRecorded().data.summary },
            reason: SLIP_REASON,
          },
        },
      ]);
  });

  it('records only the fields that really change, normalised as on recording', () => {
    spec
      .given([visitRecorded()])
      .when(
        revise(ids.visit, {
          title: ' Putin visits Tehran ',
          topics: ['Strategic ties', 'Ukraine', 'Oil exports'],
          end: day('2022-07-19'),
          reason: 'more detail',
        }),
      )
      .then([
        {
          type: 'EventRevised',
          data: {
            eventId: ids.visit,
            changes: { end: day('2022-07-19'), topics: ['strategic-ties', 'ukraine', 'oil-exports'] },
            previous: { end: null, topics: ['strategic-ties', 'ukraine'] },
            reason: 'more detail',
          },
        },
      ]);
  });

  it('clears end and location with null, and resets the CAMEO code to the kind’s default', () => {
    const withEnd = visitRecorded();
    withEnd.data.end = day('2022-07-20');
    spec
      .given([withEnd])
      .when(revise(ids.visit, { end: null, location: null, cameoCode: null, reason: 'unsure' }))
      .then([
        {
          type: 'EventRevised',
          data: {
            eventId: ids.visit,
            changes: { end: null, location: null, cameoCode: '040' },
            previous: { end: day('2022-07-20'), location: withEnd.data.location, cameoCode: '042' },
            reason: 'unsure',
          },
        },
      ]);
  });

  it('merges kind details one level deep and records the whole new details', () => {
    const before = syriaAgreementRecorded().data.agreement!;
    const terms = 'The presidents agreed to continue consultation on Syria in the Astana format.';
    spec
      .given([syriaAgreementRecorded()])
      .when(revise(ids.syriaAgreement, { agreement: { terms }, reason: 'closer to the joint statement' }))
      .then([
        {
          type: 'EventRevised',
          data: {
            eventId: ids.syriaAgreement,
            changes: { agreement: { ...before, terms } },
            previous: { agreement: before },
            reason: 'closer to the joint statement',
          },
        },
      ]);
  });

  it('may correct a recorded agreement status (a correction of the record, not a change in the world)', () => {
    spec
      .given([syriaAgreementRecorded()])
      .when(
        revise(ids.syriaAgreement, {
          agreement: { status: 'PROPOSED', signedAtEventId: null },
          reason: 'only announced, not signed',
        }),
      )
      .thenState((state) =>
        expect(state).toMatchObject({
          agreement: { status: 'PROPOSED', partyIds: [ids.putin, ids.raisi, ids.erdogan] },
          revisionCount: 1,
        }),
      );
  });

  it('replaces lists, so a link can be removed', () => {
    spec
      .given([recordedBy(recordKhameneiTalks())])
      .when(revise(ids.khameneiTalks, { links: [], reason: 'the talks were separate from the state visit' }))
      .then([
        {
          type: 'EventRevised',
          data: {
            eventId: ids.khameneiTalks,
            changes: { links: [] },
            previous: { links: [{ type: 'PART_OF', targetEventId: ids.visit }] },
            reason: 'the talks were separate from the state visit',
          },
        },
      ]);
  });

  it('records merged actors as their survivors', () => {
    spec
      .given([summitRecorded()])
      .when(
        revise(ids.summit, {
          participants: [...summitRecorded().data.participants, { actorId: ids.putinImported, role: 'MENTIONED' }],
          reason: 'Putin is also mentioned',
        }),
      )
      .thenState((state) =>
        expect(state).toMatchObject({
          participants: [...summitRecorded().data.participants, { actorId: ids.putin, role: 'MENTIONED' }],
        }),
      );
  });

  it('validates the revised event as a whole', () => {
    spec
      .given([summitRecorded()])
      .when(revise(ids.summit, { meeting: { type: 'BILATERAL' }, reason: 'reclassify' }))
      .thenProblems([
        {
          path: ['participants'],
          message: 'a BILATERAL meeting needs exactly two distinct parties (HOST, GUEST or PARTICIPANT), got 3',
        },
      ]);
    spec
      .given([currenciesStatementRecorded()])
      .when(
        revise(ids.currenciesStatement, {
          participants: [{ actorId: ids.putin, role: 'ADDRESSEE' }],
          reason: 'who spoke?',
        }),
      )
      .thenProblems([{ path: ['statement', 'speakerId'], message: 'speaker must be one of the participants' }]);
    spec
      .given([visitRecorded()])
      .when(revise(ids.visit, { end: day('2022-07-18'), reason: 'dates' }))
      .thenProblems([{ path: ['end'], message: 'end (2022-07-18, DAY) is before start (2022-07-19, DAY)' }]);
  });

  it('needs the facts of every actor the revised event names, not only of those the command names', () => {
    const command = revise(ids.visit, { title: 'Putin’s state visit to Tehran', reason: 'wording' });
    delete command.context.actors[ids.raisi];
    spec
      .given([visitRecorded()])
      .when(command)
      .thenProblems([{ path: ['participants', 1, 'actorId'], message: `unknown actor id ${ids.raisi}` }]);
  });

  it('needs a reason, reported with the other problems', () => {
    spec
      .given([visitRecorded()])
      .when(revise(ids.visit, { title: '', reason: '' }))
      .thenProblems([
        { path: ['reason'], message: 'reason must not be empty' },
        { path: ['title'], message: 'title must not be empty' },
      ]);
  });

  it('refuses to change the kind', () => {
    const command = revise(ids.visit, { reason: 'it was a statement' });
    (command.data as Record<string, unknown>).kind = 'STATEMENT';
    spec
      .given([visitRecorded()])
      .when(command)
      .thenProblems([
        { path: ['kind'], message: 'kind cannot be revised (this is a MEETING): retract it and record a new event' },
      ]);
  });

  it('refuses a revision that changes nothing', () => {
    spec
      .given([visitRecorded()])
      .when(revise(ids.visit, { title: 'Putin visits Tehran', topics: ['strategic ties', 'UKRAINE'], reason: 'check' }))
      .thenProblems([{ path: [], message: 'nothing to change: the revision equals the current event' }]);
  });

  it('refuses an event that was never recorded', () => {
    spec
      .given([])
      .when(revise(ids.visit, { title: 'x', reason: 'y' }))
      .thenThrows(NotFoundError, `event ${ids.visit} was never recorded`);
  });

  it('refuses a retracted event', () => {
    spec
      .given([visitRecorded(), { type: 'EventRetracted', data: { eventId: ids.visit, reason: 'duplicate' } }])
      .when(revise(ids.visit, { title: 'x', reason: 'y' }))
      .thenThrows(ConflictError, `event ${ids.visit} is retracted; restore it first`);
  });

  it('leaves the revised event in the state, counting revisions', () => {
    spec
      .given([visitRecorded()])
      .when(revise(ids.visit, { summary: CORRECTED_SUMMARY, reason: SLIP_REASON }))
      .thenState((state) =>
        expect(state).toEqual({
          ...visitRecorded().data,
          summary: CORRECTED_SUMMARY,
          status: 'RECORDED',
          retractionReason: null,
          agreementStatusHistory: [],
          revisionCount: 1,
        }),
      );
  });
});
