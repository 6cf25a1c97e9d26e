import {
  tehranActors,
  tehranCorrections,
  tehranEvents,
  tehranIds,
  type StoryCorrection,
  type StoryEvent,
} from '../../src/diplomacy/story/tehran-2022';
import { ids as fixtureIds } from '../../src/diplomacy/testing/tehran-2022';

/**
 * The Tehran story (src/diplomacy/story/tehran-2022.ts) as GraphQL inputs for e2e tests: its
 * actors as registerActor inputs, and some of its events as recordEvent inputs a test may record
 * as often as it likes (without the story's ids, so the service makes new ones).
 */
export const ids = {
  ...tehranIds,
  /** Putin entered a second time, for merges: not part of the story (the domain fixtures' one). */
  putinDuplicate: fixtureIds.putinImported,
};

export const tehranDay = { value: '2022-07-19', precision: 'DAY', timeZone: 'Asia/Tehran' };

export const actors = tehranActors;

function storyEvent(eventId: string): StoryEvent {
  const event = tehranEvents.find((candidate) => candidate.eventId === eventId);
  if (!event) throw new Error(`no event ${eventId} in the Tehran story`);
  return event;
}

/** As the story's corrections leave it: given fields replace, the agreement's members merge. */
function corrected(event: StoryEvent): StoryEvent {
  const correction: StoryCorrection | undefined = tehranCorrections.find((c) => c.eventId === event.eventId);
  if (!correction) return event;
  const { eventId: _eventId, reason: _reason, meeting, statement, agreement, ...fields } = correction;
  return {
    ...event,
    ...fields,
    ...(meeting && event.meeting ? { meeting: { ...event.meeting, ...meeting } } : {}),
    ...(statement && event.statement ? { statement: { ...event.statement, ...statement } } : {}),
    ...(agreement && event.agreement ? { agreement: { ...event.agreement, ...agreement } } : {}),
  } as StoryEvent;
}

/**
 * A story event as the input of a new recordEvent: without its id, and without what names the
 * story's other events (links, the agreement's signing), which a test has not recorded.
 */
type NewEventInput = Omit<StoryEvent, 'eventId' | 'links' | 'agreement'> & {
  agreement?: Omit<NonNullable<StoryEvent['agreement']>, 'signedAtEventId'> | null;
};

function newEventInput(event: StoryEvent): NewEventInput {
  const { eventId: _eventId, links: _links, agreement, ...fields } = event;
  if (!agreement) return fields;
  const { signedAtEventId: _signedAt, ...terms } = agreement;
  return { ...fields, agreement: terms };
}

/** The visit as first reported, with the article's slip (Iran "and Saudi Arabia") in its summary. */
export const visitWithSlip = newEventInput(storyEvent(tehranIds.visit));
/** Khamenei to Putin: trade in national currencies. */
export const currenciesStatement = newEventInput(storyEvent(tehranIds.currencies));
/** The three presidents' agreement to keep consulting on Syria, as corrected (Raisi, not Khamenei). */
export const syriaAgreement = newEventInput(corrected(storyEvent(tehranIds.syriaConsultations)));
