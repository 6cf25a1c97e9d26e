import type { DomainEvent } from '../decider';
import type { ActorFacts, ActorKind } from '../context';
import type { TemporalPoint } from '../temporal';

export type { ActorKind };

/** A position held over time: "President" of Russia from 2012-05-07. */
export type ActorRole = {
  title: string;
  /** The STATE or ORGANIZATION the role is held in, when it is an actor of ours. */
  ofActorId?: string;
  /** The same as free text, for institutions that are not actors ("Expediency Council"). */
  ofName?: string;
  from: TemporalPoint;
  to?: TemporalPoint;
};

/** What can be revised about an actor (its kind cannot). Absent values are null. */
export type ActorProfile = {
  name: string;
  /** Other spellings for matching imports ("VLADIMIR PUTIN", "Putin"). */
  aliases: string[];
  /** ISO 3166-1 alpha-3; always set for a STATE. */
  country: string | null;
  /** CAMEO actor code such as RUSGOV. */
  cameoCode: string | null;
  roles: ActorRole[];
};

export type ActorContext = { actors: ActorFacts };

// ---- commands -------------------------------------------------------------------------------

export type RegisterActor = {
  type: 'RegisterActor';
  data: {
    actorId: string;
    kind: ActorKind;
    name: string;
    aliases?: string[];
    country?: string | null;
    cameoCode?: string | null;
    roles?: ActorRole[];
  };
  /** Facts about the actors that roles refer to (ofActorId). */
  context: ActorContext;
};

/** Fields left out stay as they are; null clears country or cameoCode; roles replaces the list. */
export type ReviseActor = {
  type: 'ReviseActor';
  data: {
    actorId: string;
    name?: string;
    aliases?: string[];
    country?: string | null;
    cameoCode?: string | null;
    roles?: ActorRole[];
    reason: string;
  };
  context: ActorContext;
};

export type ActorCommand = RegisterActor | ReviseActor;

// ---- events ---------------------------------------------------------------------------------

export type ActorRegistered = DomainEvent<'ActorRegistered', { actorId: string; kind: ActorKind } & ActorProfile>;

/** Only the fields that changed: their new values, and their old ones for history. */
export type ActorRevised = DomainEvent<
  'ActorRevised',
  { actorId: string; changes: Partial<ActorProfile>; previous: Partial<ActorProfile>; reason: string }
>;

/** Recorded in the duplicate's stream. */
export type ActorMerged = DomainEvent<'ActorMerged', { actorId: string; into: string; reason: string }>;

/** Recorded in the survivor's stream; aliases are the duplicate's names that were new to it. */
export type ActorAbsorbed = DomainEvent<
  'ActorAbsorbed',
  { actorId: string; duplicateId: string; aliases: string[]; reason: string }
>;

export type ActorEvent = ActorRegistered | ActorRevised | ActorMerged | ActorAbsorbed;

// ---- state ----------------------------------------------------------------------------------

export type Actor = {
  status: 'ACTIVE' | 'MERGED';
  actorId: string;
  kind: ActorKind;
  /** The survivor, once this actor was merged into it. */
  mergedInto: string | null;
  /** Duplicates merged into this actor, oldest first. */
  absorbedActorIds: string[];
} & ActorProfile;

export type ActorState = { status: 'NOT_REGISTERED' } | Actor;
