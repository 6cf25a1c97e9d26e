import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ImportService } from '../../src/admin/import/import.service';
import { importFile, logCounts } from '../../src/admin/import/testing/import-fixtures';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { GDELT_EXPORT as GDELT, ICEWS_SAMPLE as ICEWS } from '../../src/imports/testing/collect';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let db: TestDatabase;
let store: PostgresEventStore;
let service: ImportService;
beforeAll(async () => {
  db = await createTestDatabase();
  store = new PostgresEventStore(db.pool);
  service = new ImportService(db.pool, store);
});
afterAll(async () => db.drop());

describe('explore', () => {
  it('gdelt', async () => {
    const { summary } = await importFile(service, GDELT, { format: 'gdelt' });
    console.log(JSON.stringify({ ...summary, rejects: undefined }), await logCounts(db.pool));
    const again = await importFile(service, GDELT, { format: 'gdelt' });
    console.log(JSON.stringify({ ...again.summary, rejects: undefined }), await logCounts(db.pool));
    const ic = await importFile(service, ICEWS, { format: 'icews' });
    console.log(JSON.stringify({ ...ic.summary, rejects: undefined }), await logCounts(db.pool));
    expect(1).toBe(1);
  });
});
