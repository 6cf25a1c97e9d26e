import type { Pool } from 'pg';
import { outsideReadShare } from '../../database/request-read-share';
import { LogNotifications } from '../../event-store/log-notifications';
import { READ_MODEL_SWAPPED_CHANNEL } from './projection-keys';
import { silentLogger, type ProjectionLogger } from './projection-logger';
import { ReadModelStateRepository } from './read-model-state.repository';

export interface ActiveSchemaOptions {
  /** Without it, no LISTEN: the schema is only re-read every refreshMs. */
  connectionString?: string;
  refreshMs?: number;
  logger?: ProjectionLogger;
}

/**
 * The read-model generation queries should read (read_model_state.active_schema), cached: re-read
 * when a rebuild announces a swap (read_model_swapped) and every few seconds in case that
 * notification was missed. A query that picked the old generation just before a swap still
 * finishes: the rebuild waits for it before dropping the old schema.
 */
export class ActiveSchema {
  private cached: string | undefined;
  private loading: Promise<string> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private listener: LogNotifications | undefined;
  private readonly state: ReadModelStateRepository;
  private readonly logger: ProjectionLogger;

  constructor(
    pool: Pool,
    private readonly options: ActiveSchemaOptions = {},
  ) {
    this.state = new ReadModelStateRepository(pool);
    this.logger = options.logger ?? silentLogger;
  }

  async start(): Promise<void> {
    if (this.options.connectionString) {
      this.listener = new LogNotifications(
        this.options.connectionString,
        (error) => this.logger.warn(`read_model_swapped listener: ${error.message}`),
        READ_MODEL_SWAPPED_CHANNEL,
      );
      this.listener.onCommit(() => void this.refresh().catch(() => undefined));
      await this.listener.start();
    }
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), this.options.refreshMs ?? 5000);
    this.timer.unref();
    await this.refresh();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.listener?.stop();
    this.listener = undefined;
  }

  /** The active schema, e.g. "rm_1"; read from the database only when nothing is cached yet. */
  async get(): Promise<string> {
    return this.cached ?? this.refresh();
  }

  /** The cached value, undefined before the first read. */
  get current(): string | undefined {
    return this.cached;
  }

  /**
   * A read that starts after this call: refresh() may hand back a read already in flight, whose
   * snapshot can predate a swap that has just committed (what a swap's notice is about).
   */
  async reread(): Promise<string> {
    await this.loading?.catch(() => undefined);
    return this.refresh();
  }

  refresh(): Promise<string> {
    // Shared by every request: read outside the share of the one that asked first.
    this.loading ??= outsideReadShare(() => this.state.activeSchema())
      .then((schema) => {
        if (this.cached !== undefined && this.cached !== schema)
          this.logger.log(`Reading the read model from ${schema}`);
        this.cached = schema;
        return schema;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }
}
