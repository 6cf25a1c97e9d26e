import { afterAll, beforeEach } from '@jest/globals';
import { ImportService } from '../../src/admin/import/import.service';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface ImportTestContext {
  db: TestDatabase;
  store: PostgresEventStore;
  service: ImportService;
}

/**
 * Registers hooks that give every test of the file an empty database of its own, with an event
 * store and an import service on it (imports are compared by what they leave in the log, so no
 * test may see another's); `use` receives them before each test. The databases are dropped at the end.
 */
export function importDatabaseForEachTest(use: (context: ImportTestContext) => void): void {
  const databases: TestDatabase[] = [];
  beforeEach(async () => {
    const db = await createTestDatabase();
    databases.push(db);
    const store = new PostgresEventStore(db.pool);
    use({ db, store, service: new ImportService(db.pool, store) });
  });
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });
}
