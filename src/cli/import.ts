import { createWriteStream, type WriteStream } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { once } from 'node:events';
import { isDynamicPattern } from 'tinyglobby';
import { BulkImport, type BulkProgress, type FileOutcome } from '../admin/import/bulk-import';
import { checkAgainstList, type ListCheck } from '../admin/import/file-list-check';
import { filesWithin, inputFiles, InputFilesError, type InputFile } from '../admin/import/input-files';
import { ImportRefusedError, type ImportSummary } from '../admin/import/import-summary';
import { parseEnv } from '../config/env';
import { withDatabase } from '../database/connect';
import { PostgresEventStore } from '../event-store/event-store';
import {
  ArchiveRefusedError,
  CLUSTER_MODES,
  DEFAULT_CLUSTER_MODE,
  timeBound,
  type ClusterMode,
  type ImportFormat,
  type ImportReject,
} from '../imports';
import { CliFailure, defineCli, oneOf, runCommand, UsageError, type CliIo, type OptionValues } from './run-cli';

const FORMATS: readonly ImportFormat[] = ['gdelt', 'icews', 'ndjson'];

const USAGE = `Usage:
  npm run import -- <file|folder|'pattern'>... --format gdelt|icews|ndjson [--since <time>] [--until <time>]
                    [--cluster none|day] [--dry-run] [--all-events] [--rejects <path>] [--reimport]
  npm run import -- <file|folder|'pattern'>... --check-list masterfilelist.txt [--since <time>] [--until <time>]

  Files as published: plain, .zip (one file inside, as GDELT's .export.CSV.zip) or .gz; a folder
  gives its files (not its subfolders; links refused), a quoted pattern ('data/2019*.zip') the
  files it matches. Files are imported in the order of their names: GDELT's YYYYMMDDHHMMSS
  prefix, so in time order; ICEWS and NDJSON files in name order.
  --format       the files' format
  --since        only files whose name's timestamp is at or after this time (UTC):
                 20191024, 2019102414, 20191024143000, 2019-10-24, 2019-10-24T14:30
  --until        only files whose timestamp is before this time (same forms)
  --cluster      day (default): GDELT/ICEWS rows of one kind, pair of countries, day and
                 CAMEO root become one event with every row attached as a report;
                 none: one event per row
  --dry-run      parse, validate and match actors; append nothing, record nothing
  --all-events   also keep verbal CAMEO codes beyond the diplomatic ones, as statements
  --rejects      where rejected lines go (default: <file name>.rejects.ndjson for one file,
                 import.rejects.ndjson otherwise, in the current directory, so the input's
                 folder may be read-only)
  --reimport     import files the backfill ledger has as done (by name, size and sha256)
  --check-list   import nothing: check the files' sizes and MD5 against a local copy of GDELT's
                 masterfilelist.txt or lastupdate.txt, and name those corrupt or missing
  --help         this text`;

const OPTIONS = {
  format: { type: 'string' },
  cluster: { type: 'string' },
  rejects: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  'check-list': { type: 'string' },
  'dry-run': { type: 'boolean' },
  'all-events': { type: 'boolean' },
  reimport: { type: 'boolean' },
} as const;

export type ImportOutput = CliIo['stdout'];

export interface ImportRequest {
  /** As given, resolved against the working directory (patterns too). */
  inputs: string[];
  format: ImportFormat;
  cluster: ClusterMode;
  dryRun: boolean;
  allEvents: boolean;
  rejects: string;
  since?: string;
  until?: string;
  reimport: boolean;
}

export interface ListCheckRequest {
  inputs: string[];
  checkList: string;
  since?: string;
  until?: string;
}

/** What a run of npm run import answers: every imported file's counts added up, and the files. */
export type ImportRunSummary = ImportSummary & { files: number; filesImported: number; filesDoneBefore: number };

function bounds(values: OptionValues<typeof OPTIONS>): { since?: string; until?: string } {
  const read = (flag: '--since' | '--until', value: string | undefined) => {
    if (value === undefined) return undefined;
    const bound = timeBound(value);
    if (bound === undefined) {
      throw new UsageError(
        `${flag} must be a UTC time such as 20191024, 20191024143000 or 2019-10-24T14:30, got ${JSON.stringify(value)}`,
      );
    }
    return bound;
  };
  const since = read('--since', values.since);
  const until = read('--until', values.until);
  if (since !== undefined && until !== undefined && since >= until)
    throw new UsageError('--since must be before --until');
  return { ...(since ? { since } : {}), ...(until ? { until } : {}) };
}

function inputsOf(positionals: string[], cwd: string): string[] {
  if (positionals.length === 0) throw new UsageError('which files?');
  return positionals.map((input) => resolve(cwd, input));
}

/** The request the arguments make; paths are resolved against `cwd` (the command's). */
export function importRequest(
  { values, positionals }: { values: OptionValues<typeof OPTIONS>; positionals: string[] },
  cwd: string,
): ImportRequest {
  const inputs = inputsOf(positionals, cwd);
  if (!values.format) throw new UsageError(`--format is required: ${FORMATS.join(', ')}`);
  const format = oneOf('--format', values.format, FORMATS);
  const single = inputs.length === 1 && !isDynamicPattern(positionals[0]!);
  // Not beside the input: data folders are often read-only or shared with others.
  const rejects = resolve(
    cwd,
    values.rejects ?? (single ? `${basename(inputs[0]!)}.rejects.ndjson` : 'import.rejects.ndjson'),
  );
  if (inputs.includes(rejects)) throw new UsageError(`--rejects would overwrite the input file ${rejects}`);
  const cluster =
    values.cluster === undefined ? DEFAULT_CLUSTER_MODE : oneOf('--cluster', values.cluster, CLUSTER_MODES);
  return {
    inputs,
    format,
    cluster,
    dryRun: values['dry-run'],
    allEvents: values['all-events'],
    rejects,
    ...bounds(values),
    reimport: values.reimport,
  };
}

export function listCheckRequest(
  { values, positionals }: { values: OptionValues<typeof OPTIONS>; positionals: string[] },
  cwd: string,
): ListCheckRequest {
  const importOnly = (['format', 'cluster', 'rejects', 'dry-run', 'all-events', 'reimport'] as const).find(
    (name) => values[name] !== undefined && values[name] !== false,
  );
  if (importOnly) throw new UsageError(`--check-list imports nothing: --${importOnly} has no use with it`);
  return { inputs: inputsOf(positionals, cwd), checkList: resolve(cwd, values['check-list']!), ...bounds(values) };
}

/**
 * Before anything is read or appended: the rejects can be written (found at the first reject, a
 * missing folder would stop the import halfway).
 */
async function checkRejectsPath(request: ImportRequest): Promise<void> {
  if ((await stat(request.rejects).catch(() => undefined))?.isDirectory()) {
    throw new UsageError(`--rejects names a folder, not a file: ${request.rejects}`);
  }
  const folder = dirname(request.rejects);
  await access(folder, constants.W_OK).catch(() => {
    throw new UsageError(`the rejects cannot be written in ${folder} (no such folder, or not writable): use --rejects`);
  });
}

async function filesOf(
  inputs: string[],
  cwd: string,
  request: { since?: string; until?: string },
): Promise<InputFile[]> {
  const files = filesWithin(await inputFiles(inputs, cwd), request.since, request.until);
  if (files.length === 0) throw new UsageError('no file falls within --since and --until');
  return files;
}

export const importCli = defineCli({
  command: 'npm run import',
  usage: USAGE,
  options: OPTIONS,
  positionals: true,
  // A file that is not the declared format is refused whole: the arguments do not fit.
  usageErrors: [ImportRefusedError, InputFilesError],
  knownErrors: [ArchiveRefusedError],
  run: async (args, io): Promise<ImportRunSummary | undefined> => {
    if (args.values['check-list'] !== undefined) {
      await checkListCommand(listCheckRequest(args, io.cwd), io);
      return undefined;
    }
    return importFilesCommand(importRequest(args, io.cwd), io);
  },
});

async function importFilesCommand(options: ImportRequest, { env, stdout: out, cwd }: CliIo): Promise<ImportRunSummary> {
  const files = await filesOf(options.inputs, cwd, options);
  await checkRejectsPath(options);
  const config = parseEnv(env);
  const progress = new ProgressDisplay(out);
  const rejects = new RejectFile(options.rejects, files.length > 1);
  try {
    const result = await withDatabase(config, (pool) =>
      new BulkImport(pool, new PostgresEventStore(pool)).run(files, {
        format: options.format,
        cluster: options.cluster,
        dryRun: options.dryRun,
        allEvents: options.allEvents,
        reimport: options.reimport,
        onProgress: (state) => progress.update(state),
        onFile: (outcome, state) => progress.file(outcome, state),
        onReject: (file, reject) => rejects.write(file, reject),
      }),
    );
    progress.done();
    await rejects.close();
    const summary: ImportRunSummary = {
      ...result.total,
      files: result.files,
      filesImported: result.filesImported,
      filesDoneBefore: result.filesDoneBefore,
    };
    const what = files.length === 1 ? files[0]!.name : `${count(files.length)} files`;
    out.write(summaryText(summary, what, rejects.written ? options.rejects : undefined));
    return summary;
  } catch (error) {
    progress.done();
    await rejects.close();
    throw error;
  }
}

async function checkListCommand(request: ListCheckRequest, { stdout: out, cwd }: CliIo): Promise<void> {
  const files = await filesOf(request.inputs, cwd, request);
  const check = await checkAgainstList(request.checkList, files, request);
  out.write(listCheckText(check, request.checkList));
  const bad = check.corrupt.length + check.missing.length;
  if (bad > 0) throw new CliFailure(`${count(check.corrupt.length)} corrupt, ${count(check.missing.length)} missing`);
}

export function listCheckText(check: ListCheck, list: string): string {
  const lines = [
    `Checked ${count(check.checked)} files against ${list} (${count(check.listLines)} lines): ` +
      `${count(check.sound.length)} sound, ${count(check.corrupt.length)} corrupt, ` +
      `${count(check.missing.length)} missing, ${count(check.unlisted.length)} not in the list.`,
    ...check.corrupt.map(({ name, reason }) => `  corrupt: ${name} (${reason})`),
    ...check.missing.map((name) => `  missing: ${name}`),
    ...check.unlisted.map((name) => `  not in the list: ${name}`),
    ...check.problems.map(({ lineNumber, reason }) => `  list line ${lineNumber}: ${reason}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** npm run import, in process (tests, benchmarks): throws what the command throws. */
export async function importCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  out: ImportOutput,
  cwd = process.cwd(),
): Promise<ImportRunSummary | undefined> {
  return runCommand(importCli, args, { env, stdout: out, stderr: out, cwd });
}

/** One JSON line per rejected line (with its file's name when there are several); created at the first reject only. */
class RejectFile {
  private stream: WriteStream | undefined;
  written = 0;

  constructor(
    private readonly path: string,
    private readonly nameFiles: boolean,
  ) {}

  async write(file: InputFile, reject: ImportReject): Promise<void> {
    this.stream ??= createWriteStream(this.path, { encoding: 'utf8' });
    this.written += 1;
    const line = this.nameFiles ? { file: file.name, ...reject } : reject;
    if (!this.stream.write(`${JSON.stringify(line)}\n`)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    if (!this.stream) return;
    const stream = this.stream;
    this.stream = undefined;
    await new Promise<void>((done, fail) => stream.end((error?: Error | null) => (error ? fail(error) : done())));
  }
}

/**
 * One display for the whole run: a bar redrawn in place on a terminal, a line every 2 s elsewhere
 * (a log, CI); a line for each file imported.
 */
class ProgressDisplay {
  private lastShown = 0;
  private drawn = false;

  constructor(private readonly out: ImportOutput) {}

  update(state: BulkProgress): void {
    const now = Date.now();
    if (now - this.lastShown < (this.out.isTTY ? 100 : 2_000)) return;
    this.lastShown = now;
    const rate = state.seconds > 0 ? (state.imported + state.alreadyPresent) / state.seconds : 0;
    const left = state.secondsLeft === undefined || state.share >= 1 ? '-' : duration(state.secondsLeft);
    const files =
      state.files > 1 ? `, file ${Math.min(state.files, state.filesDone + 1)} of ${count(state.files)}` : '';
    const facts = `${count(state.lines)} lines, ${count(Math.round(rate))} events/s, ${left} left${files}`;
    const share = state.share;
    if (this.out.isTTY) {
      const width = 30;
      const filled = Math.round(share * width);
      const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${facts}`;
      this.out.write(`\r${this.fit(line)}`);
      this.drawn = true;
    } else {
      this.out.write(
        `progress: ${Math.floor(share * 100)}%, ${facts}; ${count(state.imported)} imported, ${count(state.rejected)} rejected\n`,
      );
    }
  }

  /** A line a person (or a script waiting on it) can take as the file being done: its batches are committed and recorded. */
  file(outcome: FileOutcome, state: BulkProgress): void {
    const place = `${count(outcome.index)} of ${count(state.files)}`;
    const text = outcome.summary
      ? `file ${place} done: ${outcome.file.name}, ${count(outcome.summary.lines)} lines, ` +
        `${count(outcome.summary.imported)} imported, ${count(outcome.summary.alreadyPresent)} already present`
      : `file ${place} skipped: ${outcome.file.name} is in the backfill ledger (imported before)`;
    this.out.write(this.drawn ? `\r${this.fit(text)}\n` : `${text}\n`);
    this.drawn = false;
    this.lastShown = 0;
  }

  done(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }

  private fit(line: string): string {
    const columns = this.out.columns ?? 120;
    return line.slice(0, columns - 1).padEnd(Math.min(100, columns - 1));
  }
}

export function summaryText(summary: ImportRunSummary, what: string, rejectFile: string | undefined): string {
  const verb = summary.dryRun ? 'Dry run, nothing appended: would import' : 'Imported';
  const rows: [string, string][] = [
    [
      'files',
      `${count(summary.filesImported)} ${summary.dryRun ? 'read' : 'imported'}, ` +
        `${count(summary.filesDoneBefore)} done before (in the backfill ledger, skipped)`,
    ],
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
    `${verb} ${count(summary.imported)} events from ${what} in ${summary.seconds.toFixed(1)} s ` +
    `(${count(Math.round(summary.eventsPerSecond))} events/s).\n` +
    rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}\n`).join('') +
    (byCode.length > 0 ? `  rejected by code: ${byCode.join(', ')}\n` : '')
  );
}

const count = (n: number) => n.toLocaleString('en-US');

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3_600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3_600)} h ${String(Math.floor((s % 3_600) / 60)).padStart(2, '0')} min`;
}
