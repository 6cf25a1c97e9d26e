import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { GraphQLSchema } from 'graphql';
import { execFileSync } from 'node:child_process';
import { processMemoryMiB } from '../../bench/attack/memory';
import { startService, type ServiceProcess } from '../../bench/service-process';
import { ApiKeysRepository } from '../../src/access/api-keys.repository';
import { seedDemo } from '../../src/admin/seed/seed-demo';
import { commandServices } from '../../src/editorial/command-services';
import { httpCaseArbitrary, type HttpCase } from '../support/fuzz/http-cases';
import { loadSchema, type OperationOptions } from '../support/fuzz/operations';
import { describeHttp, sendHttp } from '../support/fuzz/outcomes';
import { Tally, forEachLimited } from '../support/fuzz/tally';
import { describeSession, playSession, wsSessionArbitrary } from '../support/fuzz/ws-cases';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Schema-driven fuzzing of the built service (`node dist/main.js`, a child process, so its memory
 * is its own): 2,000 requests from a fixed seed, over HTTP and WebSocket, built from src/schema.gql.
 * No answer may be a 5xx, an INTERNAL_SERVER_ERROR or an error without a code; a refused mutation
 * appends nothing; the service still answers at the end, in under 400 MiB.
 *
 * To replay a failing case: FUZZ_SEED is printed with each failure, and the case's index (the keyed
 * mutations are drawn from FUZZ_SEED + 1). Anonymous HTTP failures are shrunk by fast-check (the
 * first of each category, a few seconds each); keyed ones are not, as each replay writes to the
 * log, and a WebSocket failure is narrowed to the message it answered.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202);
const HTTP_ANONYMOUS = 1_000;
const HTTP_KEYED = 300;
const WS_SESSIONS = 50;
const FRAMES_PER_SESSION = 13; // + the probe: 50 × 14 = 700 WebSocket messages
const RSS_LIMIT_MIB = 400;
const IN_FLIGHT = 6;

const anonymous: OperationOptions = {
  roots: ['query', 'query', 'query', 'mutation', 'subscription'],
  oddness: 20,
  malformed: 8,
  maxRootFields: 40,
};
const keyed: OperationOptions = { roots: ['mutation'], oddness: 10, malformed: 3, maxRootFields: 1 };

let db: TestDatabase;
let service: ServiceProcess;
let schema: GraphQLSchema;
let editor: Record<string, string>;

const eventCount = async () =>
  Number((await db.pool.query<{ count: string }>('SELECT count(*) FROM events')).rows[0]!.count);

beforeAll(async () => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  schema = loadSchema();
  db = await createTestDatabase();
  const services = commandServices(db.pool);
  await seedDemo(services.store, services);
  const { key } = await new ApiKeysRepository(db.pool).create('fuzz-editor', 'editor');
  editor = { authorization: `Bearer ${key}` };
  service = await startService({
    NODE_ENV: 'production',
    WEB_CONCURRENCY: '1',
    DATABASE_URL: db.url,
    LOG_LEVEL: 'warn',
    NODE_OPTIONS: '',
  });
}, 180_000);

afterAll(async () => {
  await service?.stop();
  await db?.drop();
});

function report(title: string, tally: Tally, extra: string[] = []): void {
  const lines = [
    `${title} (FUZZ_SEED=${SEED}); answers: ${tally.histogram()}; slowest: ${tally.slowest()}`,
    ...tally.summary(),
    ...extra,
  ];
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

/** The first failing case of each category, shrunk by replaying fast-check's run of that index. */
async function shrunk(arbitrary: fc.Arbitrary<HttpCase>, tally: Tally, cases: HttpCase[]): Promise<string[]> {
  const lines: string[] = [];
  for (const [problem, indices] of [...tally.failures.entries()].slice(0, 5)) {
    const index = indices[0]!;
    const result = await fc.check(
      fc.asyncProperty(
        arbitrary,
        async (request) => !(await sendHttp(service.url, request)).problems.includes(problem),
      ),
      { seed: SEED, path: String(index), numRuns: 1, interruptAfterTimeLimit: 4_000 },
    );
    const example = result.counterexample?.[0] ?? cases[index]!;
    lines.push(
      `--- ${problem}\ncase ${index}${result.counterexample ? ', shrunk' : ' (not reproduced on replay)'}:\n${describeHttp(example)}`,
    );
  }
  return lines;
}

describe('2,000 fuzzed requests from the schema, over HTTP and WebSocket', () => {
  it(`${HTTP_ANONYMOUS} anonymous HTTP requests: no 5xx, no INTERNAL_SERVER_ERROR, no error without a code, nothing appended`, async () => {
    const arbitrary = httpCaseArbitrary(schema, anonymous);
    let clock = performance.now();
    const cases = fc.sample(arbitrary, { seed: SEED, numRuns: HTTP_ANONYMOUS });
    const sampled = performance.now() - clock;
    clock = performance.now();
    const before = await eventCount();
    const tally = new Tally();
    await forEachLimited(cases, IN_FLIGHT, async (request, index) => {
      const started = performance.now();
      const outcome = await sendHttp(service.url, request);
      tally.record(index, [`${outcome.status}`, ...outcome.codes], outcome.problems, performance.now() - started);
    });
    const appended = (await eventCount()) - before;
    const sent = performance.now() - clock;
    report('HTTP, anonymous', tally, [
      `events appended by anonymous requests: ${appended}; generated in ${Math.round(sampled)} ms, sent in ${Math.round(sent)} ms`,
      ...(tally.failures.size > 0 ? await shrunk(arbitrary, tally, cases) : []),
    ]);
    expect(tally.summary()).toEqual([]);
    expect(appended).toBe(0);
  }, 240_000);

  it(`${WS_SESSIONS} graphql-ws sessions of ${FRAMES_PER_SESSION + 1} messages: no internal error, no dropped socket`, async () => {
    const cases = fc.sample(wsSessionArbitrary(schema, anonymous, FRAMES_PER_SESSION), {
      seed: SEED,
      numRuns: WS_SESSIONS,
    });
    const wsUrl = `${service.url.replace(/^http/, 'ws')}/graphql`;
    const before = await eventCount();
    const tally = new Tally();
    const answeredIds = new Map<string, string>(); // problem -> the id it answered, in its first session
    await forEachLimited(cases, 4, async (session, index) => {
      const started = performance.now();
      const outcome = await playSession(wsUrl, session);
      tally.record(
        index,
        [`close ${outcome.closeCode ?? '(by us)'}`, ...outcome.codes],
        outcome.problems,
        performance.now() - started,
      );
      for (const [problem, id] of outcome.problemIds)
        if (tally.failures.get(problem)?.[0] === index) answeredIds.set(problem, id);
    });
    const appended = (await eventCount()) - before;
    const examples = [...tally.failures.entries()]
      .slice(0, 6)
      .map(
        ([problem, indices]) =>
          `--- ${problem}\nsession ${indices[0]}:\n${describeSession(cases[indices[0]!]!, answeredIds.get(problem))}`,
      );
    report('WebSocket, anonymous', tally, [`events appended by anonymous sessions: ${appended}`, ...examples]);
    expect(tally.summary()).toEqual([]);
    expect(appended).toBe(0);
  }, 240_000);

  it(`${HTTP_KEYED} mutations with an editor key, one at a time: each succeeds or is refused with a code, and a refused one appends nothing`, async () => {
    const cases = fc.sample(httpCaseArbitrary(schema, keyed, editor), { seed: SEED + 1, numRuns: HTTP_KEYED });
    const tally = new Tally();
    let succeeded = 0;
    // One at a time, so that a change in the log's count belongs to the request just answered
    // (nothing else appends meanwhile: the projector writes only the read model).
    let before = await eventCount();
    for (const [index, request] of cases.entries()) {
      const started = performance.now();
      const outcome = await sendHttp(service.url, request);
      const ms = performance.now() - started;
      const after = await eventCount();
      const appended = after - before;
      before = after;
      const problems = [...outcome.problems];
      if (outcome.refused && appended > 0)
        problems.push(`a refused request appended ${appended} event(s) (codes: ${outcome.codes.join(', ')})`);
      if (!outcome.refused) succeeded += 1;
      tally.record(index, [`${outcome.status}`, ...outcome.codes], problems, ms);
    }
    const examples = [...tally.failures.entries()]
      .slice(0, 4)
      .map(([problem, indices]) => `--- ${problem}\ncase ${indices[0]}:\n${describeHttp(cases[indices[0]!]!)}`);
    report(`HTTP, editor key (${succeeded} with data)`, tally, examples);
    expect(tally.summary()).toEqual([]);
  }, 240_000);

  it(`is still answering at the end, with its resident memory under ${RSS_LIMIT_MIB} MiB`, async () => {
    const outcome = await sendHttp(service.url, {
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ timeline(first: 3) { edges { node { id title } } } }' }),
      label: 'innocent query',
    });
    const memory = processMemoryMiB(service.pid);
    process.stdout.write(
      `service memory after the fuzz run: RSS ${memory?.rss.toFixed(0)} MiB, peak ${memory?.peak.toFixed(0)} MiB (limit ${RSS_LIMIT_MIB} MiB)\n`,
    );
    expect(outcome).toEqual({ status: 200, codes: [], problems: [], refused: false });
    expect(memory?.rss).toBeLessThan(RSS_LIMIT_MIB);
  });
});
