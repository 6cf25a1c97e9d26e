import type { Pool } from 'pg';
import { StreamFacts } from '../../editorial/stream-facts.service';
import type { PostgresEventStore } from '../../event-store/event-store';
import {
  clustered,
  DEFAULT_CLUSTER_MODE,
  importLines,
  readLines,
  sniffFormat,
  SNIFF_BYTES,
  type ImportRecord,
  type Line,
} from '../../imports';
import { ActorIndex } from './actor-index';
import type { ClusterCache } from './clustered-appends';
import { openInput, type ImportInput, type OpenedInput } from './file-head';
import { ImportRun } from './import-run';
import { ImportRepository } from './import.repository';
import { ImportRefusedError, type ImportRunOptions, type ImportSummary } from './import-summary';

export type { ImportRunOptions };

/** Event streams per appendBatch call (one transaction), with the actors they register. */
export const DEFAULT_BATCH_SIZE = 1_000;
/** Progress is reported at least this often in lines (unless the run says otherwise), for files that are mostly skipped. */
const PROGRESS_LINES = 1_000;

/**
 * Imports a GDELT, ICEWS or NDJSON file into the log: streamed line by line, appended in batches
 * of `batchSize` lines, each batch one appendBatch call (one transaction: all of it or none).
 * GDELT and ICEWS rows that report one occurrence join one event (`cluster: 'day'`, the default;
 * see src/imports/clustering.ts). Event and report ids derive from the source's ids, so importing
 * a file again appends nothing new.
 * A failure after some batches leaves those batches stored; running the import again completes it.
 * Memory stays flat: one batch being prepared, one being appended, and the actor index.
 */
export class ImportService {
  private readonly repository: ImportRepository;
  private readonly facts: StreamFacts;

  constructor(
    pool: Pool,
    private readonly store: PostgresEventStore,
    private readonly batchSize = DEFAULT_BATCH_SIZE,
  ) {
    this.repository = new ImportRepository(pool, store);
    this.facts = new StreamFacts(store);
  }

  /**
   * `actors`: an index loaded by loadActorIndex() for an earlier file of the same run, which that
   * file's import kept current; by default every import loads its own. `clusters`: likewise, the
   * clusters earlier files of the run left (see ClusterCache).
   */
  async import(
    input: ImportInput,
    options: ImportRunOptions,
    actors?: ActorIndex,
    clusters?: ClusterCache,
  ): Promise<ImportSummary> {
    const opened = await openInput(input, SNIFF_BYTES);
    try {
      const sniffed = sniffFormat(opened.head, options.format);
      if (!sniffed.ok) throw new ImportRefusedError(sniffed.reason);
      const index = actors ?? (await this.loadActorIndex());
      const run = new ImportRun(options, this.repository, this.facts, this.store, index, clusters);
      try {
        return await this.run(run, opened, options);
      } catch (error) {
        await run.settle();
        throw error;
      }
    } finally {
      await opened.close();
    }
  }

  /** Every actor as of now (the read model and the log after it). */
  async loadActorIndex(): Promise<ActorIndex> {
    const { rows, events } = await this.repository.loadActors();
    return ActorIndex.from(rows, events);
  }

  private async run(run: ImportRun, opened: OpenedInput, options: ImportRunOptions): Promise<ImportSummary> {
    let lastProgressLine = 0;
    const progressLines = options.progressLines ?? PROGRESS_LINES;
    const lines = async function* (source: AsyncIterable<Line>): AsyncGenerator<Line> {
      for await (const line of source) {
        run.tally.summary.lines = line.lineNumber;
        yield line;
      }
    };
    // NDJSON lines keep their own ids (an export imported again is the same events): never clustered.
    const cluster = (options.cluster ?? DEFAULT_CLUSTER_MODE) === 'day' && options.format !== 'ndjson';
    let pending: ImportRecord[] = [];
    for await (const outcome of importLines(lines(readLines(opened.chunks)), options.format, {
      allEvents: options.allEvents ?? false,
      domainCheck: false, // every record is decided below, with the real actors
    })) {
      if (outcome.type === 'record') {
        pending.push(cluster ? clustered(outcome.record) : outcome.record);
        if (pending.length >= this.batchSize) {
          await run.submit(pending);
          pending = [];
        }
      } else if (outcome.type === 'skip') run.tally.skip(outcome.skip);
      else await run.reject(outcome.reject);
      if (run.tally.summary.lines - lastProgressLine >= progressLines) {
        lastProgressLine = run.tally.summary.lines;
        options.onProgress?.(run.tally.progress(opened.bytesRead()));
      }
    }
    await run.submit(pending);
    const summary = await run.finish();
    options.onProgress?.(run.tally.progress(opened.bytesRead()));
    return summary;
  }
}
