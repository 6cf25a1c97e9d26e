// The console's GraphQL operations, each sent with the signed-in key.

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
