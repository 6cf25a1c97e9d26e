import {
  actorDecider,
  actorStreamId,
  COUNTRIES,
  decideEvent,
  decideEventMerge,
  decideMerge,
  eventStreamId,
  evolveActor,
  evolveEvent,
  initialActorState,
  initialEventState,
} from '../src/diplomacy';
import type { ActorEvent, ActorFacts, ActorKind } from '../src/diplomacy';
import type {
  DiplomaticEvent,
  DiplomaticEventState,
  DiplomaticEventEvent,
  EventKind,
  EventRecorded,
  EventSource,
  Participant,
  RecordEvent,
  ReviseEvent,
} from '../src/diplomacy/events/event-types';
import type { TemporalPoint } from '../src/diplomacy/temporal';
import type { PostgresEventStore, StreamAppend } from '../src/event-store/event-store';
import {
  AGREEMENT_CODES,
  FIRST_NAMES as FIRST,
  LAST_NAMES as LAST,
  MEETING_CODES,
  mulberry32,
  NOUNS,
  PUBLISHERS,
  STATEMENT_CODES,
  TITLES,
  TOPICS,
  VERBS,
  type Rng,
} from '../src/timelines/projection/testing/synthetic-random';

/**
 * The synthetic log of bench:timeline: 200 states and 2,000 persons and organisations with skewed
 * (Zipf) popularity; meetings, statements and agreements from 2006 to 2025 (more in recent years)
 * with 2-5 participants, topics, sources, CAMEO codes, locations, dates mostly to the day, some to
 * the month, year or minute, in a dozen time zones, a few with an end; then, as later log entries,
 * revisions (~6% of the log) and retractions (~1.5%) of events recorded earlier. Every event is
 * decided by the domain (decideEvent), so the log is one the service could have written.
 *
 * Event i is a pure function of (seed, i): a revision or retraction rebuilds the state it applies
 * to instead of keeping 930k states in memory. Appends go through appendBatch, STREAMS_PER_APPEND
 * streams per transaction, the next batch made while the previous one is written.
 */
export const LOG_SHAPE_VERSION = 2;
export const STREAMS_PER_APPEND = 1000;
const REVISION_SHARE = 0.06;
const RETRACTION_SHARE = 0.015;
/** Of the edits, this share merges two events of one kind (issue 13: a log with merges). */
const MERGE_SHARE_OF_EDITS = 0.1;
/** People merged into another person of the same country, as the log's last entries. */
const ACTOR_MERGES = 20;

export interface TimelineLogOptions {
  /** Log entries in all (actor registrations, records, revisions, retractions). */
  events: number;
  seed?: number;
  onProgress?: (appended: number) => void;
}

export interface TimelineLogSummary {
  entries: number;
  actors: number;
  records: number;
  revisions: number;
  retractions: number;
  /** Events merged into another (each merge appends to two streams). */
  eventMerges: number;
  actorMerges: number;
}

const FIRST_STATES = [
  'USA',
  'RUS',
  'CHN',
  'IRN',
  'TUR',
  'FRA',
  'DEU',
  'GBR',
  'UKR',
  'ISR',
  'SAU',
  'IND',
  'JPN',
  'SYR',
  'EGY',
  'PAK',
  'IRQ',
  'BRA',
  'KOR',
  'PRK',
  'QAT',
  'ARE',
  'ITA',
  'CAN',
  'ZAF',
  'AFG',
  'POL',
  'ESP',
  'KAZ',
  'AZE',
];
const ORGANIZATIONS = [
  'United Nations',
  'European Union',
  'African Union',
  'NATO',
  'OPEC',
  'Arab League',
  'ASEAN',
  'Shanghai Cooperation Organisation',
  'BRICS',
  'OSCE',
  'World Bank',
  'International Monetary Fund',
  'International Committee of the Red Cross',
  'World Health Organization',
  'Gulf Cooperation Council',
  'IAEA',
  'UN Security Council',
  'UNHCR',
  'World Trade Organization',
  'Council of Europe',
];
const ZONES = [
  'UTC',
  'UTC',
  'UTC',
  'Europe/Moscow',
  'Asia/Tehran',
  'America/New_York',
  'Europe/Paris',
  'Asia/Shanghai',
  'Africa/Cairo',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Europe/Istanbul',
  'Asia/Tokyo',
  'Europe/Berlin',
  'Asia/Riyadh',
  'Australia/Sydney',
  'America/Los_Angeles',
];
const FIRST_YEAR = 2006;
const YEARS = 20;

/** A generator for one purpose (`salt`) of one event: the same numbers every run. */
function rngFor(seed: number, i: number, salt: number): Rng {
  return mulberry32(
    Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35) ^ Math.imul(salt + 7, 0x27d4eb2f),
  );
}

function uuid(rng: Rng): string {
  const word = () =>
    Math.floor(rng() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  const s = `${word()}${word()}${word()}${word()}`;
  const variant = '89ab'[Math.floor(rng() * 4)]!;
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${variant}${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const pad = (n: number) => String(n).padStart(2, '0');

/** Ranks drawn with probability proportional to 1 / (rank + 1)^exponent. */
class Zipf {
  private readonly cdf: Float64Array;
  constructor(size: number, exponent: number) {
    this.cdf = new Float64Array(size);
    let sum = 0;
    for (let k = 0; k < size; k += 1) this.cdf[k] = sum += 1 / (k + 1) ** exponent;
    for (let k = 0; k < size; k += 1) this.cdf[k]! /= sum;
  }
  draw(rng: Rng): number {
    const x = rng();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export interface BenchActor {
  actorId: string;
  kind: ActorKind;
  name: string;
  country: string | null;
}

export class TimelineWorld {
  readonly states: BenchActor[] = [];
  readonly people: BenchActor[] = [];
  readonly organizations: BenchActor[] = [];
  readonly facts: ActorFacts = {};
  private readonly stateRank = new Zipf(200, 1.0);
  private readonly personRank: Zipf;
  private readonly orgRank: Zipf;
  private readonly yearCdf: number[];

  constructor(readonly seed: number) {
    const rng = rngFor(seed, -1, 1);
    const byIso = new Map(COUNTRIES.map((c) => [c.iso3, c]));
    const countries = [
      ...FIRST_STATES.map((iso) => byIso.get(iso)!),
      ...COUNTRIES.filter((c) => !FIRST_STATES.includes(c.iso3)),
    ].slice(0, 200);
    for (const country of countries)
      this.states.push({ actorId: uuid(rng), kind: 'STATE', name: country.name, country: country.iso3 });
    for (let i = 0; i < 100; i += 1) {
      const base = ORGANIZATIONS[i % ORGANIZATIONS.length]!;
      const name =
        i < ORGANIZATIONS.length
          ? base
          : `${base} ${pick(rng, ['Mission', 'Office', 'Commission', 'Delegation', 'Panel'])} ${Math.floor(i / ORGANIZATIONS.length)}`;
      this.organizations.push({ actorId: uuid(rng), kind: 'ORGANIZATION', name, country: null });
    }
    for (let i = 0; i < 1900; i += 1) {
      // People of popular states are more often in the news.
      const state = this.states[this.stateRank.draw(rng)]!;
      this.people.push({
        actorId: uuid(rng),
        kind: 'PERSON',
        name: `${pick(rng, FIRST)} ${pick(rng, LAST)}`,
        country: state.country,
      });
    }
    for (const actor of this.actors()) this.facts[actor.actorId] = { kind: actor.kind, name: actor.name };
    this.personRank = new Zipf(this.people.length, 1.0);
    this.orgRank = new Zipf(this.organizations.length, 1.0);
    // More events in recent years, as in any news-based collection.
    const weights = Array.from({ length: YEARS }, (_, y) => 1 + y * 0.12);
    const total = weights.reduce((a, b) => a + b, 0);
    let sum = 0;
    this.yearCdf = weights.map((w) => (sum += w / total));
  }

  actors(): BenchActor[] {
    return [...this.states, ...this.organizations, ...this.people];
  }

  registrations(): StreamAppend[] {
    return this.actors().map((actor, i) => {
      const rng = rngFor(this.seed, i, 2);
      const data: Parameters<typeof actorDecider.decide>[0] & { type: 'RegisterActor' } = {
        type: 'RegisterActor',
        data: {
          actorId: actor.actorId,
          kind: actor.kind,
          name: actor.name,
          aliases:
            actor.kind === 'STATE'
              ? [`Republic of ${actor.name}`]
              : actor.kind === 'PERSON'
                ? [actor.name.split(' ').at(-1)!]
                : [],
          country: actor.country,
          ...(actor.kind === 'PERSON'
            ? {
                roles: [
                  {
                    title: pick(rng, TITLES),
                    ofActorId: this.states.find((s) => s.country === actor.country)!.actorId,
                    from: { value: String(1995 + Math.floor(rng() * 25)), precision: 'YEAR' as const, timeZone: 'UTC' },
                  },
                ],
              }
            : {}),
        },
        context: { actors: this.facts },
      };
      return {
        streamId: actorStreamId(actor.actorId),
        expectedVersion: 'no_stream' as const,
        events: actorDecider.decide(data, actorDecider.initialState()),
      };
    });
  }

  /** A party: a state, a person or an organisation, popular ones far more often. */
  private party(rng: Rng): BenchActor {
    const roll = rng();
    if (roll < 0.45) return this.states[this.stateRank.draw(rng)]!;
    if (roll < 0.9) return this.people[this.personRank.draw(rng)]!;
    return this.organizations[this.orgRank.draw(rng)]!;
  }

  private parties(rng: Rng, count: number): BenchActor[] {
    const chosen = new Map<string, BenchActor>();
    for (let attempt = 0; chosen.size < count && attempt < count * 8; attempt += 1) {
      const actor = this.party(rng);
      chosen.set(actor.actorId, actor);
    }
    return [...chosen.values()];
  }

  private date(rng: Rng): { start: TemporalPoint; end: TemporalPoint | null } {
    const x = rng();
    const year = FIRST_YEAR + this.yearCdf.findIndex((c) => x <= c);
    const dayOfYear = Math.floor(rng() * 365);
    const day = new Date(Date.UTC(year, 0, 1 + dayOfYear));
    const [y, m, d] = day.toISOString().slice(0, 10).split('-');
    const timeZone = pick(rng, ZONES);
    const roll = rng();
    if (roll < 0.04) return { start: { value: y!, precision: 'YEAR', timeZone }, end: null };
    if (roll < 0.12) {
      // Some month-precision talks run over several months.
      const start: TemporalPoint = { value: `${y}-${m}`, precision: 'MONTH', timeZone };
      if (rng() < 0.1 && Number(m) < 10)
        return {
          start,
          end: { value: `${y}-${pad(Number(m) + 1 + Math.floor(rng() * 3))}`, precision: 'MONTH', timeZone },
        };
      return { start, end: null };
    }
    if (roll < 0.2) {
      return {
        start: {
          value: `${y}-${m}-${d}T${pad(8 + Math.floor(rng() * 12))}:${pad(Math.floor(rng() * 60))}`,
          precision: 'MINUTE',
          timeZone,
        },
        end: null,
      };
    }
    const start: TemporalPoint = { value: `${y}-${m}-${d}`, precision: 'DAY', timeZone };
    const endRoll = rng();
    if (endRoll < 0.08)
      return {
        start,
        end: {
          value: new Date(day.getTime() + (1 + Math.floor(rng() * 4)) * 86_400_000).toISOString().slice(0, 10),
          precision: 'DAY',
          timeZone,
        },
      };
    // Long talks and conferences: weeks to months.
    if (endRoll < 0.085)
      return {
        start,
        end: {
          value: new Date(day.getTime() + (10 + Math.floor(rng() * 170)) * 86_400_000).toISOString().slice(0, 10),
          precision: 'DAY',
          timeZone,
        },
      };
    return { start, end: null };
  }

  private sentence(rng: Rng): string {
    const who =
      rng() < 0.5 ? this.people[this.personRank.draw(rng)]!.name : this.states[this.stateRank.draw(rng)]!.name;
    return `${who} ${pick(rng, VERBS)} ${pick(rng, NOUNS)}`;
  }

  private sentences(rng: Rng, count: number): string {
    return Array.from({ length: count }, () => `${this.sentence(rng)}.`).join(' ');
  }

  private sources(rng: Rng, count: number, start: TemporalPoint): EventSource[] {
    return Array.from({ length: count }, () => {
      const [publisher, base] = pick(rng, PUBLISHERS);
      const source: EventSource = {
        sourceId: uuid(rng),
        publisher,
        url: `${base}${Math.floor(rng() * 1e9)}`,
        title: this.sentence(rng),
      };
      if (start.precision === 'DAY' || start.precision === 'MINUTE')
        source.publishedAt = { value: start.value.slice(0, 10), precision: 'DAY', timeZone: 'UTC' };
      if (rng() < 0.3) source.excerpt = this.sentences(rng, 1);
      return source;
    });
  }

  private topics(rng: Rng): string[] {
    const count = 1 + Math.floor(rng() * 4);
    return [...new Set(Array.from({ length: count }, () => TOPICS[Math.floor(TOPICS.length * rng() * rng())]!))];
  }

  /** The RecordEvent command of event i (decided, it may still be refused: then the event is skipped). */
  recordCommand(i: number): RecordEvent {
    const rng = rngFor(this.seed, i, 3);
    const eventId = uuid(rng);
    const kindRoll = rng();
    const kind: EventKind = kindRoll < 0.5 ? 'MEETING' : kindRoll < 0.85 ? 'STATEMENT' : 'AGREEMENT';
    const { start, end } = this.date(rng);
    const base = {
      eventId,
      kind,
      start,
      end,
      topics: this.topics(rng),
      sources: this.sources(rng, 1 + Math.floor(rng() * 3), start),
    };
    const mention = (participants: Participant[]) => {
      if (participants.length < 5 && rng() < 0.3) {
        const state = this.states[this.stateRank.draw(rng)]!;
        if (!participants.some((p) => p.actorId === state.actorId))
          participants.push({ actorId: state.actorId, role: 'MENTIONED' });
      }
    };
    const locationOf = (host: BenchActor) =>
      host.country
        ? {
            placeName: `${COUNTRY_NAMES.get(host.country)} (capital)`,
            country: host.country,
            ...(rng() < 0.5
              ? {
                  coordinates: {
                    lat: Math.round((rng() * 120 - 60) * 100) / 100,
                    lon: Math.round((rng() * 360 - 180) * 100) / 100,
                  },
                }
              : {}),
          }
        : { placeName: 'Geneva', country: 'CHE' };
    let data: RecordEvent['data'];
    if (kind === 'MEETING') {
      const typeRoll = rng();
      const type = typeRoll < 0.6 ? 'BILATERAL' : typeRoll < 0.85 ? 'VISIT' : 'SUMMIT';
      let parties = this.parties(rng, type === 'SUMMIT' ? 3 + Math.floor(rng() * 3) : 2);
      if (parties.length < 2) parties = [...parties, this.states.find((s) => s.actorId !== parties[0]!.actorId)!];
      const summit = type === 'SUMMIT' && parties.length >= 3;
      const meetingType = summit ? 'SUMMIT' : type === 'SUMMIT' ? 'BILATERAL' : type;
      const participants: Participant[] = summit
        ? parties.map((actor, n) => ({ actorId: actor.actorId, role: n === 0 ? 'HOST' : 'PARTICIPANT' }))
        : [
            { actorId: parties[0]!.actorId, role: 'HOST' },
            {
              actorId: parties[1]!.actorId,
              role: meetingType === 'VISIT' ? 'GUEST' : rng() < 0.5 ? 'GUEST' : 'PARTICIPANT',
            },
          ];
      mention(participants);
      const host = parties[0]!;
      data = {
        ...base,
        title: summit
          ? `${host.name} hosts a summit on ${pick(rng, NOUNS)}`
          : `${parties[1]!.name} ${meetingType === 'VISIT' ? 'visits' : 'meets'} ${host.name}`,
        summary: this.sentences(rng, 2),
        location: locationOf(host),
        participants,
        cameoCode: pick(rng, MEETING_CODES[meetingType]),
        meeting: { format: rng() < 0.8 ? 'IN_PERSON' : rng() < 0.5 ? 'PHONE' : 'VIDEO', type: meetingType },
      };
    } else if (kind === 'STATEMENT') {
      const [speaker, ...addressees] = this.parties(rng, 2 + Math.floor(rng() * 3));
      const participants: Participant[] = [
        { actorId: speaker!.actorId, role: 'SPEAKER' },
        ...addressees.map((a) => ({ actorId: a.actorId, role: 'ADDRESSEE' as const })),
      ];
      mention(participants);
      data = {
        ...base,
        title: `${speaker!.name}: ${this.sentence(rng)}`,
        summary: rng() < 0.7 ? this.sentences(rng, 1) : '',
        location: rng() < 0.5 ? locationOf(speaker!) : null,
        participants,
        cameoCode: pick(rng, STATEMENT_CODES),
        statement: {
          speakerId: speaker!.actorId,
          mode: rng() < 0.5 ? 'QUOTE' : 'PARAPHRASE',
          text: this.sentences(rng, 2 + Math.floor(rng() * 3)),
          language: rng() < 0.85 ? 'en' : pick(rng, ['fr', 'ru', 'ar', 'zh', 'fa', 'tr']),
          addresseeIds: addressees.map((a) => a.actorId),
        },
      };
    } else {
      let parties = this.parties(rng, 2 + Math.floor(rng() * 3));
      if (parties.length < 2) parties = [...parties, this.states.find((s) => s.actorId !== parties[0]!.actorId)!];
      const participants: Participant[] = parties.map((a) => ({ actorId: a.actorId, role: 'SIGNATORY' }));
      if (participants.length < 5 && rng() < 0.15) {
        const mediator = this.organizations[this.orgRank.draw(rng)]!;
        if (!participants.some((p) => p.actorId === mediator.actorId))
          participants.push({ actorId: mediator.actorId, role: 'MEDIATOR' });
      }
      data = {
        ...base,
        title: `Agreement on ${pick(rng, NOUNS)} between ${parties.map((p) => p.name).join(', ')}`,
        summary: this.sentences(rng, 1),
        location: locationOf(parties[0]!),
        participants,
        cameoCode: pick(rng, AGREEMENT_CODES),
        agreement: {
          partyIds: parties.map((a) => a.actorId),
          terms: this.sentences(rng, 3),
          status: rng() < 0.3 ? 'PROPOSED' : rng() < 0.8 ? 'SIGNED' : 'IN_FORCE',
        },
      };
    }
    return { type: 'RecordEvent', data, context: { actors: this.facts, events: {} } };
  }

  recorded(i: number): EventRecorded | undefined {
    try {
      return decideEvent(this.recordCommand(i), initialEventState())[0] as EventRecorded;
    } catch {
      return undefined;
    }
  }

  /** A correction of event i as it stands (`state`): the title, summary, topics, a participant, the date or the place. */
  revision(i: number, n: number, state: DiplomaticEvent): ReviseEvent {
    const rng = rngFor(this.seed, i, 10 + n);
    const change: ReviseEvent['data'] = {
      eventId: state.eventId,
      reason: pick(rng, [
        'corrected from a second source',
        'typo',
        'date confirmed by the ministry',
        'participant list completed',
      ]),
    };
    const what = rng();
    if (what < 0.3) change.title = `${state.title.replace(/ \(corrected\)$/, '')} (corrected)`;
    else if (what < 0.5) change.summary = this.sentences(rng, 2);
    else if (what < 0.65) change.topics = this.topics(rng);
    else if (what < 0.8 && state.participants.length < 5) {
      const state2 = this.states[this.stateRank.draw(rng)]!;
      change.participants = state.participants.some((p) => p.actorId === state2.actorId)
        ? state.participants
        : [...state.participants, { actorId: state2.actorId, role: 'MENTIONED' }];
      if (change.participants === state.participants) change.summary = this.sentences(rng, 1);
    } else if (what < 0.9 && state.start.precision === 'DAY' && !state.end) {
      // The date was off by a day or two.
      const [y, m, d] = state.start.value.split('-').map(Number);
      const shifted = new Date(Date.UTC(y!, m! - 1, d! + (rng() < 0.5 ? -1 : 1) * (1 + Math.floor(rng() * 2))));
      change.start = { ...state.start, value: shifted.toISOString().slice(0, 10) };
    } else change.location = { placeName: 'Geneva', country: 'CHE' };
    return { type: 'ReviseEvent', data: change, context: { actors: this.facts, events: {} } };
  }
}

const COUNTRY_NAMES = new Map(COUNTRIES.map((c) => [c.iso3, c.name]));

/**
 * Appends the log. Returns what it wrote. Records, revisions and retractions are mixed in each
 * transaction, revisions and retractions naming events of earlier transactions.
 */
export async function appendTimelineLog(
  store: PostgresEventStore,
  options: TimelineLogOptions,
): Promise<TimelineLogSummary> {
  const seed = options.seed ?? 20_060_101;
  const world = new TimelineWorld(seed);
  const registrations = world.registrations();
  for (let k = 0; k < registrations.length; k += STREAMS_PER_APPEND)
    await store.appendBatch(registrations.slice(k, k + STREAMS_PER_APPEND));
  const summary: TimelineLogSummary = {
    entries: registrations.length,
    actors: registrations.length,
    records: 0,
    revisions: 0,
    retractions: 0,
    eventMerges: 0,
    actorMerges: 0,
  };

  const recordedIds: string[] = []; // event ids by record index (only those recorded)
  const recordIndex: number[] = []; // the generator index of each recorded event
  const revisions = new Map<number, DiplomaticEventEvent[]>(); // later events per recorded slot
  const retracted = new Set<number>();
  const merged = new Set<number>(); // slots merged into another: no longer edited
  const rng = rngFor(seed, -2, 4);
  let next = 0; // generator index

  const stateOf = (slot: number): DiplomaticEvent => {
    let state = evolveEvent(initialEventState(), world.recorded(recordIndex[slot]!)!);
    for (const event of revisions.get(slot) ?? []) state = evolveEvent(state, event);
    return state as DiplomaticEvent;
  };

  const makeBatch = (): StreamAppend[] => {
    const batch: StreamAppend[] = [];
    const touched = new Set<number>();
    const earlier = recordedIds.length;
    const remaining = options.events - summary.entries;
    const size = Math.min(STREAMS_PER_APPEND, remaining);
    let edits = 0;
    while (batch.length < size) {
      const roll = rng();
      const editShare = (REVISION_SHARE + RETRACTION_SHARE) / (1 + REVISION_SHARE + RETRACTION_SHARE);
      if (roll < editShare && earlier > 1000 && edits < size / 4) {
        // An edit of an event recorded in an earlier transaction.
        const slot = Math.floor(rng() * earlier);
        if (touched.has(slot) || retracted.has(slot) || merged.has(slot)) continue;
        if (rng() < MERGE_SHARE_OF_EDITS) {
          // A merge of this event into another recorded earlier of the same kind (a duplicate entered twice).
          const other = Math.floor(rng() * earlier);
          if (other === slot || touched.has(other) || retracted.has(other) || merged.has(other)) continue;
          const duplicate = stateOf(slot);
          const survivor = stateOf(other);
          if (duplicate.kind !== survivor.kind) continue;
          let decision: ReturnType<typeof decideEventMerge>;
          try {
            decision = decideEventMerge({
              survivorId: survivor.eventId,
              survivor: survivor as unknown as DiplomaticEventState,
              duplicates: [
                { eventId: duplicate.eventId, state: duplicate as unknown as DiplomaticEventState, provenance: null },
              ],
              reason: 'the same meeting reported twice',
            });
          } catch {
            continue;
          }
          const duplicateEvents = decision.duplicateEvents[0]?.events ?? [];
          if (duplicateEvents.length === 0 || decision.survivorEvents.length === 0) continue;
          touched.add(slot);
          touched.add(other);
          merged.add(slot);
          edits += 2;
          revisions.set(slot, [...(revisions.get(slot) ?? []), ...duplicateEvents]);
          revisions.set(other, [...(revisions.get(other) ?? []), ...decision.survivorEvents]);
          batch.push({ streamId: eventStreamId(duplicate.eventId), events: toAppend(duplicateEvents) });
          batch.push({ streamId: eventStreamId(survivor.eventId), events: toAppend(decision.survivorEvents) });
          summary.eventMerges += 1;
          continue;
        }
        touched.add(slot);
        edits += 1;
        const state = stateOf(slot);
        const retract = rng() < RETRACTION_SHARE / (REVISION_SHARE + RETRACTION_SHARE);
        let decided: DiplomaticEventEvent[];
        try {
          decided = retract
            ? decideEvent(
                { type: 'RetractEvent', data: { eventId: state.eventId, reason: 'could not be confirmed' } },
                state,
              )
            : decideEvent(world.revision(recordIndex[slot]!, revisions.get(slot)?.length ?? 0, state), state);
        } catch {
          continue;
        }
        if (retract) retracted.add(slot);
        else revisions.set(slot, [...(revisions.get(slot) ?? []), ...decided]);
        batch.push({ streamId: eventStreamId(state.eventId), events: toAppend(decided) });
        if (retract) summary.retractions += 1;
        else summary.revisions += 1;
      } else {
        const recorded = world.recorded(next);
        next += 1;
        if (!recorded) continue;
        recordIndex.push(next - 1);
        recordedIds.push(recorded.data.eventId);
        batch.push({
          streamId: eventStreamId(recorded.data.eventId),
          expectedVersion: 'no_stream',
          events: toAppend([recorded]),
        });
        summary.records += 1;
      }
    }
    summary.entries += batch.length;
    return batch;
  };

  let writing: Promise<unknown> | undefined;
  while (summary.entries < options.events) {
    const batch = makeBatch();
    await writing;
    options.onProgress?.(summary.entries - batch.length);
    writing = store.appendBatch(batch);
  }
  await writing;

  // People merged into another person of their country, after every event: their events were all
  // written before the merge, so pages resolve the merge as of asOf (issue 13).
  const actorState = (actorId: string) =>
    registrations
      .find((append) => append.streamId === actorStreamId(actorId))!
      .events.reduce((state, event) => evolveActor(state, event as unknown as ActorEvent), initialActorState());
  const mergeRng = rngFor(seed, -3, 5);
  const mergedPeople = new Set<string>();
  const actorMerges: StreamAppend[] = [];
  while (summary.actorMerges < ACTOR_MERGES) {
    const duplicate = world.people[Math.floor(mergeRng() * world.people.length)]!;
    const survivor = world.people.find(
      (person) => person.country === duplicate.country && person !== duplicate && !mergedPeople.has(person.actorId),
    );
    if (!survivor || mergedPeople.has(duplicate.actorId)) continue;
    const decided: { duplicateEvents: ActorEvent[]; survivorEvents: ActorEvent[] } = decideMerge({
      duplicate: actorState(duplicate.actorId),
      survivor: actorState(survivor.actorId),
      reason: 'registered twice',
    });
    // Each person in one merge at most: a stream appears once in a batch.
    mergedPeople.add(duplicate.actorId);
    mergedPeople.add(survivor.actorId);
    actorMerges.push(
      { streamId: actorStreamId(duplicate.actorId), events: actorAppend(decided.duplicateEvents) },
      { streamId: actorStreamId(survivor.actorId), events: actorAppend(decided.survivorEvents) },
    );
    summary.actorMerges += 1;
  }
  await store.appendBatch(actorMerges);
  summary.entries += actorMerges.length;
  options.onProgress?.(summary.entries);
  return summary;
}

function actorAppend(events: ActorEvent[]): StreamAppend['events'] {
  return events.map((event) => ({
    type: event.type,
    data: event.data as unknown as Record<string, unknown>,
    metadata: { principal: 'bench:timeline' },
  }));
}

function toAppend(events: DiplomaticEventEvent[]): StreamAppend['events'] {
  return events.map((event) => ({
    type: event.type,
    data: event.data as unknown as Record<string, unknown>,
    metadata: { principal: 'bench:timeline' },
  }));
}
