import { Module } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../../database/database.module';
import { PostgresEventStore } from '../../event-store/event-store';
import { ImportJobsRepository } from './import-jobs.repository';
import { ImportJobsResolver } from './import-jobs.resolver';
import { ImportJobsService } from './import-jobs.service';
import { ImportResolver } from './import.resolver';
import { ImportService } from './import.service';

/**
 * importEvents: small uploads over GraphQL, through the same ImportService as npm run import;
 * startImport, importJob and importJobs: the same as jobs whose state lives in import_jobs.
 */
@Module({
  providers: [
    {
      provide: ImportService,
      inject: [PG_POOL, PostgresEventStore],
      useFactory: (pool: Pool, store: PostgresEventStore) => new ImportService(pool, store),
    },
    {
      provide: ImportJobsService,
      inject: [ImportService, PG_POOL],
      useFactory: (imports: ImportService, pool: Pool) =>
        new ImportJobsService(imports, new ImportJobsRepository(pool)),
    },
    ImportResolver,
    ImportJobsResolver,
  ],
  exports: [ImportService, ImportJobsService],
})
export class ImportModule {}
