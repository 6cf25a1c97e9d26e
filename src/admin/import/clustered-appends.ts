import { actorStreamId, eventStreamId, MERGE_LIMITS, survivorOf } from '../../diplomacy';
import type { StreamFacts } from '../../editorial/stream-facts.service';
import { ConcurrencyError, EventIdConflictError } from '../../event-store/errors';
import type { PostgresEventStore } from '../../event-store/event-store';
import type { AppendResult, EventMetadata } from '../../event-store/types';
import { postgresDataErrorCode } from '../../graphql/postgres-data-errors';
import type { ImportRecord, ImportReject } from '../../imports';
import type { ActorIndex } from './actor-index';
import { clusterFromStream, prepareClusters, type ClusterState, type PreparedClusters } from './cluster-batch';
import { prepareBatch, type PreparedBatch } from './import-batch';
import type { ImportRepository } from './import.repository';
import type { SummaryBuilder } from './import-summary';

/**
 * Two imports of the same rows at once race for the same streams: the loser reads them again and
 * finds its reports stored. Each retry follows a batch the other import stored, so a few suffice.
 */
const CONFLICT_RETRIES = 10;
/** Report ids and alone events this run stored (or, dry, would have), kept to spare looking them up; bounded. */
const KEPT = 100_000;
/**
 * Clusters kept as this run left them (a state and its winning report each, a few KB): bounded
 * lower, so that an import's memory stays flat; one cleared is read from the log again. Kept across
 * a backfill's files (ClusterCache), 10,000 took the bench's 100-file backfill to 294 MiB of peak
 * RSS against its limit of 300; 2,000 to 256 MiB, and as fast (`npm run bench:import`).
 */
const KEPT_CLUSTERS = 2_000;

/**
 * Clusters as the imports of one run of files left them, handed from one file's import to the
 * next (bulk-import.ts): the files of one day report the same occurrences again and again, and each
 * file's import would otherwise read those events' whole streams, every report so far, again (a
 * backfill of one day's 96 files read a cluster's stream 96 times, ever longer). Kept only while
 * appending for real: a dry run's states are what it would have left.
 */
export type ClusterCache = Map<string, ClusterState>;

interface Prepared {
  alone: PreparedBatch;
  clusters: PreparedClusters;
  /** Lines found stored already (or earlier in this run). */
  present: number;
}

/**
 * Appends of an import that clusters (src/imports/clustering.ts): a batch's reports are appended to
 * their clusters' events, recording each event with its first report; rows that stay alone are
 * recorded as events of their own, as without clustering. One appendBatch call (one transaction)
 * per batch. Whether a row is in already is whether its report id (or, alone, its event stream) is
 * in the log, so importing a file again, an overlapping one, or the same one twice at once ends
 * with the same events.
 */
export class ClusteredAppends {
  /**
   * Clusters as this run (or earlier files of the same backfill) left them: read from the log once,
   * then kept up to date. A state another writer changed since fails its append's expected version
   * and is read again.
   */
  private readonly known: ClusterCache;
  /** Reports and alone events this run stored (dry: would have). */
  private readonly stored = new Set<string>();

  constructor(
    private readonly run: {
      dryRun: boolean;
      tally: SummaryBuilder;
      reject: (reject: ImportReject) => Promise<void>;
    },
    private readonly repository: ImportRepository,
    private readonly store: PostgresEventStore,
    private readonly facts: StreamFacts,
    private readonly index: ActorIndex,
    private readonly createdActors: Set<string>,
    private readonly matchedActors: Set<string>,
    known?: ClusterCache,
  ) {
    this.known = known ?? new Map();
  }

  /** Prepares and appends one batch, again with what the log holds then when another writer came first. */
  async append(records: ImportRecord[], metadata: EventMetadata): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      const prepared = await this.prepare(records, metadata);
      const streams = [...prepared.alone.streams, ...prepared.clusters.streams];
      const registered = [...prepared.alone.registered, ...prepared.clusters.registered];
      try {
        const results = this.run.dryRun || streams.length === 0 ? [] : await this.store.appendBatch(streams);
        this.index.commit(registered);
        await this.count(prepared, results);
        return;
      } catch (error) {
        this.index.rollback(registered);
        if (postgresDataErrorCode(error) !== undefined) return this.appendIsolating(records, metadata, error);
        if (
          attempt >= CONFLICT_RETRIES ||
          !(error instanceof ConcurrencyError || error instanceof EventIdConflictError)
        )
          throw error;
        // Another writer appended to these events or registered these actors meanwhile.
        for (const record of records) this.known.delete(record.eventId);
        for (const cluster of prepared.clusters.after) this.known.delete(cluster.eventId);
        for (const { state } of (await this.facts.actors(registered)).values())
          if (state.status !== 'NOT_REGISTERED') this.index.put(state);
      }
    }
  }

  /**
   * PostgreSQL refused a value of the batch: it is split in halves, each appended on its own, until
   * the refused line stands alone and is rejected with its number (as without clustering).
   */
  private async appendIsolating(records: ImportRecord[], metadata: EventMetadata, error: unknown): Promise<void> {
    if (records.length <= 1) {
      for (const record of records) {
        await this.run.reject({
          lineNumber: record.lineNumber,
          code: 'DATABASE_REFUSED',
          reason: `the database refused the line's data (SQLSTATE ${postgresDataErrorCode(error)})`,
          externalId: record.externalId,
        });
      }
      return;
    }
    const middle = Math.ceil(records.length / 2);
    for (const half of [records.slice(0, middle), records.slice(middle)]) {
      for (const record of half) this.known.delete(record.eventId);
      await this.append(half, metadata);
    }
  }

  private async prepare(records: ImportRecord[], metadata: EventMetadata): Promise<Prepared> {
    const reports = records.filter((record) => record.report);
    const alone = records.filter((record) => !record.report);
    const unknownClusters = [...new Set(reports.map((r) => r.eventId))].filter((id) => !this.known.has(id));
    const [storedReports, storedAlone, streams] = await Promise.all([
      this.repository.existingEvents(reports.map((r) => r.report!.reportId)),
      this.repository.existingStreams(alone.map((r) => eventStreamId(r.eventId))),
      this.repository.readStreams(unknownClusters.map(eventStreamId)),
    ]);
    const clusters = new Map<string, ClusterState>();
    for (const eventId of unknownClusters)
      clusters.set(eventId, clusterFromStream(eventId, streams.get(eventStreamId(eventId)) ?? []));
    for (const record of reports) {
      const known = this.known.get(record.eventId);
      if (known) clusters.set(record.eventId, known);
    }
    const survivors = await this.followMerges(clusters);

    let present = 0;
    const seen = new Set<string>();
    const fresh = (id: string, inLog: boolean): boolean => {
      if (inLog || seen.has(id) || this.stored.has(id)) {
        present += 1;
        return false;
      }
      seen.add(id);
      return true;
    };
    const freshReports = reports.filter((r) => fresh(r.report!.reportId, storedReports.has(r.report!.reportId)));
    const freshAlone = alone.filter((r) => fresh(r.eventId, storedAlone.has(eventStreamId(r.eventId))));
    const context = { index: this.index, events: {}, metadata };
    // Alone first: both register actors in the index as they go, so a report may use one of theirs.
    const preparedAlone = prepareBatch(freshAlone, context);
    // A cluster an editor merged into another event: its new reports join that event, as any
    // change to a duplicate goes to its survivor.
    const toSurvivors = freshReports.map((record) => {
      const survivorId = survivors.get(record.eventId);
      return survivorId ? { ...record, eventId: survivorId } : record;
    });
    const preparedClusters = prepareClusters(toSurvivors, clusters, context, new Set(survivors.values()));
    return { alone: preparedAlone, clusters: preparedClusters, present };
  }

  /**
   * The survivor of every cluster merged into another event (followed through a chain of merges,
   * as mergeEvents resolves one), each added to `clusters`: merged cluster id -> survivor id.
   */
  private async followMerges(clusters: Map<string, ClusterState>): Promise<Map<string, string>> {
    const mergedInto = (eventId: string) => {
      const state = clusters.get(eventId)?.state;
      return state && state.status !== 'NOT_RECORDED' ? state.mergedInto : undefined;
    };
    for (let step = 0; step < MERGE_LIMITS.duplicates; step += 1) {
      const missing = [...clusters.keys()]
        .map(mergedInto)
        .filter((id): id is string => id !== undefined && !clusters.has(id));
      if (missing.length === 0) break;
      const unknown = [...new Set(missing)].filter((id) => {
        const known = this.known.get(id);
        if (known) clusters.set(id, known);
        return !known;
      });
      const streams = await this.repository.readStreams(unknown.map(eventStreamId));
      for (const id of unknown) clusters.set(id, clusterFromStream(id, streams.get(eventStreamId(id)) ?? []));
    }
    const survivors = new Map<string, string>();
    for (const eventId of clusters.keys()) {
      const survivorId = survivorOf(eventId, mergedInto);
      if (survivorId !== eventId) survivors.set(eventId, survivorId);
    }
    return survivors;
  }

  private async count(prepared: Prepared, results: AppendResult[]): Promise<void> {
    const summary = this.run.tally.summary;
    const byStream = new Map(results.map((result) => [result.streamId, result]));
    summary.alreadyPresent += prepared.present;
    const { alone, clusters } = prepared;
    for (const actorId of [...alone.registered, ...clusters.registered])
      if (!byStream.get(actorStreamId(actorId))?.duplicate) this.createdActors.add(actorId);
    for (const actorId of [...alone.matched, ...clusters.matched])
      if (!this.createdActors.has(actorId)) this.matchedActors.add(actorId);
    for (const record of alone.recorded) {
      this.remember(record.eventId);
      if (byStream.get(eventStreamId(record.eventId))?.duplicate) summary.alreadyPresent += 1;
      else summary.imported += 1;
    }
    for (const [streamId, counts] of clusters.counts) {
      if (byStream.get(streamId)?.duplicate) {
        // Another import stored exactly these facts first.
        summary.alreadyPresent += counts.reports;
        continue;
      }
      if (counts.recorded) summary.imported += 1;
      summary.reportsAttached += counts.attached;
      if (counts.revised) summary.eventsRevised += 1;
    }
    for (const reportId of clusters.reportIds) this.remember(reportId);
    if (this.known.size >= KEPT_CLUSTERS) this.known.clear();
    for (const cluster of clusters.after) this.known.set(cluster.eventId, cluster);
    for (const reject of [...alone.rejects, ...clusters.rejects]) await this.run.reject(reject);
  }

  private remember(id: string): void {
    if (this.stored.size >= KEPT) this.stored.clear();
    this.stored.add(id);
  }
}
