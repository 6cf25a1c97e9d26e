import type { Actor } from '../graphql/models/actor.model';
import type { DiplomaticEvent } from '../graphql/models/diplomatic-event.model';
import type { ActorConnection, TimelineConnection } from './models/timeline-connection.model';
import { actorModel, diplomaticEventModel } from '../graphql/models/to-model';
import { versionId } from '../graphql/models/version-id';
import type { ActorRecord, ActorSummary, Connection, RecordTimeOptions, TimelineFilter, TimelineNode } from './queries';

/**
 * An actor answered by the read side, with the moment it was read as known at (none: now), so
 * that the fields loaded later (aliases, roles) are read as known at the same moment.
 */
export type ReadSideActor = Actor & { knownAt?: Date };

/**
 * A page brings each participant's actor summary along (one SQL statement for the page), as known
 * at the page's asOf; the rest of an actor (aliases, roles) is loaded only when a client asks for
 * it (Actor field resolvers), as known at the same moment.
 */
export function nodeModel(node: TimelineNode, knownAt?: Date): DiplomaticEvent {
  const actors = new Map(node.participants.map((participant) => [participant.actorId, participant.actor]));
  const model = diplomaticEventModel(
    node.doc,
    {
      version: node.version,
      recordedFrom: node.recordedFrom,
      recordedTo: node.recordedTo,
      reportCount: node.reportCount,
    },
    (actorId) => {
      const summary = actors.get(actorId);
      return summary === undefined ? undefined : summary === null ? null : partialActor(summary, knownAt);
    },
  );
  if (knownAt) model.knownAt = knownAt;
  return model;
}

export function partialActor(summary: ActorSummary, knownAt?: Date): ReadSideActor {
  return {
    id: versionId('Actor', summary.actorId, summary.version),
    actorId: summary.actorId,
    version: summary.version,
    kind: summary.kind,
    name: summary.name,
    country: summary.country,
    mergedInto: summary.mergedInto,
    status: summary.mergedInto ? 'MERGED' : 'ACTIVE',
    ...(knownAt ? { knownAt } : {}),
  } as ReadSideActor;
}

export function timelineConnection(
  page: Connection<TimelineNode>,
  query: { filter: TimelineFilter; options: RecordTimeOptions },
): TimelineConnection {
  return {
    edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: nodeModel(edge.node, query.options.asOf) })),
    pageInfo: page.pageInfo,
    query,
  };
}

export function actorRecordModel(record: ActorRecord, knownAt?: Date): ReadSideActor {
  const actor: ReadSideActor = actorModel(record.doc, record.version);
  if (knownAt) actor.knownAt = knownAt;
  return actor;
}

export function actorConnection(page: Connection<ActorRecord>): ActorConnection {
  return {
    edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: actorRecordModel(edge.node) })),
    pageInfo: page.pageInfo,
  };
}
