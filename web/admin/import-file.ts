// What the import panel decides about a file and a job, apart from the page: the format a file
// name suggests, whether its size may be sent, and a job's progress and summary in words.
// Pure; tested in test/web/.

/** startImport's limit on content (MAX_IMPORT_CONTENT_BYTES in src/imports/limits.ts). */
export const MAX_CONTENT_BYTES = 5 * 1024 * 1024;

/** An import job's summary (importJob { summary }). */
export interface ImportSummary {
  dryRun: boolean;
  lines: number;
  imported: number;
  alreadyPresent: number;
  reportsAttached: number;
  skipped: number;
  rejected: number;
  actorsCreated: number;
  seconds: number;
  rejects: { lineNumber: number; code: string; reason: string }[];
}

/** An import job as importJob answers it. */
export interface ImportJob {
  id: string;
  status: string;
  dryRun: boolean;
  contentBytes: number;
  error: string | null;
  progress: { lines: number; bytesRead: number; imported: number; rejected: number };
  summary: ImportSummary | null;
}

const numbers = new Intl.NumberFormat('en');
const count = (value: number | null | undefined): string => numbers.format(Number(value ?? 0));

/** GDELT's exports end .export.CSV (or .CSV), ICEWS files .tab/.tsv, NDJSON .ndjson/.jsonl; else undefined. */
export function formatOfName(name: string | null | undefined): string | undefined {
  const lower = (name ?? '').toLowerCase();
  if (/\.csv$/.test(lower)) return 'GDELT';
  if (/\.(tab|tsv)$/.test(lower)) return 'ICEWS';
  if (/\.(ndjson|jsonl|json)$/.test(lower)) return 'NDJSON';
  return undefined;
}

/** Why content of this many bytes cannot be sent, or undefined when it can. */
export function sizeProblem(bytes: number): string | undefined {
  if (bytes === 0) return 'The file is empty.';
  if (bytes > MAX_CONTENT_BYTES)
    return `The file is ${(bytes / 1024 / 1024).toFixed(1)} MB; the console imports at most 5 MB (use npm run import for larger files).`;
  return undefined;
}

/** A running job in one line: lines read, the share of the content read, imported and rejected. */
export function progressLine(job: Pick<ImportJob, 'progress' | 'contentBytes' | 'dryRun'>): string {
  const { progress, contentBytes, dryRun } = job;
  const share = contentBytes > 0 ? Math.min(100, Math.floor((100 * progress.bytesRead) / contentBytes)) : 0;
  const verb = dryRun ? 'would import' : 'imported';
  return `${dryRun ? 'Checking' : 'Importing'}: ${count(progress.lines)} lines read (${share}%), ${count(progress.imported)} ${verb}, ${count(progress.rejected)} rejected.`;
}

/** An ended job in one line. */
export function outcomeLine(job: { status: string; summary?: ImportSummary | null; error?: string | null }): string {
  const { summary } = job;
  if (job.status === 'SUCCEEDED' && summary) {
    if (summary.dryRun)
      return `Checked: ${count(summary.lines)} lines, ${count(summary.imported)} events would be imported, ${count(summary.rejected)} lines rejected. Nothing was imported yet.`;
    return `Imported: ${count(summary.imported)} events from ${count(summary.lines)} lines, ${count(summary.rejected)} lines rejected.`;
  }
  if (job.status === 'ABANDONED')
    return 'The import stopped answering (its service process ended): what it committed stays; run it again to complete it.';
  return `The import failed: ${job.error ?? 'no reason given'}`;
}

/** The summary as [label, value] rows, in the order the panel shows them. */
export function summaryRows(summary: Partial<ImportSummary>): [string, string][] {
  const would = summary.dryRun ? ' (would be)' : '';
  return [
    ['Lines', count(summary.lines)],
    [`Events imported${would}`, count(summary.imported)],
    ['Already present', count(summary.alreadyPresent)],
    ['Reports attached', count(summary.reportsAttached)],
    ['Skipped (out of scope)', count(summary.skipped)],
    ['Rejected', count(summary.rejected)],
    [`Actors created${would}`, count(summary.actorsCreated)],
    ['Seconds', Number(summary.seconds ?? 0).toFixed(1)],
  ];
}

/** Said under the rejects when the summary lists only the first of them. */
export function rejectsNote(summary: Pick<ImportSummary, 'rejected'> & { rejects?: unknown[] | null }): string {
  const listed = summary.rejects?.length ?? 0;
  if (summary.rejected > listed) return `The first ${count(listed)} of ${count(summary.rejected)} rejected lines.`;
  return '';
}
