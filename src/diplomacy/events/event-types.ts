import type { DomainEvent } from '../decider';
import type { ActorFacts } from '../context';
import type { TemporalPoint } from '../temporal';
import type { AgreementStatus } from './agreement-status';

export const EVENT_KINDS = ['MEETING', 'STATEMENT', 'AGREEMENT'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const PARTICIPANT_ROLES = [
  'HOST',
  'GUEST',
  'PARTICIPANT',
  'SPEAKER',
  'ADDRESSEE',
  'SIGNATORY',
  'MEDIATOR',
  'MENTIONED',
] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const MEETING_FORMATS = ['IN_PERSON', 'PHONE', 'VIDEO'] as const;
export type MeetingFormat = (typeof MEETING_FORMATS)[number];
export const MEETING_TYPES = ['BILATERAL', 'SUMMIT', 'VISIT'] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];

export const STATEMENT_MODES = ['QUOTE', 'PARAPHRASE'] as const;
export type StatementMode = (typeof STATEMENT_MODES)[number];

export const LINK_TYPES = ['PART_OF', 'FOLLOW_UP_OF', 'CONTRADICTS'] as const;
export type LinkType = (typeof LINK_TYPES)[number];

/** The CAMEO code an event gets when none is given. */
export const DEFAULT_CAMEO_CODES: Readonly<Record<EventKind, string>> = {
  MEETING: '040',
  STATEMENT: '010',
  AGREEMENT: '057',
};

export type Participant = { actorId: string; role: ParticipantRole };

export type EventLocation = {
  placeName: string;
  /** ISO 3166-1 alpha-3. */
  country?: string;
  coordinates?: { lat: number; lon: number };
};

export type EventSource = {
  sourceId: string;
  publisher: string;
  /** http or https only. */
  url?: string;
  title?: string;
  publishedAt?: TemporalPoint;
  excerpt?: string;
};

export type EventLink = { type: LinkType; targetEventId: string };

export type MeetingDetails = { format: MeetingFormat; type: MeetingType };

export type StatementDetails = {
  /** A participant. */
  speakerId: string;
  mode: StatementMode;
  text: string;
  /** ISO 639-1 or BCP 47: en, fa, ru, pt-BR. */
  language: string;
  /** Participants the statement was addressed to; [] when none. */
  addresseeIds: string[];
};

export type AgreementDetails = {
  /** At least two distinct participants. */
  partyIds: string[];
  terms: string;
  status: AgreementStatus;
  /** The MEETING at which it was signed. */
  signedAtEventId?: string;
};

/** Everything about an event except its id and kind, as recorded: absent values are null. */
export type EventFields = {
  title: string;
  summary: string;
  start: TemporalPoint;
  end: TemporalPoint | null;
  location: EventLocation | null;
  participants: Participant[];
  /** Normalised tags such as national-currencies. */
  topics: string[];
  sources: EventSource[];
  /** CAMEO event code; the kind's default (DEFAULT_CAMEO_CODES) when none was given. */
  cameoCode: string;
  links: EventLink[];
  /** Set for a MEETING only. */
  meeting: MeetingDetails | null;
  /** Set for a STATEMENT only. */
  statement: StatementDetails | null;
  /** Set for an AGREEMENT only. */
  agreement: AgreementDetails | null;
};

export const EVENT_FIELDS = [
  'title',
  'summary',
  'start',
  'end',
  'location',
  'participants',
  'topics',
  'sources',
  'cameoCode',
  'links',
  'meeting',
  'statement',
  'agreement',
] as const satisfies readonly (keyof EventFields)[];

export type EventFact = { kind: EventKind };

/**
 * Facts from other streams; the application layer loads every id the command or the event refers
 * to (eventCommandReferences lists them). An actor whose fact has mergedInto is recorded as its
 * survivor wherever it appears (participants, speaker, addressees, parties), then deduplicated.
 */
export type EventContext = { actors: ActorFacts; events: Record<string, EventFact> };

// ---- commands -------------------------------------------------------------------------------

/** What a client sends: optional fields may be left out, text is trimmed and tags normalised. */
export type EventFieldsInput = {
  title: string;
  summary?: string;
  start: TemporalPoint;
  end?: TemporalPoint | null;
  location?: EventLocation | null;
  participants: Participant[];
  topics?: string[];
  sources?: EventSource[];
  cameoCode?: string | null;
  links?: EventLink[];
  meeting?: MeetingDetails | null;
  statement?: (Omit<StatementDetails, 'addresseeIds'> & { addresseeIds?: string[] }) | null;
  agreement?: (Omit<AgreementDetails, 'signedAtEventId'> & { signedAtEventId?: string | null }) | null;
};

export type RecordEvent = {
  type: 'RecordEvent';
  data: { eventId: string; kind: EventKind } & EventFieldsInput;
  context: EventContext;
};

/**
 * Fields left out stay as they are; a given field replaces the old value (lists too), except
 * meeting/statement/agreement, whose members are merged one level deep. null clears end and
 * location, and resets cameoCode to the kind's default. The result is validated as a whole.
 */
export type ReviseEvent = {
  type: 'ReviseEvent';
  data: {
    eventId: string;
    reason: string;
    title?: string;
    summary?: string;
    start?: TemporalPoint;
    end?: TemporalPoint | null;
    location?: EventLocation | null;
    participants?: Participant[];
    topics?: string[];
    sources?: EventSource[];
    cameoCode?: string | null;
    links?: EventLink[];
    meeting?: Partial<MeetingDetails>;
    statement?: Partial<StatementDetails>;
    agreement?: Partial<Omit<AgreementDetails, 'signedAtEventId'>> & { signedAtEventId?: string | null };
  };
  context: EventContext;
};

export type RetractEvent = { type: 'RetractEvent'; data: { eventId: string; reason: string } };
export type RestoreEvent = { type: 'RestoreEvent'; data: { eventId: string; reason: string } };
export type AttachSource = { type: 'AttachSource'; data: { eventId: string; source: EventSource } };
export type DetachSource = { type: 'DetachSource'; data: { eventId: string; sourceId: string; reason?: string } };
export type LinkEvents = {
  type: 'LinkEvents';
  data: { eventId: string; link: EventLink };
  context: Pick<EventContext, 'events'>;
};
export type ChangeAgreementStatus = {
  type: 'ChangeAgreementStatus';
  data: { eventId: string; status: AgreementStatus; effectiveDate?: TemporalPoint; reason?: string };
};

/**
 * What one imported row (a report) said of the event, kept on the event beside its first report:
 * every report of an occurrence stays attached with its own code, roles, sources and ids. The
 * fields are checked like a recorded event's (the report's kind is the event's).
 */
export type EventReportInput = {
  /** Derived from the dataset and external id: the same row is the same report in every import. */
  reportId: string;
  /** Where the row comes from: GDELT, ICEWS. */
  dataset: string;
  /** The row's id in its dataset (GLOBALEVENTID, Event ID@date). */
  externalId: string;
  /** How many articles the dataset counted for the row (GDELT NumArticles); null when it does not say. */
  articles?: number | null;
} & EventFieldsInput;

export type EventReport = Omit<EventReportInput, keyof EventFieldsInput | 'articles'> & {
  articles: number | null;
} & EventFields;

export type AttachReport = {
  type: 'AttachReport';
  data: { eventId: string; kind: EventKind; report: EventReportInput };
  context: EventContext;
};

export type EventCommand =
  | RecordEvent
  | ReviseEvent
  | RetractEvent
  | RestoreEvent
  | AttachSource
  | DetachSource
  | LinkEvents
  | ChangeAgreementStatus
  | AttachReport;

// ---- merges: what they add to an event ---------------------------------------------------

/** A source a survivor gained by a merge: `mergedFrom` is the event it came from. */
export type MergedSource = EventSource & { mergedFrom: string };

/**
 * What an import recorded about a duplicate (its EventRecorded entry's metadata.provenance: the
 * data set, the external id, the line), carried over to the survivor; null when entered by hand.
 */
export type MergeProvenance = Record<string, unknown> | null;

/** A duplicate merged into this event: what it brought, so that a split takes exactly that back. */
export type AbsorbedEvent = {
  eventId: string;
  /** The sources the survivor gained from it (those it had already are not counted twice). */
  sourceIds: string[];
  /** Its reports (its first and those attached to it), which the survivor gathers while it is merged. */
  reports: number;
  provenance: MergeProvenance;
  reason: string;
};

/** The members a merge adds to an event's state; absent on events no merge touched. */
export type MergeFields = {
  /** On a duplicate, while it is merged: the event it lives on in (which may be merged further). */
  mergedInto?: string;
  /** On a survivor: the duplicates merged into it, oldest first. */
  absorbed?: AbsorbedEvent[];
};

// ---- merges: events on the duplicate's stream -----------------------------------------------------

export type EventMerged = DomainEvent<'EventMerged', { eventId: string; into: string; reason: string }>;
export type EventSplit = DomainEvent<'EventSplit', { eventId: string; from: string; reason: string }>;

// ---- merges: events on the survivor's stream ------------------------------------------------------

export type EventAbsorbed = DomainEvent<
  'EventAbsorbed',
  {
    eventId: string;
    duplicateId: string;
    sources: MergedSource[];
    /** The duplicate's reports, its first included (see AbsorbedEvent). */
    reports: number;
    provenance: MergeProvenance;
    reason: string;
  }
>;
export type EventReleased = DomainEvent<
  'EventReleased',
  { eventId: string; duplicateId: string; sourceIds: string[]; reason: string }
>;

export type EventMergeFact = EventMerged | EventSplit | EventAbsorbed | EventReleased;

// ---- events ---------------------------------------------------------------------------------

export type EventRecorded = DomainEvent<'EventRecorded', { eventId: string; kind: EventKind } & EventFields>;
/** changes: the fields that changed, with their new values; previous: their old values. */
export type EventRevised = DomainEvent<
  'EventRevised',
  { eventId: string; changes: Partial<EventFields>; previous: Partial<EventFields>; reason: string }
>;
export type EventRetracted = DomainEvent<'EventRetracted', { eventId: string; reason: string }>;
export type EventRestored = DomainEvent<'EventRestored', { eventId: string; reason: string }>;
export type SourceAttached = DomainEvent<'SourceAttached', { eventId: string; source: EventSource }>;
export type SourceDetached = DomainEvent<'SourceDetached', { eventId: string; sourceId: string; reason?: string }>;
export type EventsLinked = DomainEvent<'EventsLinked', { eventId: string; link: EventLink }>;
export type AgreementStatusChanged = DomainEvent<
  'AgreementStatusChanged',
  { eventId: string; from: AgreementStatus; to: AgreementStatus; effectiveDate?: TemporalPoint; reason?: string }
>;

/** Another report of the same occurrence joined the event; its new sources join the event's. */
export type ReportAttached = DomainEvent<'ReportAttached', { eventId: string; report: EventReport }>;

export type DiplomaticEventEvent =
  | EventRecorded
  | EventRevised
  | EventRetracted
  | EventRestored
  | SourceAttached
  | SourceDetached
  | EventsLinked
  | AgreementStatusChanged
  | EventMergeFact
  | ReportAttached;

// ---- state ----------------------------------------------------------------------------------

export type AgreementStatusChange = AgreementStatusChanged['data'];

export type DiplomaticEvent = {
  status: 'RECORDED' | 'RETRACTED';
  eventId: string;
  kind: EventKind;
  /** Why it was retracted, while it is. */
  retractionReason: string | null;
  /** Status changes after recording, oldest first. */
  agreementStatusHistory: AgreementStatusChange[];
  /** Revisions recorded, for "corrected" badges. */
  revisionCount: number;
  /**
   * Reports attached beyond the first (ReportAttached facts); absent until one is, so that states
   * stored before reports existed read the same.
   */
  attachedReports?: number;
} & EventFields &
  MergeFields;

export type DiplomaticEventState = { status: 'NOT_RECORDED' } | DiplomaticEvent;
