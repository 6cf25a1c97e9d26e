import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoIds } from '../../src/admin/seed/tehran-2022.story';
import { exportCli, exportCommand } from '../../src/cli/export';
import { importCommand } from '../../src/cli/import';
import { runCli } from '../../src/cli/run-cli';
import { PostgresEventStore } from '../../src/event-store/event-store';
import { validateTimelineJs } from '../../src/exports/formats';
import { catchUpReadModel } from '../../src/timelines/projection/catch-up';
import { activeSchemaFrom, TimelineQueries, type TimelineNode } from '../../src/timelines/queries';
import type { RunningService } from '../../src/service';
import { graphql, startTestApp, seedStory } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let source: TestDatabase;
let target: TestDatabase;
let service: RunningService;
let dir: string;

beforeAll(async () => {
  source = await createTestDatabase();
  target = await createTestDatabase();
  service = await startTestApp(source);
  await seedStory(service);
  await catchUpReadModel(source.pool, source.url, new PostgresEventStore(source.pool));
  dir = await mkdtemp(join(tmpdir(), 'dtl-export-'));
});
afterAll(async () => {
  await service?.shutdown();
  await source.drop();
  await target.drop();
  await rm(dir, { recursive: true, force: true });
});

const exportQuery = `query($format: ExportFormat!, $filter: TimelineFilterInput) {
  timelineExport(format: $format, filter: $filter, title: "Tehran, July 2022") { format contentType content eventCount truncated } }`;

async function allNodes(db: TestDatabase): Promise<TimelineNode[]> {
  const queries = new TimelineQueries(db.pool, activeSchemaFrom(db.pool));
  return (await queries.timeline({}, { first: 100 })).edges.map((edge) => edge.node);
}

describe('timelineExport (GraphQL)', () => {
  it('gives a valid TimelineJS document that keeps each event’s precision', async () => {
    const { data } = await graphql(service, exportQuery, { format: 'TIMELINEJS' });
    const result = data!.timelineExport;
    expect(result).toMatchObject({
      format: 'TIMELINEJS',
      contentType: 'application/json',
      eventCount: 9,
      truncated: false,
    });
    const document = JSON.parse(result.content);
    expect(validateTimelineJs(document)).toEqual([]);
    expect(document.title.text.headline).toBe('Tehran, July 2022');
    const visit = document.events.find((slide: { unique_id: string }) => slide.unique_id === demoIds.visit);
    expect(visit.start_date).toMatchObject({ year: 2022, month: 7, day: 19 });
    expect(visit.start_date.hour).toBeUndefined();
    expect(visit.group).toBe('MEETING');
    expect(visit.text.headline).toBe('Putin visits Tehran');
  });

  it('gives CSV with a header and RFC 4180 quoting', async () => {
    const { data } = await graphql(service, exportQuery, { format: 'CSV', filter: { kinds: ['AGREEMENT'] } });
    const lines = data!.timelineExport.content.split('\r\n');
    expect(lines[0]).toBe(
      'event_id,kind,title,summary,start,start_precision,start_time_zone,end,end_precision,location,location_country,participants,topics,cameo_code,sources,retracted,version,recorded_from,source_count,publishers,merged_into',
    );
    expect(lines[1]).toContain(
      `${demoIds.syriaConsultations},AGREEMENT,"Russia, Iran and Turkey agree to keep consulting on Syria",`,
    );
    // No comma, quote or line break: left unquoted (typographic quotes are not CSV's).
    expect(lines[1]).toContain(
      ',The three presidents agreed to continue consultation on Syria and to keep working to “normalize” the situation after a decade of conflict.,',
    );
    expect(lines[2]).toBe('');
  });
});

describe('npm run export', () => {
  it('exports NDJSON that imported into an empty database gives the same timeline', async () => {
    const file = join(dir, 'tehran.ndjson');
    const count = await exportCommand(
      ['--format', 'ndjson', '--out', file],
      { DATABASE_URL: source.url },
      { write: () => undefined },
    );
    expect(count).toBe(9);
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(9);
    const summary = await importCommand([file, '--format', 'ndjson'], { DATABASE_URL: target.url }, {
      write: () => undefined,
      isTTY: false,
    } as never);
    expect(summary).toMatchObject({ imported: 9, rejected: 0 });
    await catchUpReadModel(target.pool, target.url, new PostgresEventStore(target.pool));
    const shape = (nodes: TimelineNode[]) =>
      nodes.map((node) => ({
        id: node.eventId,
        kind: node.doc.kind,
        title: node.doc.title,
        summary: node.doc.summary,
        start: node.doc.start,
        topics: node.doc.topics,
        participants: node.participants.map((p) => [p.actor?.name, p.roles]),
        links: node.doc.links,
      }));
    expect(shape(await allNodes(target))).toEqual(shape(await allNodes(source)));
  });

  it('narrows by actor and dates, and as known at a past moment', async () => {
    const out: string[] = [];
    const count = await exportCommand(
      ['--format', 'csv', '--actor', demoIds.erdogan, '--from', '2022-07', '--to', '2022-07'],
      { DATABASE_URL: source.url },
      { write: (chunk: string) => void out.push(chunk) },
    );
    expect(count).toBe(4);
    expect(out.join('').split('\r\n').filter(Boolean)).toHaveLength(5);
    const none = await exportCommand(
      ['--format', 'ndjson', '--as-of', '2000-01-01T00:00:00Z'],
      { DATABASE_URL: source.url },
      { write: () => undefined },
    );
    expect(none).toBe(0);
  });

  it('keeps the events with at least --min-sources sources, as the filter’s minSources does', async () => {
    const queries = new TimelineQueries(source.pool, activeSchemaFrom(source.pool));
    const counts: number[] = [];
    for (const minSources of [1, 2]) {
      const count = await exportCommand(
        ['--format', 'ndjson', '--min-sources', String(minSources)],
        { DATABASE_URL: source.url },
        { write: () => undefined },
      );
      expect(count).toBe(await queries.count({ minSources }));
      counts.push(count ?? -1);
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[0]).toBeLessThanOrEqual(9);
  });

  it('writes to --out relative to the working directory', async () => {
    let err = '';
    const code = await runCli(exportCli, ['--format', 'csv', '--kind', 'agreement', '--out', 'agreements.csv'], {
      env: { DATABASE_URL: source.url },
      stdout: { write: () => true },
      stderr: { write: (text: string) => (err += text) },
      cwd: dir,
    });
    expect({ code, err }).toEqual({ code: 0, err: 'Exported 1 events.\n' });
    expect((await readFile(join(dir, 'agreements.csv'), 'utf8')).split('\r\n').filter(Boolean)).toHaveLength(2);
  });

  it('explains bad arguments in one line on stderr, exit code 2, before it reads anything', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /^--format is required: timelinejs, ndjson or csv/],
      [['--format', 'pdf'], /^--format must be one of timelinejs, ndjson, csv, got "pdf"/],
      [['--format', 'csv', '--format', 'ndjson'], /^--format is given twice/],
      [['--format', 'csv', '--from', 'July'], /^--from must be a date such as 2022/],
      [['--format', 'csv', '--from', '2022', '--from', '2023'], /^--from is given twice/],
      [['--format', 'csv', '--as-of', 'yesterday'], /^--as-of must be an instant/],
      [['--format', 'csv', '--as-of', '2022-07-20T00:00:00'], /^--as-of must be an instant/], // no offset
      [['--format', 'csv', '--kind', 'PARTY'], /^--kind must be one of meeting, statement, agreement/],
      [['--format', 'csv', '--title', 'Tehran'], /^--title is for --format timelinejs only/],
      [['--format', 'csv', '--include-retracted=no'], /^--include-retracted takes no value/],
      [['--format', 'csv', '--limit', '5'], /^unknown option --limit/],
      [['--format', 'csv', 'IRN'], /^unexpected argument "IRN"/],
      [['--format', 'csv', '--out', dir], /^--out names a folder, not a file/],
      [['--format', 'csv', '--out', join(dir, 'nowhere', 'x.csv')], /^--out: no such folder/],
      [['--format', 'csv', '--country', 'Iran'], /^--country: must be an ISO 3166-1 alpha-3 code/],
      [['--format', 'csv', '--country', 'XXX'], /^--country: XXX is not an ISO 3166-1 alpha-3 country code/],
      [['--format', 'csv', '--actor', 'erdogan'], /^--actor: /],
    ];
    for (const [args, message] of cases) {
      let out = '';
      let err = '';
      const code = await runCli(exportCli, args, {
        env: { DATABASE_URL: source.url },
        stdout: { write: (text: string) => (out += text) },
        stderr: { write: (text: string) => (err += text) },
        cwd: dir,
      });
      expect({ args, code, out }).toEqual({ args, code: 2, out: '' });
      expect(err).toMatch(message);
      expect(err).toMatch(/ \(see: npm run export -- --help\)\n$/);
      expect(err.split('\n')).toHaveLength(2);
    }
  });

  it('prints its usage on --help (exit code 0)', async () => {
    let out = '';
    const code = await runCli(exportCli, ['--format', 'pdf', '-h'], {
      env: {},
      stdout: { write: (text: string) => (out += text) },
      stderr: { write: () => true },
      cwd: dir,
    });
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: npm run export -- --format timelinejs\|ndjson\|csv \[options\]\n/);
  });
});
