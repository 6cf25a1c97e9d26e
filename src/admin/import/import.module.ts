import { Module } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../../database/database.module';
import { PostgresEventStore } from '../../event-store/event-store';
import { ImportResolver } from './import.resolver';
import { ImportService } from './import.service';

/** importEvents: small uploads over GraphQL, through the same ImportService as npm run import. */
@Module({
  providers: [
    {
      provide: ImportService,
      inject: [PG_POOL, PostgresEventStore],
      useFactory: (pool: Pool, store: PostgresEventStore) => new ImportService(pool, store),
    },
    ImportResolver,
  ],
  exports: [ImportService],
})
export class ImportModule {}
