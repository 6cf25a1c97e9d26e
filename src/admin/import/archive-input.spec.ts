import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ArchiveRefusedError, type ArchiveLimits } from '../../imports';
import { archiveKind, ImportFileReader } from './archive-input';

/** The size limit, with limits small enough to pass here (the real ones: src/imports/archive-limits.ts). */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dtl-archive-input-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const limits: ArchiveLimits = { maxUncompressedBytes: 4 * 1024 * 1024, maxExpansionRatio: 1e9, minBytesForRatio: 0 };

describe('ImportFileReader', () => {
  it('knows archives by their last extension', () => {
    expect(['a.export.CSV.zip', 'b.tab.GZ', 'c.CSV', 'd.zip.txt'].map(archiveKind)).toEqual([
      'zip',
      'gzip',
      'plain',
      'plain',
    ]);
  });

  it('refuses content beyond the size limit while inflating, holding no more than a chunk past it', async () => {
    const path = join(dir, 'big.CSV.gz');
    const bytes = gzipSync(Buffer.alloc(64 * 1024 * 1024, 'a'));
    await writeFile(path, bytes);
    const reader = new ImportFileReader(path, 'big.CSV.gz', bytes.length, limits);
    await expect(reader.verify()).rejects.toThrow(
      new ArchiveRefusedError('big.CSV.gz', "it expands to more than 4 MiB (the limit for an archive's content)"),
    );
    let seen = 0;
    await expect(
      (async () => {
        for await (const chunk of reader.content()) seen += chunk.length;
      })(),
    ).rejects.toThrow(ArchiveRefusedError);
    expect(seen).toBeLessThanOrEqual(limits.maxUncompressedBytes);
    expect(seen).toBeGreaterThan(limits.maxUncompressedBytes - 1024 * 1024);
  });

  it('answers the content size of a sound archive', async () => {
    const path = join(dir, 'small.CSV.gz');
    const bytes = gzipSync(Buffer.alloc(3 * 1024 * 1024, 'a'));
    await writeFile(path, bytes);
    expect(await new ImportFileReader(path, 'small.CSV.gz', bytes.length, limits).verify()).toBe(3 * 1024 * 1024);
  });
});
