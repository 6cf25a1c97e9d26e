import {
  cameoEventLabel,
  temporalInterval,
  type Actor as DomainActor,
  type DiplomaticEvent as DomainEvent,
  type TemporalPoint as DomainTemporalPoint,
} from '../../diplomacy';
import type { Actor } from './actor.model';
import type { DiplomaticEvent } from './diplomatic-event.model';
import type { TemporalPoint } from './temporal-point.model';

/** Domain states (plain JSON, as stored and projected) to the GraphQL object types. */
export function temporalPointModel(point: DomainTemporalPoint): TemporalPoint;
export function temporalPointModel(point: DomainTemporalPoint | null | undefined): TemporalPoint | null;
export function temporalPointModel(point: DomainTemporalPoint | null | undefined): TemporalPoint | null {
  if (!point) return null;
  const interval = temporalInterval(point);
  return { ...point, intervalStart: new Date(interval.from), intervalEnd: new Date(interval.to) };
}

export interface VersionInfo {
  version: number;
  recordedFrom?: Date | null;
  recordedTo?: Date | null;
}

/**
 * `actorOf` gives what is known of a participant's actor already (a timeline page brings the
 * names along); undefined leaves it to the Participant.actor field resolver to load.
 */
export function diplomaticEventModel(
  state: DomainEvent,
  info: VersionInfo,
  actorOf: (actorId: string) => Actor | null | undefined = () => undefined,
): DiplomaticEvent {
  return {
    id: state.eventId,
    kind: state.kind,
    status: state.status,
    title: state.title,
    summary: state.summary,
    start: temporalPointModel(state.start),
    end: temporalPointModel(state.end),
    location: state.location,
    participants: state.participants.map((participant) => ({ ...participant, actor: actorOf(participant.actorId) })),
    topics: state.topics,
    sources: state.sources.map((source) => ({ ...source, publishedAt: temporalPointModel(source.publishedAt) })),
    cameoCode: state.cameoCode,
    cameoLabel: cameoEventLabel(state.cameoCode) ?? null,
    links: state.links,
    meeting: state.meeting,
    statement: state.statement,
    agreement: state.agreement,
    retractionReason: state.retractionReason,
    agreementStatusHistory: state.agreementStatusHistory.map((change) => ({
      ...change,
      effectiveDate: temporalPointModel(change.effectiveDate),
    })),
    revisionCount: state.revisionCount,
    version: info.version,
    recordedFrom: info.recordedFrom ?? null,
    recordedTo: info.recordedTo ?? null,
  };
}

export function actorModel(state: DomainActor, version: number | null): Actor {
  return {
    id: state.actorId,
    kind: state.kind,
    name: state.name,
    aliases: state.aliases,
    country: state.country,
    cameoCode: state.cameoCode,
    roles: state.roles.map((role) => ({ ...role, from: temporalPointModel(role.from), to: temporalPointModel(role.to) })),
    status: state.status,
    mergedInto: state.mergedInto,
    version,
  };
}
