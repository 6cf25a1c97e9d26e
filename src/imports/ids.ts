import { createHash } from 'node:crypto';
import { uuidFromText } from '../diplomacy/index';
import type { ImportSource } from './types';

/**
 * Ids derived from what the source says, so importing a file twice names the same streams and
 * the event store refuses the second append instead of duplicating events.
 */

/** The namespace of this service's name-based UUIDs (itself a random v4 UUID, fixed forever). */
export const IMPORT_NAMESPACE = '6f1c2a8e-5b0d-4c3e-9a47-2d8e5f6b7c90';

/** A name-based id in IMPORT_NAMESPACE (RFC 9562 version 5). */
export const importId = (name: string): string => uuidFromText(name, IMPORT_NAMESPACE);

export function eventIdFor(source: ImportSource, externalId: string): string {
  return importId(`event:${source}:${externalId}`);
}

/** One id per article, so events reported by the same article share their source. */
export function sourceIdFor(key: string): string {
  return importId(`source:${key}`);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
