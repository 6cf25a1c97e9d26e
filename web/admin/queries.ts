// The console's GraphQL operations, each sent with the signed-in key.
import type { HistoryEntry } from '../reader/queries';
import type { Variables } from '../shared/graphql';
import type { FoundZone } from './zone-hint';

/** Runs one of these operations with the signed-in key; `T` is the data it selects. */
export type Api = <T>(query: string, variables?: Variables) => Promise<T>;

export const VIEWER = `query Viewer { viewer { name role } }`;

export const ACTORS = `
  query Actors($search: String) {
    actors(search: $search, first: 10) { edges { node { actorId name kind country } } }
  }`;

export const REGISTER_ACTOR = `
  mutation RegisterActor($input: RegisterActorInput!) {
    registerActor(input: $input) { actorId actor { actorId name kind country } }
  }`;

export const RECORD_EVENT = `
  mutation RecordEvent($input: RecordEventInput!) {
    recordEvent(input: $input) { eventId version position event { title } }
  }`;

const EVENT_FIELDS = `
  eventId version kind status retractionReason title summary topics mergedIntoId
  absorbed { eventId reason }
  start { value precision timeZone }
  meeting { format type }
  statement { text mode }
  agreement { terms status }
`;

export const EVENT = `
  query Event($id: ID!, $minPosition: String) {
    event(id: $id, includeRetracted: true, minPosition: $minPosition) { ${EVENT_FIELDS} }
  }`;

export const EVENT_HISTORY = `
  query EventHistory($id: ID!) {
    eventHistory(id: $id) { version type position recordedAt principal reason changes previous }
  }`;

export const REVISE_EVENT = `
  mutation ReviseEvent($input: ReviseEventInput!) {
    reviseEvent(input: $input) { version position event { ${EVENT_FIELDS} } }
  }`;

export const RETRACT_EVENT = `
  mutation RetractEvent($input: RetractEventInput!) {
    retractEvent(input: $input) { version position event { ${EVENT_FIELDS} } }
  }`;

export const RESTORE_EVENT = `
  mutation RestoreEvent($input: RestoreEventInput!) {
    restoreEvent(input: $input) { version position event { ${EVENT_FIELDS} } }
  }`;

export const CHANGE_AGREEMENT_STATUS = `
  mutation ChangeAgreementStatus($input: ChangeAgreementStatusInput!) {
    changeAgreementStatus(input: $input) { version position event { ${EVENT_FIELDS} } }
  }`;

export const DUPLICATE_CANDIDATES = `
  query DuplicateCandidates($eventId: ID!, $minPosition: String) {
    duplicateCandidates(eventId: $eventId, first: 5, minPosition: $minPosition) {
      score reason event { eventId title start { value } }
    }
  }`;

export const MERGE_EVENTS = `
  mutation MergeEvents($input: MergeEventsInput!) {
    mergeEvents(input: $input) { survivor { version position event { ${EVENT_FIELDS} } } }
  }`;

export const SPLIT_EVENT = `
  mutation SplitEvent($input: SplitEventInput!) {
    splitEvent(input: $input) { event { version position event { ${EVENT_FIELDS} } } }
  }`;

export const TIME_ZONE_OF = `
  query TimeZoneOf($country: String, $place: String) {
    timeZoneOf(country: $country, place: $place) { timeZone basis country }
  }`;

// ---- the data the documents select ----

export interface ViewerData {
  viewer: { name: string; role: string };
}

export interface ActorNode {
  actorId: string;
  name: string;
  kind: string;
  country: string | null;
}

export interface ActorsData {
  actors: { edges: { node: ActorNode }[] };
}

export interface RegisterActorData {
  registerActor: { actorId: string; actor: ActorNode };
}

export interface RecordEventData {
  recordEvent: { eventId: string; version: number; position: string; event: { title: string } };
}

/** An event as the console edits it (EVENT_FIELDS). */
export interface ConsoleEvent {
  eventId: string;
  version: number;
  kind: string;
  status: string;
  retractionReason: string | null;
  title: string;
  summary: string | null;
  topics: string[];
  mergedIntoId: string | null;
  absorbed: { eventId: string; reason: string }[] | null;
  start: { value: string; precision: string; timeZone: string | null };
  meeting: { format: string; type: string } | null;
  statement: { text: string; mode: string } | null;
  agreement: { terms: string; status: string } | null;
}

export interface EventData {
  event: ConsoleEvent;
}

/** A write's answer: the stream's new version, its log position and the event as it left it. */
export interface Written {
  version: number;
  position: string;
  event: ConsoleEvent;
}

export interface EventHistoryData {
  eventHistory: (HistoryEntry & { position: string })[];
}

export interface ReviseEventData {
  reviseEvent: Written;
}

export interface RetractOrRestoreData {
  retractEvent?: Written;
  restoreEvent?: Written;
}

export interface ChangeAgreementStatusData {
  changeAgreementStatus: Written;
}

export interface DuplicateCandidatesData {
  duplicateCandidates: {
    score: number;
    reason: string;
    event: { eventId: string; title: string; start: { value: string } };
  }[];
}

export interface MergeEventsData {
  mergeEvents: { survivor: Written };
}

export interface SplitEventData {
  splitEvent: { event: Written };
}

export interface TimeZoneOfData {
  timeZoneOf: FoundZone | null;
}
