/**
 * Domain fixtures from the Tehran story (src/diplomacy/story/tehran-2022.ts): its ids and actors,
 * and commands and events about its six central events. The commands are written as the specs
 * need them rather than copied from the story: a title with stray spaces and topics typed loosely
 * (to be normalised), Raisi rather than Iran as the visit's host, one statement for Khamenei's two
 * remarks on Russia, with sources that have ids. Builders return fresh objects, so a spec may
 * change what it gets.
 */
import type { ActorFacts } from '../context';
import type { ActorRegistered, RegisterActor } from '../actors/actor-types';
import { decideEvent } from '../events/event-decider';
import type { EventContext, EventRecorded, RecordEvent } from '../events/event-types';
import { tehranActors, tehranEvents, tehranIds } from '../story/tehran-2022';
import type { TemporalPoint } from '../temporal';

/**
 * The story's ids (src/diplomacy/story/tehran-2022.ts, the ones the demo seed stores), by the
 * names these fixtures use, and the ids of what only tests need.
 */
export const ids = {
  putin: tehranIds.putin,
  khamenei: tehranIds.khamenei,
  raisi: tehranIds.raisi,
  erdogan: tehranIds.erdogan,
  russia: tehranIds.russia,
  iran: tehranIds.iran,
  turkey: tehranIds.turkey,
  syria: tehranIds.syria,
  /** "VLADIMIR PUTIN" as an import created him a second time; merged into putin. Not in the story. */
  putinImported: 'c6b4a74e-1e6b-4e32-b61a-583c18b0ac70',
  /** Never registered. */
  unknownActor: 'd26c625d-baca-4f77-a9cd-37c49db66098',

  visit: tehranIds.visit,
  khameneiTalks: tehranIds.putinKhamenei,
  summit: tehranIds.summit,
  currenciesStatement: tehranIds.currencies,
  syriaWarning: tehranIds.syriaWarning,
  syriaAgreement: tehranIds.syriaConsultations,
  /** Never recorded. */
  unknownEvent: '30717785-4055-48ed-96fd-9ba3925800c6',

  /** Source ids, for attaching and detaching (the service gives the story's sources theirs). */
  reutersSource: 'aeecc8ab-6183-4c29-a254-8317185768c6',
  cnnSource: '4bef0e9b-ad98-49f6-9ac3-cad02a757249',
  apSource: 'e3123060-44c6-43fb-890c-c20875f9778d',
} as const;

export const day = (value: string, timeZone = 'Asia/Tehran'): TemporalPoint => ({ value, precision: 'DAY', timeZone });

/** What the application layer would load for these stories: the story's actors and events. */
export function actorFacts(): ActorFacts {
  return {
    ...Object.fromEntries(tehranActors.map(({ actorId, kind, name }) => [actorId, { kind, name }])),
    [ids.putinImported]: { kind: 'PERSON', name: 'VLADIMIR PUTIN', mergedInto: ids.putin },
  };
}

export function eventContext(): EventContext {
  return {
    actors: actorFacts(),
    events: Object.fromEntries(tehranEvents.map(({ eventId, kind }) => [eventId, { kind }])),
  };
}

// ---- actors ---------------------------------------------------------------------------------

export function registerPutin(): RegisterActor {
  return {
    type: 'RegisterActor',
    data: {
      actorId: ids.putin,
      kind: 'PERSON',
      name: 'Vladimir Putin',
      aliases: ['VLADIMIR PUTIN', 'Putin'],
      country: 'RUS',
      cameoCode: 'RUSGOV',
      roles: [{ title: 'President', ofActorId: ids.russia, from: day('2012-05-07', 'Europe/Moscow') }],
    },
    context: { actors: actorFacts() },
  };
}

export function putinRegistered(): ActorRegistered {
  return {
    type: 'ActorRegistered',
    data: {
      actorId: ids.putin,
      kind: 'PERSON',
      name: 'Vladimir Putin',
      aliases: ['VLADIMIR PUTIN', 'Putin'],
      country: 'RUS',
      cameoCode: 'RUSGOV',
      roles: [{ title: 'President', ofActorId: ids.russia, from: day('2012-05-07', 'Europe/Moscow') }],
    },
  };
}

export function raisiRegistered(): ActorRegistered {
  return {
    type: 'ActorRegistered',
    data: {
      actorId: ids.raisi,
      kind: 'PERSON',
      name: 'Ebrahim Raisi',
      aliases: ['Raisi'],
      country: 'IRN',
      cameoCode: 'IRNGOV',
      roles: [{ title: 'President', ofActorId: ids.iran, from: day('2021-08-03'), to: day('2024-05-19') }],
    },
  };
}

export function importedPutinRegistered(): ActorRegistered {
  return {
    type: 'ActorRegistered',
    data: {
      actorId: ids.putinImported,
      kind: 'PERSON',
      name: 'VLADIMIR PUTIN',
      aliases: ['Putin', 'V. Putin'],
      country: 'RUS',
      cameoCode: null,
      roles: [],
    },
  };
}

export function russiaRegistered(): ActorRegistered {
  return {
    type: 'ActorRegistered',
    data: {
      actorId: ids.russia,
      kind: 'STATE',
      name: 'Russia',
      aliases: ['Russian Federation'],
      country: 'RUS',
      cameoCode: 'RUS',
      roles: [],
    },
  };
}

// ---- events ---------------------------------------------------------------------------------

/** The story's first report of the visit, with the article's slip (Iran "and Saudi Arabia"). */
const SLIP_SUMMARY = tehranEvents.find((event) => event.eventId === tehranIds.visit)!.summary!;

/** As the article tells it, including its slip: Putin did not go to Saudi Arabia on this trip. */
export function recordVisit(): RecordEvent {
  return {
    type: 'RecordEvent',
    data: {
      eventId: ids.visit,
      kind: 'MEETING',
      title: '  Putin visits Tehran  ',
      summary: SLIP_SUMMARY,
      start: day('2022-07-19'),
      location: { placeName: 'Tehran', country: 'IRN', coordinates: { lat: 35.6892, lon: 51.389 } },
      participants: [
        { actorId: ids.putin, role: 'GUEST' },
        { actorId: ids.raisi, role: 'HOST' },
      ],
      topics: ['Strategic ties', 'Ukraine', 'strategic_ties'],
      sources: [
        {
          sourceId: ids.reutersSource,
          publisher: 'Reuters',
          title: 'Putin forges ties with Iran’s supreme leader in Tehran talks',
        },
        {
          sourceId: ids.cnnSource,
          publisher: 'CNN',
          title: 'Putin arrives in Iran for first trip outside former Soviet Union since his invasion of Ukraine',
          publishedAt: day('2022-07-19', 'America/New_York'),
        },
      ],
      cameoCode: '042',
      meeting: { format: 'IN_PERSON', type: 'VISIT' },
    },
    context: eventContext(),
  };
}

export function visitRecorded(): EventRecorded {
  return {
    type: 'EventRecorded',
    data: {
      eventId: ids.visit,
      kind: 'MEETING',
      title: 'Putin visits Tehran',
      summary: SLIP_SUMMARY,
      start: day('2022-07-19'),
      end: null,
      location: { placeName: 'Tehran', country: 'IRN', coordinates: { lat: 35.6892, lon: 51.389 } },
      participants: [
        { actorId: ids.putin, role: 'GUEST' },
        { actorId: ids.raisi, role: 'HOST' },
      ],
      topics: ['strategic-ties', 'ukraine'],
      sources: [
        {
          sourceId: ids.reutersSource,
          publisher: 'Reuters',
          title: 'Putin forges ties with Iran’s supreme leader in Tehran talks',
        },
        {
          sourceId: ids.cnnSource,
          publisher: 'CNN',
          title: 'Putin arrives in Iran for first trip outside former Soviet Union since his invasion of Ukraine',
          publishedAt: day('2022-07-19', 'America/New_York'),
        },
      ],
      cameoCode: '042',
      links: [],
      meeting: { format: 'IN_PERSON', type: 'VISIT' },
      statement: null,
      agreement: null,
    },
  };
}

export function recordKhameneiTalks(): RecordEvent {
  return {
    type: 'RecordEvent',
    data: {
      eventId: ids.khameneiTalks,
      kind: 'MEETING',
      title: 'Putin meets Supreme Leader Ayatollah Ali Khamenei',
      start: day('2022-07-19'),
      location: { placeName: 'Tehran', country: 'IRN' },
      participants: [
        { actorId: ids.putin, role: 'GUEST' },
        { actorId: ids.khamenei, role: 'HOST' },
      ],
      links: [{ type: 'PART_OF', targetEventId: ids.visit }],
      meeting: { format: 'IN_PERSON', type: 'BILATERAL' },
    },
    context: eventContext(),
  };
}

export function recordSummit(): RecordEvent {
  return {
    type: 'RecordEvent',
    data: {
      eventId: ids.summit,
      kind: 'MEETING',
      title: 'Trilateral summit of the presidents of Russia, Iran and Turkey',
      summary: 'Syria was a chief reason for the meeting of the three leaders.',
      start: day('2022-07-19'),
      location: { placeName: 'Tehran', country: 'IRN' },
      participants: [
        { actorId: ids.raisi, role: 'HOST' },
        { actorId: ids.putin, role: 'PARTICIPANT' },
        { actorId: ids.erdogan, role: 'PARTICIPANT' },
        { actorId: ids.syria, role: 'MENTIONED' },
      ],
      topics: ['Syria'],
      links: [{ type: 'PART_OF', targetEventId: ids.visit }],
      meeting: { format: 'IN_PERSON', type: 'SUMMIT' },
    },
    context: eventContext(),
  };
}

export function summitRecorded(): EventRecorded {
  return {
    type: 'EventRecorded',
    data: {
      eventId: ids.summit,
      kind: 'MEETING',
      title: 'Trilateral summit of the presidents of Russia, Iran and Turkey',
      summary: 'Syria was a chief reason for the meeting of the three leaders.',
      start: day('2022-07-19'),
      end: null,
      location: { placeName: 'Tehran', country: 'IRN' },
      participants: [
        { actorId: ids.raisi, role: 'HOST' },
        { actorId: ids.putin, role: 'PARTICIPANT' },
        { actorId: ids.erdogan, role: 'PARTICIPANT' },
        { actorId: ids.syria, role: 'MENTIONED' },
      ],
      topics: ['syria'],
      sources: [],
      cameoCode: '040',
      links: [{ type: 'PART_OF', targetEventId: ids.visit }],
      meeting: { format: 'IN_PERSON', type: 'SUMMIT' },
      statement: null,
      agreement: null,
    },
  };
}

/** Khamenei on national currencies, addressed to Putin. */
export function recordCurrenciesStatement(): RecordEvent {
  return {
    type: 'RecordEvent',
    data: {
      eventId: ids.currenciesStatement,
      kind: 'STATEMENT',
      title: 'Khamenei: countries should trade in their own national currencies',
      start: day('2022-07-19'),
      participants: [
        { actorId: ids.khamenei, role: 'SPEAKER' },
        { actorId: ids.putin, role: 'ADDRESSEE' },
        { actorId: ids.russia, role: 'MENTIONED' },
      ],
      topics: ['National currencies', 'Trade'],
      links: [{ type: 'PART_OF', targetEventId: ids.khameneiTalks }],
      statement: {
        speakerId: ids.khamenei,
        mode: 'PARAPHRASE',
        text: 'Putin had ensured Russia “maintained its independence” from the United States; countries should start using their own national currencies when trading goods.',
        language: 'en',
        addresseeIds: [ids.putin],
      },
    },
    context: eventContext(),
  };
}

export function currenciesStatementRecorded(): EventRecorded {
  return {
    type: 'EventRecorded',
    data: {
      eventId: ids.currenciesStatement,
      kind: 'STATEMENT',
      title: 'Khamenei: countries should trade in their own national currencies',
      summary: '',
      start: day('2022-07-19'),
      end: null,
      location: null,
      participants: [
        { actorId: ids.khamenei, role: 'SPEAKER' },
        { actorId: ids.putin, role: 'ADDRESSEE' },
        { actorId: ids.russia, role: 'MENTIONED' },
      ],
      topics: ['national-currencies', 'trade'],
      sources: [],
      cameoCode: '010',
      links: [{ type: 'PART_OF', targetEventId: ids.khameneiTalks }],
      meeting: null,
      statement: {
        speakerId: ids.khamenei,
        mode: 'PARAPHRASE',
        text: 'Putin had ensured Russia “maintained its independence” from the United States; countries should start using their own national currencies when trading goods.',
        language: 'en',
        addresseeIds: [ids.putin],
      },
      agreement: null,
    },
  };
}

/** Khamenei's warning to Erdogan about northern Syria. */
export function recordSyriaWarning(): RecordEvent {
  return {
    type: 'RecordEvent',
    data: {
      eventId: ids.syriaWarning,
      kind: 'STATEMENT',
      title: 'Khamenei warns Erdogan against a military attack in northern Syria',
      start: day('2022-07-19'),
      participants: [
        { actorId: ids.khamenei, role: 'SPEAKER' },
        { actorId: ids.erdogan, role: 'ADDRESSEE' },
        { actorId: ids.syria, role: 'MENTIONED' },
      ],
      topics: ['Syria'],
      cameoCode: '012',
      statement: {
        speakerId: ids.khamenei,
        mode: 'PARAPHRASE',
        text: 'Any military attack in northern Syria would harm Turkey, Syria and the entire region and benefit terrorists.',
        language: 'en',
        addresseeIds: [ids.erdogan],
      },
    },
    context: eventContext(),
  };
}

const SYRIA_TERMS =
  'The three presidents agreed to continue consultation on Syria and committed to maintaining efforts to “normalize” the situation after a decade of conflict.';

export function recordSyriaAgreement(): RecordEvent {
  return {
    type: 'RecordEvent',
    data: {
      eventId: ids.syriaAgreement,
      kind: 'AGREEMENT',
      title: 'Russia, Iran and Turkey agree to keep consulting on Syria',
      start: day('2022-07-19'),
      participants: [
        { actorId: ids.putin, role: 'SIGNATORY' },
        { actorId: ids.raisi, role: 'SIGNATORY' },
        { actorId: ids.erdogan, role: 'SIGNATORY' },
        { actorId: ids.syria, role: 'MENTIONED' },
      ],
      topics: ['Syria'],
      links: [{ type: 'PART_OF', targetEventId: ids.summit }],
      agreement: {
        partyIds: [ids.putin, ids.raisi, ids.erdogan],
        terms: SYRIA_TERMS,
        status: 'SIGNED',
        signedAtEventId: ids.summit,
      },
    },
    context: eventContext(),
  };
}

export function syriaAgreementRecorded(): EventRecorded {
  return {
    type: 'EventRecorded',
    data: {
      eventId: ids.syriaAgreement,
      kind: 'AGREEMENT',
      title: 'Russia, Iran and Turkey agree to keep consulting on Syria',
      summary: '',
      start: day('2022-07-19'),
      end: null,
      location: null,
      participants: [
        { actorId: ids.putin, role: 'SIGNATORY' },
        { actorId: ids.raisi, role: 'SIGNATORY' },
        { actorId: ids.erdogan, role: 'SIGNATORY' },
        { actorId: ids.syria, role: 'MENTIONED' },
      ],
      topics: ['syria'],
      sources: [],
      cameoCode: '057',
      links: [{ type: 'PART_OF', targetEventId: ids.summit }],
      meeting: null,
      statement: null,
      agreement: {
        partyIds: [ids.putin, ids.raisi, ids.erdogan],
        terms: SYRIA_TERMS,
        status: 'SIGNED',
        signedAtEventId: ids.summit,
      },
    },
  };
}

/** The event a valid RecordEvent leads to, for `given` lists (what is under test is elsewhere). */
export function recordedBy(command: RecordEvent): EventRecorded {
  return decideEvent(command, { status: 'NOT_RECORDED' })[0] as EventRecorded;
}
