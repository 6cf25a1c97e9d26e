import { describe, expect, it } from '@jest/globals';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { DeciderSpecification } from '../testing/decider-spec';
import { day, eventContext, ids, visitRecorded } from '../testing/tehran-2022';
import { diplomaticEventDecider, evolveEvent, initialEventState } from './event-decider';
import { decideEventSplit } from './event-merge';
import type { AttachReport, DiplomaticEventEvent, EventReport } from './event-types';

const spec = DeciderSpecification(diplomaticEventDecider);

const reportId = '5b0f7c52-2d8b-5e4f-9d43-1a7c7f0e2b61';
const apSource = { sourceId: ids.apSource, publisher: 'apnews.com', url: 'https://apnews.com/putin-tehran' };

/** A second row about Putin's visit: Raisi hosting him (043), from another article. */
function attach(report: Partial<AttachReport['data']['report']> = {}): AttachReport {
  return {
    type: 'AttachReport',
    data: {
      eventId: ids.visit,
      kind: 'MEETING',
      report: {
        reportId,
        dataset: 'GDELT',
        externalId: '1032',
        articles: 4,
        title: ' Raisi hosts Putin ',
        start: day('2022-07-19', 'UTC'),
        participants: [
          { actorId: ids.raisi, role: 'HOST' },
          { actorId: ids.putin, role: 'GUEST' },
        ],
        sources: [apSource],
        cameoCode: '043',
        meeting: { format: 'IN_PERSON', type: 'VISIT' },
        ...report,
      },
    },
    context: eventContext(),
  };
}

const attached: EventReport = {
  reportId,
  dataset: 'GDELT',
  externalId: '1032',
  articles: 4,
  title: 'Raisi hosts Putin',
  summary: '',
  start: day('2022-07-19', 'UTC'),
  end: null,
  location: null,
  participants: [
    { actorId: ids.raisi, role: 'HOST' },
    { actorId: ids.putin, role: 'GUEST' },
  ],
  topics: [],
  sources: [apSource],
  cameoCode: '043',
  links: [],
  meeting: { format: 'IN_PERSON', type: 'VISIT' },
  statement: null,
  agreement: null,
};

const reportAttached = (report: EventReport = attached): DiplomaticEventEvent => ({
  type: 'ReportAttached',
  data: { eventId: ids.visit, report },
});

describe('AttachReport', () => {
  it('attaches a report with its own code, roles, sources and ids, normalised like a recorded event', () => {
    spec.given([visitRecorded()]).when(attach()).then([reportAttached()]);
  });

  it('counts the report and adds the sources the event lacks, leaving its own fields as they were', () => {
    spec
      .given([visitRecorded()])
      .when(attach())
      .thenState((state) => {
        expect(state).toMatchObject({ attachedReports: 1, title: 'Putin visits Tehran', cameoCode: '042' });
        if (state.status === 'NOT_RECORDED') throw new Error('not recorded');
        expect(state.sources.map((s) => s.sourceId)).toEqual([ids.reutersSource, ids.cnnSource, ids.apSource]);
        expect(state.participants).toEqual(visitRecorded().data.participants);
      });
  });

  it('adds a source the event has already only once, and counts every report', () => {
    const second = { ...attached, reportId: 'e1f0a6f2-51f4-5d4c-8f6b-3f7a2d9c0b12', externalId: '1033' };
    spec
      .given([visitRecorded(), reportAttached()])
      .when(attach({ reportId: second.reportId, externalId: '1033' }))
      .thenState((state) => {
        expect(state).toMatchObject({ attachedReports: 2 });
        if (state.status === 'NOT_RECORDED') throw new Error('not recorded');
        expect(state.sources.filter((s) => s.sourceId === ids.apSource)).toHaveLength(1);
      });
  });

  it('makes its own a source a merged duplicate brought, so that a split of that duplicate leaves it', () => {
    const duplicateId = '5b0d7c2e-61f4-4d8a-9a57-3c8f2f0d9e11';
    const absorbed: DiplomaticEventEvent = {
      type: 'EventAbsorbed',
      data: {
        eventId: ids.visit,
        duplicateId,
        sources: [{ ...apSource, mergedFrom: duplicateId }],
        reports: 1,
        provenance: null,
        reason: 'the same visit',
      },
    };
    const survivor = [visitRecorded(), absorbed, reportAttached()].reduce(evolveEvent, initialEventState());
    if (survivor.status === 'NOT_RECORDED') throw new Error('not recorded');
    expect(survivor.sources.find((s) => s.sourceId === ids.apSource)).toEqual(apSource);
    expect(survivor.absorbed).toEqual([expect.objectContaining({ eventId: duplicateId, sourceIds: [] })]);

    const duplicate = [
      { ...visitRecorded(), data: { ...visitRecorded().data, eventId: duplicateId, sources: [apSource] } },
      { type: 'EventMerged', data: { eventId: duplicateId, into: ids.visit, reason: 'the same visit' } },
    ].reduce((state, event) => evolveEvent(state, event as DiplomaticEventEvent), initialEventState());
    const split = decideEventSplit({ duplicateId, duplicate, survivor, reason: 'two visits' });
    expect(split.survivorEvents).toEqual([
      { type: 'EventReleased', data: { eventId: ids.visit, duplicateId, sourceIds: [], reason: 'two visits' } },
    ]);
  });

  it('keeps a report without an article count as null', () => {
    spec
      .given([visitRecorded()])
      .when(attach({ articles: undefined }))
      .then([reportAttached({ ...attached, articles: null })]);
  });

  it('refuses a report of another kind', () => {
    const command = attach();
    spec
      .given([visitRecorded()])
      .when({ ...command, data: { ...command.data, kind: 'STATEMENT' } })
      .thenThrows(ValidationError, 'a report of a STATEMENT cannot join a MEETING');
  });

  it('checks the report like a recorded event, with paths under report', () => {
    spec
      .given([visitRecorded()])
      .when(attach({ title: '', reportId: 'not-a-uuid', articles: -1, dataset: '' }))
      .thenProblems([
        { path: ['report', 'reportId'], message: 'reportId must be a lower-case UUID, got "not-a-uuid"' },
        { path: ['report', 'dataset'], message: 'dataset must not be empty' },
        { path: ['report', 'articles'], message: 'articles must be a whole number ≥ 0, got -1' },
        { path: ['report', 'title'], message: 'title must not be empty' },
      ]);
    spec
      .given([visitRecorded()])
      .when(attach({ participants: [{ actorId: ids.unknownActor, role: 'HOST' }] }))
      .thenThrows(ValidationError);
  });

  it('refuses a report beyond the most one event may gather', () => {
    const full: DiplomaticEventEvent = { type: 'ReportAttached', data: { eventId: ids.visit, report: attached } };
    const recorded = visitRecorded();
    spec
      .given([recorded, full])
      .when(attach())
      .thenState((state) => expect(state).toMatchObject({ attachedReports: 2 }));
    // Standing in for 9,999 ReportAttached facts: the state counts them in attachedReports.
    const nearlyFull = { ...recorded, data: { ...recorded.data, attachedReports: 9_999 } } as DiplomaticEventEvent;
    spec
      .given([nearlyFull])
      .when(attach())
      .thenThrows(ValidationError, `event ${ids.visit} has 10000 reports, the most allowed`);
  });

  it('refuses an event that was never recorded, or is retracted', () => {
    spec.given([]).when(attach()).thenThrows(NotFoundError, 'was never recorded');
    spec
      .given([visitRecorded(), { type: 'EventRetracted', data: { eventId: ids.visit, reason: 'a duplicate' } }])
      .when(attach())
      .thenThrows(ConflictError, 'is retracted; restore it first');
  });
});
