import { createHash } from 'node:crypto';
import type { ImportSource } from './types';

/**
 * Ids derived from what the source says, so importing a file twice names the same streams and
 * the event store refuses the second append instead of duplicating events.
 */

/** The namespace of this service's name-based UUIDs (itself a random v4 UUID, fixed forever). */
export const IMPORT_NAMESPACE = '6f1c2a8e-5b0d-4c3e-9a47-2d8e5f6b7c90';

/** RFC 9562 version 5: SHA-1 of namespace and name, with the version and variant bits set. */
export function uuidV5(name: string, namespace: string = IMPORT_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function eventIdFor(source: ImportSource, externalId: string): string {
  return uuidV5(`event:${source}:${externalId}`);
}

/** One id per article, so events reported by the same article share their source. */
export function sourceIdFor(key: string): string {
  return uuidV5(`source:${key}`);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
