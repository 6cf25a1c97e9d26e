/**
 * What an archive (`.zip`, `.gz`) may expand to before it is refused as a bomb. Counted on the
 * bytes actually inflated, as they come, never on the sizes its headers declare.
 *
 * - MAX_UNCOMPRESSED_BYTES: a GDELT 15-minute export is 1-10 MB once unzipped, a year of ICEWS
 *   some 300 MB; 2 GiB leaves room for both and stops a bomb long before a disk or a day fills.
 * - MAX_EXPANSION_RATIO: tab-separated text and NDJSON compress 5 to 20 times; past 100 times
 *   the content is mostly repetition, as in a bomb. Judged only once MIN_BYTES_FOR_RATIO have
 *   come out, so that a tiny file with a large header is not refused for its ratio.
 */
export interface ArchiveLimits {
  maxUncompressedBytes: number;
  maxExpansionRatio: number;
  minBytesForRatio: number;
}

export const ARCHIVE_LIMITS: ArchiveLimits = {
  maxUncompressedBytes: 2 * 1024 * 1024 * 1024,
  maxExpansionRatio: 100,
  minBytesForRatio: 1024 * 1024,
};

/** An archive this import does not take (corrupt, a bomb, several members...): nothing was appended from it. */
export class ArchiveRefusedError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`refused ${file}: ${reason}; nothing was imported from it`);
    this.name = 'ArchiveRefusedError';
  }
}

/**
 * Counts what comes out of an archive against the limits; throws ArchiveRefusedError as soon as
 * a limit is passed, so no more than one chunk beyond it is ever held.
 */
export class ExpansionGuard {
  private out = 0;

  constructor(
    private readonly file: string,
    /** Compressed bytes the output comes from (at most: a zip member is read within its declared size). */
    private readonly compressedBytes: number,
    private readonly limits: ArchiveLimits = ARCHIVE_LIMITS,
  ) {}

  get bytes(): number {
    return this.out;
  }

  add(length: number): void {
    this.out += length;
    const { maxUncompressedBytes, maxExpansionRatio, minBytesForRatio } = this.limits;
    if (this.out > maxUncompressedBytes) {
      throw new ArchiveRefusedError(
        this.file,
        `it expands to more than ${mib(maxUncompressedBytes)} (the limit for an archive's content)`,
      );
    }
    if (this.out >= minBytesForRatio && this.out > maxExpansionRatio * Math.max(1, this.compressedBytes)) {
      throw new ArchiveRefusedError(
        this.file,
        `it expands more than ${maxExpansionRatio} times (${mib(this.out)} out of ${this.compressedBytes.toLocaleString('en-US')} bytes so far): a zip bomb?`,
      );
    }
  }
}

const mib = (bytes: number) => `${Math.round(bytes / (1024 * 1024)).toLocaleString('en-US')} MiB`;
