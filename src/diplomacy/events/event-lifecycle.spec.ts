import { describe, expect, it } from '@jest/globals';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { DeciderSpecification } from '../testing/decider-spec';
import { day, eventContext, ids, syriaAgreementRecorded, visitRecorded } from '../testing/tehran-2022';
import { diplomaticEventDecider } from './event-decider';
import type { DiplomaticEventEvent, EventCommand } from './event-types';

const spec = DeciderSpecification(diplomaticEventDecider);
const retracted = (eventId: string): DiplomaticEventEvent => ({
  type: 'EventRetracted',
  data: { eventId, reason: 'duplicate of another record' },
});

const apSource = {
  sourceId: ids.apSource,
  publisher: 'The Associated Press',
  title: 'Putin, in Tehran, gets strong support from Iran over Ukraine',
};

describe('RetractEvent and RestoreEvent', () => {
  it('retracts with a reason and keeps the reason in the state', () => {
    spec
      .given([visitRecorded()])
      .when({ type: 'RetractEvent', data: { eventId: ids.visit, reason: ' recorded twice ' } })
      .then([{ type: 'EventRetracted', data: { eventId: ids.visit, reason: 'recorded twice' } }]);
    spec
      .given([visitRecorded(), retracted(ids.visit)])
      .when({ type: 'RestoreEvent', data: { eventId: ids.visit, reason: 'it was not a duplicate' } })
      .thenState((state) => expect(state).toMatchObject({ status: 'RECORDED', retractionReason: null }));
  });

  it('needs a reason for both', () => {
    spec
      .given([visitRecorded()])
      .when({ type: 'RetractEvent', data: { eventId: ids.visit, reason: '' } })
      .thenProblems([{ path: ['reason'], message: 'reason must not be empty' }]);
    spec
      .given([visitRecorded(), retracted(ids.visit)])
      .when({ type: 'RestoreEvent', data: { eventId: ids.visit, reason: 'r'.repeat(2001) } })
      .thenProblems([{ path: ['reason'], message: 'reason is longer than 2000 characters (2001)' }]);
  });

  it('refuses to retract twice and to restore what is not retracted', () => {
    spec
      .given([visitRecorded(), retracted(ids.visit)])
      .when({ type: 'RetractEvent', data: { eventId: ids.visit, reason: 'again' } })
      .thenThrows(ConflictError, `event ${ids.visit} is retracted already`);
    spec
      .given([visitRecorded()])
      .when({ type: 'RestoreEvent', data: { eventId: ids.visit, reason: 'back' } })
      .thenThrows(ConflictError, `event ${ids.visit} is not retracted`);
  });

  it('restores what was retracted', () => {
    spec
      .given([visitRecorded(), retracted(ids.visit)])
      .when({ type: 'RestoreEvent', data: { eventId: ids.visit, reason: 'it was not a duplicate' } })
      .then([{ type: 'EventRestored', data: { eventId: ids.visit, reason: 'it was not a duplicate' } }]);
  });
});

describe('AttachSource and DetachSource', () => {
  it('attaches a new source', () => {
    spec
      .given([visitRecorded()])
      .when({ type: 'AttachSource', data: { eventId: ids.visit, source: apSource } })
      .then([{ type: 'SourceAttached', data: { eventId: ids.visit, source: apSource } }]);
  });

  it('checks the source like one given on recording', () => {
    spec
      .given([visitRecorded()])
      .when({ type: 'AttachSource', data: { eventId: ids.visit, source: { ...apSource, url: 'javascript:alert(1)' } } })
      .thenProblems([
        { path: ['source', 'url'], message: 'url must be an http or https URL, got "javascript:alert(1)"' },
      ]);
  });

  it('refuses a source id that is attached already', () => {
    spec
      .given([visitRecorded()])
      .when({
        type: 'AttachSource',
        data: { eventId: ids.visit, source: { sourceId: ids.reutersSource, publisher: 'Reuters' } },
      })
      .thenThrows(ConflictError, `source ${ids.reutersSource} is attached to event ${ids.visit} already`);
  });

  it('detaches an attached source, with an optional reason', () => {
    spec
      .given([visitRecorded()])
      .when({ type: 'DetachSource', data: { eventId: ids.visit, sourceId: ids.cnnSource } })
      .then([{ type: 'SourceDetached', data: { eventId: ids.visit, sourceId: ids.cnnSource } }]);
    spec
      .given([visitRecorded()])
      .when({
        type: 'DetachSource',
        data: { eventId: ids.visit, sourceId: ids.cnnSource, reason: 'the report is about his arrival only' },
      })
      .thenState((state) => expect(state).toMatchObject({ sources: [visitRecorded().data.sources[0]] }));
  });

  it('refuses to detach a source that is not attached', () => {
    spec
      .given([visitRecorded()])
      .when({ type: 'DetachSource', data: { eventId: ids.visit, sourceId: ids.apSource } })
      .thenThrows(NotFoundError, `source ${ids.apSource} is not attached to event ${ids.visit}`);
  });
});

describe('LinkEvents', () => {
  const link = (targetEventId: string, type: 'PART_OF' | 'FOLLOW_UP_OF' | 'CONTRADICTS' = 'PART_OF'): EventCommand => ({
    type: 'LinkEvents',
    data: { eventId: ids.summit, link: { type, targetEventId } },
    context: { events: eventContext().events },
  });
  const summitUnlinked = (): DiplomaticEventEvent => {
    const recorded = visitRecorded();
    return { ...recorded, data: { ...recorded.data, eventId: ids.summit, links: [] } };
  };

  it('links the summit as part of the visit', () => {
    spec
      .given([summitUnlinked()])
      .when(link(ids.visit))
      .then([
        { type: 'EventsLinked', data: { eventId: ids.summit, link: { type: 'PART_OF', targetEventId: ids.visit } } },
      ]);
  });

  it('checks the link like one given on recording', () => {
    spec
      .given([summitUnlinked()])
      .when(link(ids.summit))
      .thenProblems([{ path: ['link', 'targetEventId'], message: 'an event cannot link to itself' }]);
    spec
      .given([summitUnlinked()])
      .when(link(ids.syriaAgreement))
      .thenProblems([
        {
          path: ['link', 'targetEventId'],
          message: `PART_OF must point to a MEETING, ${ids.syriaAgreement} is an AGREEMENT`,
        },
      ]);
    spec
      .given([summitUnlinked()])
      .when(link(ids.unknownEvent, 'CONTRADICTS'))
      .thenProblems([{ path: ['link', 'targetEventId'], message: `unknown event id ${ids.unknownEvent}` }]);
  });

  it('refuses a link that exists', () => {
    spec
      .given([
        summitUnlinked(),
        { type: 'EventsLinked', data: { eventId: ids.summit, link: { type: 'PART_OF', targetEventId: ids.visit } } },
      ])
      .when(link(ids.visit))
      .thenThrows(ConflictError, `event ${ids.summit} is linked PART_OF ${ids.visit} already`);
  });

  it('allows other types of link to the same event', () => {
    spec
      .given([
        summitUnlinked(),
        { type: 'EventsLinked', data: { eventId: ids.summit, link: { type: 'PART_OF', targetEventId: ids.visit } } },
      ])
      .when(link(ids.visit, 'FOLLOW_UP_OF'))
      .thenState((state) =>
        expect(state).toMatchObject({
          links: [
            { type: 'PART_OF', targetEventId: ids.visit },
            { type: 'FOLLOW_UP_OF', targetEventId: ids.visit },
          ],
        }),
      );
  });
});

describe('ChangeAgreementStatus', () => {
  const change = (
    status: string,
    extra: { effectiveDate?: ReturnType<typeof day>; reason?: string } = {},
  ): EventCommand => ({
    type: 'ChangeAgreementStatus',
    data: { eventId: ids.syriaAgreement, status: status as 'IN_FORCE', ...extra },
  });
  const statusChanged = (from: string, to: string): DiplomaticEventEvent =>
    ({ type: 'AgreementStatusChanged', data: { eventId: ids.syriaAgreement, from, to } }) as DiplomaticEventEvent;

  it('moves a signed agreement into force, with an effective date and a reason', () => {
    spec
      .given([syriaAgreementRecorded()])
      .when(change('IN_FORCE', { effectiveDate: day('2022-07-19'), reason: 'consultations are held' }))
      .then([
        {
          type: 'AgreementStatusChanged',
          data: {
            eventId: ids.syriaAgreement,
            from: 'SIGNED',
            to: 'IN_FORCE',
            effectiveDate: day('2022-07-19'),
            reason: 'consultations are held',
          },
        },
      ]);
  });

  it('keeps the status and its history in the state', () => {
    spec
      .given([syriaAgreementRecorded(), statusChanged('SIGNED', 'IN_FORCE')])
      .when(change('SUSPENDED'))
      .thenState((state) =>
        expect(state).toMatchObject({
          agreement: { status: 'SUSPENDED' },
          agreementStatusHistory: [
            { eventId: ids.syriaAgreement, from: 'SIGNED', to: 'IN_FORCE' },
            { eventId: ids.syriaAgreement, from: 'IN_FORCE', to: 'SUSPENDED' },
          ],
        }),
      );
  });

  it('refuses an illegal transition, naming the allowed ones', () => {
    const proposed = syriaAgreementRecorded();
    proposed.data.agreement = { ...proposed.data.agreement!, status: 'PROPOSED' };
    spec
      .given([proposed])
      .when(change('IN_FORCE'))
      .thenThrows(
        ValidationError,
        'status: agreement status cannot go from PROPOSED to IN_FORCE (allowed: SIGNED, ABANDONED)',
      );
    spec
      .given([syriaAgreementRecorded(), statusChanged('SIGNED', 'ABANDONED')])
      .when(change('SIGNED'))
      .thenThrows(ValidationError, 'status: agreement status cannot go from ABANDONED to SIGNED (ABANDONED is final)');
    spec
      .given([syriaAgreementRecorded()])
      .when(change('SIGNED'))
      .thenThrows(ValidationError, 'status: agreement status is SIGNED already');
  });

  it('checks status, effective date and reason', () => {
    spec
      .given([syriaAgreementRecorded()])
      .when(change('DONE', { effectiveDate: day('2022-07-18'), reason: 'x'.repeat(2001) }))
      .thenProblems([
        {
          path: ['status'],
          message:
            'agreement status must be one of PROPOSED, SIGNED, RATIFIED, IN_FORCE, SUSPENDED, TERMINATED, ABANDONED, got "DONE"',
        },
        { path: ['reason'], message: 'reason is longer than 2000 characters (2001)' },
        {
          path: ['effectiveDate'],
          message: 'effectiveDate (2022-07-18, DAY) is before the agreement’s start (2022-07-19, DAY)',
        },
      ]);
  });

  it('is for agreements only', () => {
    spec
      .given([visitRecorded()])
      .when({ type: 'ChangeAgreementStatus', data: { eventId: ids.visit, status: 'IN_FORCE' } })
      .thenProblems([{ path: ['status'], message: `event ${ids.visit} is a MEETING; only an AGREEMENT has a status` }]);
  });
});

describe('every command but RecordEvent', () => {
  const commands: EventCommand[] = [
    { type: 'ReviseEvent', data: { eventId: ids.visit, title: 'x', reason: 'y' }, context: eventContext() },
    { type: 'RetractEvent', data: { eventId: ids.visit, reason: 'y' } },
    { type: 'RestoreEvent', data: { eventId: ids.visit, reason: 'y' } },
    { type: 'AttachSource', data: { eventId: ids.visit, source: apSource } },
    { type: 'DetachSource', data: { eventId: ids.visit, sourceId: ids.reutersSource } },
    {
      type: 'LinkEvents',
      data: { eventId: ids.visit, link: { type: 'FOLLOW_UP_OF', targetEventId: ids.summit } },
      context: eventContext(),
    },
    { type: 'ChangeAgreementStatus', data: { eventId: ids.visit, status: 'IN_FORCE' } },
  ];

  it.each(commands.map((command) => [command.type, command] as const))(
    '%s refuses an event that was never recorded',
    (_, command) => {
      spec.given([]).when(command).thenThrows(NotFoundError, `event ${ids.visit} was never recorded`);
    },
  );

  it.each(
    commands
      .filter((c) => c.type !== 'RestoreEvent' && c.type !== 'RetractEvent')
      .map((command) => [command.type, command] as const),
  )('%s refuses a retracted event', (_, command) => {
    spec
      .given([visitRecorded(), retracted(ids.visit)])
      .when(command)
      .thenThrows(ConflictError, `event ${ids.visit} is retracted; restore it first`);
  });

  it('refuses a command addressed to another event than the stream holds', () => {
    spec
      .given([visitRecorded()])
      .when({ type: 'RetractEvent', data: { eventId: ids.summit, reason: 'y' } })
      .thenProblems([
        { path: ['eventId'], message: `the command is for event ${ids.summit}, the stream holds ${ids.visit}` },
      ]);
  });
});
