import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { once } from 'node:events';
import { ImportService } from '../admin/import/import.service';
import { ImportRefusedError, type ImportProgress, type ImportSummary } from '../admin/import/import-summary';
import { parseEnv } from '../config/env';
import { withDatabase } from '../database/connect';
import { PostgresEventStore } from '../event-store/event-store';
import {
  CLUSTER_MODES,
  DEFAULT_CLUSTER_MODE,
  type ClusterMode,
  type ImportFormat,
  type ImportReject,
} from '../imports';
import { defineCli, oneOf, runCommand, UsageError, type CliIo, type OptionValues } from './run-cli';

const FORMATS: readonly ImportFormat[] = ['gdelt', 'icews', 'ndjson'];

const USAGE = `Usage:
  npm run import -- <file> --format gdelt|icews|ndjson [--cluster none|day] [--dry-run] [--all-events] [--rejects <path>]

  --cluster      day (default): GDELT/ICEWS rows of one kind, pair of countries, day and
                 CAMEO root become one event with every row attached as a report;
                 none: one event per row
  --dry-run      parse, validate and match actors; append nothing
  --all-events   also keep verbal CAMEO codes beyond the diplomatic ones, as statements
  --rejects      where rejected lines go (default: <file name>.rejects.ndjson in the
                 current directory, so the input's folder may be read-only)
  --help         this text`;

const OPTIONS = {
  format: { type: 'string' },
  cluster: { type: 'string' },
  rejects: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'all-events': { type: 'boolean' },
} as const;

export type ImportOutput = CliIo['stdout'];

export interface ImportRequest {
  file: string;
  format: ImportFormat;
  cluster: ClusterMode;
  dryRun: boolean;
  allEvents: boolean;
  rejects: string;
}

/** The request the arguments make; paths are resolved against `cwd` (the command's). */
export function importRequest(
  { values, positionals }: { values: OptionValues<typeof OPTIONS>; positionals: string[] },
  cwd: string,
): ImportRequest {
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'which file?' : 'one file at a time');
  if (!values.format) throw new UsageError(`--format is required: ${FORMATS.join(', ')}`);
  const format = oneOf('--format', values.format, FORMATS);
  const file = resolve(cwd, positionals[0]!);
  // Not beside the input: data folders are often read-only or shared with others.
  const rejects = resolve(cwd, values.rejects ?? `${basename(file)}.rejects.ndjson`);
  if (rejects === file) throw new UsageError(`--rejects would overwrite the input file ${file}`);
  const cluster =
    values.cluster === undefined ? DEFAULT_CLUSTER_MODE : oneOf('--cluster', values.cluster, CLUSTER_MODES);
  return { file, format, cluster, dryRun: values['dry-run'], allEvents: values['all-events'], rejects };
}

/**
 * Before anything is read or appended: the input is a file, and the rejects can be written (found
 * at the first reject, a missing folder would stop the import halfway).
 */
async function checkPaths(request: ImportRequest): Promise<number> {
  const input = await stat(request.file).catch(() => undefined);
  if (!input) throw new UsageError(`no such file: ${request.file}`);
  if (!input.isFile()) throw new UsageError(`${request.file} is not a file`);
  if ((await stat(request.rejects).catch(() => undefined))?.isDirectory()) {
    throw new UsageError(`--rejects names a folder, not a file: ${request.rejects}`);
  }
  const folder = dirname(request.rejects);
  await access(folder, constants.W_OK).catch(() => {
    throw new UsageError(`the rejects cannot be written in ${folder} (no such folder, or not writable): use --rejects`);
  });
  return input.size;
}

export const importCli = defineCli({
  command: 'npm run import',
  usage: USAGE,
  options: OPTIONS,
  positionals: true,
  // A file that is not the declared format is refused whole: the arguments do not fit.
  usageErrors: [ImportRefusedError],
  run: async (args, { env, stdout: out, cwd }): Promise<ImportSummary> => {
    const options = importRequest(args, cwd);
    const size = await checkPaths(options);
    const config = parseEnv(env);
    const progress = new ProgressDisplay(out, size);
    const rejects = new RejectFile(options.rejects);
    try {
      const summary = await withDatabase(config, (pool) =>
        new ImportService(pool, new PostgresEventStore(pool)).import(createReadStream(options.file), {
          format: options.format,
          cluster: options.cluster,
          dryRun: options.dryRun,
          allEvents: options.allEvents,
          principal: `import:${basename(options.file)}`,
          onProgress: (state) => progress.update(state),
          onReject: (reject) => rejects.write(reject),
        }),
      );
      progress.done();
      await rejects.close();
      out.write(summaryText(summary, basename(options.file), rejects.written ? options.rejects : undefined));
      return summary;
    } catch (error) {
      progress.done();
      await rejects.close();
      throw error;
    }
  },
});

/** npm run import, in process (tests, benchmarks): throws what the command throws. */
export async function importCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  out: ImportOutput,
  cwd = process.cwd(),
): Promise<ImportSummary | undefined> {
  return runCommand(importCli, args, { env, stdout: out, stderr: out, cwd });
}

/** One JSON line per rejected line; the file is created at the first reject only. */
class RejectFile {
  private stream: WriteStream | undefined;
  written = 0;

  constructor(private readonly path: string) {}

  async write(reject: ImportReject): Promise<void> {
    this.stream ??= createWriteStream(this.path, { encoding: 'utf8' });
    this.written += 1;
    if (!this.stream.write(`${JSON.stringify(reject)}\n`)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    if (!this.stream) return;
    const stream = this.stream;
    this.stream = undefined;
    await new Promise<void>((done, fail) => stream.end((error?: Error | null) => (error ? fail(error) : done())));
  }
}

/** A bar redrawn in place on a terminal, a line every 2 s elsewhere (a log, CI). */
class ProgressDisplay {
  private lastShown = 0;
  private drawn = false;

  constructor(
    private readonly out: ImportOutput,
    private readonly size: number,
  ) {}

  update(state: ImportProgress): void {
    const now = Date.now();
    if (now - this.lastShown < (this.out.isTTY ? 100 : 2_000)) return;
    this.lastShown = now;
    const share = this.size > 0 ? Math.min(1, state.bytes / this.size) : 1;
    const rate = state.seconds > 0 ? (state.imported + state.alreadyPresent) / state.seconds : 0;
    const left = share > 0 && share < 1 ? duration((state.seconds * (1 - share)) / share) : '-';
    const facts = `${count(state.lines)} lines, ${count(Math.round(rate))} events/s, ${left} left`;
    if (this.out.isTTY) {
      const width = 30;
      const filled = Math.round(share * width);
      const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${facts}`;
      this.out.write(
        `\r${line.slice(0, (this.out.columns ?? 120) - 1).padEnd(Math.min(100, (this.out.columns ?? 120) - 1))}`,
      );
      this.drawn = true;
    } else {
      this.out.write(
        `progress: ${Math.floor(share * 100)}%, ${facts}; ${count(state.imported)} imported, ${count(state.rejected)} rejected\n`,
      );
    }
  }

  done(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}

export function summaryText(summary: ImportSummary, file: string, rejectFile: string | undefined): string {
  const verb = summary.dryRun ? 'Dry run, nothing appended: would import' : 'Imported';
  const rows: [string, string][] = [
    ['lines read', count(summary.lines)],
    [summary.dryRun ? 'would import' : 'imported', count(summary.imported)],
    ['reports attached', count(summary.reportsAttached)],
    ['events revised', count(summary.eventsRevised)],
    ['already present', count(summary.alreadyPresent)],
    ['skipped, out of scope', count(summary.skipped)],
    ['rejected', `${count(summary.rejected)}${rejectFile ? ` (lines and reasons in ${rejectFile})` : ''}`],
    [summary.dryRun ? 'actors to create' : 'actors created', count(summary.actorsCreated)],
    ['actors matched', count(summary.actorsMatched)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const byCode = Object.entries(summary.rejectedByCode)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, n]) => `${code} ${count(n ?? 0)}`);
  return (
    `${verb} ${count(summary.imported)} events from ${file} in ${summary.seconds.toFixed(1)} s ` +
    `(${count(Math.round(summary.eventsPerSecond))} events/s).\n` +
    rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}\n`).join('') +
    (byCode.length > 0 ? `  rejected by code: ${byCode.join(', ')}\n` : '')
  );
}

const count = (n: number) => n.toLocaleString('en-US');

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
