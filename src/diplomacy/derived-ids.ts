import { createHash } from 'node:crypto';

/**
 * The one function for ids derived from text: the same text (and namespace) gives the same id in
 * any run, so a retried command or a second import names the same actors, events and streams.
 * Stored ids depend on every bit of it: golden-value tests pin what it computes
 * (src/diplomacy/derived-ids.spec.ts and the derived-ids specs of imports, editorial and admin).
 *
 * With a namespace it is RFC 9562 version 5 (SHA-1 of the namespace's 16 bytes, then the name).
 * Without one it hashes the text alone, as the write side and the import's actors have done since
 * their first stored id. That second form is why this is written out here rather than taken from
 * the `uuid` package: its `v5` refuses a namespace that is not 16 bytes, so it could compute only
 * the first form, and two implementations of one layout is what this module replaces.
 */
export function uuidFromText(text: string, namespace?: string): string {
  const sha1 = createHash('sha1');
  if (namespace !== undefined) sha1.update(namespaceBytes(namespace));
  const bytes = sha1.update(text, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function namespaceBytes(namespace: string): Buffer {
  const hex = namespace.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new TypeError(`not a UUID namespace: ${namespace}`);
  return Buffer.from(hex, 'hex');
}
