import type { Pool } from 'pg';
import type { PostgresEventStore } from '../../event-store/event-store';
import { ARCHIVE_LIMITS, type ArchiveLimits, type ImportReject } from '../../imports';
import type { ActorIndex } from './actor-index';
import type { ClusterCache } from './clustered-appends';
import { fingerprint, ImportFileReader } from './archive-input';
import type { InputFile } from './input-files';
import { ImportLedgerRepository, type LedgerKey } from './import-ledger.repository';
import { ImportService } from './import.service';
import { SummaryBuilder, type ImportRunOptions, type ImportSummary } from './import-summary';

export interface BulkImportOptions extends Omit<ImportRunOptions, 'principal' | 'onProgress' | 'onReject'> {
  /** Import files the ledger has as done all the same (they are recorded once). */
  reimport?: boolean;
  limits?: ArchiveLimits;
  onProgress?: (progress: BulkProgress) => void;
  onReject?: (file: InputFile, reject: ImportReject) => void | Promise<void>;
  /** After each file: imported (all its batches committed and recorded), or found in the ledger. */
  onFile?: (outcome: FileOutcome, progress: BulkProgress) => void;
}

export interface FileOutcome {
  file: InputFile;
  /** Its place in the run, from 1. */
  index: number;
  status: 'imported' | 'done before';
  summary?: ImportSummary;
}

/** The whole run so far, for one progress display. */
export interface BulkProgress {
  files: number;
  /** Files imported or skipped as done. */
  filesDone: number;
  lines: number;
  imported: number;
  alreadyPresent: number;
  rejected: number;
  seconds: number;
  /** Of the run's bytes on disk, the share done (files skipped as done count as done). */
  share: number;
  /** Estimated from the bytes imported so far; undefined before there is anything to go by. */
  secondsLeft: number | undefined;
}

export interface BulkSummary {
  files: number;
  filesImported: number;
  /** Found in the ledger (same name, size and sha256): not read again. */
  filesDoneBefore: number;
  /** Every imported file's counts added up (lines are counted per file). */
  total: ImportSummary;
  outcomes: FileOutcome[];
}

/**
 * Imports files one after the other, in the order given (src/admin/import/input-files.ts orders
 * them), each as ImportService imports one, with the backfill ledger around it: a file in the
 * ledger is skipped; a file is recorded once all its batches committed. A refused file (not its
 * format, a hostile archive) stops the run before anything of it is appended; the files before it
 * stay done.
 */
export class BulkImport {
  private readonly ledger: ImportLedgerRepository;
  private readonly service: ImportService;
  private actors: { index: ActorIndex; loadedAt: number } | undefined;
  /** Clusters earlier files of a run left (ClusterCache): a day's files report the same occurrences. */
  private clusters: ClusterCache = new Map();

  constructor(pool: Pool, store: PostgresEventStore) {
    this.ledger = new ImportLedgerRepository(pool);
    this.service = new ImportService(pool, store);
  }

  async run(files: InputFile[], options: BulkImportOptions): Promise<BulkSummary> {
    const totals = new SummaryBuilder(options.format, options.dryRun ?? false, '');
    const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
    this.clusters = new Map();
    const outcomes: FileOutcome[] = [];
    let skippedBytes = 0;
    let importedBytes = 0;
    const progress = (current: { file: InputFile; share: number; summary: Partial<ImportSummary> } | undefined) => {
      const work = importedBytes + (current ? current.file.size * current.share : 0);
      const done = skippedBytes + work;
      const seconds = totals.seconds;
      const remaining = totalBytes - done;
      const base = totals.summary;
      return {
        files: files.length,
        filesDone: outcomes.length,
        lines: base.lines + (current?.summary.lines ?? 0),
        imported: base.imported + (current?.summary.imported ?? 0),
        alreadyPresent: base.alreadyPresent + (current?.summary.alreadyPresent ?? 0),
        rejected: base.rejected + (current?.summary.rejected ?? 0),
        seconds,
        share: totalBytes > 0 ? Math.min(1, done / totalBytes) : 1,
        secondsLeft: work > 0 ? (seconds * remaining) / work : remaining === 0 ? 0 : undefined,
      };
    };

    for (const [i, file] of files.entries()) {
      const key: LedgerKey = { name: file.name, ...(await fingerprint(file.path)) };
      const outcome = options.dryRun
        ? await this.importFile(file, key, options, progress, true)
        : await this.ledger.whileLocked(key, () => this.importFile(file, key, options, progress, false));
      const result: FileOutcome = outcome
        ? { file, index: i + 1, status: 'imported', summary: outcome }
        : { file, index: i + 1, status: 'done before' };
      if (outcome) {
        addSummary(totals.summary, outcome);
        importedBytes += file.size;
      } else skippedBytes += file.size;
      outcomes.push(result);
      options.onFile?.(result, progress(undefined));
    }
    const total = totals.finish();
    total.correlationId = outcomes.find((o) => o.summary)?.summary?.correlationId ?? '';
    return {
      files: files.length,
      filesImported: outcomes.filter((o) => o.status === 'imported').length,
      filesDoneBefore: outcomes.filter((o) => o.status === 'done before').length,
      total,
      outcomes,
    };
  }

  private async actorIndex(): Promise<ActorIndex> {
    if (!this.actors || Date.now() - this.actors.loadedAt > ACTOR_INDEX_REUSE_MS) {
      this.actors = { index: await this.service.loadActorIndex(), loadedAt: Date.now() };
    }
    return this.actors.index;
  }

  /** Undefined when the ledger has the file already. */
  private async importFile(
    file: InputFile,
    key: LedgerKey,
    options: BulkImportOptions,
    progress: (current: { file: InputFile; share: number; summary: Partial<ImportSummary> }) => BulkProgress,
    dryRun: boolean,
  ): Promise<ImportSummary | undefined> {
    if (!options.reimport && (await this.ledger.isDone(key))) return undefined;
    const reader = new ImportFileReader(file.path, file.name, key.size, options.limits ?? ARCHIVE_LIMITS);
    const contentBytes = await reader.verify();
    const actors = await this.actorIndex();
    const summary = await this.service.import(
      reader.content(),
      {
        format: options.format,
        dryRun,
        allEvents: options.allEvents,
        cluster: options.cluster,
        principal: `import:${file.name}`,
        ...(options.role ? { role: options.role } : {}),
        onProgress: (state) =>
          options.onProgress?.(
            progress({ file, share: contentBytes > 0 ? Math.min(1, state.bytes / contentBytes) : 1, summary: state }),
          ),
        onReject: (reject) => options.onReject?.(file, reject),
      },
      actors,
      this.clusters,
    );
    if (!dryRun) await this.ledger.record(key, summary);
    return summary;
  }
}

/**
 * The actor index is loaded once for a run of files and kept current by each file's import (what
 * it registers); loading it for every file would cost, for a backfill with the projector stopped,
 * a fold of every actor stream per 15-minute file. Others' changes (actors merged or registered by
 * editors) are picked up when it is loaded again, after ACTOR_INDEX_REUSE_MS; registrations that
 * collide meanwhile are retried by the import as ever.
 */
const ACTOR_INDEX_REUSE_MS = 60_000;

function addSummary(total: ImportSummary, file: ImportSummary): void {
  total.lines += file.lines;
  total.imported += file.imported;
  total.alreadyPresent += file.alreadyPresent;
  total.reportsAttached += file.reportsAttached;
  total.eventsRevised += file.eventsRevised;
  total.skipped += file.skipped;
  total.rejected += file.rejected;
  total.actorsCreated += file.actorsCreated;
  total.actorsMatched += file.actorsMatched;
  for (const [reason, n] of Object.entries(file.skippedByReason))
    total.skippedByReason[reason] = (total.skippedByReason[reason] ?? 0) + n;
  for (const [code, n] of Object.entries(file.rejectedByCode) as [keyof ImportSummary['rejectedByCode'], number][])
    total.rejectedByCode[code] = (total.rejectedByCode[code] ?? 0) + n;
  for (const reject of file.rejects) if (total.rejects.length < 100) total.rejects.push(reject);
}
