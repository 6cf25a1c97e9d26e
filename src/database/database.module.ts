import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { dataSourceOptions } from './data-source-options';
import { runMigrations } from './migrate';
import { createPool, poolSettings, sessionOptions, type PoolRole } from './pools';
import { readRouter } from './read-replicas/read-router.factory';
import { AddressShares, readsPerAddress, shareReadsPerRequest } from './request-read-share';
import type { ReadQuery, ReadRouter } from './read-replicas/read-router';

/** GraphQL reads: timelines, actors, exports, subscriptions' re-reads, read-your-writes waits. */
export const READ_POOL = Symbol('READ_POOL');
/** Appends, idempotency records, API keys, imports. */
export const WRITE_POOL = Symbol('WRITE_POOL');
/** /health's projection status: a couple of connections nothing else can take. */
export const HEALTH_POOL = Symbol('HEALTH_POOL');
/** The projector's log reads (its lock and batches use a connection of its own). */
export const PROJECTOR_POOL = Symbol('PROJECTOR_POOL');
/** The write pool, under the name every writer used before the pools were split. */
export const PG_POOL = WRITE_POOL;
export const DATABASE_URL = Symbol('DATABASE_URL');
/** The read router over DATABASE_READ_URL's replicas; null without replicas (see read-replicas/read-router.ts). */
export const READ_ROUTER = Symbol('READ_ROUTER');
/**
 * Where the read model's queries go: the router's routed reads with replicas, the read pool itself
 * without (exactly as before replicas existed: no routing on the hot path).
 */
export const ROUTED_READS = Symbol('ROUTED_READS');

/** TypeORM's own pool runs the migrations (which must not time out) and terminus' ping. */
const TYPEORM_POOL_SIZE = 2;

const POOL_TOKENS: Record<PoolRole, symbol> = {
  read: READ_POOL,
  write: WRITE_POOL,
  health: HEALTH_POOL,
  projector: PROJECTOR_POOL,
};

@Injectable()
class MigrateOnStart implements OnModuleInit {
  private readonly logger = new Logger('Database');
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const applied = await runMigrations(this.dataSource);
    if (applied.length > 0) this.logger.log(`Applied migrations: ${applied.join(', ')}`);
  }
}

@Injectable()
class ClosePools implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(READ_POOL) private readonly read: Pool,
    @Inject(WRITE_POOL) private readonly write: Pool,
    @Inject(HEALTH_POOL) private readonly health: Pool,
    @Inject(PROJECTOR_POOL) private readonly projector: Pool,
    @Inject(READ_ROUTER) private readonly router: ReadRouter | null,
  ) {}

  /** Replicas are probed before the first request: none is read from until found up and caught up. */
  async onModuleInit(): Promise<void> {
    await this.router?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.router?.stop();
    await Promise.all(
      [this.read, this.write, this.health, this.projector].map((pool) => pool.end().catch(() => undefined)),
    );
  }
}

/**
 * Separate pools so that one kind of work cannot starve another: slow or blocked reads use up
 * only the read pool, whose callers then get SERVICE_UNAVAILABLE after DATABASE_CONNECT_TIMEOUT_MS,
 * while writes, projection and health keep their connections. Every session starts with its
 * pool's statement, lock and idle-in-transaction timeouts (see pools.ts).
 */
@Global()
@Module({})
export class DatabaseModule {
  /** poolSize: the read pool's (DATABASE_POOL_SIZE). */
  static forRoot(url: string, poolSize: number): DynamicModule {
    const logger = new Logger('Database');
    const pools = (Object.keys(POOL_TOKENS) as PoolRole[]).map((role) => ({
      provide: POOL_TOKENS[role],
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const pool = createPool(url, role, poolSettings({ ...config, databasePoolSize: poolSize })[role], (error) =>
          logger.warn(`An idle ${role} connection failed: ${error.message}`),
        );
        return role === 'read' ? shareReadsPerRequest(pool) : pool;
      },
    }));
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) =>
            dataSourceOptions(url, TYPEORM_POOL_SIZE, {
              connectionTimeoutMillis: config.databaseConnectTimeoutMs,
              options: sessionOptions({ idleInTransactionTimeoutMs: config.databaseIdleInTransactionTimeoutMs }),
            }),
        }),
      ],
      providers: [
        MigrateOnStart,
        ClosePools,
        { provide: DATABASE_URL, useValue: url },
        ...pools,
        {
          provide: READ_ROUTER,
          inject: [APP_CONFIG, READ_POOL, HEALTH_POOL],
          useFactory: (config: AppConfig, read: Pool, health: Pool) =>
            readRouter(config, read, health, (message) => logger.warn(message)),
        },
        {
          provide: AddressShares,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) =>
            new AddressShares(readsPerAddress(config.databaseReadsPerAddress, poolSize)),
        },
        {
          provide: ROUTED_READS,
          inject: [READ_ROUTER, READ_POOL],
          useFactory: (router: ReadRouter | null, read: Pool): ReadQuery => router?.routed ?? read,
        },
      ],
      exports: [
        READ_POOL,
        WRITE_POOL,
        HEALTH_POOL,
        PROJECTOR_POOL,
        DATABASE_URL,
        READ_ROUTER,
        ROUTED_READS,
        AddressShares,
      ],
    };
  }
}
