/**
 * Documents registered by automatic persisted queries, keyed by their sha256: a least recently
 * used store bounded both by count and by bytes, so that a flood of registrations (anyone may
 * register any document) evicts old entries instead of growing memory. An evicted hash answers
 * PERSISTED_QUERY_NOT_FOUND, and clients then send the document again: eviction costs a round
 * trip, never an answer.
 */
export const MAX_PERSISTED_QUERIES = 1_000;
/** Ten documents at the admission limit of 100,000 bytes each, or a thousand of 10 KB. */
export const MAX_PERSISTED_QUERY_BYTES = 10 * 1024 * 1024;
/** What an entry costs beyond its document: the hash key and the Map's own bookkeeping, roughly. */
const ENTRY_OVERHEAD_BYTES = 128;

export interface PersistedQueryStats {
  entries: number;
  /** Documents' UTF-8 bytes plus a fixed overhead per entry. */
  bytes: number;
  maxEntries: number;
  maxBytes: number;
}

export class PersistedQueryStore {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  private readonly documents = new Map<string, { query: string; bytes: number }>();
  private bytes = 0;

  constructor(
    readonly maxEntries = MAX_PERSISTED_QUERIES,
    readonly maxBytes = MAX_PERSISTED_QUERY_BYTES,
  ) {}

  /** The document registered under this hash, marked as just used; undefined when unknown. */
  get(sha256Hash: string): string | undefined {
    const entry = this.documents.get(sha256Hash);
    if (!entry) return undefined;
    this.documents.delete(sha256Hash);
    this.documents.set(sha256Hash, entry);
    return entry.query;
  }

  /** Registers a document the caller has checked against its hash; one larger than the whole store is not kept. */
  set(sha256Hash: string, query: string): void {
    this.remove(sha256Hash);
    const bytes = Buffer.byteLength(query, 'utf8') + ENTRY_OVERHEAD_BYTES;
    if (bytes > this.maxBytes || this.maxEntries < 1) return;
    this.documents.set(sha256Hash, { query, bytes });
    this.bytes += bytes;
    for (const oldest of this.documents.keys()) {
      if (this.documents.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.remove(oldest);
    }
  }

  stats(): PersistedQueryStats {
    return { entries: this.documents.size, bytes: this.bytes, maxEntries: this.maxEntries, maxBytes: this.maxBytes };
  }

  private remove(sha256Hash: string): void {
    const entry = this.documents.get(sha256Hash);
    if (!entry) return;
    this.documents.delete(sha256Hash);
    this.bytes -= entry.bytes;
  }
}
