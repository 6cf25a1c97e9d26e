import { randomUUID } from 'node:crypto';
import { actorStreamId, eventStreamId, type EventFact } from '../../diplomacy';
import type { StreamFacts } from '../../editorial/stream-facts.service';
import { ConcurrencyError, EventIdConflictError } from '../../event-store/errors';
import type { PostgresEventStore } from '../../event-store/event-store';
import type { AppendResult, EventMetadata } from '../../event-store/types';
import { DEFAULT_CLUSTER_MODE, type ImportRecord, type ImportReject } from '../../imports';
import { postgresDataErrorCode } from '../../graphql/postgres-data-errors';
import type { ActorIndex } from './actor-index';
import { prepareBatch, type PreparedBatch } from './import-batch';
import { ClusteredAppends, type ClusterCache } from './clustered-appends';
import type { ImportRepository } from './import.repository';
import { SummaryBuilder, type ImportRunOptions, type ImportSummary } from './import-summary';

const CONFLICT_RETRIES = 3;
/** Kinds of the events this run recorded, for links to them from later lines; bounded. */
const RUN_EVENTS_KEPT = 200_000;

interface Job {
  records: ImportRecord[];
  batch: PreparedBatch;
  events: Record<string, EventFact>;
  metadata: EventMetadata;
}

/**
 * One import: counts, the actor index, and the batches. While a batch is being appended the next
 * one is prepared (parsed, matched, decided), so the database and the parser work at the same
 * time; appends themselves stay one after the other, in file order.
 */
export class ImportRun {
  readonly tally: SummaryBuilder;
  private readonly correlationId = randomUUID();
  private readonly createdActors = new Set<string>();
  private readonly matchedActors = new Set<string>();
  private readonly runEvents = new Map<string, EventFact>();
  private preparing: Promise<void> = Promise.resolve();
  private appending: Promise<void> = Promise.resolve();
  private readonly clusters: ClusteredAppends | undefined;

  constructor(
    private readonly options: ImportRunOptions,
    private readonly repository: ImportRepository,
    private readonly facts: StreamFacts,
    private readonly store: PostgresEventStore,
    private readonly index: ActorIndex,
    clusters?: ClusterCache,
  ) {
    this.tally = new SummaryBuilder(options.format, options.dryRun ?? false, this.correlationId);
    if ((options.cluster ?? DEFAULT_CLUSTER_MODE) === 'day' && options.format !== 'ndjson') {
      this.clusters = new ClusteredAppends(
        { dryRun: options.dryRun ?? false, tally: this.tally, reject: (reject) => this.reject(reject) },
        repository,
        store,
        facts,
        index,
        this.createdActors,
        this.matchedActors,
        options.dryRun ? undefined : clusters,
      );
    }
  }

  async reject(reject: ImportReject): Promise<void> {
    this.tally.reject(reject);
    await this.options.onReject?.(reject);
  }

  /**
   * Queues a batch: its lookups start at once, it is prepared after the batch before it (the index
   * must know that batch's actors) and appended after that batch is stored. Returns once the batch
   * before it is stored, so that no more than two batches wait beside the one being parsed.
   */
  async submit(records: ImportRecord[]): Promise<void> {
    if (records.length === 0) return;
    const metadata = this.batchMetadata();
    if (this.clusters) {
      // A batch's reports join events that earlier batches may have recorded: it is prepared
      // once the batch before it is stored (the parser still reads on meanwhile).
      const clusters = this.clusters;
      const previous = this.appending;
      this.appending = previous.then(() => clusters.append(records, metadata));
      this.appending.catch(() => undefined); // surfaced through `previous` or finish()
      await previous;
      return;
    }
    const lookups = Promise.all([
      this.repository.existingStreams(records.map((r) => eventStreamId(r.eventId))),
      this.loggedLinkTargets(records),
    ]);
    const job = this.preparing.then(async (): Promise<Job> => {
      const [present, logged] = await lookups;
      const fresh = this.withoutPresent(records, present);
      const events = this.linkedEventFacts(fresh, logged);
      const batch = prepareBatch(fresh, { index: this.index, events, metadata });
      for (const record of batch.recorded) this.remember(record);
      return { records: fresh, events, metadata, batch };
    });
    const previous = this.appending;
    this.preparing = job.then(() => undefined);
    this.appending = Promise.all([job, previous]).then(([ready]) => this.append(ready));
    for (const promise of [lookups, this.preparing, this.appending]) promise.catch(() => undefined); // surfaced through `previous`
    await previous;
  }

  /** Who, in answer to what: shared by everything one batch appends. */
  private batchMetadata(): EventMetadata {
    return {
      principal: this.options.principal,
      ...(this.options.role ? { role: this.options.role } : {}),
      command: 'importEvents',
      correlationId: this.correlationId,
      causationId: randomUUID(),
    };
  }

  async finish(): Promise<ImportSummary> {
    await this.appending;
    this.tally.summary.actorsCreated = this.createdActors.size;
    this.tally.summary.actorsMatched = this.matchedActors.size;
    return this.tally.finish();
  }

  /** Waits for the append in flight, if any, whatever its outcome (the import failed elsewhere). */
  async settle(): Promise<void> {
    await this.appending.catch(() => undefined);
  }

  private async append(job: Job): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      const { batch } = job;
      try {
        const results =
          this.options.dryRun || batch.streams.length === 0 ? [] : await this.store.appendBatch(batch.streams);
        this.index.commit(batch.registered);
        await this.count(batch, results);
        return;
      } catch (error) {
        this.index.rollback(batch.registered);
        if (postgresDataErrorCode(error) !== undefined) return this.appendIsolating(job, error);
        if (
          attempt >= CONFLICT_RETRIES ||
          !(error instanceof ConcurrencyError || error instanceof EventIdConflictError)
        )
          throw error;
        // Another writer registered some of these actors or recorded some of these events meanwhile.
        await this.reloadActors(batch.registered);
        const present = await this.repository.existingStreams(job.records.map((r) => eventStreamId(r.eventId)));
        const fresh = this.withoutPresent(job.records, present, true);
        job.records = fresh;
        job.batch = prepareBatch(fresh, { index: this.index, events: job.events, metadata: job.metadata });
      }
    }
  }

  /**
   * Records whose event stream exists already are counted as present, whatever their content now
   * (an editor may have revised it since, or its actors been merged). So are lines repeating an
   * event of this run, in this batch or an earlier one.
   */
  private withoutPresent(records: ImportRecord[], present: Set<string>, fromLogOnly = false): ImportRecord[] {
    const fresh: ImportRecord[] = [];
    const seen = new Set<string>();
    for (const record of records) {
      const streamId = eventStreamId(record.eventId);
      if (present.has(streamId) || seen.has(streamId) || (!fromLogOnly && this.runEvents.has(record.eventId))) {
        this.tally.summary.alreadyPresent += 1;
      } else {
        seen.add(streamId);
        fresh.push(record);
      }
    }
    return fresh;
  }

  /**
   * PostgreSQL refused a value of the batch (one its checks did not foresee). The batch was one
   * transaction, so nothing of it is stored: it is split in halves, each prepared and appended on
   * its own (the second after the first, which may register actors it uses), until the refused
   * line stands alone and is rejected with its number. Good lines cost log2(batch) more appends.
   */
  private async appendIsolating(job: Job, error: unknown): Promise<void> {
    if (job.records.length <= 1) {
      for (const record of job.records) {
        await this.reject({
          lineNumber: record.lineNumber,
          code: 'DATABASE_REFUSED',
          reason: `the database refused the line's data (SQLSTATE ${postgresDataErrorCode(error)})`,
          externalId: record.externalId,
        });
      }
      for (const reject of job.batch.rejects) await this.reject(reject);
      return;
    }
    const middle = Math.ceil(job.records.length / 2);
    for (const records of [job.records.slice(0, middle), job.records.slice(middle)]) {
      const batch = prepareBatch(records, { index: this.index, events: job.events, metadata: job.metadata });
      await this.append({ ...job, records, batch });
    }
  }

  /** The events the records link to that the log holds (those this run records come later). */
  private async loggedLinkTargets(records: ImportRecord[]): Promise<Record<string, EventFact>> {
    const missing = [...linkTargets(records)].filter((eventId) => !this.runEvents.has(eventId));
    return missing.length > 0 ? this.facts.eventFacts(missing) : {};
  }

  /** Link targets' kinds: from the log, from earlier batches of this run, or from this very batch. */
  private linkedEventFacts(records: ImportRecord[], logged: Record<string, EventFact>): Record<string, EventFact> {
    const wanted = linkTargets(records);
    if (wanted.size === 0) return {};
    const facts: Record<string, EventFact> = {};
    for (const eventId of wanted) {
      const known = logged[eventId] ?? this.runEvents.get(eventId);
      if (known) facts[eventId] = known;
    }
    for (const record of records) if (wanted.has(record.eventId)) facts[record.eventId] ??= { kind: record.kind };
    return facts;
  }

  private async reloadActors(actorIds: string[]): Promise<void> {
    for (const { state } of (await this.facts.actors(actorIds)).values())
      if (state.status !== 'NOT_REGISTERED') this.index.put(state);
  }

  private async count(batch: PreparedBatch, results: AppendResult[]): Promise<void> {
    const byStream = new Map(results.map((result) => [result.streamId, result]));
    for (const actorId of batch.registered)
      if (!byStream.get(actorStreamId(actorId))?.duplicate) this.createdActors.add(actorId);
    for (const actorId of batch.matched) if (!this.createdActors.has(actorId)) this.matchedActors.add(actorId);
    for (const record of batch.recorded) {
      if (byStream.get(eventStreamId(record.eventId))?.duplicate) this.tally.summary.alreadyPresent += 1;
      else this.tally.summary.imported += 1;
    }
    for (const reject of batch.rejects) await this.reject(reject);
  }

  private remember(record: ImportRecord): void {
    if (this.runEvents.size >= RUN_EVENTS_KEPT) this.runEvents.clear();
    this.runEvents.set(record.eventId, { kind: record.kind });
  }
}

function linkTargets(records: ImportRecord[]): Set<string> {
  const wanted = new Set<string>();
  for (const { event } of records) {
    for (const link of Array.isArray(event.links) ? event.links : [])
      if (typeof link?.targetEventId === 'string') wanted.add(link.targetEventId);
    if (typeof event.agreement?.signedAtEventId === 'string') wanted.add(event.agreement.signedAtEventId);
  }
  return wanted;
}
