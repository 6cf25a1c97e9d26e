import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { once } from 'node:events';
import { ImportService } from '../admin/import/import.service';
import { ImportRefusedError, type ImportProgress, type ImportSummary } from '../admin/import/import-summary';
import { ConfigError, parseEnv } from '../config/env';
import { withDatabase } from '../database/connect';
import { PostgresEventStore } from '../event-store/event-store';
import type { ImportFormat, ImportReject } from '../imports';

const FORMATS: readonly ImportFormat[] = ['gdelt', 'icews', 'ndjson'];

const USAGE = `Usage:
  npm run import -- <file> --format gdelt|icews|ndjson [--dry-run] [--all-events] [--rejects <path>]

  --dry-run      parse, validate and match actors; append nothing
  --all-events   also keep verbal CAMEO codes beyond the diplomatic ones, as statements
  --rejects      where rejected lines go (default: <file name>.rejects.ndjson in the
                 current directory, so the input's folder may be read-only)`;

export class ImportUsageError extends Error {}

export interface ImportOutput {
  write(text: string): unknown;
  /** A terminal gets a progress bar; anything else plain progress lines. */
  isTTY?: boolean;
  columns?: number;
}

export interface ImportArgs {
  file: string;
  format: ImportFormat;
  dryRun: boolean;
  allEvents: boolean;
  rejects: string;
}

/** Paths are resolved against `cwd` (the process's own unless a caller says otherwise). */
export function parseImportArgs(args: string[], cwd = process.cwd()): ImportArgs {
  const files: string[] = [];
  let format: string | undefined;
  let rejects: string | undefined;
  let dryRun = false;
  let allEvents = false;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => {
      const given = inline ?? args[++i];
      if (given === undefined || given === '') throw new ImportUsageError(`${name} needs a value\n\n${USAGE}`);
      return given;
    };
    if (name === '--format') format = value();
    else if (name === '--rejects') rejects = value();
    else if (name === '--dry-run') dryRun = true;
    else if (name === '--all-events') allEvents = true;
    else if (name === '--help' || name === '-h') throw new ImportUsageError(USAGE);
    else if (name.startsWith('-') && name !== '-') throw new ImportUsageError(`unknown option ${name}\n\n${USAGE}`);
    else files.push(arg);
  }
  if (files.length !== 1)
    throw new ImportUsageError(`${files.length === 0 ? 'which file?' : 'one file at a time'}\n\n${USAGE}`);
  if (!format) throw new ImportUsageError(`--format is required: ${FORMATS.join(', ')}\n\n${USAGE}`);
  if (!(FORMATS as readonly string[]).includes(format.toLowerCase())) {
    throw new ImportUsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  }
  const file = resolve(cwd, files[0]!);
  // Not beside the input: data folders are often read-only or shared with others.
  const rejectsPath = resolve(cwd, rejects ?? `${basename(file)}.rejects.ndjson`);
  return { file, format: format.toLowerCase() as ImportFormat, dryRun, allEvents, rejects: rejectsPath };
}

/** npm run import: the file into the database the service uses (see withDatabase). */
export async function importCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  out: ImportOutput,
  cwd = process.cwd(),
): Promise<ImportSummary> {
  const options = parseImportArgs(args, cwd);
  const size = await stat(options.file).then(
    (info) => {
      if (!info.isFile()) throw new ImportUsageError(`${options.file} is not a file`);
      return info.size;
    },
    () => {
      throw new ImportUsageError(`no such file: ${options.file}`);
    },
  );
  const config = parseEnv(env);
  const progress = new ProgressDisplay(out, size);
  const rejects = new RejectFile(options.rejects);
  try {
    const summary = await withDatabase(config, (pool) =>
      new ImportService(pool, new PostgresEventStore(pool)).import(createReadStream(options.file), {
        format: options.format,
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
}

/** Mistakes of the person typing and files refused whole (exit code 2), as opposed to failures (1). */
export function isImportUsageError(error: unknown): error is Error {
  return error instanceof ImportUsageError || error instanceof ConfigError || error instanceof ImportRefusedError;
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
