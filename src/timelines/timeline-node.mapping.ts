import type { Actor } from '../graphql/models/actor.model';
import type { DiplomaticEvent } from '../graphql/models/diplomatic-event.model';
import type { ActorConnection, TimelineConnection } from './models/timeline-connection.model';
import { actorModel, diplomaticEventModel } from '../graphql/models/to-model';
import { versionId } from '../graphql/models/version-id';
import type { ActorRecord, ActorSummary, Connection, RecordTimeOptions, TimelineFilter, TimelineNode } from './queries';

/**
 * A page brings each participant's actor summary along (one SQL statement for the page); the rest
 * of an actor (aliases, roles) is loaded only when a client asks for it (Actor field resolvers).
 */
export function nodeModel(node: TimelineNode): DiplomaticEvent {
  const actors = new Map(node.participants.map((participant) => [participant.actorId, participant.actor]));
  return diplomaticEventModel(
    node.doc,
    { version: node.version, recordedFrom: node.recordedFrom, recordedTo: node.recordedTo },
    (actorId) => {
      const summary = actors.get(actorId);
      return summary === undefined ? undefined : summary === null ? null : partialActor(summary);
    },
  );
}

export function partialActor(summary: ActorSummary): Actor {
  return {
    id: versionId('Actor', summary.actorId, summary.version),
    actorId: summary.actorId,
    version: summary.version,
    kind: summary.kind,
    name: summary.name,
    country: summary.country,
    mergedInto: summary.mergedInto,
    status: summary.mergedInto ? 'MERGED' : 'ACTIVE',
  } as Actor;
}

export function timelineConnection(
  page: Connection<TimelineNode>,
  query: { filter: TimelineFilter; options: RecordTimeOptions },
): TimelineConnection {
  return {
    edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: nodeModel(edge.node) })),
    pageInfo: page.pageInfo,
    query,
  };
}

export function actorRecordModel(record: ActorRecord): Actor {
  return actorModel(record.doc, record.version);
}

export function actorConnection(page: Connection<ActorRecord>): ActorConnection {
  return {
    edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: actorRecordModel(edge.node) })),
    pageInfo: page.pageInfo,
  };
}
