import type { ClusterMode, ImportFormat, ImportReject, ImportSkip, RejectCode } from '../../imports';

export interface ImportRunOptions {
  format: ImportFormat;
  /** Parse, validate and match actors, count, append nothing. */
  dryRun?: boolean;
  /** Keep verbal CAMEO codes beyond the diplomatic ones as statements (see src/imports/MAPPING.md). */
  allEvents?: boolean;
  /**
   * `day` (the default): rows reporting one occurrence become one event, each row attached to it
   * as a report (src/imports/clustering.ts); `none`: one event per row. NDJSON is never clustered.
   */
  cluster?: ClusterMode;
  /** Recorded as `principal` on every appended event: `import:<file>` or `apikey:<name>`. */
  principal: string;
  role?: string;
  onProgress?: (progress: ImportProgress) => void;
  /** onProgress is called at least every this many lines (1,000 by default: the CLI's bar). */
  progressLines?: number;
  /** Every rejected line, in about line order (the summary keeps only the first ones). */
  onReject?: (reject: ImportReject) => void | Promise<void>;
}

/** How many rejects a summary carries inline; the reject sink gets them all. */
export const REJECTS_IN_SUMMARY = 100;

export interface ImportProgress {
  lines: number;
  /** Bytes of the file read so far, for a time-left estimate against its size. */
  bytes: number;
  imported: number;
  alreadyPresent: number;
  skipped: number;
  rejected: number;
  seconds: number;
}

export interface ImportSummary {
  format: ImportFormat;
  dryRun: boolean;
  /** One id for everything this run appended (the events' correlationId). */
  correlationId: string;
  lines: number;
  /** Events appended (with dryRun: that would have been). */
  imported: number;
  /**
   * Lines in the log already (appended by an earlier import of the same lines): their event, or
   * with clustering their report, is not appended again.
   */
  alreadyPresent: number;
  /** With clustering: lines attached as reports to an event recorded from another line (in this import or before). */
  reportsAttached: number;
  /** With clustering: events revised because a report attached now ranks first (the event shows its title, roles and code). */
  eventsRevised: number;
  /** Sound lines about things this service does not keep, by reason. */
  skipped: number;
  skippedByReason: Record<string, number>;
  rejected: number;
  rejectedByCode: Partial<Record<RejectCode, number>>;
  /** Actors registered (with dryRun: that would have been). */
  actorsCreated: number;
  /** Actors that existed before the run and that lines were matched to. */
  actorsMatched: number;
  seconds: number;
  /** Events imported or found present, per second of the whole run. */
  eventsPerSecond: number;
  /** The first REJECTS_IN_SUMMARY rejects, in line order. */
  rejects: ImportReject[];
}

/** The file is not the declared format at all: nothing was appended. */
export class ImportRefusedError extends Error {
  constructor(readonly reason: string) {
    super(`refused: ${reason}`);
    this.name = 'ImportRefusedError';
  }
}

/** Counts of one run as it goes. */
export class SummaryBuilder {
  readonly summary: ImportSummary;
  private readonly started = process.hrtime.bigint();

  constructor(format: ImportFormat, dryRun: boolean, correlationId: string) {
    this.summary = {
      format,
      dryRun,
      correlationId,
      lines: 0,
      imported: 0,
      alreadyPresent: 0,
      reportsAttached: 0,
      eventsRevised: 0,
      skipped: 0,
      skippedByReason: {},
      rejected: 0,
      rejectedByCode: {},
      actorsCreated: 0,
      actorsMatched: 0,
      seconds: 0,
      eventsPerSecond: 0,
      rejects: [],
    };
  }

  skip(skip: ImportSkip): void {
    this.summary.skipped += 1;
    this.summary.skippedByReason[skip.reason] = (this.summary.skippedByReason[skip.reason] ?? 0) + 1;
  }

  reject(reject: ImportReject): void {
    this.summary.rejected += 1;
    this.summary.rejectedByCode[reject.code] = (this.summary.rejectedByCode[reject.code] ?? 0) + 1;
    if (this.summary.rejects.length < REJECTS_IN_SUMMARY) this.summary.rejects.push(reject);
  }

  get seconds(): number {
    return Number(process.hrtime.bigint() - this.started) / 1e9;
  }

  progress(bytes: number): ImportProgress {
    const { lines, imported, alreadyPresent, skipped, rejected } = this.summary;
    return { lines, bytes, imported, alreadyPresent, skipped, rejected, seconds: this.seconds };
  }

  finish(): ImportSummary {
    const seconds = this.seconds;
    this.summary.seconds = seconds;
    this.summary.eventsPerSecond =
      seconds > 0 ? (this.summary.imported + this.summary.reportsAttached + this.summary.alreadyPresent) / seconds : 0;
    // Rejects found while deciding a batch arrive after the parser's rejects of later lines.
    this.summary.rejects.sort((a, b) => a.lineNumber - b.lineNumber);
    return this.summary;
  }
}
