import {
  day,
  ids,
  recordCurrenciesStatement,
  recordKhameneiTalks,
  recordSummit,
  recordSyriaAgreement,
  recordSyriaWarning,
  recordVisit,
} from '../../../diplomacy/testing/tehran-2022';
import { tehranActors } from '../../../diplomacy/story/tehran-2022';
import { DomainLogBuilder } from './domain-log-builder';

export const tehranIds = {
  ...ids,
  /** A visit that an import recorded with the duplicate Putin as guest. */
  importedVisit: '0f6c1f0e-5b8e-4a63-9d0b-3c1b8f0e7a11',
  /** A statement naming both Putins: after the merge their roles share one participant row. */
  importedStatement: '5d1e2a7c-8a4f-4f5e-b2a6-9e3c7d4b1f22',
};

const must = (ok: boolean, what: string) => {
  if (!ok) throw new Error(`the Tehran log fixture is wrong: ${what} was refused by the domain`);
};

/**
 * The seed article's events as a log with a history: revisions, a retraction and its restoring,
 * sources attached and detached, links, agreement status changes, an actor whose country is
 * revised, an actor merge with events naming the duplicate (one naming both), and events no
 * projection knows. One builder transaction per step, as separate requests would write them.
 */
export function tehranLog(): DomainLogBuilder {
  const log = new DomainLogBuilder();
  const step = () => log.commit();

  for (const actor of tehranActors) {
    // Erdogan is registered without his country: a revision below gives it, and his rows follow.
    const registered = actor.actorId === ids.erdogan ? { ...actor, country: null } : actor;
    must(log.registerActor(registered), `register ${actor.name}`);
  }
  must(
    log.registerActor({
      actorId: ids.putinImported,
      kind: 'PERSON',
      name: 'VLADIMIR PUTIN',
      aliases: ['V. Putin'],
      country: 'RUS',
    }),
    'register the imported Putin',
  );
  step();

  must(log.recordEvent(recordVisit().data), 'record the visit');
  step();
  must(log.recordEvent(recordKhameneiTalks().data), 'record the talks');
  must(log.recordEvent(recordSummit().data), 'record the summit');
  step();
  must(log.recordEvent(recordCurrenciesStatement().data), 'record the currencies statement');
  must(log.recordEvent(recordSyriaWarning().data), 'record the Syria warning');
  must(log.recordEvent(recordSyriaAgreement().data), 'record the agreement');
  step();
  must(
    log.recordEvent({
      eventId: tehranIds.importedVisit,
      kind: 'MEETING',
      title: 'PUTIN ARRIVES IN TEHRAN',
      start: day('2022-07-19'),
      location: { placeName: 'Tehran', country: 'IRN' },
      participants: [
        { actorId: ids.putinImported, role: 'GUEST' },
        { actorId: ids.raisi, role: 'HOST' },
      ],
      topics: ['imported'],
      meeting: { format: 'IN_PERSON', type: 'VISIT' },
    }),
    'record the imported visit',
  );
  must(
    log.recordEvent({
      eventId: tehranIds.importedStatement,
      kind: 'STATEMENT',
      title: 'PUTIN: RELATIONS WITH IRAN ARE DEVELOPING',
      start: { value: '2022-07-19T21:10', precision: 'MINUTE', timeZone: 'Asia/Tehran' },
      participants: [
        { actorId: ids.putinImported, role: 'SPEAKER' },
        { actorId: ids.putin, role: 'MENTIONED' },
        { actorId: ids.raisi, role: 'ADDRESSEE' },
      ],
      statement: {
        speakerId: ids.putinImported,
        mode: 'QUOTE',
        text: 'Relations with Iran are developing at a good pace.',
        language: 'en',
        addresseeIds: [ids.raisi],
      },
    }),
    'record the imported statement',
  );
  step();

  must(
    log.reviseEvent({
      eventId: ids.visit,
      reason: 'Putin did not go to Saudi Arabia on this trip',
      summary:
        'Putin’s visit to Iran sends a strong message to the West about Moscow’s plans to forge closer strategic ties.',
    }),
    'revise the visit',
  );
  step();
  must(
    log.attachSource(ids.visit, {
      sourceId: ids.apSource,
      publisher: 'AP',
      url: 'https://apnews.com/article/putin-iran',
      title: 'Putin in Tehran',
    }),
    'attach AP',
  );
  step();
  must(log.detachSource(ids.visit, ids.cnnSource, 'paywalled copy'), 'detach CNN');
  must(log.retractEvent(ids.syriaWarning, 'reported twice'), 'retract the warning');
  must(
    log.reviseEvent({
      eventId: ids.summit,
      reason: 'official name',
      title: 'Astana format summit on Syria',
      end: day('2022-07-20'),
    }),
    'revise the summit',
  );
  step();
  must(
    log.linkEvents(ids.currenciesStatement, { type: 'FOLLOW_UP_OF', targetEventId: ids.summit }),
    'link the statement',
  );
  must(log.restoreEvent(ids.syriaWarning, 'the second report was a different warning'), 'restore the warning');
  must(
    log.changeAgreementStatus(ids.syriaAgreement, 'IN_FORCE', day('2022-07-20'), 'no ratification needed'),
    'agreement in force',
  );
  step();
  must(
    log.reviseActor({ actorId: ids.erdogan, country: 'TUR', cameoCode: 'TURGOV', reason: 'head of state of Turkey' }),
    'revise Erdogan',
  );
  step();
  must(
    log.reviseEvent({
      eventId: ids.summit,
      reason: 'Syria attended as an observer',
      participants: [
        { actorId: ids.raisi, role: 'HOST' },
        { actorId: ids.putin, role: 'PARTICIPANT' },
        { actorId: ids.erdogan, role: 'PARTICIPANT' },
        { actorId: ids.syria, role: 'MENTIONED' },
        { actorId: ids.turkey, role: 'MENTIONED' },
      ],
      start: { value: '2022-07', precision: 'MONTH', timeZone: 'Asia/Tehran' },
      end: null,
    }),
    'revise the summit again',
  );
  step();
  must(log.mergeActors(ids.putinImported, ids.putin, 'imported twice from GDELT'), 'merge the Putins');
  step();
  must(
    log.reviseEvent({ eventId: tehranIds.importedVisit, reason: 'title case', title: 'Putin arrives in Tehran' }),
    'revise the imported visit',
  );
  must(log.changeAgreementStatus(ids.syriaAgreement, 'SUSPENDED'), 'agreement suspended');
  step();
  log.raw(`event-${ids.visit}`, 'EventTagged', { eventId: ids.visit, tag: 'from-the-future' });
  log.raw(`actor-${ids.putin}`, 'ActorPhotographed', { actorId: ids.putin });
  log.raw('probe-1', 'Probed', { ok: true });
  step();
  must(
    log.reviseEvent({ eventId: tehranIds.importedStatement, reason: 'exact time unknown', start: day('2022-07-19') }),
    'revise the imported statement',
  );
  step();
  return log;
}
