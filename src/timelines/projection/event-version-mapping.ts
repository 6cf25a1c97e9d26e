import { PARTICIPANT_ROLES, type DiplomaticEvent } from '../../diplomacy/events/event-types';
import { temporalInterval, type TemporalInterval, type TemporalPoint } from '../../diplomacy/temporal';
import { CURRENT, type EventVersionRow, type ParticipantRow } from './read-model-rows';

/** What the mapping needs to know about actors, as the actors read model has it at this point of the log. */
export interface ActorLookup {
  /** The surviving actor after following merges; the id itself when it was not merged (or is unknown). */
  resolve(actorId: string): string;
  /** ISO-3 country of the actor, null when it has none or is unknown. */
  countryOf(actorId: string): string | null;
}

export interface LogPlace {
  version: number;
  position: bigint;
  recordedAt: Date;
}

/**
 * One version of a diplomatic event as rows: the event_versions row and one participant row per
 * (resolved) actor. The row is current until a later version closes it (recorded_to).
 */
export function eventVersionRows(
  doc: DiplomaticEvent,
  place: LogPlace,
  actors: ActorLookup,
): { version: EventVersionRow; participants: ParticipantRow[] } {
  checkShapes(doc);
  const validFrom = interval(doc.start).from;
  const validTo = interval(doc.end ?? doc.start).to;
  const recordedFrom = place.recordedAt.toISOString();
  // A merged duplicate leaves the default timeline as a retracted event does (and comes back with includeRetracted).
  const retracted = doc.status === 'RETRACTED' || doc.mergedInto !== undefined;

  const rolesByActor = new Map<string, string[]>();
  const mergedIds = new Set<string>();
  for (const participant of doc.participants) {
    const actorId = actors.resolve(participant.actorId);
    if (actorId !== participant.actorId) mergedIds.add(participant.actorId);
    const roles = rolesByActor.get(actorId);
    if (!roles) rolesByActor.set(actorId, [participant.role]);
    else if (!roles.includes(participant.role)) roles.push(participant.role);
  }

  const participants: ParticipantRow[] = [];
  const countries = new Set<string>();
  for (const [actorId, roles] of rolesByActor) {
    const country = actors.countryOf(actorId);
    if (country) countries.add(country);
    participants.push({
      event_id: doc.eventId,
      version: place.version,
      actor_id: actorId,
      roles: sortRoles(roles),
      actor_country: country,
      valid_from: validFrom,
      valid_to: validTo,
      recorded_from: recordedFrom,
      recorded_to: CURRENT,
      retracted,
    });
  }
  const locationCountry = doc.location?.country ?? null;
  if (locationCountry) countries.add(locationCountry);

  return {
    version: {
      event_id: doc.eventId,
      version: place.version,
      position: place.position.toString(),
      recorded_from: recordedFrom,
      recorded_to: CURRENT,
      retracted,
      kind: doc.kind,
      title: doc.title,
      valid_from: validFrom,
      valid_to: validTo,
      start_precision: doc.start.precision,
      location_country: locationCountry,
      cameo_code: doc.cameoCode,
      cameo_root: doc.cameoCode.slice(0, 2),
      topics: doc.topics,
      countries: [...countries].sort(),
      actor_ids: [...rolesByActor.keys()],
      merged_ids: [...mergedIds],
      report_count: 1 + (doc.attachedReports ?? 0),
      search_body: `${doc.summary ?? ''} ${doc.statement?.text ?? ''} ${doc.topics.join(' ')}`,
      doc,
    },
    participants,
  };
}

/**
 * What the domain guarantees and the SQL relies on, checked so that one malformed event in the
 * log is skipped (and reported) rather than failing its whole batch: ids are uuids, roles are
 * upper-case words and topics are tags, so neither contains the comma lists are joined with.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ROLE_NAME = /^[A-Z][A-Z_]*$/;

function checkShapes(doc: DiplomaticEvent): void {
  if (!UUID.test(doc.eventId)) throw new RangeError(`not an event id: ${JSON.stringify(doc.eventId)}`);
  for (const { actorId, role } of doc.participants) {
    if (!UUID.test(actorId)) throw new RangeError(`not an actor id: ${JSON.stringify(actorId)}`);
    if (!ROLE_NAME.test(role)) throw new RangeError(`not a participant role: ${JSON.stringify(role)}`);
  }
  for (const topic of doc.topics)
    if (topic.includes(',')) throw new RangeError(`not a topic: ${JSON.stringify(topic)}`);
  const country = doc.location?.country;
  if (country !== undefined && country !== null && !/^[A-Z]{3}$/.test(country))
    throw new RangeError(`not an ISO-3 country: ${JSON.stringify(country)}`);
}

/**
 * Roles in the order PARTICIPANT_ROLES lists them (unknown ones last, by code point), so that the
 * same roles always make the same array however they were gathered.
 */
export function sortRoles(roles: Iterable<string>): string[] {
  const rank = (role: string) => {
    const index = (PARTICIPANT_ROLES as readonly string[]).indexOf(role);
    return index < 0 ? PARTICIPANT_ROLES.length : index;
  };
  return [...new Set(roles)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

// Intervals cost several Intl calls each and most events share a handful of dates and zones.
// Two generations, so that filling up drops only what was not used since the last time (20 years
// of days in a dozen zones are more than one generation holds).
let intervals = new Map<string, TemporalInterval>();
let olderIntervals = new Map<string, TemporalInterval>();
const INTERVALS_PER_GENERATION = 100_000;

function interval(point: TemporalPoint): TemporalInterval {
  const key = `${point.value}|${point.precision}|${point.timeZone}`;
  let found = intervals.get(key);
  if (!found) {
    found = olderIntervals.get(key) ?? temporalInterval(point);
    if (intervals.size >= INTERVALS_PER_GENERATION) {
      olderIntervals = intervals;
      intervals = new Map();
    }
    intervals.set(key, found);
  }
  return found;
}
