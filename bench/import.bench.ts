import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { Pool } from 'pg';
import yazl from 'yazl';
import { BulkImport, type BulkSummary } from '../src/admin/import/bulk-import';
import { inputFiles } from '../src/admin/import/input-files';
import { ImportRepository } from '../src/admin/import/import.repository';
import { ImportService } from '../src/admin/import/import.service';
import type { ImportSummary } from '../src/admin/import/import-summary';
import { actorDecider, actorStreamId, COUNTRIES, type ActorKind } from '../src/diplomacy';
import { PostgresEventStore } from '../src/event-store/event-store';
import { importStream, type ImportFormat } from '../src/imports';
import { gdeltFileStamp, shiftedGdeltSlice } from '../src/imports/testing/gdelt-copies';
import { benchDatabase } from './bench-database';

/**
 * npm run bench:import: the import on the local server (BENCH_DATABASE_URL / DATABASE_URL, else an
 * embedded PostgreSQL). An NDJSON file of BENCH_NDJSON_LINES valid events over BENCH_ACTORS
 * pre-registered actors, and the real GDELT sample (test/fixtures/data/gdelt). Each is also
 * parsed alone and imported as a dry run, so the table shows where the time goes: parsing (with
 * the parser's own domain check), matching and the second domain decision, and the append.
 * Then a backfill as GDELT publishes it: BENCH_GDELT_FILES (100) timestamped 15-minute
 * `.export.CSV.zip` files made from the sample with shifted ids, imported as `npm run import`
 * imports a folder (clustering on, the ledger kept), with the process's peak RSS.
 */
const LINES = Number(process.env.BENCH_NDJSON_LINES ?? 100_000);
const ACTORS = Number(process.env.BENCH_ACTORS ?? 2_000);
const GDELT = resolve(process.cwd(), 'test/fixtures/data/gdelt/20191024143000.export.CSV');
const TARGET_NDJSON_RATE = 20_000;
const TARGET_GDELT_SECONDS = 2;
const GDELT_FILES = Number(process.env.BENCH_GDELT_FILES ?? 100);
const TARGET_GDELT_LINES_RATE = 15_000;
const RSS_LIMIT_MIB = 300;

interface BenchActor {
  actorId: string;
  kind: ActorKind;
  name: string;
  country: string;
}

async function registerActors(store: PostgresEventStore, count: number): Promise<BenchActor[]> {
  const kinds: ActorKind[] = ['STATE', 'PERSON', 'ORGANIZATION'];
  const actors = Array.from({ length: count }, (_, i): BenchActor => ({
    actorId: randomUUID(),
    kind: kinds[i % 3]!,
    name: `Bench actor ${i}`,
    country: COUNTRIES[i % COUNTRIES.length]!.iso3,
  }));
  for (let i = 0; i < actors.length; i += 500) {
    await store.appendBatch(
      actors.slice(i, i + 500).map((actor) => ({
        streamId: actorStreamId(actor.actorId),
        expectedVersion: 'no_stream' as const,
        events: actorDecider.decide(
          { type: 'RegisterActor', data: { ...actor, aliases: [`BENCH ACTOR ${i}`] }, context: { actors: {} } },
          actorDecider.initialState(),
        ),
      })),
    );
  }
  return actors;
}

/** One line of the NDJSON export's shape: each participant with its actor described. */
function ndjsonLine(i: number, actors: BenchActor[]): string {
  const a = actors[(i * 7) % actors.length]!;
  const b = actors[(i * 13 + 1) % actors.length]!;
  const other = b.actorId === a.actorId ? actors[(i * 13 + 2) % actors.length]! : b;
  const day = new Date(Date.UTC(2015, 0, 1) + (i % 3_000) * 86_400_000).toISOString().slice(0, 10);
  const participant = (actor: BenchActor, role: string) => ({
    actorId: actor.actorId,
    role,
    actor: { kind: actor.kind, name: actor.name, country: actor.country },
  });
  const common = {
    eventId: randomUUID(),
    title: `Bench event ${i}: ${a.name} and ${other.name}`,
    summary: 'Generated for npm run bench:import: two actors of the pre-registered set, one day, one source.',
    start: { value: day, precision: 'DAY', timeZone: 'UTC' },
    location: { placeName: 'Geneva, Switzerland', country: 'CHE', coordinates: { lat: 46.2, lon: 6.15 } },
    sources: [{ sourceId: randomUUID(), publisher: 'example.org', url: `https://example.org/news/${i}` }],
  };
  switch (i % 3) {
    case 0:
      return JSON.stringify({
        ...common,
        kind: 'MEETING',
        participants: [participant(a, 'PARTICIPANT'), participant(other, 'PARTICIPANT')],
        cameoCode: '040',
        meeting: { format: 'IN_PERSON', type: 'BILATERAL' },
      });
    case 1:
      return JSON.stringify({
        ...common,
        kind: 'STATEMENT',
        participants: [participant(a, 'SPEAKER'), participant(other, 'ADDRESSEE')],
        cameoCode: '010',
        statement: {
          speakerId: a.actorId,
          addresseeIds: [other.actorId],
          mode: 'PARAPHRASE',
          text: `${a.name} made a statement.`,
          language: 'en',
        },
      });
    default:
      return JSON.stringify({
        ...common,
        kind: 'AGREEMENT',
        participants: [participant(a, 'SIGNATORY'), participant(other, 'SIGNATORY')],
        cameoCode: '057',
        agreement: { partyIds: [a.actorId, other.actorId], terms: 'Terms of a generated agreement.', status: 'SIGNED' },
      });
  }
}

async function writeNdjson(path: string, actors: BenchActor[]): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < LINES; i += 1) if (!out.write(`${ndjsonLine(i, actors)}\n`)) await once(out, 'drain');
  await new Promise<void>((done) => out.end(done));
}

async function seconds<T>(work: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, result };
}

async function parseOnly(path: string, format: ImportFormat): Promise<number> {
  let records = 0;
  for await (const outcome of importStream(createReadStream(path), format)) if (outcome.type === 'record') records += 1;
  return records;
}

interface Measured {
  name: string;
  parse: number;
  dryRun: number;
  full: ImportSummary;
  fullSeconds: number;
}

async function measure(service: ImportService, name: string, path: string, format: ImportFormat): Promise<Measured> {
  const parse = await seconds(() => parseOnly(path, format));
  const dryRun = await seconds(() =>
    service.import(createReadStream(path), { format, dryRun: true, principal: 'bench' }),
  );
  const full = await seconds(() => service.import(createReadStream(path), { format, principal: 'bench' }));
  return { name, parse: parse.seconds, dryRun: dryRun.seconds, full: full.result, fullSeconds: full.seconds };
}

/** The n-th 15-minute file after the sample's, zipped as GDELT publishes it, ids moved by n × 10,000,000. */
async function writeGdeltCorpus(dir: string): Promise<void> {
  const slice = await readFile(GDELT, 'utf8');
  for (let n = 1; n <= GDELT_FILES; n += 1) {
    const stamp = gdeltFileStamp('20191024143000', n);
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from(shiftedGdeltSlice(slice, n * 10_000_000, stamp)), `${stamp}.export.CSV`);
    zip.end();
    const chunks: Buffer[] = [];
    for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
    await writeFile(join(dir, `${stamp}.export.CSV.zip`), Buffer.concat(chunks));
  }
}

/** The backfill, with the process's resident memory sampled every 50 ms. */
async function backfill(
  pool: Pool,
  store: PostgresEventStore,
  dir: string,
): Promise<{ summary: BulkSummary; seconds: number; peakRssMiB: number }> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  try {
    const files = await inputFiles([dir], dir);
    const { seconds: took, result } = await seconds(() =>
      new BulkImport(pool, store).run(files, { format: 'gdelt', cluster: 'day' }),
    );
    peak = Math.max(peak, process.memoryUsage.rss());
    return { summary: result, seconds: took, peakRssMiB: peak / (1024 * 1024) };
  } finally {
    clearInterval(sampler);
  }
}

async function main(): Promise<void> {
  // Before minutes of NDJSON, not after: run from the repository root (npm run does).
  if (!existsSync(GDELT))
    throw new Error(`no GDELT sample at ${GDELT}: run npm run bench:import from the repository root`);
  const db = await benchDatabase('dtl_bench_import');
  const pool = new Pool({ connectionString: db.url, max: 4 });
  const store = new PostgresEventStore(pool, undefined, undefined, false);
  const service = new ImportService(pool, store);
  const dir = await mkdtemp(join(tmpdir(), 'dtl-bench-import-'));
  try {
    const actors = await registerActors(store, ACTORS);
    const ndjson = join(dir, 'bench.ndjson');
    await writeNdjson(ndjson, actors);
    // Warm-up: the JIT, the pool, plans.
    await service.import(createReadStream(ndjson), { format: 'ndjson', dryRun: true, principal: 'bench' });

    const results: Measured[] = [
      await measure(
        service,
        `NDJSON, ${LINES.toLocaleString('en-US')} lines, ${ACTORS.toLocaleString('en-US')} actors`,
        ndjson,
        'ndjson',
      ),
    ];
    results.push(await measure(service, 'GDELT sample, 2,111 lines', GDELT, 'gdelt'));
    const again = await seconds(() => service.import(createReadStream(GDELT), { format: 'gdelt', principal: 'bench' }));
    const index = await seconds(() => new ImportRepository(pool, store).loadActors());
    const corpus = join(dir, 'gdelt');
    await mkdir(corpus);
    await writeGdeltCorpus(corpus);
    const bulk = await backfill(pool, store, corpus);

    const n = (value: number) => Math.round(value).toLocaleString('en-US');
    console.log(`\nbench:import on ${db.server}, Node ${process.version}, ${cpus().length} CPUs\n`);
    console.log(
      '| import | imported | parse only | dry run (parse, match, decide) | full import | events/s (full) | target |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---|');
    for (const [i, r] of results.entries()) {
      const rate = r.full.imported / r.fullSeconds;
      const target =
        i === 0
          ? `>= ${n(TARGET_NDJSON_RATE)} events/s: ${rate >= TARGET_NDJSON_RATE ? 'met' : 'MISSED'}`
          : `< ${TARGET_GDELT_SECONDS} s: ${r.fullSeconds < TARGET_GDELT_SECONDS ? 'met' : 'MISSED'}`;
      console.log(
        `| ${r.name} | ${n(r.full.imported)} | ${r.parse.toFixed(2)} s | ${r.dryRun.toFixed(2)} s | ${r.fullSeconds.toFixed(2)} s | ${n(rate)} | ${target} |`,
      );
    }
    console.log(
      `| GDELT sample again (all present) | ${n(again.result.imported)} | | | ${again.seconds.toFixed(2)} s | | |`,
    );
    const lineRate = bulk.summary.total.lines / bulk.seconds;
    console.log(
      `\n| GDELT backfill (zip files, clustering on) | files | lines | events | reports attached | time | lines/s | target | peak RSS | target |`,
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---|---:|---|');
    console.log(
      `| ${GDELT_FILES} timestamped 15-minute files from the sample, ids shifted | ${n(bulk.summary.filesImported)} | ` +
        `${n(bulk.summary.total.lines)} | ${n(bulk.summary.total.imported)} | ${n(bulk.summary.total.reportsAttached)} | ` +
        `${bulk.seconds.toFixed(2)} s | ${n(lineRate)} | >= ${n(TARGET_GDELT_LINES_RATE)} lines/s: ` +
        `${lineRate >= TARGET_GDELT_LINES_RATE ? 'met' : 'MISSED'} | ${n(bulk.peakRssMiB)} MiB | < ${RSS_LIMIT_MIB} MiB: ` +
        `${bulk.peakRssMiB < RSS_LIMIT_MIB ? 'met' : 'MISSED'} |`,
    );
    console.log(
      `\nActor index: ${n(index.result.rows.length + index.result.events.length)} rows and events ` +
        `(${index.result.source}) loaded in ${(index.seconds * 1000).toFixed(0)} ms.`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
    await pool.end();
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
