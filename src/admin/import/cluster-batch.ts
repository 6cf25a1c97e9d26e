import {
  decideEvent,
  DomainError,
  eventCommandReferences,
  eventStreamId,
  evolveEvent,
  initialEventState,
  type AttachReport,
  type DiplomaticEvent,
  type DiplomaticEventEvent,
  type DiplomaticEventState,
  type EventFields,
  type EventReport,
  type ReviseEvent,
} from '../../diplomacy';
import type { StreamAppend } from '../../event-store/event-store';
import type { EventToAppend, StoredEvent } from '../../event-store/types';
import { compareReports, importId, type ImportRecord, type ImportReject, type ReportRanking } from '../../imports';
import { actorFactsOf, domainReject, eventMetadata, resolveRecord, type BatchContext } from './import-batch';

/**
 * The fields an event takes from the report that ranks first among its reports (compareReports):
 * what the report says of the occurrence. Sources are gathered from every report instead; topics,
 * links and dates are the same for all of them (or an editor's).
 */
export const REPRESENTED_FIELDS = [
  'title',
  'summary',
  'location',
  'participants',
  'cameoCode',
  'meeting',
  'statement',
  'agreement',
] as const satisfies readonly (keyof EventFields)[];
export type RepresentedFields = Pick<EventFields, (typeof REPRESENTED_FIELDS)[number]>;

export interface RankedReport {
  reportId: string;
  ranking: ReportRanking;
  fields: RepresentedFields;
}

/** A clustered event as the importer knows it: its stream's state and the report it shows. */
export interface ClusterState {
  eventId: string;
  /** The stream's version; 0 while the event is not recorded. */
  version: number;
  state: DiplomaticEventState;
  /** The best-ranked report of those attached; undefined before the first. */
  winner?: RankedReport;
}

/** What one stream of the batch holds of the batch's rows, for the summary. */
export interface ClusterAppendCounts {
  recorded: boolean;
  attached: number;
  revised: boolean;
  /** The reports the append carries, for a duplicate append (counted as present). */
  reports: number;
}

export interface PreparedClusters {
  streams: StreamAppend[];
  /** Per event stream of `streams`, what it carries. */
  counts: Map<string, ClusterAppendCounts>;
  registered: string[];
  matched: Set<string>;
  rejects: ImportReject[];
  /** The clusters as they are once `streams` are stored. */
  after: ClusterState[];
  /** The reports `streams` attach. */
  reportIds: string[];
}

/** A clustered event's state and best report, folded from its stream (empty: not recorded). */
export function clusterFromStream(eventId: string, events: StoredEvent[]): ClusterState {
  let state = initialEventState();
  let winner: RankedReport | undefined;
  for (const stored of events) {
    const event = { type: stored.type, data: stored.data } as DiplomaticEventEvent;
    state = evolveEvent(state, event);
    const ranked = rankedFromFact(event, stored.eventId, stored.metadata.provenance);
    if (ranked && (!winner || compareReports(ranked.ranking, winner.ranking) < 0)) winner = ranked;
  }
  return winner ? { eventId, version: events.length, state, winner } : { eventId, version: events.length, state };
}

/**
 * Turns reports into appends to their clusters' streams, each through the domain: the first report
 * of a cluster that is not recorded yet (the best-ranked of the batch's, so that no revision is
 * needed) records the event with RecordEvent, every other one is attached with AttachReport. When
 * a report ranks above the one the event shows, the event is revised to the new one's fields
 * (ReviseEvent, an ordinary revision), so that the event ends the same whatever order its reports
 * came in. A report the domain refuses is rejected with its message.
 *
 * `records` are reports not stored yet, each once; `clusters` holds the state of every cluster
 * they join that exists.
 */
export function prepareClusters(
  records: ImportRecord[],
  clusters: ReadonlyMap<string, ClusterState>,
  context: BatchContext,
  /** Events the reports reach through an editor's merge: what they show is the editor's, never revised. */
  survivors: ReadonlySet<string> = new Set(),
): PreparedClusters {
  const prepared: PreparedClusters = {
    streams: [],
    counts: new Map(),
    registered: [],
    matched: new Set(),
    rejects: [],
    after: [],
    reportIds: [],
  };
  const groups = new Map<string, ImportRecord[]>();
  for (const record of records) {
    const group = groups.get(record.eventId);
    if (group) group.push(record);
    else groups.set(record.eventId, [record]);
  }
  for (const [eventId, group] of groups) {
    const before = clusters.get(eventId) ?? { eventId, version: 0, state: initialEventState() };
    prepareCluster(before, group, context, prepared, survivors.has(eventId));
  }
  return prepared;
}

function prepareCluster(
  before: ClusterState,
  group: ImportRecord[],
  context: BatchContext,
  prepared: PreparedClusters,
  reachedByMerge = false,
): void {
  const { eventId } = before;
  const streamId = eventStreamId(eventId);
  let { state } = before;
  let shown = before.winner;
  let best = before.winner;
  const events: EventToAppend[] = [];
  const counts: ClusterAppendCounts = { recorded: false, attached: 0, revised: false, reports: 0 };
  const reportIds: string[] = [];
  // A new event is recorded from its best report; the others follow in file order.
  const ordered =
    state.status === 'NOT_RECORDED'
      ? [...group].sort((a, b) => compareReports(rankingOf(a), rankingOf(b)) || a.lineNumber - b.lineNumber)
      : group;

  for (const record of ordered) {
    const resolved = resolveRecord(record, context);
    if ('reject' in resolved) {
      prepared.rejects.push(resolved.reject);
      continue;
    }
    const reportId = record.report!.reportId;
    let decided: DiplomaticEventEvent[];
    try {
      if (state.status === 'NOT_RECORDED') decided = decideEvent(resolved.command, state);
      else {
        const { eventId: _eventId, kind: _kind, ...fields } = resolved.command.data;
        const articles = record.provenance.numArticles ?? null;
        const command: AttachReport = {
          type: 'AttachReport',
          data: {
            eventId,
            kind: record.kind,
            report: { reportId, dataset: record.source, externalId: record.externalId, articles, ...fields },
          },
          context: resolved.command.context,
        };
        decided = decideEvent(command, state);
      }
    } catch (error) {
      if (error instanceof DomainError) {
        prepared.rejects.push(domainReject(record, error.message));
        continue;
      }
      throw error;
    }
    for (const registration of resolved.registrations) {
      context.index.put(registration.actor, { pending: true });
      prepared.registered.push(registration.actor.actorId);
      prepared.streams.push(registration.append);
    }
    for (const actorId of resolved.matched) prepared.matched.add(actorId);
    for (const event of decided) {
      state = evolveEvent(state, event);
      events.push({
        type: event.type,
        data: event.data,
        eventId: reportId,
        metadata: eventMetadata(record, context.metadata),
      });
      const ranked = rankedFromFact(event, reportId, record.provenance);
      if (!ranked) continue;
      if (event.type === 'EventRecorded') {
        shown = ranked;
        counts.recorded = true;
      } else counts.attached += 1;
      if (!best || compareReports(ranked.ranking, best.ranking) < 0) best = ranked;
    }
    counts.reports += 1;
    reportIds.push(reportId);
  }

  if (!reachedByMerge && best && shown && best.reportId !== shown.reportId && state.status === 'RECORDED') {
    const revised = revision(state.eventId, best, state, before.version + events.length, context);
    if (revised) {
      state = evolveEvent(state, revised.event);
      events.push(revised.append);
      counts.revised = true;
    }
  }
  if (events.length === 0) return;
  prepared.streams.push({
    streamId,
    streamType: 'event',
    expectedVersion: before.version === 0 ? 'no_stream' : before.version,
    events,
  });
  prepared.counts.set(streamId, counts);
  prepared.reportIds.push(...reportIds);
  prepared.after.push(
    best
      ? { eventId, version: before.version + events.length, state, winner: best }
      : { eventId, version: before.version + events.length, state },
  );
}

/**
 * The event revised to the fields of the report that now ranks first. Its log id derives from the
 * event, the report and the version it follows, so two imports revising alike append one fact.
 * Nothing when the fields are the same already (an editor made them so) or the domain refuses.
 */
function revision(
  eventId: string,
  best: RankedReport,
  state: DiplomaticEvent,
  afterVersion: number,
  context: BatchContext,
): { event: DiplomaticEventEvent; append: EventToAppend } | undefined {
  const reason =
    `report ${best.ranking.source} ${best.ranking.externalId} ranks first among the event's reports ` +
    `(${best.ranking.articles ?? 0} articles, CAMEO ${best.ranking.cameoCode}): the event shows it`;
  // A kind's details are merged one level deep and never null: only the event's own kind's are given.
  const { meeting, statement, agreement, ...plain } = best.fields;
  const data: ReviseEvent['data'] = { eventId, reason, ...plain };
  if (meeting) data.meeting = meeting;
  if (statement) data.statement = statement;
  if (agreement) data.agreement = agreement;
  const bare: ReviseEvent = { type: 'ReviseEvent', data, context: { actors: {}, events: {} } };
  const references = eventCommandReferences(bare, state);
  const command: ReviseEvent = {
    ...bare,
    context: { actors: actorFactsOf(references.actorIds, context.index), events: context.events },
  };
  let decided: DiplomaticEventEvent[];
  try {
    decided = decideEvent(command, state);
  } catch (error) {
    if (error instanceof DomainError) return undefined;
    throw error;
  }
  const event = decided[0];
  if (!event) return undefined;
  return {
    event,
    append: {
      type: event.type,
      data: event.data,
      eventId: importId(`cluster-revision:${eventId}:${best.reportId}:${afterVersion}`),
      metadata: { ...context.metadata, reason },
    },
  };
}

/** What ranks a record among the reports of its event. */
export function rankingOf(record: ImportRecord): ReportRanking {
  return {
    articles: record.provenance.numArticles ?? null,
    cameoCode: record.event.cameoCode ?? '',
    source: record.source,
    externalId: record.externalId,
  };
}

/** The report a stored fact carries: EventRecorded is the first report (its row in the provenance). */
function rankedFromFact(
  event: DiplomaticEventEvent,
  logEventId: string,
  provenance: unknown,
): RankedReport | undefined {
  if (event.type === 'EventRecorded') {
    const row = (provenance ?? {}) as { source?: unknown; externalId?: unknown; numArticles?: unknown };
    return {
      reportId: logEventId,
      ranking: {
        articles: typeof row.numArticles === 'number' ? row.numArticles : null,
        cameoCode: event.data.cameoCode,
        source: typeof row.source === 'string' ? row.source : '',
        externalId: typeof row.externalId === 'string' ? row.externalId : '',
      },
      fields: represented(event.data),
    };
  }
  if (event.type === 'ReportAttached') {
    const report: EventReport = event.data.report;
    return {
      reportId: report.reportId,
      ranking: {
        articles: report.articles,
        cameoCode: report.cameoCode,
        source: report.dataset,
        externalId: report.externalId,
      },
      fields: represented(report),
    };
  }
  return undefined;
}

function represented(fields: EventFields): RepresentedFields {
  const picked = {} as Record<string, unknown>;
  for (const field of REPRESENTED_FIELDS) picked[field] = fields[field];
  return picked as RepresentedFields;
}
