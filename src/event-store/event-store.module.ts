import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { DATABASE_URL, PG_POOL, READ_POOL } from '../database/database.module';
import { PostgresEventStore } from './event-store';
import { EVENT_STORE_OBSERVER, type EventStoreObserver } from './event-store-observer';
import { EVENT_STORE } from './event-store-port';
import { LogReader } from './log-reader';
import { LogNotifications } from './log-notifications';
import { UpcasterRegistry } from './upcasters';

@Injectable()
class LogNotificationsLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(LogNotifications) private readonly notifications: LogNotifications) {}

  async onModuleInit(): Promise<void> {
    await this.notifications.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.notifications.stop();
  }
}

/** The log, for every feature that reads or writes it. Independent of GraphQL. */
@Global()
@Module({
  providers: [
    { provide: UpcasterRegistry, useFactory: () => new UpcasterRegistry() },
    {
      provide: PostgresEventStore,
      inject: [PG_POOL, UpcasterRegistry, EVENT_STORE_OBSERVER],
      useFactory: (pool: Pool, upcasters: UpcasterRegistry, observer: EventStoreObserver) =>
        new PostgresEventStore(pool, upcasters, observer),
    },
    { provide: EVENT_STORE, useExisting: PostgresEventStore },
    {
      provide: LogReader,
      inject: [READ_POOL, UpcasterRegistry],
      useFactory: (pool: Pool, upcasters: UpcasterRegistry) => new LogReader(pool, upcasters),
    },
    {
      provide: LogNotifications,
      inject: [DATABASE_URL],
      useFactory: (url: string) => {
        const logger = new Logger('LogNotifications');
        return new LogNotifications(url, (error) => logger.warn(`LISTEN connection: ${error.message}`));
      },
    },
    LogNotificationsLifecycle,
  ],
  exports: [PostgresEventStore, EVENT_STORE, LogReader, UpcasterRegistry, LogNotifications],
})
export class EventStoreModule {}
