// The reader's GraphQL documents. Each request names at most one asOf field (the admission rule),
// so the page, the counts and an event's detail are separate requests. Next to each document,
// the shape of the data it selects (GraphQL's null where the schema allows it).

const POINT = 'value precision timeZone intervalStart intervalEnd';

const EVENT_ON_TIMELINE = `eventId kind status title
  start { ${POINT} } end { ${POINT} }
  participants { actorId role actor { name } }`;

export const TIMELINE = `query ReaderTimeline($filter: TimelineFilterInput, $asOf: DateTime, $includeRetracted: Boolean!, $after: String, $withCount: Boolean!) {
  timeline(filter: $filter, asOf: $asOf, includeRetracted: $includeRetracted, first: 100, after: $after) {
    totalCount @include(if: $withCount)
    pageInfo { hasNextPage endCursor }
    edges { node { ${EVENT_ON_TIMELINE} } }
  }
}`;

export const BUCKETS = `query ReaderBuckets($filter: TimelineFilterInput, $asOf: DateTime, $includeRetracted: Boolean!, $bucket: BucketSize!) {
  timelineBuckets(filter: $filter, asOf: $asOf, includeRetracted: $includeRetracted, bucket: $bucket) {
    bucketStart meetings statements agreements total
  }
}`;

export const ACTORS = `query ReaderActors($search: String) {
  actors(search: $search, first: 10) { edges { node { actorId name country kind } } }
}`;

export const ACTOR_NAMES = `query ReaderActorName($id: ID!) { actor(id: $id) { actorId name country } }`;

export const EVENT_DETAIL = `query ReaderEvent($id: ID!, $asOf: DateTime) {
  event(id: $id, asOf: $asOf, includeRetracted: true) {
    eventId kind status title summary version revisionCount retractionReason recordedFrom
    cameoCode cameoLabel topics mergedIntoId
    start { ${POINT} } end { ${POINT} }
    participants { actorId role actor { name country } }
    location { placeName country coordinates { lat lon } }
    meeting { format type }
    statement { speakerId text mode language addresseeIds }
    agreement { status terms partyIds }
    sources { sourceId publisher title url excerpt publishedAt { value precision timeZone } }
  }
}`;

export const EVENT_HISTORY = `query ReaderEventHistory($id: ID!) {
  eventHistory(id: $id) { type version recordedAt principal reason changes previous }
}`;

export const TIMELINE_UPDATED = `subscription ReaderUpdates($filter: TimelineFilterInput) {
  timelineUpdated(filter: $filter) { change position event { ${EVENT_ON_TIMELINE} mergedIntoId } }
}`;

/** At most this many events are drawn: ten pages of 100. */
export const MAX_EVENTS = 1000;

const EVENT_COMPARED = `eventId version title summary status topics mergedIntoId
  start { value precision timeZone } end { value precision timeZone }
  location { placeName country }
  participants { actorId role actor { name } }
  sources { publisher title url }
  agreement { status }`;

/** What changed between two record times (compare mode): each event as known at both. */
export const TIMELINE_CHANGES = `query ReaderChanges($filter: TimelineFilterInput, $from: DateTime!, $to: DateTime, $after: String) {
  timelineChanges(filter: $filter, from: $from, to: $to, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { kind eventId recordedAt mergedIntoId before { ${EVENT_COMPARED} } after { ${EVENT_COMPARED} } } }
  }
}`;

/** At most this many changes are listed: five pages of 100. */
export const MAX_CHANGES = 500;

// ---- the data the documents select ----

/** A date as the service answers it: its value at its precision, in its zone. */
export interface PointText {
  value: string;
  precision: string;
  timeZone?: string | null;
}

/** A date with its interval in UTC (intervalStart inclusive, intervalEnd exclusive). */
export interface TemporalPoint extends PointText {
  intervalStart: string;
  intervalEnd: string;
}

export interface Participant {
  actorId: string;
  role: string;
  actor?: { name: string; country?: string | null } | null;
}

/** An event as the timeline draws it (EVENT_ON_TIMELINE). */
export interface TimelineEvent {
  eventId: string;
  kind: string;
  status: string;
  title: string;
  start: TemporalPoint;
  end?: TemporalPoint | null;
  participants: Participant[];
  mergedIntoId?: string | null;
}

export interface Connection<T> {
  totalCount?: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: T }[];
}

export interface TimelineData {
  timeline: Connection<TimelineEvent>;
}

export interface Bucket {
  bucketStart: string;
  meetings: number;
  statements: number;
  agreements: number;
  total: number;
}

export interface BucketsData {
  timelineBuckets: Bucket[];
}

export interface ActorsData {
  actors: { edges: { node: { actorId: string; name: string; country: string | null; kind: string } }[] };
}

export interface ActorNameData {
  actor: { actorId: string; name: string; country: string | null };
}

export interface Source {
  sourceId?: string;
  publisher: string;
  title?: string | null;
  url?: string | null;
  excerpt?: string | null;
  publishedAt?: PointText | null;
}

/** An event in full (EVENT_DETAIL). */
export interface EventDetail extends TimelineEvent {
  summary: string | null;
  version: number;
  revisionCount: number;
  retractionReason: string | null;
  recordedFrom: string | null;
  cameoCode: string;
  cameoLabel: string | null;
  topics: string[];
  location: { placeName: string | null; country: string | null } | null;
  meeting: { format: string; type: string } | null;
  statement: { speakerId: string; text: string; mode: string; language: string; addresseeIds: string[] } | null;
  agreement: { status: string; terms: string; partyIds: string[] } | null;
  sources: Source[];
}

export interface EventDetailData {
  event: EventDetail;
}

/** One entry of an event's history: changes and previous map each changed field to its values. */
export interface HistoryEntry {
  type: string;
  version: number;
  recordedAt: string;
  position?: string;
  principal: string | null;
  reason: string | null;
  changes: Record<string, unknown> | null;
  previous: Record<string, unknown> | null;
}

export interface EventHistoryData {
  eventHistory: HistoryEntry[];
}

export interface TimelineUpdatedData {
  timelineUpdated: { change: string; position: string; event: TimelineEvent };
}

/** An event as known at one moment of the compare mode (EVENT_COMPARED). */
export interface ComparedEvent {
  eventId: string;
  version: number;
  title: string;
  summary: string | null;
  status: string;
  topics: string[];
  mergedIntoId: string | null;
  start: PointText;
  end: PointText | null;
  location: { placeName: string | null; country: string | null } | null;
  participants: Participant[];
  sources: Pick<Source, 'publisher' | 'title' | 'url'>[];
  agreement: { status: string } | null;
}

export interface Change {
  kind: string;
  eventId: string;
  recordedAt: string;
  mergedIntoId: string | null;
  before: ComparedEvent | null;
  after: ComparedEvent;
}

export interface TimelineChangesData {
  timelineChanges: Connection<Change>;
}
