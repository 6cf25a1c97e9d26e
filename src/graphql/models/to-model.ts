import {
  cameoEventLabel,
  distinctPublishers,
  sourceCount,
  temporalInterval,
  type Actor as DomainActor,
  type DiplomaticEvent as DomainEvent,
  type TemporalPoint as DomainTemporalPoint,
} from '../../diplomacy';
import type { Actor } from './actor.model';
import type { DiplomaticEvent } from './diplomatic-event.model';
import type { TemporalPoint } from './temporal-point.model';
import { versionId } from './version-id';

/** Domain states (plain JSON, as stored and projected) to the GraphQL object types. */
export function temporalPointModel(point: DomainTemporalPoint): TemporalPoint;
export function temporalPointModel(point: DomainTemporalPoint | null | undefined): TemporalPoint | null;
export function temporalPointModel(point: DomainTemporalPoint | null | undefined): TemporalPoint | null {
  if (!point) return null;
  // The interval costs several Intl calls and most queries do not ask for it: worked out when read.
  let interval: ReturnType<typeof temporalInterval> | undefined;
  const bounds = () => (interval ??= temporalInterval(point));
  return {
    value: point.value,
    precision: point.precision,
    timeZone: point.timeZone,
    get intervalStart() {
      return new Date(bounds().from);
    },
    get intervalEnd() {
      return new Date(bounds().to);
    },
  };
}

export interface VersionInfo {
  version: number;
  /** The read model's count of the version's reports; from the state when absent (an answer read from the log). */
  reportCount?: number;
  recordedFrom?: Date | null;
  recordedTo?: Date | null;
}

/**
 * `actorOf` gives what is known of a participant's actor already (a timeline page brings the
 * names along), or its load (a mutation answer reads the log); undefined leaves it to the
 * Participant.actor field resolver to load.
 *
 * The members that take work to map (dates, participants, sources, status history, the CAMEO
 * label) are mapped when read: GraphQL reads only what a query asks for, and a timeline page may
 * leave the other members out of its docs (TimelineOptions.omitDocKeys).
 */
export function diplomaticEventModel(
  state: DomainEvent,
  info: VersionInfo,
  actorOf: (actorId: string) => Actor | null | undefined | PromiseLike<Actor | null> = () => undefined,
): DiplomaticEvent {
  const once = <T>(make: () => T) => {
    let made: { value: T } | undefined;
    return () => (made ??= { value: make() }).value;
  };
  const start = once(() => temporalPointModel(state.start));
  const end = once(() => temporalPointModel(state.end));
  const participants = once(() =>
    state.participants.map((participant) => ({ ...participant, actor: actorOf(participant.actorId) })),
  );
  const sources = once(() =>
    state.sources.map((source) => ({ ...source, publishedAt: temporalPointModel(source.publishedAt) })),
  );
  const publishers = once(() => distinctPublishers(state.sources));
  const history = once(() =>
    state.agreementStatusHistory.map((change) => ({
      ...change,
      effectiveDate: temporalPointModel(change.effectiveDate),
    })),
  );
  return {
    id: versionId('DiplomaticEvent', state.eventId, info.version),
    eventId: state.eventId,
    kind: state.kind,
    status: state.status,
    title: state.title,
    summary: state.summary,
    get start() {
      return start();
    },
    get end() {
      return end();
    },
    location: state.location,
    get participants() {
      return participants();
    },
    topics: state.topics,
    get sources() {
      return sources();
    },
    get sourceCount() {
      return sourceCount(state.sources);
    },
    get publisherCount() {
      return publishers().length;
    },
    get publishers() {
      return publishers();
    },
    cameoCode: state.cameoCode,
    get cameoLabel() {
      return state.cameoCode === undefined ? null : (cameoEventLabel(state.cameoCode) ?? null);
    },
    links: state.links,
    meeting: state.meeting,
    statement: state.statement,
    agreement: state.agreement,
    retractionReason: state.retractionReason,
    get agreementStatusHistory() {
      return history();
    },
    revisionCount: state.revisionCount,
    mergedIntoId: state.mergedInto ?? null,
    absorbed: state.absorbed ?? [],
    reportCount: info.reportCount ?? 1 + (state.attachedReports ?? 0),
    version: info.version,
    recordedFrom: info.recordedFrom ?? null,
    recordedTo: info.recordedTo ?? null,
  };
}

export function actorModel(state: DomainActor, version: number): Actor {
  return {
    id: versionId('Actor', state.actorId, version),
    actorId: state.actorId,
    kind: state.kind,
    name: state.name,
    aliases: state.aliases,
    country: state.country,
    cameoCode: state.cameoCode,
    roles: state.roles.map((role) => ({
      ...role,
      from: temporalPointModel(role.from),
      to: temporalPointModel(role.to),
    })),
    status: state.status,
    mergedInto: state.mergedInto,
    version,
  };
}
