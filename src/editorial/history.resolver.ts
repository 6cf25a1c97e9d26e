import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { actorStreamId, eventStreamId } from '../diplomacy';
import { LogReader } from '../event-store/log-reader';
import type { StoredEvent } from '../event-store/types';
import { notFound } from '../graphql/errors';
import { HistoryEntry, type HistoryReport } from './models/history-entry.model';

/** History straight from the log: every entry of a stream, with who, when, why and what changed. */
@Resolver()
export class HistoryResolver {
  constructor(private readonly store: LogReader) {}

  @Query(() => [HistoryEntry], { description: "Every log entry of a diplomatic event's stream, oldest first" })
  async eventHistory(@Args('id', { type: () => ID }) id: string): Promise<HistoryEntry[]> {
    return this.history(eventStreamId(id), `no event with id ${id}`);
  }

  @Query(() => [HistoryEntry], { description: "Every log entry of an actor's stream, oldest first (merges included)" })
  async actorHistory(@Args('id', { type: () => ID }) id: string): Promise<HistoryEntry[]> {
    return this.history(actorStreamId(id), `no actor with id ${id}`);
  }

  private async history(streamId: string, missing: string): Promise<HistoryEntry[]> {
    const stored = await this.store.readStream(streamId);
    if (stored.length === 0) throw notFound(missing);
    return stored.map(historyEntry);
  }
}

function historyEntry(event: StoredEvent): HistoryEntry {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const object = (value: unknown) =>
    value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  return {
    version: event.streamVersion,
    type: event.type,
    recordedAt: event.recordedAt,
    position: event.globalPosition.toString(),
    principal: text(event.metadata.principal),
    reason: text(event.metadata.reason) ?? text(event.data.reason),
    correlationId: text(event.metadata.correlationId),
    causationId: text(event.metadata.causationId),
    changes: object(event.data.changes),
    previous: object(event.data.previous),
    data: event.data,
    report: reportOf(event),
  };
}

/** The imported row behind an EventRecorded (its provenance) or a ReportAttached (its report). */
function reportOf(event: StoredEvent): HistoryReport | null {
  const record = (value: unknown) =>
    value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const number = (value: unknown) => (typeof value === 'number' ? value : null);
  const provenance = record(event.metadata.provenance);
  if (event.type === 'ReportAttached') {
    const report = record(event.data.report);
    const dataset = text(report.dataset);
    const externalId = text(report.externalId);
    if (dataset === null || externalId === null) return null;
    return {
      dataset,
      externalId,
      reportId: text(report.reportId),
      lineNumber: number(provenance.lineNumber),
      cameoCode: text(report.cameoCode),
    };
  }
  if (event.type !== 'EventRecorded') return null;
  const dataset = text(provenance.source);
  const externalId = text(provenance.externalId);
  if (dataset === null || externalId === null) return null;
  return {
    dataset,
    externalId,
    // A clustered event is recorded under its first report's id; an event of its own under its id.
    reportId: event.eventId !== event.data.eventId ? event.eventId : null,
    lineNumber: number(provenance.lineNumber),
    cameoCode: text(event.data.cameoCode),
  };
}
