import { describe, expect, it } from '@jest/globals';
import {
  formatOfName,
  MAX_CONTENT_BYTES,
  outcomeLine,
  progressLine,
  rejectsNote,
  sizeProblem,
  summaryRows,
} from '../../web/admin/import-file';

const summary = {
  dryRun: true,
  lines: 1200,
  imported: 1100,
  alreadyPresent: 3,
  reportsAttached: 40,
  skipped: 50,
  rejected: 150,
  actorsCreated: 7,
  seconds: 1.234,
  rejects: Array.from({ length: 100 }, (_, i) => ({ lineNumber: i + 1, code: 'JSON', reason: 'invalid JSON' })),
};

describe('the import panel’s words about a file and a job', () => {
  it('suggests a format from the file name, and none for a name it does not know', () => {
    expect(formatOfName('20191024143000.export.CSV')).toBe('GDELT');
    expect(formatOfName('events.2018.sample.tab')).toBe('ICEWS');
    expect(formatOfName('export.ndjson')).toBe('NDJSON');
    expect(formatOfName('export.JSONL')).toBe('NDJSON');
    expect(formatOfName('notes.txt')).toBeUndefined();
    expect(formatOfName(undefined)).toBeUndefined();
  });

  it('refuses an empty file and one over 5 MB, before it is read', () => {
    expect(sizeProblem(0)).toBe('The file is empty.');
    expect(sizeProblem(1)).toBeUndefined();
    expect(sizeProblem(MAX_CONTENT_BYTES)).toBeUndefined();
    expect(sizeProblem(MAX_CONTENT_BYTES + 1)).toMatch(/^The file is 5\.0 MB; the console imports at most 5 MB/);
    expect(sizeProblem(12 * 1024 * 1024)).toMatch(/^The file is 12\.0 MB/);
  });

  it('says how far a job has come, and how it ended', () => {
    const running = {
      status: 'RUNNING',
      dryRun: false,
      contentBytes: 2000,
      progress: { lines: 1500, bytesRead: 500, imported: 1000, rejected: 2 },
    };
    expect(progressLine(running)).toBe('Importing: 1,500 lines read (25%), 1,000 imported, 2 rejected.');
    expect(progressLine({ ...running, dryRun: true, contentBytes: 0 })).toBe(
      'Checking: 1,500 lines read (0%), 1,000 would import, 2 rejected.',
    );
    expect(outcomeLine({ status: 'SUCCEEDED', summary })).toBe(
      'Checked: 1,200 lines, 1,100 events would be imported, 150 lines rejected. Nothing was imported yet.',
    );
    expect(outcomeLine({ status: 'SUCCEEDED', summary: { ...summary, dryRun: false } })).toBe(
      'Imported: 1,100 events from 1,200 lines, 150 lines rejected.',
    );
    expect(outcomeLine({ status: 'FAILED', error: 'the database was unavailable' })).toBe(
      'The import failed: the database was unavailable',
    );
    expect(outcomeLine({ status: 'ABANDONED', error: null })).toMatch(/^The import stopped answering/);
  });

  it('lists the summary, and says when only the first rejects are listed', () => {
    expect(summaryRows(summary)).toEqual([
      ['Lines', '1,200'],
      ['Events imported (would be)', '1,100'],
      ['Already present', '3'],
      ['Reports attached', '40'],
      ['Skipped (out of scope)', '50'],
      ['Rejected', '150'],
      ['Actors created (would be)', '7'],
      ['Seconds', '1.2'],
    ]);
    expect(rejectsNote(summary)).toBe('The first 100 of 150 rejected lines.');
    expect(rejectsNote({ ...summary, rejected: 100 })).toBe('');
  });
});
