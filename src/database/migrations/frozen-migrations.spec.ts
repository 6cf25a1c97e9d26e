import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { QueryRunner } from 'typeorm';
import { TimelineReadModel1795887040249 } from './1795887040249-TimelineReadModel';

/**
 * Migrations hold their SQL as written. The statements a migration issues are recorded from its
 * `up` (a QueryRunner that only writes down the text of each query() it is given) and compared with
 * what it issued before it was frozen, kept in test/fixtures/migrations. That the statements build
 * the same schema on PostgreSQL is test/integration/migrated-schema.int-spec.ts.
 */
const migrationsDir = resolve(process.cwd(), 'src/database/migrations');

async function issuedBy(migration: { up(runner: QueryRunner): Promise<void> }): Promise<string[]> {
  const issued: string[] = [];
  const recorder = {
    query: (text: string) => {
      issued.push(text);
      return Promise.resolve([]);
    },
  } as unknown as QueryRunner;
  await migration.up(recorder);
  return issued;
}

/** The fixture: a header of `--` lines, then each statement exactly as issued, followed by ";\n" and a blank line. */
function fixtureStatements(name: string): string[] {
  const text = readFileSync(resolve(process.cwd(), 'test/fixtures/migrations', name), 'utf8');
  const body = text.slice(text.indexOf('\n\n') + 2);
  expect(body.endsWith(';\n')).toBe(true);
  return body.slice(0, -2).split(';\n\n');
}

describe('frozen migrations', () => {
  it('TimelineReadModel issues, statement for statement, what it issued before it was frozen', async () => {
    const expected = fixtureStatements('1795887040249.sql');
    expect(expected).toHaveLength(26);
    expect(await issuedBy(new TimelineReadModel1795887040249())).toEqual(expected);
  });

  it('no migration imports anything but TypeORM types, so none can follow code that changes later', () => {
    const files = readdirSync(migrationsDir).filter((file) => /^\d+-\w+\.ts$/.test(file));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const imports = [
        ...readFileSync(resolve(migrationsDir, file), 'utf8').matchAll(/^import\s[^;]*?from\s+'([^']+)'/gms),
      ].map((match) => match[1]);
      expect({ file, imports }).toEqual({ file, imports: ['typeorm'] });
    }
  });
});
