import { AGREEMENT_TRANSITIONS } from '../../../diplomacy/events/agreement-status';
import type {
  DiplomaticEvent,
  EventKind,
  EventSource,
  Participant,
  ReviseEvent,
} from '../../../diplomacy/events/event-types';
import { COUNTRIES } from '../../../diplomacy/reference/countries';
import type { TemporalPoint } from '../../../diplomacy/temporal';
import type { PostgresEventStore } from '../../../event-store/event-store';
import { DomainLogBuilder } from './domain-log-builder';
import {
  AGREEMENT_CODES,
  FIRST_NAMES,
  LAST_NAMES,
  MEETING_CODES,
  mulberry32,
  NOUNS as ALL_NOUNS,
  PUBLISHERS as ALL_PUBLISHERS,
  STATEMENT_CODES,
  TITLES as ALL_TITLES,
  TOPICS as ALL_TOPICS,
  VERBS as ALL_VERBS,
  type Rng,
} from './synthetic-random';

export interface SyntheticLogOptions {
  /** Log events to write (about: the last transaction may overshoot a little). */
  events: number;
  seed?: number;
  /** Streams per append transaction. */
  streamsPerTransaction?: number;
}

/**
 * Appends a generated but realistic log: states, leaders and organisations; meetings, statements
 * and agreements between them with sources, topics and dates at every precision in many time
 * zones; and, among them, what editors do: revisions, sources attached and detached, links,
 * retractions and restorings, agreement status changes, actor revisions and merges of duplicate
 * actors. Every event is decided by the domain, so the log is one the service could have written.
 * The same seed gives the same log (but not the same ids in the log's own columns).
 */
export async function appendSyntheticLog(store: PostgresEventStore, options: SyntheticLogOptions): Promise<number> {
  const world = new SyntheticWorld(options.seed ?? 1);
  const perTransaction = options.streamsPerTransaction ?? 100;
  let appended = 0;
  const drain = async () => {
    for (const transaction of world.log.take()) {
      await store.appendBatch(transaction);
      appended += transaction.reduce((sum, stream) => sum + stream.events.length, 0);
    }
  };
  world.registerActors(() => world.log.pendingStreams >= perTransaction && world.log.commit());
  await drain();
  while (world.log.count < options.events) {
    world.step();
    if (world.log.pendingStreams >= perTransaction) {
      world.log.commit();
      await drain();
    }
  }
  world.log.commit();
  await drain();
  return appended;
}

const ZONES = [
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
];
const FIRST = FIRST_NAMES.slice(0, 25);
const LAST = LAST_NAMES.slice(0, 25);
const TITLES = ALL_TITLES.slice(0, 7);
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
  'IMF',
  'Red Cross',
  'WHO',
  'Gulf Cooperation Council',
];
const TOPICS = ALL_TOPICS.slice(0, 25);
const PUBLISHERS = ALL_PUBLISHERS.slice(0, 8);
const VERBS = ALL_VERBS.slice(0, 8);
const NOUNS = ALL_NOUNS.slice(0, 10);
const WINDOW = 3000;

interface ActorInfo {
  id: string;
  kind: 'PERSON' | 'STATE' | 'ORGANIZATION';
  name: string;
  country: string | null;
  /** A duplicate waiting to be merged into this actor. */
  duplicateOf?: string;
}

class SyntheticWorld {
  readonly log = new DomainLogBuilder();
  private readonly rng: Rng;
  private readonly states: ActorInfo[] = [];
  private readonly people: ActorInfo[] = [];
  private readonly organizations: ActorInfo[] = [];
  private duplicates: ActorInfo[] = [];
  private recent: string[] = [];
  private retracted: string[] = [];

  constructor(seed: number) {
    this.rng = mulberry32(seed);
  }

  registerActors(afterEach: () => void): void {
    for (const country of COUNTRIES.slice(0, 200)) {
      const actor: ActorInfo = { id: this.uuid(), kind: 'STATE', name: country.name, country: country.iso3 };
      if (
        this.log.registerActor({
          actorId: actor.id,
          kind: 'STATE',
          name: actor.name,
          country: actor.country,
          aliases: [`Republic of ${actor.name}`],
        })
      )
        this.states.push(actor);
      afterEach();
    }
    for (const name of ORGANIZATIONS) {
      const actor: ActorInfo = { id: this.uuid(), kind: 'ORGANIZATION', name, country: null };
      if (this.log.registerActor({ actorId: actor.id, kind: 'ORGANIZATION', name })) this.organizations.push(actor);
      afterEach();
    }
    for (let i = 0; i < 1200; i += 1) {
      const state = this.pick(this.states);
      const name = `${this.pick(FIRST)} ${this.pick(LAST)}`;
      const actor: ActorInfo = { id: this.uuid(), kind: 'PERSON', name, country: state.country };
      const registered = this.log.registerActor({
        actorId: actor.id,
        kind: 'PERSON',
        name,
        aliases: [name.split(' ')[1]!],
        country: actor.country,
        roles: [
          {
            title: this.pick(TITLES),
            ofActorId: state.id,
            from: { value: String(1990 + Math.floor(this.rng() * 30)), precision: 'YEAR', timeZone: 'UTC' },
          },
        ],
      });
      if (registered) this.people.push(actor);
      afterEach();
    }
  }

  /** One editorial action. */
  step(): void {
    const roll = this.rng();
    if (roll < 0.72) this.record();
    else if (roll < 0.82) this.revise();
    else if (roll < 0.86) this.attachSource();
    else if (roll < 0.87) this.detachSource();
    else if (roll < 0.9) this.link();
    else if (roll < 0.915) this.retract();
    else if (roll < 0.925) this.restore();
    else if (roll < 0.945) this.changeStatus();
    else if (roll < 0.95) this.reviseActor();
    else if (roll < 0.953) this.registerDuplicate();
    else if (roll < 0.955) this.mergeDuplicate();
    else this.record();
  }

  private record(): void {
    const eventId = this.uuid();
    const kindRoll = this.rng();
    const kind: EventKind = kindRoll < 0.5 ? 'MEETING' : kindRoll < 0.85 ? 'STATEMENT' : 'AGREEMENT';
    const start = this.date();
    const end = this.rng() < 0.1 && start.precision === 'DAY' ? this.laterDay(start) : null;
    const topics = this.some(TOPICS, 1, 4);
    const base = { eventId, kind, start, end, topics, sources: this.sources(1 + Math.floor(this.rng() * 3)) };
    let ok: boolean;
    if (kind === 'MEETING') {
      const type = this.pick(['VISIT', 'BILATERAL', 'SUMMIT'] as const);
      const parties = this.distinct(() => this.party(), type === 'SUMMIT' ? 3 + Math.floor(this.rng() * 4) : 2);
      const participants: Participant[] =
        type === 'SUMMIT'
          ? parties.map((actor, i) => ({ actorId: actor.id, role: i === 0 ? 'HOST' : 'PARTICIPANT' }))
          : [
              { actorId: parties[0]!.id, role: 'HOST' },
              {
                actorId: parties[1]!.id,
                role: type === 'VISIT' ? 'GUEST' : this.pick(['GUEST', 'PARTICIPANT'] as const),
              },
            ];
      this.mention(participants);
      const host = parties[0]!;
      ok = this.log.recordEvent({
        ...base,
        title:
          type === 'SUMMIT'
            ? `${host.name} hosts a summit on ${this.pick(NOUNS)}`
            : `${parties[1]!.name} ${type === 'VISIT' ? 'visits' : 'meets'} ${host.name}`,
        summary: this.sentences(2),
        location: {
          placeName: `${host.country ?? 'International'} capital`,
          ...(host.country ? { country: host.country } : {}),
        },
        participants,
        cameoCode: this.pick(MEETING_CODES[type]),
        meeting: { format: this.rng() < 0.8 ? 'IN_PERSON' : this.pick(['PHONE', 'VIDEO'] as const), type },
      });
    } else if (kind === 'STATEMENT') {
      const [speaker, ...addressees] = this.distinct(() => this.party(), 1 + Math.floor(this.rng() * 3));
      const participants: Participant[] = [
        { actorId: speaker!.id, role: 'SPEAKER' },
        ...addressees.map((actor) => ({ actorId: actor.id, role: 'ADDRESSEE' as const })),
      ];
      this.mention(participants);
      ok = this.log.recordEvent({
        ...base,
        title: `${speaker!.name}: ${this.sentence()}`,
        summary: this.rng() < 0.7 ? this.sentences(1) : '',
        participants,
        cameoCode: this.pick(STATEMENT_CODES),
        statement: {
          speakerId: speaker!.id,
          mode: this.rng() < 0.5 ? 'QUOTE' : 'PARAPHRASE',
          text: this.sentences(2 + Math.floor(this.rng() * 3)),
          language: 'en',
          addresseeIds: addressees.map((actor) => actor.id),
        },
      });
    } else {
      const parties = this.distinct(() => this.party(), 2 + Math.floor(this.rng() * 3));
      const signedAt = this.recent.length > 0 ? this.recent[Math.floor(this.rng() * this.recent.length)]! : undefined;
      const meetingHost = signedAt && this.log.eventFacts[signedAt]?.kind === 'MEETING' ? signedAt : undefined;
      const status = this.rng() < 0.3 ? 'PROPOSED' : 'SIGNED';
      ok = this.log.recordEvent({
        ...base,
        title: `Agreement on ${this.pick(NOUNS)} between ${parties.map((p) => p.name).join(', ')}`,
        summary: this.sentences(1),
        participants: parties.map((actor) => ({ actorId: actor.id, role: 'SIGNATORY' })),
        cameoCode: this.pick(AGREEMENT_CODES),
        links: meetingHost && status === 'SIGNED' ? [{ type: 'PART_OF', targetEventId: meetingHost }] : [],
        agreement: {
          partyIds: parties.map((actor) => actor.id),
          terms: this.sentences(3),
          status,
          ...(meetingHost && status === 'SIGNED' ? { signedAtEventId: meetingHost } : {}),
        },
      });
    }
    if (!ok) return;
    this.recent.push(eventId);
    if (this.recent.length > WINDOW) {
      const gone = this.recent.shift()!;
      this.log.forgetEvent(gone);
      this.retracted = this.retracted.filter((id) => id !== gone);
    }
  }

  private revise(): void {
    const event = this.activeEvent();
    if (!event) return;
    const change: ReviseEvent['data'] = { eventId: event.eventId, reason: 'corrected from a second source' };
    const what = this.rng();
    if (what < 0.3) change.title = `${event.title.replace(/ \(corrected\)$/, '')} (corrected)`;
    else if (what < 0.5) change.summary = this.sentences(2);
    else if (what < 0.65) change.topics = this.some(TOPICS, 1, 4);
    else if (what < 0.8)
      change.participants = [...event.participants, { actorId: this.pick(this.states).id, role: 'MENTIONED' }];
    else if (what < 0.9) change.start = { ...event.start, precision: 'MONTH', value: event.start.value.slice(0, 7) };
    else change.location = { placeName: 'Geneva', country: 'CHE' };
    if (change.start && event.end) change.end = null;
    this.log.reviseEvent(change);
  }

  private attachSource(): void {
    const event = this.activeEvent();
    if (event) this.log.attachSource(event.eventId, this.sources(1)[0]!);
  }

  private detachSource(): void {
    const event = this.activeEvent();
    if (event && event.sources.length > 1)
      this.log.detachSource(
        event.eventId,
        this.pick(event.sources).sourceId,
        this.rng() < 0.5 ? 'broken link' : undefined,
      );
  }

  private link(): void {
    const event = this.activeEvent();
    const target = this.recent.length > 1 ? this.pick(this.recent) : undefined;
    if (event && target && target !== event.eventId)
      this.log.linkEvents(event.eventId, {
        type: this.rng() < 0.7 ? 'FOLLOW_UP_OF' : 'CONTRADICTS',
        targetEventId: target,
      });
  }

  private retract(): void {
    const event = this.activeEvent();
    if (event && this.log.retractEvent(event.eventId, 'could not be confirmed')) this.retracted.push(event.eventId);
  }

  private restore(): void {
    if (this.retracted.length === 0) return;
    const index = Math.floor(this.rng() * this.retracted.length);
    if (this.log.restoreEvent(this.retracted[index]!, 'confirmed after all')) this.retracted.splice(index, 1);
  }

  private changeStatus(): void {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const event = this.activeEvent();
      if (!event?.agreement) continue;
      const next = AGREEMENT_TRANSITIONS[event.agreement.status];
      if (next.length === 0) continue;
      this.log.changeAgreementStatus(
        event.eventId,
        this.pick(next),
        undefined,
        this.rng() < 0.5 ? 'announced by the parties' : undefined,
      );
      return;
    }
  }

  private reviseActor(): void {
    const actor = this.pick(this.people);
    this.log.reviseActor({
      actorId: actor.id,
      aliases: [actor.name.toUpperCase(), `${actor.name.split(' ')[0]![0]}. ${actor.name.split(' ')[1]}`],
      reason: 'spellings seen in imports',
    });
  }

  /** A person imported a second time under a spelling of their name; events name the duplicate until it is merged. */
  private registerDuplicate(): void {
    const original = this.pick(this.people);
    const duplicate: ActorInfo = {
      id: this.uuid(),
      kind: 'PERSON',
      name: original.name.toUpperCase(),
      country: original.country,
      duplicateOf: original.id,
    };
    if (
      this.log.registerActor({
        actorId: duplicate.id,
        kind: 'PERSON',
        name: duplicate.name,
        country: duplicate.country,
      })
    )
      this.duplicates.push(duplicate);
  }

  private mergeDuplicate(): void {
    const duplicate = this.duplicates.shift();
    if (duplicate) this.log.mergeActors(duplicate.id, duplicate.duplicateOf!, 'the same person, imported twice');
  }

  private activeEvent(): DiplomaticEvent | undefined {
    for (let attempt = 0; attempt < 5 && this.recent.length > 0; attempt += 1) {
      const state = this.log.event(this.pick(this.recent));
      if (state.status === 'RECORDED') return state;
    }
    return undefined;
  }

  /** A person (often), a state or an organisation; a few are duplicates not merged yet. Popular ones come up more. */
  private party(): ActorInfo {
    const roll = this.rng();
    if (roll < 0.03 && this.duplicates.length > 0) return this.pick(this.duplicates);
    const pool = roll < 0.7 ? this.people : roll < 0.93 ? this.states : this.organizations;
    return pool[Math.floor(pool.length * this.rng() * this.rng())]!;
  }

  private mention(participants: Participant[]): void {
    if (this.rng() < 0.4) {
      const state = this.pick(this.states);
      if (!participants.some((p) => p.actorId === state.id))
        participants.push({ actorId: state.id, role: 'MENTIONED' });
    }
  }

  /** Most events are recent (as in any news-based collection, where each day has many), some go back decades. */
  private date(): TemporalPoint {
    const recent = this.rng() < 0.8;
    const day = recent
      ? Date.UTC(2019, 0, 1) + Math.floor(this.rng() * 2190) * 86_400_000
      : Date.UTC(1995, 0, 1) + Math.floor(this.rng() * 8766) * 86_400_000;
    const [year, month, dayOfMonth] = new Date(day).toISOString().slice(0, 10).split('-');
    const timeZone = this.pick(ZONES);
    const roll = this.rng();
    if (roll < 0.05) return { value: year!, precision: 'YEAR', timeZone };
    if (roll < 0.15) return { value: `${year}-${month}`, precision: 'MONTH', timeZone };
    if (roll < 0.22)
      return {
        value: `${year}-${month}-${dayOfMonth}T${pad(9 + Math.floor(this.rng() * 10))}:${pad(Math.floor(this.rng() * 60))}`,
        precision: 'MINUTE',
        timeZone,
      };
    return { value: `${year}-${month}-${dayOfMonth}`, precision: 'DAY', timeZone };
  }

  private laterDay(start: TemporalPoint): TemporalPoint {
    const [year, month, day] = start.value.split('-').map(Number);
    const later = new Date(Date.UTC(year!, month! - 1, day! + 1 + Math.floor(this.rng() * 3)));
    return { value: later.toISOString().slice(0, 10), precision: 'DAY', timeZone: start.timeZone };
  }

  private sources(count: number): EventSource[] {
    return Array.from({ length: count }, () => {
      const [publisher, base] = this.pick(PUBLISHERS);
      const source: EventSource = {
        sourceId: this.uuid(),
        publisher,
        url: `${base}${Math.floor(this.rng() * 1e9)}`,
        title: this.sentence(),
      };
      if (this.rng() < 0.3) source.excerpt = this.sentences(1);
      return source;
    });
  }

  private sentence(): string {
    const text = `${this.pick(this.people).name} ${this.pick(VERBS)} ${this.pick(NOUNS)}`;
    return text[0]!.toUpperCase() + text.slice(1);
  }

  private sentences(count: number): string {
    return Array.from({ length: count }, () => `${this.sentence()}.`).join(' ');
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rng() * items.length)]!;
  }

  private some<T>(items: readonly T[], min: number, max: number): T[] {
    const count = min + Math.floor(this.rng() * (max - min + 1));
    return [...new Set(Array.from({ length: count }, () => this.pick(items)))];
  }

  private distinct(next: () => ActorInfo, count: number): ActorInfo[] {
    const chosen = new Map<string, ActorInfo>();
    for (let attempt = 0; chosen.size < count && attempt < count * 5; attempt += 1) {
      const actor = next();
      chosen.set(actor.id, actor);
    }
    return [...chosen.values()];
  }

  private uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.rng() * 16).toString(16));
    hex[12] = '4';
    hex[16] = '89ab'[Math.floor(this.rng() * 4)]!;
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
