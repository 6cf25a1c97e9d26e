import type { DataSourceOptions } from 'typeorm';
import { migrations } from './migrations';

/** extra: more pg Pool settings (a connect timeout, session options). */
export function dataSourceOptions(url: string, poolSize = 10, extra: Record<string, unknown> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    // Schema changes happen only through migrations.
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    entities: [],
    extra: { max: poolSize, application_name: 'diplomatic-timeline', ...extra },
    logging: false,
  };
}
