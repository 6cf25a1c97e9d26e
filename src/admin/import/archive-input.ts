import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { crc32, createGunzip } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { ARCHIVE_LIMITS, ArchiveRefusedError, ExpansionGuard, type ArchiveLimits } from '../../imports';

export type ArchiveKind = 'zip' | 'gzip' | 'plain';

/** By the name's last extension, as GDELT and ICEWS publish: `.zip`, `.gz`; anything else is read as it is. */
export function archiveKind(name: string): ArchiveKind {
  const lower = name.toLowerCase();
  return lower.endsWith('.zip') ? 'zip' : lower.endsWith('.gz') ? 'gzip' : 'plain';
}

/** A file's size and sha256, read once from its first byte to its last (the backfill ledger's key). */
export async function fingerprint(path: string): Promise<{ size: number; sha256: Buffer }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, sha256: hash.digest() };
}

/**
 * An input file as the importer reads it. Archives are read twice: `verify` inflates the whole
 * content once, against the limits and the checksums, keeping nothing; only then does `content`
 * inflate it again for the import. A corrupt archive shows only at its end (a CRC, a truncated
 * stream), and a bomb only once it has expanded, so judging while importing would leave the
 * batches before the fault appended; inflating costs far less than importing.
 */
export class ImportFileReader {
  readonly kind: ArchiveKind;

  constructor(
    readonly path: string,
    readonly name: string,
    /** Its size on disk. */
    readonly size: number,
    private readonly limits: ArchiveLimits = ARCHIVE_LIMITS,
  ) {
    this.kind = archiveKind(name);
  }

  /** Throws ArchiveRefusedError when the archive is not one to import; answers its content's size. */
  async verify(): Promise<number> {
    if (this.kind === 'plain') return this.size;
    let bytes = 0;
    for await (const chunk of this.content()) bytes += chunk.length;
    return bytes;
  }

  /** The bytes to import: the file's, or its one member's inflated. */
  content(): AsyncIterable<Buffer> {
    if (this.kind === 'zip') return this.zipContent();
    if (this.kind === 'gzip') return this.gzipContent();
    return createReadStream(this.path);
  }

  private async *gzipContent(): AsyncGenerator<Buffer> {
    const gunzip = createGunzip();
    // pipeline: a read error reaches the gunzip stream, and leaving the loop early closes the file.
    pipeline(createReadStream(this.path), gunzip, () => undefined);
    const guard = new ExpansionGuard(this.name, this.size, this.limits);
    try {
      for await (const chunk of gunzip as AsyncIterable<Buffer>) {
        guard.add(chunk.length);
        yield chunk;
      }
    } catch (error) {
      throw this.refusal(error, 'not a sound gzip file');
    } finally {
      gunzip.destroy();
    }
  }

  private async *zipContent(): AsyncGenerator<Buffer> {
    let zip: ZipFile | undefined;
    try {
      zip = await openZip(this.path);
      const entry = await this.onlyEntry(zip);
      const guard = new ExpansionGuard(this.name, Math.min(entry.compressedSize, this.size), this.limits);
      const stream = await openEntry(zip, entry);
      let crc = 0;
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          guard.add(chunk.length);
          crc = crc32(chunk, crc);
          yield chunk;
        }
      } finally {
        stream.destroy();
      }
      // yauzl checks the sizes, not the content's checksum.
      if (crc !== entry.crc32) throw new ArchiveRefusedError(this.name, `${entry.fileName} fails its CRC-32 check`);
    } catch (error) {
      throw this.refusal(error, 'not a sound zip file');
    } finally {
      zip?.close();
    }
  }

  /** GDELT's zips hold one file; anything else is not what this import reads. */
  private async onlyEntry(zip: ZipFile): Promise<Entry> {
    if (zip.entryCount !== 1) {
      throw new ArchiveRefusedError(
        this.name,
        `a zip to import holds exactly one file, this one holds ${zip.entryCount} entries`,
      );
    }
    const entry = await nextEntry(zip);
    if (!entry) throw new ArchiveRefusedError(this.name, 'the zip holds no file');
    if (entry.fileName.endsWith('/')) throw new ArchiveRefusedError(this.name, 'the zip holds a folder, not a file');
    if (entry.isEncrypted()) throw new ArchiveRefusedError(this.name, 'the zip is encrypted');
    return entry;
  }

  private refusal(error: unknown, what: string): ArchiveRefusedError {
    if (error instanceof ArchiveRefusedError) return error;
    // Not `instanceof Error`: zlib's errors may come from another realm (a test's VM context).
    const message = (error as { message?: unknown } | undefined)?.message;
    return new ArchiveRefusedError(this.name, `${what} (${typeof message === 'string' ? message : String(error)})`);
  }
}

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    // decodeStrings: yauzl refuses member names that are absolute or climb out with `..`.
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: true },
      (error, zip) => (error ? reject(error) : resolve(zip)),
    ),
  );
}

function nextEntry(zip: ZipFile): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: Entry) => (cleanup(), resolve(entry));
    const onEnd = () => (cleanup(), resolve(undefined));
    const onError = (error: Error) => (cleanup(), reject(error));
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function openEntry(zip: ZipFile, entry: Entry): Promise<NodeJS.ReadableStream & { destroy(): void }> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))),
  );
}
