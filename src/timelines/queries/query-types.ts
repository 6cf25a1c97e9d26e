import type { Actor, ActorKind } from '../../diplomacy/actors/actor-types';
import {
  EVENT_FIELDS,
  type DiplomaticEvent,
  type EventKind,
  type ParticipantRole,
} from '../../diplomacy/events/event-types';

/**
 * One side of a directed dyad: an actor (or a duplicate merged into it) or any actor of a
 * country, taking part in one of `roles` (in any role when absent).
 */
export type DyadSide = { actor?: string; country?: string; roles?: ParticipantRole[] };

/** Every member is optional; given members are ANDed. */
export type TimelineFilter = {
  /**
   * With `roles`, the actors must take part in one of those roles: each actor of allOf, and at
   * least one of anyOf in such a role.
   */
  actorIds?: { anyOf?: string[]; allOf?: string[]; roles?: ParticipantRole[] };
  /**
   * Events in which both sides take part (two different participants): two actors, or actors of
   * two countries; or directed, `from` one side `to` the other, each side an actor or a country
   * with its roles (a visit: from a GUEST to a HOST).
   */
  dyad?: { actors?: [string, string]; countries?: [string, string]; from?: DyadSide; to?: DyadSide };
  /** Any of: a participant's country or the location's country (ISO 3166-1 alpha-3). */
  countries?: string[];
  locationCountries?: string[];
  kinds?: EventKind[];
  cameoCodes?: string[];
  /** Two-digit CAMEO roots such as "04". */
  cameoRootCodes?: string[];
  /** Any of; normalised like recorded topics ("National currencies" is national-currencies). */
  topics?: string[];
  /**
   * UTC instants (ISO 8601 with Z or an offset), half-open [from, to). An event matches when its
   * valid-time interval overlaps the range, so "July 2022" overlaps 2022-07-15..2022-07-16.
   */
  dateRange?: { from?: string; to?: string };
  /** Case-insensitive substring of the location's place name. */
  placeName?: string;
  /** Web-search syntax: words, "phrases", -excluded, or. */
  text?: string;
  /** Only these events (used to match one changed event against a subscriber's filter). */
  eventIds?: string[];
  /** Only events with at least this many distinct sources (1 to MAX_MIN_SOURCES). */
  minSources?: number;
};

export type SortOrder = 'ASC' | 'DESC';

/** What happened to an event between two record times (see TimelineQueries.changes). */
export const CHANGE_KINDS = ['ADDED', 'REVISED', 'RETRACTED', 'RESTORED', 'MERGED', 'SPLIT'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export type ChangeOptions = {
  /** The earlier record time (exclusive): the event as known then is a change's `before`. */
  from: Date;
  /** The later record time (inclusive); absent = now. */
  to?: Date;
  /** At most MAX_PAGE_SIZE; DEFAULT_PAGE_SIZE when absent. */
  first?: number;
  after?: string;
  /**
   * How many versions of the window one page examines at most (CHANGES_SCAN_ROWS by default):
   * for tests, which make a small window span several scans.
   */
  scanRows?: number;
};

/** One event that changed between from and to: its version as known at each end. */
export type TimelineChangeNode = {
  kind: ChangeKind;
  eventId: string;
  /** When the version known at `to` was recorded. */
  recordedAt: Date;
  /** MERGED: the event it was merged into (as known at `to`). */
  mergedIntoId: string | null;
  /** The event as known at `from`; null when it was not recorded yet (ADDED). */
  before: TimelineNode | null;
  after: TimelineNode;
};

export type RecordTimeOptions = {
  /** The timeline as it was known at that moment; absent = as known now. */
  asOf?: Date;
  /** Retracted events are left out unless this is true. */
  includeRetracted?: boolean;
};

/** The members of an event's doc (a DiplomaticEvent). */
export const EVENT_DOC_KEYS: readonly string[] = [
  'eventId',
  'kind',
  'status',
  'retractionReason',
  'agreementStatusHistory',
  'revisionCount',
  'attachedReports',
  ...EVENT_FIELDS,
  // Set by merges only (absent from other docs).
  'mergedInto',
  'absorbed',
];

/** Doc members every page carries whatever a query asks: mapping a node needs them (ids and kinds, and participants' roles and merged ids). */
export const ALWAYS_CARRIED_DOC_KEYS: readonly string[] = ['eventId', 'kind', 'status', 'participants'];

export type TimelineOptions = RecordTimeOptions & {
  /**
   * Members of each node's doc the caller will not read (a GraphQL query that does not ask for
   * them): they may be missing from the docs returned. eventId, kind, status and participants are
   * always there.
   */
  omitDocKeys?: readonly string[];
  /** By when it happened (valid_from), then event id. Default ASC. */
  order?: SortOrder;
  /** Relay paging: first (default 20) or last, at most 100, with after and/or before cursors. */
  first?: number;
  after?: string;
  last?: number;
  before?: string;
};

export type ActorSummary = {
  actorId: string;
  kind: ActorKind;
  name: string;
  country: string | null;
  mergedInto: string | null;
  /** The actor stream's version these names are of. */
  version: number;
};

export type TimelineParticipant = {
  /** The surviving actor when the recorded one was merged into another. */
  actorId: string;
  roles: string[];
  /** null when the actor is not (yet) in the read model. */
  actor: ActorSummary | null;
};

export type TimelineNode = {
  eventId: string;
  version: number;
  recordedFrom: Date;
  /** null for the current version. */
  recordedTo: Date | null;
  retracted: boolean;
  /** As recorded, except that merged actor ids are replaced by their survivors' (and without the omitDocKeys asked for). */
  doc: DiplomaticEvent;
  /** Reports the version carries, its first included (the read model's report_count). */
  reportCount: number;
  participants: TimelineParticipant[];
};

export type PageInfo = {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
};

export type Connection<T> = { edges: { cursor: string; node: T }[]; pageInfo: PageInfo };

export type ActorRecord = ActorSummary & {
  aliases: string[];
  cameoCode: string | null;
  updatedAt: Date;
  doc: Actor;
};

export type ActorsOptions = {
  /** Case-insensitive substring of the name or an alias. */
  search?: string;
  /** Merged actors (duplicates) are left out unless this is true. */
  includeMerged?: boolean;
  first?: number;
  after?: string;
};

export const BUCKET_SIZES = ['DAY', 'WEEK', 'MONTH', 'YEAR'] as const;
export type BucketSize = (typeof BUCKET_SIZES)[number];

export type BucketOptions = RecordTimeOptions & {
  bucket: BucketSize;
  /** IANA zone the buckets are cut in; default UTC. WEEK buckets start on Mondays. */
  timeZone?: string;
};

export type Bucket = {
  /** The bucket's first local day, YYYY-MM-DD. */
  bucketStart: string;
  total: number;
  byKind: Record<EventKind, number>;
};
