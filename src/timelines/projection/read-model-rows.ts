import type { Actor } from '../../diplomacy/actors/actor-types';
import type { DiplomaticEvent } from '../../diplomacy/events/event-types';

/*
 * Rows of a read-model generation (see ../read-model/read-model-ddl.ts), named as its columns.
 * Timestamps are ISO strings; 'infinity' marks the current version.
 */

export const CURRENT = 'infinity';

export interface EventVersionRow {
  event_id: string;
  version: number;
  /** A bigint, as text. */
  position: string;
  recorded_from: string;
  recorded_to: string;
  retracted: boolean;
  kind: string;
  title: string;
  valid_from: string;
  valid_to: string;
  start_precision: string;
  location_country: string | null;
  cameo_code: string;
  cameo_root: string;
  topics: string[];
  countries: string[];
  actor_ids: string[];
  /** The ids the doc names that resolve to another actor (a survivor, in actor_ids); empty when none. */
  merged_ids: string[];
  /** Reports the version carries, its first included (1 + the doc's attachedReports). */
  report_count: number;
  /** Weight-B text of `search`; the tsvector itself is made by PostgreSQL (to_tsvector). */
  search_body: string;
  /**
   * Null when the version is an event's first and its doc is the EventRecorded data as stored in
   * the log (see ReadModelRepository.write): PostgreSQL then builds the doc from the stored jsonb
   * instead of parsing it again from text, which used to be most of a rebuild's cost.
   */
  doc: DiplomaticEvent | null;
}

export interface ParticipantRow {
  event_id: string;
  version: number;
  actor_id: string;
  roles: string[];
  actor_country: string | null;
  valid_from: string;
  valid_to: string;
  recorded_from: string;
  recorded_to: string;
  retracted: boolean;
}

export interface ActorRow {
  actor_id: string;
  kind: string;
  name: string;
  aliases: string[];
  country: string | null;
  cameo_code: string | null;
  merged_into: string | null;
  version: number;
  position: string;
  updated_at: string;
  doc: Actor;
}

/** One version of an actor; recorded_to is 'infinity' until a later version of it is projected. */
export interface ActorVersionRow {
  actor_id: string;
  version: number;
  position: string;
  recorded_from: string;
  recorded_to: string;
  kind: string;
  name: string;
  country: string | null;
  merged_into: string | null;
  doc: Actor;
}
