import type { ActorKind, AgreementStatus, ParticipantRole, RecordEvent, StatementMode } from '../diplomacy/index';

export type ImportFormat = 'gdelt' | 'icews' | 'ndjson';
export type ImportSource = 'GDELT' | 'ICEWS' | 'NDJSON';

/** One line of a file, without its line break. */
export type Line = {
  lineNumber: number;
  text: string;
  /** Set when the line was longer than readLines' limit: text holds only its beginning. */
  truncated?: true;
};

/**
 * Who an imported event names, for the import service to match against existing actors (by
 * cameoCode, then by alias and country) or to register. Participants point at it by `ref`.
 */
export type ActorDescriptor = {
  /** Stable across lines and files: cameo:RUSGOV, name:VLADIMIR PUTIN|RUS, id:<uuid>. */
  ref: string;
  kind: ActorKind;
  name: string;
  /** The names the source used for this actor, as written. */
  aliases: string[];
  /** ISO 3166-1 alpha-3. */
  country?: string;
  /** Set only when the code identifies this very actor (a state, a known group, a code-named body). */
  cameoCode?: string;
  /**
   * The code the source gave an actor that is identified by its name instead (a person coded
   * USAGOV): matching on it would make Hillary Clinton the US government.
   */
  affiliationCode?: string;
  /** NDJSON only: register the actor under this id when it does not exist yet. */
  actorId?: string;
};

/** NDJSON only: a participant given by id alone, which must exist already. */
export type ActorIdReference = { ref: string; actorId: string };

export type ImportParticipant = { actorRef: string; role: ParticipantRole };

export type ImportStatement = {
  speakerRef: string;
  addresseeRefs: string[];
  mode: StatementMode;
  text: string;
  language: string;
};

export type ImportAgreement = {
  partyRefs: string[];
  terms: string;
  status: AgreementStatus;
  signedAtEventId?: string | null;
};

/** RecordEvent data with actor refs where the domain has actor ids (bindActors swaps them). */
export type ImportEventData = Omit<RecordEvent['data'], 'participants' | 'statement' | 'agreement'> & {
  participants: ImportParticipant[];
  statement?: ImportStatement | null;
  agreement?: ImportAgreement | null;
};

/** Where a record came from and what the source said about it beyond the event itself. */
export type Provenance = {
  source: ImportSource;
  externalId: string;
  /** CAMEO event code with its leading zeros. */
  cameoCode?: string;
  /** ISO instant the source recorded the event (GDELT DATEADDED). */
  recordedAt?: string;
  goldstein?: number;
  numMentions?: number;
  numSources?: number;
  numArticles?: number;
  avgTone?: number;
  /** ICEWS Intensity. */
  intensity?: number;
  /** ICEWS Story ID and Sentence Number. */
  storyId?: string;
  sentenceNumber?: number;
  /** The actors as the source coded them, before any mapping. */
  rawActors?: { code?: string; name?: string; sectors?: string[]; country?: string }[];
  /** NDJSON: sha256 of the line, which the eventId derives from when the line has none. */
  contentHash?: string;
};

export type ImportRecord = {
  lineNumber: number;
  externalId: string;
  source: ImportSource;
  recordedAt?: string;
  eventId: string;
  kind: RecordEvent['data']['kind'];
  event: ImportEventData;
  actors: (ActorDescriptor | ActorIdReference)[];
  provenance: Provenance;
  /**
   * Set when the record is one report of a clustered event (see clustering.ts): eventId is the
   * cluster's, reportId the row's own.
   */
  report?: { reportId: string; clusterKey: string };
};

export const REJECT_CODES = [
  'BROKEN_CHARACTERS',
  'LINE_TOO_LONG',
  'COLUMN_COUNT',
  'HEADER',
  'IMPOSSIBLE_DATE',
  'UNKNOWN_CAMEO_CODE',
  'NO_ACTOR',
  'MISSING_SPEAKER',
  'MATERIAL_ACTION',
  'DOMAIN_RULE',
  'JSON',
  'SHAPE',
  'UNSTORABLE_TEXT',
  'DATABASE_REFUSED',
] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

/** A line that cannot become an event; `code` groups reasons for counting. */
export type ImportReject = { lineNumber: number; code: RejectCode; reason: string; externalId?: string };

/** A sound line about something this service does not keep (a protest, a bombing). */
export type ImportSkip = { lineNumber: number; externalId: string; cameoCode: string; reason: string };

export type ImportOutcome =
  | { type: 'record'; record: ImportRecord }
  | { type: 'reject'; reject: ImportReject }
  | { type: 'skip'; skip: ImportSkip };

export type ImportOptions = {
  /** Keep verbal CAMEO codes beyond the diplomatic ones as STATEMENTs (see MAPPING.md). */
  allEvents?: boolean;
  /**
   * Check each record with the domain's rules, standing in facts for its actors (default true).
   * The import service turns it off: it decides every record itself with the real actors, and
   * deciding twice was the largest cost of an import.
   */
  domainCheck?: boolean;
};
