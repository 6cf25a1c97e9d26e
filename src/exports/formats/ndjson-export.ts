import type { DiplomaticEvent } from '../../diplomacy/index';
import type { ExportNode } from './timeline-node';

/**
 * One line per event in the import's NDJSON shape (src/imports/ndjson.ts), with each participant's
 * actor described, so that importing the file into an empty database registers the same actors
 * under the same ids and records the same events. Not carried over: retracted events (the import
 * format has no retraction; they are left out), revision history, and agreement status history
 * (the current status is recorded).
 */
export function* ndjsonLines(nodes: readonly ExportNode[]): Generator<string> {
  const live = nodes.filter((node) => !node.retracted);
  for (const node of inDependencyOrder(live)) yield `${JSON.stringify(importLine(node))}\n`;
}

export function toNdjson(nodes: readonly ExportNode[]): string {
  return [...ndjsonLines(nodes)].join('');
}

/** The import input for one event, keys in a fixed order; empty optional fields are left out. */
export function importLine(node: ExportNode): Record<string, unknown> {
  const doc = node.doc;
  const actors = new Map(node.participants.map((p) => [p.actorId, p.actor]));
  const line: Record<string, unknown> = { eventId: doc.eventId, kind: doc.kind, title: doc.title };
  if (doc.summary !== '') line.summary = doc.summary;
  line.start = doc.start;
  if (doc.end) line.end = doc.end;
  if (doc.location) line.location = doc.location;
  line.participants = doc.participants.map(({ actorId, role }) => {
    const actor = actors.get(actorId);
    if (!actor) return { actorId, role };
    const descriptor: Record<string, unknown> = { kind: actor.kind, name: actor.name };
    if (actor.country) descriptor.country = actor.country;
    return { actorId, role, actor: descriptor };
  });
  if (doc.topics.length > 0) line.topics = doc.topics;
  if (doc.sources.length > 0) line.sources = doc.sources;
  line.cameoCode = doc.cameoCode;
  if (doc.links.length > 0) line.links = doc.links;
  Object.assign(line, kindDetails(doc));
  return line;
}

function kindDetails(doc: DiplomaticEvent): Record<string, unknown> {
  if (doc.meeting) return { meeting: doc.meeting };
  if (doc.statement) return { statement: doc.statement };
  if (doc.agreement) {
    const { partyIds, terms, status, signedAtEventId } = doc.agreement;
    return { agreement: signedAtEventId ? { partyIds, terms, status, signedAtEventId } : { partyIds, terms, status } };
  }
  return {};
}

/**
 * The given order, except that an event comes after the events of this export it links to or
 * was signed at: an import appending line by line then finds every target recorded already.
 */
function inDependencyOrder(nodes: ExportNode[]): ExportNode[] {
  const ids = new Set(nodes.map((n) => n.eventId));
  const emitted = new Set<string>();
  const ordered: ExportNode[] = [];
  const visiting = new Set<string>();
  const byId = new Map(nodes.map((n) => [n.eventId, n]));
  const visit = (node: ExportNode) => {
    if (emitted.has(node.eventId) || visiting.has(node.eventId)) return;
    visiting.add(node.eventId);
    for (const target of targets(node.doc)) if (ids.has(target)) visit(byId.get(target)!);
    visiting.delete(node.eventId);
    emitted.add(node.eventId);
    ordered.push(node);
  };
  nodes.forEach(visit);
  return ordered;
}

function targets(doc: DiplomaticEvent): string[] {
  const ids = doc.links.map((link) => link.targetEventId);
  if (doc.agreement?.signedAtEventId) ids.push(doc.agreement.signedAtEventId);
  return ids;
}
