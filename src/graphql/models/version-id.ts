/**
 * The `id` of a DiplomaticEvent or an Actor names one VERSION: each version is its own object to a
 * normalising client cache (Apollo Client, urql's Graphcache, Relay), so a page as known now, a
 * page as known at a past moment and a revised event never overwrite each other.
 *
 * Clients must treat it as opaque: it is for caches and `node(id)` only. Arguments and inputs that
 * name an event or an actor take the stable UUID (`eventId`, `actorId`). Today it is the base64url
 * of `<type>:<uuid>:<version>`; that may change.
 */
export const NODE_TYPES = ['DiplomaticEvent', 'Actor'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export interface VersionRef {
  type: NodeType;
  /** The stable id (lower-case UUID). */
  id: string;
  version: number;
}

/** Longer than any id this service issues (`DiplomaticEvent:<uuid>:<int4>` is 63 bytes, 84 encoded). */
export const MAX_VERSION_ID_LENGTH = 128;
const MAX_VERSION = 2_147_483_647;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const DECODED =
  /^(DiplomaticEvent|Actor):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([1-9][0-9]{0,9})$/;

export function versionId(type: NodeType, id: string, version: number): string {
  return Buffer.from(`${type}:${id.toLowerCase()}:${version}`, 'utf8').toString('base64url');
}

/** What an id names, or null when this service did not issue it (any shape, length or content). */
export function parseVersionId(value: string): VersionRef | null {
  if (value.length === 0 || value.length > MAX_VERSION_ID_LENGTH || !BASE64URL.test(value)) return null;
  const match = DECODED.exec(Buffer.from(value, 'base64url').toString('utf8'));
  if (!match) return null;
  const version = Number(match[3]);
  if (version > MAX_VERSION) return null;
  const ref: VersionRef = { type: match[1] as NodeType, id: match[2]!, version };
  // One spelling per version: a re-encoding that differs (padding bits, say) is not an id we issued.
  return versionId(ref.type, ref.id, ref.version) === value ? ref : null;
}
