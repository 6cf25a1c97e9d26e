// The reader's GraphQL documents. Each request names at most one asOf field (the admission rule),
// so the page, the counts and an event's detail are separate requests.

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
