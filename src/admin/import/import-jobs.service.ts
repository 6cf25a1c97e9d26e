import { Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Role } from '../../access/api-key';
import { databaseUnavailable } from '../../database/unavailable';
import type { ClusterMode, ImportFormat } from '../../imports';
import type { ImportInput } from './file-head';
import { IMPORT_JOB_LIMITS, type ImportJobLimits } from './import-job-limits';
import { ImportJobsRepository, type ImportJobRow } from './import-jobs.repository';
import { ImportRefusedError, type ImportProgress, type ImportSummary } from './import-summary';
import type { ImportService } from './import.service';
import { outsideReadShare } from '../../database/request-read-share';

export interface StartImport {
  format: ImportFormat;
  dryRun: boolean;
  allEvents: boolean;
  cluster: ClusterMode;
  /** `apikey:<name>`: recorded on the job and on every event it appends. */
  principal: string;
  role: Role;
}

/** No job was started: this process, or this principal, runs as many as it may. */
export class ImportJobsFullError extends Error {
  constructor(
    readonly scope: 'process' | 'principal',
    readonly limit: number,
  ) {
    super(
      scope === 'process'
        ? `this service process already runs ${limit} imports: try again shortly`
        : `you already have ${limit} imports running: wait for one to finish`,
    );
    this.name = 'ImportJobsFullError';
  }
}

/** Chunks handed to the import: the job can be stopped between two of them. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Imports run as jobs: start() answers at once with the job, which runs in this process (the only
 * one holding its content) while its state goes to the table import_jobs (progress at most every
 * 250 ms, a heartbeat every 5 s, then the summary or the error), where any worker or instance
 * reads it. A process that dies leaves its jobs running in the table with a heartbeat that ages:
 * they read as abandoned after a minute (IMPORT_JOB_LIMITS.abandonedAfterMs).
 */
export class ImportJobsService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('ImportJobs');
  /** Jobs of this process, started or being started. */
  private readonly running = new Map<string, Promise<void>>();
  private readonly stops = new Map<string, AbortController>();
  private stopping = false;
  /** Starts between their check and their job's start: each holds a place (see start). */
  private readonly starting = new Set<Promise<ImportJobRow>>();
  private readonly runner = `${hostname()}:${process.pid}`;

  constructor(
    private readonly imports: ImportService,
    private readonly jobs: ImportJobsRepository,
    readonly limits: ImportJobLimits = IMPORT_JOB_LIMITS,
  ) {}

  /** Content given as one buffer (startImport), read in chunks. */
  startWith(content: Buffer, request: StartImport): Promise<ImportJobRow> {
    return this.start(contentChunks(content), content.length, request);
  }

  /**
   * Adds the job to the table and starts it; answers the job as stored. Refused with
   * ImportJobsFullError, adding nothing, when this process or the principal is at its limit.
   */
  async start(input: ImportInput, contentBytes: number, request: StartImport): Promise<ImportJobRow> {
    if (this.stopping || this.running.size + this.starting.size >= this.limits.perProcess)
      throw new ImportJobsFullError('process', this.limits.perProcess);
    // Held from the check to the job's start: two requests at once cannot both take the last place.
    const starting = this.startReserved(input, contentBytes, request);
    this.starting.add(starting);
    try {
      return await starting;
    } finally {
      this.starting.delete(starting);
    }
  }

  private async startReserved(input: ImportInput, contentBytes: number, request: StartImport): Promise<ImportJobRow> {
    await this.jobs
      .prune(this.limits)
      .catch((error: Error) => this.logger.warn(`Pruning jobs failed: ${error.message}`));
    const id = randomUUID();
    const added = await this.jobs.add(
      {
        id,
        principal: request.principal,
        format: request.format,
        dryRun: request.dryRun,
        allEvents: request.allEvents,
        cluster: request.cluster,
        contentBytes,
        runner: this.runner,
      },
      this.limits,
    );
    if ('running' in added) throw new ImportJobsFullError('principal', this.limits.perPrincipal);
    const stop = new AbortController();
    this.stops.set(id, stop);
    // A shutdown that began while the job was being added: it stops at its first chunk.
    if (this.stopping) stop.abort(new Error('the service stopped'));
    // The job outlives the request that started it: none of the request's read share is its.
    const done = outsideReadShare(() => this.run(id, stoppable(input, stop.signal), request)).finally(() => {
      this.running.delete(id);
      this.stops.delete(id);
    });
    this.running.set(id, done);
    this.logger.log(
      `Import job ${id} started by ${request.principal}: ${request.format}, ${contentBytes} bytes${request.dryRun ? ', dry run' : ''}`,
    );
    return added;
  }

  find(id: string): Promise<ImportJobRow | undefined> {
    return this.jobs.find(id, this.limits.abandonedAfterMs);
  }

  recent(first: number): Promise<ImportJobRow[]> {
    return this.jobs.recent(Math.min(first, this.limits.listMax), this.limits.abandonedAfterMs);
  }

  /** Resolves when every job this process runs now has ended (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all(this.running.values());
  }

  /**
   * Stops the jobs still running, between two chunks, and waits a little for each to write down
   * that it stopped (its committed batches stay; running it again completes it). One that does not
   * in time reads as abandoned later.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.running.size === 0 && this.starting.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise((resolve) => {
      timer = setTimeout(resolve, this.limits.shutdownWaitMs);
    });
    for (const stop of this.stops.values()) stop.abort(new Error('the service stopped'));
    // Starts that passed their check before this add their jobs already stopped (startReserved).
    await Promise.race([Promise.allSettled([...this.starting]).then(() => this.settled()), waited]);
    clearTimeout(timer);
  }

  private async run(id: string, input: ImportInput, request: StartImport): Promise<void> {
    const writer = new StateWriter(id, this.jobs, this.limits.progressEveryMs, this.logger);
    const heartbeat = setInterval(() => writer.heartbeat(), this.limits.heartbeatMs);
    heartbeat.unref();
    let bytesRead = 0;
    let outcome: { summary: ImportSummary } | { error: string };
    try {
      const summary = await this.imports.import(input, {
        format: request.format,
        dryRun: request.dryRun,
        allEvents: request.allEvents,
        cluster: request.cluster,
        principal: request.principal,
        role: request.role,
        progressLines: this.limits.progressLines,
        onProgress: (progress) => {
          bytesRead = progress.bytes;
          writer.progress(progress);
        },
      });
      outcome = { summary };
    } catch (error) {
      outcome = { error: this.failure(id, error) };
    } finally {
      clearInterval(heartbeat);
      await writer.close();
    }
    try {
      if ('summary' in outcome) {
        await this.jobs.succeed(id, storable(outcome.summary), bytesRead);
        const { lines, imported, rejected } = outcome.summary;
        this.logger.log(`Import job ${id} done: ${lines} lines, ${imported} imported, ${rejected} rejected`);
      } else {
        await this.jobs.fail(id, storable(outcome.error));
        this.logger.warn(`Import job ${id} failed: ${outcome.error}`);
      }
    } catch (error) {
      // Its heartbeat stops with it: the job reads as abandoned after the timeout.
      this.logger.error(`Import job ${id} ended but could not be written down: ${(error as Error).message}`);
    }
  }

  /** What a client is told of a failure: never the database's text (the log has it). */
  private failure(id: string, error: unknown): string {
    const committed = 'the batches committed before stay: run it again to complete it';
    if (error instanceof ImportRefusedError) return `the content is not this format: ${error.reason}`;
    if (this.stopping) return `the service stopped during the import; ${committed}`;
    if (databaseUnavailable(error)) {
      this.logger.warn(`Import job ${id}: database unavailable: ${(error as Error).message}`);
      return `the database was unavailable; ${committed}`;
    }
    this.logger.error(
      `Import job ${id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return `the import failed on the service (its log says why); ${committed}`;
  }
}

/**
 * The job's writes to its row, one after the other: progress at most every `everyMs` (the
 * latest one is written when the time comes, so none is lost at the end), heartbeats between.
 */
class StateWriter {
  private latest: ImportProgress | undefined;
  private lastWrite = 0;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly id: string,
    private readonly jobs: ImportJobsRepository,
    private readonly everyMs: number,
    private readonly logger: Logger,
  ) {}

  progress(progress: ImportProgress): void {
    this.latest = progress;
    if (this.timer) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.writeLatest();
      },
      Math.max(0, this.lastWrite + this.everyMs - Date.now()),
    );
  }

  heartbeat(): void {
    this.enqueue(() => this.jobs.heartbeat(this.id));
  }

  /** Writes what progress is pending and waits for every write. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writeLatest();
    await this.chain;
  }

  private writeLatest(): void {
    const progress = this.latest;
    this.latest = undefined;
    if (!progress) return;
    this.lastWrite = Date.now();
    this.enqueue(() => this.jobs.progress(this.id, progress));
  }

  private enqueue(write: () => Promise<void>): void {
    this.chain = this.chain.then(write).catch((error: Error) => {
      // A missed write is only a staler row; the next one, or the end, catches up.
      this.logger.warn(`Import job ${this.id}: its state could not be written: ${error.message}`);
    });
  }
}

async function* contentChunks(content: Buffer): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < content.length; offset += CHUNK_BYTES)
    yield content.subarray(offset, offset + CHUNK_BYTES);
}

/**
 * The input, ending with the signal's reason once it is aborted: at once when the import waits
 * for a chunk, else when it asks for the next one (a batch being appended finishes first).
 */
async function* stoppable(input: ImportInput, signal: AbortSignal): AsyncGenerator<Buffer | string> {
  const iterator = input[Symbol.asyncIterator]();
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined); // observed by the race below, or never needed
  try {
    for (;;) {
      signal.throwIfAborted();
      const next = await Promise.race([iterator.next(), aborted]);
      if (next.done) return;
      yield next.value;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    // Not awaited: a stream may answer return() only once its pending read ends.
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}

/** NUL and lone surrogates (String.prototype.toWellFormed is ES2024, past this project's lib). */
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text jsonb and text columns can hold: the summary's reasons and ids may quote a line, and a
 * NUL or a lone surrogate in it would make the job's final write fail.
 */
function storable<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_key, item: unknown) =>
      typeof item === 'string' ? item.replace(UNSTORABLE, '\uFFFD') : item,
    ),
  ) as T;
}
