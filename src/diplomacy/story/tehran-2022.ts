import type { RegisterActor } from '../actors/actor-types';
import type { EventSource, RecordEvent, ReviseEvent } from '../events/event-types';
import type { TemporalPoint } from '../temporal';

/** A source as the article cites it: the service gives it its id. */
export type StorySource = Omit<EventSource, 'sourceId'>;
export type StoryActor = RegisterActor['data'];
export type StoryEvent = Omit<RecordEvent['data'], 'sources'> & { sources?: StorySource[] };
export type StoryCorrection = Omit<ReviseEvent['data'], 'sources'>;

/**
 * The Tehran story, written once: the 19 July 2022 talks as the seed article tells them, slips
 * included, and their corrections. The demo seed (src/admin/seed) records exactly this; the domain
 * fixtures (src/diplomacy/testing/tehran-2022.ts), the read-model fixtures and the e2e inputs
 * (test/support) derive theirs from it. The ids are those the demo seed has always stored under:
 * seeding is idempotent by them, so they may never change.
 */
export const tehranIds = {
  putin: '5e1d0a52-8f0a-4d3c-9b1e-000000000001',
  khamenei: '5e1d0a52-8f0a-4d3c-9b1e-000000000002',
  raisi: '5e1d0a52-8f0a-4d3c-9b1e-000000000003',
  erdogan: '5e1d0a52-8f0a-4d3c-9b1e-000000000004',
  russia: '5e1d0a52-8f0a-4d3c-9b1e-000000000005',
  iran: '5e1d0a52-8f0a-4d3c-9b1e-000000000006',
  turkey: '5e1d0a52-8f0a-4d3c-9b1e-000000000007',
  syria: '5e1d0a52-8f0a-4d3c-9b1e-000000000008',
  visit: '5e1d0a52-8f0a-4d3c-9b1e-000000000101',
  putinKhamenei: '5e1d0a52-8f0a-4d3c-9b1e-000000000102',
  putinErdogan: '5e1d0a52-8f0a-4d3c-9b1e-000000000103',
  summit: '5e1d0a52-8f0a-4d3c-9b1e-000000000104',
  independence: '5e1d0a52-8f0a-4d3c-9b1e-000000000201',
  currencies: '5e1d0a52-8f0a-4d3c-9b1e-000000000202',
  ukraine: '5e1d0a52-8f0a-4d3c-9b1e-000000000203',
  syriaWarning: '5e1d0a52-8f0a-4d3c-9b1e-000000000204',
  syriaConsultations: '5e1d0a52-8f0a-4d3c-9b1e-000000000301',
} as const;

const ids = tehranIds;
const tehran = (value = '2022-07-19'): TemporalPoint => ({ value, precision: 'DAY', timeZone: 'Asia/Tehran' });
const inTehran = { placeName: 'Tehran', country: 'IRN', coordinates: { lat: 35.6892, lon: 51.389 } };

/** The five sources the article cites (the service gives each its id when it is recorded). */
export const tehranSources = {
  reutersTalks: {
    publisher: 'Reuters',
    title: 'Putin forges ties with Iran’s supreme leader in Tehran talks',
    publishedAt: tehran(),
    excerpt: 'Russian President Vladimir Putin met with Supreme Leader Ayatollah Ali Khamenei in Iran on Tuesday',
  },
  cbs: {
    publisher: 'CBS News',
    title: 'On trip to Iran, Vladimir Putin wants to show the world “he still has some friends”',
    publishedAt: tehran(),
  },
  cnn: {
    publisher: 'CNN',
    title: 'Putin arrives in Iran for first trip outside former Soviet Union since his invasion of Ukraine',
    publishedAt: tehran(),
  },
  reutersCooperation: {
    publisher: 'Reuters',
    title: 'Iran’s Khamenei seeks long-term Moscow, Tehran cooperation',
    publishedAt: tehran(),
    excerpt: 'Khamenei said Putin had ensured Russia “maintained its independence” from the United States',
  },
  ap: {
    publisher: 'The Associated Press',
    title: 'Putin, in Tehran, gets strong support from Iran over Ukraine',
    publishedAt: tehran(),
    excerpt: 'Khamenei said Moscow had little alternative to taking the initiative in Ukraine',
  },
} satisfies Record<string, StorySource>;

export const tehranActors: StoryActor[] = [
  {
    actorId: ids.russia,
    kind: 'STATE',
    name: 'Russia',
    country: 'RUS',
    cameoCode: 'RUS',
    aliases: ['Russian Federation', 'Moscow'],
  },
  {
    actorId: ids.iran,
    kind: 'STATE',
    name: 'Iran',
    country: 'IRN',
    cameoCode: 'IRN',
    aliases: ['Islamic Republic of Iran', 'Tehran'],
  },
  {
    actorId: ids.turkey,
    kind: 'STATE',
    name: 'Turkey',
    country: 'TUR',
    cameoCode: 'TUR',
    aliases: ['Türkiye', 'Ankara'],
  },
  {
    actorId: ids.syria,
    kind: 'STATE',
    name: 'Syria',
    country: 'SYR',
    cameoCode: 'SYR',
    aliases: ['Syrian Arab Republic', 'Damascus'],
  },
  {
    actorId: ids.putin,
    kind: 'PERSON',
    name: 'Vladimir Putin',
    country: 'RUS',
    aliases: ['VLADIMIR PUTIN', 'Putin'],
    roles: [
      {
        title: 'President of Russia',
        ofActorId: ids.russia,
        from: { value: '2012-05-07', precision: 'DAY', timeZone: 'Europe/Moscow' },
      },
    ],
  },
  {
    actorId: ids.khamenei,
    kind: 'PERSON',
    name: 'Ali Khamenei',
    country: 'IRN',
    aliases: ['Ayatollah Ali Khamenei', 'ALI KHAMENEI', 'Khamenei'],
    roles: [
      {
        title: 'Supreme Leader of Iran',
        ofActorId: ids.iran,
        from: { value: '1989-06-04', precision: 'DAY', timeZone: 'Asia/Tehran' },
      },
    ],
  },
  {
    actorId: ids.raisi,
    kind: 'PERSON',
    name: 'Ebrahim Raisi',
    country: 'IRN',
    aliases: ['EBRAHIM RAISI', 'Raisi'],
    roles: [
      {
        title: 'President of Iran',
        ofActorId: ids.iran,
        from: { value: '2021-08-03', precision: 'DAY', timeZone: 'Asia/Tehran' },
        to: { value: '2024-05-19', precision: 'DAY', timeZone: 'Asia/Tehran' },
      },
    ],
  },
  {
    actorId: ids.erdogan,
    kind: 'PERSON',
    name: 'Recep Tayyip Erdogan',
    country: 'TUR',
    aliases: ['Tayyip Erdogan', 'RECEP TAYYIP ERDOGAN', 'Erdogan'],
    roles: [
      {
        title: 'President of Turkey',
        ofActorId: ids.turkey,
        from: { value: '2014-08-28', precision: 'DAY', timeZone: 'Europe/Istanbul' },
      },
    ],
  },
];

export const tehranEvents: StoryEvent[] = [
  {
    eventId: ids.visit,
    kind: 'MEETING',
    title: 'Putin visits Tehran',
    // As first reported, with the article's slip: this trip did not go to Saudi Arabia.
    summary:
      'Putin’s visit to Iran and Saudi Arabia sends a strong message to the West about Moscow’s plans to forge closer strategic ties with these countries.',
    start: tehran(),
    location: inTehran,
    participants: [
      { actorId: ids.putin, role: 'GUEST' },
      { actorId: ids.iran, role: 'HOST' },
    ],
    topics: ['russia-iran-relations', 'ukraine', 'syria'],
    meeting: { format: 'IN_PERSON', type: 'VISIT' },
    cameoCode: '042',
    sources: [tehranSources.cbs, tehranSources.cnn],
  },
  {
    eventId: ids.putinKhamenei,
    kind: 'MEETING',
    title: 'Putin meets Supreme Leader Ali Khamenei',
    summary: 'Putin met Iran’s Supreme Leader Ayatollah Ali Khamenei in Tehran.',
    start: tehran(),
    location: inTehran,
    participants: [
      { actorId: ids.putin, role: 'PARTICIPANT' },
      { actorId: ids.khamenei, role: 'PARTICIPANT' },
    ],
    topics: ['russia-iran-relations'],
    meeting: { format: 'IN_PERSON', type: 'BILATERAL' },
    links: [{ type: 'PART_OF', targetEventId: ids.visit }],
    sources: [tehranSources.reutersTalks, tehranSources.reutersCooperation],
  },
  {
    eventId: ids.putinErdogan,
    kind: 'MEETING',
    title: 'Putin meets Erdogan in Tehran',
    summary: 'Putin met Turkey’s President Tayyip Erdogan on the sidelines of the Tehran talks.',
    start: tehran(),
    location: inTehran,
    participants: [
      { actorId: ids.putin, role: 'PARTICIPANT' },
      { actorId: ids.erdogan, role: 'PARTICIPANT' },
    ],
    topics: ['syria'],
    meeting: { format: 'IN_PERSON', type: 'BILATERAL' },
    links: [{ type: 'PART_OF', targetEventId: ids.visit }],
  },
  {
    eventId: ids.summit,
    kind: 'MEETING',
    title: 'Trilateral summit of Russia, Iran and Turkey on Syria',
    summary: 'The presidents of Russia, Iran and Turkey met in Tehran; Syria was a chief subject.',
    start: tehran(),
    location: inTehran,
    participants: [
      { actorId: ids.raisi, role: 'HOST' },
      { actorId: ids.putin, role: 'PARTICIPANT' },
      { actorId: ids.erdogan, role: 'PARTICIPANT' },
    ],
    topics: ['syria'],
    meeting: { format: 'IN_PERSON', type: 'SUMMIT' },
    links: [{ type: 'PART_OF', targetEventId: ids.visit }],
  },
  {
    eventId: ids.independence,
    kind: 'STATEMENT',
    title: 'Khamenei: Russia has maintained its independence from the United States',
    start: tehran(),
    location: inTehran,
    participants: [
      { actorId: ids.khamenei, role: 'SPEAKER' },
      { actorId: ids.putin, role: 'ADDRESSEE' },
      { actorId: ids.russia, role: 'MENTIONED' },
    ],
    topics: ['russia-us-relations'],
    statement: {
      speakerId: ids.khamenei,
      mode: 'PARAPHRASE',
      text: 'Putin had ensured Russia “maintained its independence” from the United States.',
      language: 'en',
      addresseeIds: [ids.putin],
    },
    links: [{ type: 'PART_OF', targetEventId: ids.putinKhamenei }],
    sources: [tehranSources.reutersCooperation],
  },
  {
    eventId: ids.currencies,
    kind: 'STATEMENT',
    title: 'Khamenei urges trade in national currencies',
    start: tehran(),
    location: inTehran,
    participants: [
      { actorId: ids.khamenei, role: 'SPEAKER' },
      { actorId: ids.putin, role: 'ADDRESSEE' },
    ],
    topics: ['national-currencies', 'trade'],
    statement: {
      speakerId: ids.khamenei,
      mode: 'PARAPHRASE',
      text: 'Countries should start using their own national currencies when trading goods.',
      language: 'en',
      addresseeIds: [ids.putin],
    },
    links: [{ type: 'PART_OF', targetEventId: ids.putinKhamenei }],
  },
  {
    eventId: ids.ukraine,
    kind: 'STATEMENT',
    title: 'Khamenei: Moscow had little alternative in Ukraine',
    start: tehran(),
    location: inTehran,
    participants: [
      { actorId: ids.khamenei, role: 'SPEAKER' },
      { actorId: ids.putin, role: 'ADDRESSEE' },
    ],
    topics: ['ukraine'],
    statement: {
      speakerId: ids.khamenei,
      mode: 'PARAPHRASE',
      text: 'Moscow had little alternative to taking the initiative in Ukraine.',
      language: 'en',
      addresseeIds: [ids.putin],
    },
    links: [{ type: 'PART_OF', targetEventId: ids.putinKhamenei }],
    sources: [tehranSources.ap],
  },
  {
    eventId: ids.syriaWarning,
    kind: 'STATEMENT',
    title: 'Khamenei warns Erdogan against a military attack in northern Syria',
    start: tehran(),
    location: inTehran,
    participants: [
      { actorId: ids.khamenei, role: 'SPEAKER' },
      { actorId: ids.erdogan, role: 'ADDRESSEE' },
      { actorId: ids.turkey, role: 'MENTIONED' },
      { actorId: ids.syria, role: 'MENTIONED' },
    ],
    topics: ['syria', 'northern-syria'],
    statement: {
      speakerId: ids.khamenei,
      mode: 'PARAPHRASE',
      text: 'Any military attack in northern Syria would harm Turkey, Syria, and the entire region and benefit terrorists.',
      language: 'en',
      addresseeIds: [ids.erdogan],
    },
  },
  {
    eventId: ids.syriaConsultations,
    kind: 'AGREEMENT',
    title: 'Russia, Iran and Turkey agree to keep consulting on Syria',
    summary:
      'The three presidents agreed to continue consultation on Syria and to keep working to “normalize” the situation after a decade of conflict.',
    start: tehran(),
    location: inTehran,
    // As the article frames it ("Putin meets Khamenei and Erdogan ... the three presidents"):
    // corrected below, since Khamenei is not a president and was not a party.
    participants: [
      { actorId: ids.putin, role: 'SIGNATORY' },
      { actorId: ids.khamenei, role: 'SIGNATORY' },
      { actorId: ids.erdogan, role: 'SIGNATORY' },
    ],
    topics: ['syria'],
    agreement: {
      partyIds: [ids.putin, ids.khamenei, ids.erdogan],
      terms:
        'Continue consultation on Syria and maintain efforts to normalize the situation after a decade of conflict.',
      status: 'SIGNED',
      signedAtEventId: ids.summit,
    },
  },
];

export const tehranCorrections: StoryCorrection[] = [
  {
    eventId: ids.visit,
    reason: 'The article says “Iran and Saudi Arabia”; this trip went to Iran only (Reuters, CNN).',
    summary:
      'Putin’s visit to Iran sends a strong message to the West about Moscow’s plans to forge closer strategic ties with Tehran.',
  },
  {
    eventId: ids.syriaConsultations,
    reason:
      '“The three presidents” are Putin, Raisi and Erdogan: Khamenei is Supreme Leader, not president, and was not at the summit.',
    participants: [
      { actorId: ids.putin, role: 'SIGNATORY' },
      { actorId: ids.raisi, role: 'SIGNATORY' },
      { actorId: ids.erdogan, role: 'SIGNATORY' },
    ],
    agreement: { partyIds: [ids.putin, ids.raisi, ids.erdogan] },
  },
];
