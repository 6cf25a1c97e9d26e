import { Pool } from 'pg';
import { ApiKeysRepository } from '../../src/access/api-keys.repository';
import type { Role } from '../../src/access/api-key';
import { parseEnv, type AppConfig } from '../../src/config/env';
import { seedDemo, type SeedSummary } from '../../src/admin/seed/seed-demo';
import { ActorCommandsService } from '../../src/editorial/actor-commands.service';
import { EventCommandsService } from '../../src/editorial/event-commands.service';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { startService, type RunningService } from '../../src/service';
import type { TestDatabase } from './test-database';

/** The real service, listening on a free port, against a test file's own database. */
export async function startTestApp(db: TestDatabase, overrides: Partial<AppConfig> = {}): Promise<RunningService> {
  const config: AppConfig = {
    ...parseEnv({ NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    databaseUrl: db.url,
    port: 0,
    host: '127.0.0.1',
    ...overrides,
  };
  return startService(config);
}

export interface GraphQLResponse<Data = Record<string, any>> {
  status: number;
  headers: Headers;
  data?: Data;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
}

export async function graphql<Data = Record<string, any>>(
  service: RunningService,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<Data>> {
  const response = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Data; errors?: GraphQLResponse['errors'] };
  return { status: response.status, headers: response.headers, ...body };
}

/** A new API key of that role in the service's database, as an Authorization header. */
export async function apiKeyHeader(
  service: RunningService,
  role: Role,
  name = `${role}-${Math.random().toString(36).slice(2, 8)}`,
) {
  const pool = new Pool({ connectionString: service.databaseUrl, max: 1 });
  try {
    const { key } = await new ApiKeysRepository(pool).create(name, role);
    return { authorization: `Bearer ${key}` };
  } finally {
    await pool.end();
  }
}

/** The demo story (the Tehran talks) recorded in a running service, as `npm run seed:demo` does. */
export function seedStory(service: RunningService): Promise<SeedSummary> {
  return seedDemo(service.app.get(PostgresEventStore), {
    actors: service.app.get(ActorCommandsService),
    events: service.app.get(EventCommandsService),
  });
}

/**
 * Runs the mutation `name` with `input` as `headers`' key, asking for its position and `answer`;
 * fails the test on any error. Returns the mutation's answer (its `position` among it).
 */
export async function mutation(
  service: RunningService,
  headers: Record<string, string>,
  name: string,
  input: Record<string, unknown>,
  answer: string,
): Promise<Record<string, any>> {
  const type = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
  const response = await graphql(
    service,
    `mutation($input: ${type}!) { ${name}(input: $input) { position ${answer} } }`,
    { input },
    headers,
  );
  if (response.errors) throw new Error(`${name} failed: ${JSON.stringify(response.errors)}`);
  return response.data![name];
}
