import { unstorableTextProblem } from '../../input/storable-text';
import { QueryInputError } from '../../input/query-input-error';

/**
 * Cursors are opaque to clients but are plain keyset keys inside: the row's sort key, not its
 * offset, so a cursor stays valid while events are added before it and works in either order.
 * A prefix tells timeline and actor cursors apart, so one is never taken for the other.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Microseconds, as PostgreSQL keeps them: a millisecond cursor could fall between two rows. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;
/** Longer than any sort name the read model keeps; the cursor itself is capped at 1,000 characters. */
const MAX_SORT_NAME = 700;

export type TimelineKey = { validFrom: string; eventId: string };
export type ActorKey = { sortName: string; actorId: string };
/** A change's key: the record time of the event's version at the window's end (microseconds), then its id. */
export type ChangeKey = { recordedFrom: string; eventId: string };

const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

function decode(cursor: unknown, field: string, prefix: string): string {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new QueryInputError(field, 'is not a cursor from this query');
  }
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(prefix)) throw new QueryInputError(field, 'is not a cursor from this query');
  return text.slice(prefix.length);
}

export function encodeTimelineCursor(key: TimelineKey): string {
  return encode(`t1|${key.validFrom}|${key.eventId}`);
}

export function decodeTimelineCursor(cursor: unknown, field: string): TimelineKey {
  const [validFrom = '', eventId = '', ...rest] = decode(cursor, field, 't1|').split('|');
  if (rest.length > 0 || !isRealInstant(validFrom) || !UUID.test(eventId)) {
    throw new QueryInputError(field, 'is not a cursor from this query');
  }
  return { validFrom, eventId };
}

export function encodeChangeCursor(key: ChangeKey): string {
  return encode(`c1|${key.recordedFrom}|${key.eventId}`);
}

export function decodeChangeCursor(cursor: unknown, field: string): ChangeKey {
  const [recordedFrom = '', eventId = '', ...rest] = decode(cursor, field, 'c1|').split('|');
  if (rest.length > 0 || !isRealInstant(recordedFrom) || !UUID.test(eventId)) {
    throw new QueryInputError(field, 'is not a cursor from this query');
  }
  return { recordedFrom, eventId };
}

/**
 * Cursors come back from clients, so they can be forged: the date must be one the calendar has
 * (not 30 February, not year 0), or PostgreSQL would refuse the statement instead of the cursor.
 */
function isRealInstant(text: string): boolean {
  const parts = INSTANT.exec(text)?.slice(1).map(Number);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts as [number, number, number, number, number, number];
  if (year < 1 || hour > 23 || minute > 59 || second > 59) return false;
  const date = new Date(0);
  // setUTCFullYear rolls 30 February over into March (and, unlike Date.UTC, takes year 50 as 50):
  // a real date survives the round trip unchanged.
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function encodeActorCursor(key: ActorKey): string {
  return encode(`a1|${key.actorId}|${key.sortName}`);
}

export function decodeActorCursor(cursor: unknown, field: string): ActorKey {
  const text = decode(cursor, field, 'a1|');
  const actorId = text.slice(0, 36);
  const sortName = text.slice(37);
  if (!UUID.test(actorId) || text[36] !== '|' || !isSaneSortName(sortName)) {
    throw new QueryInputError(field, 'is not a cursor from this query');
  }
  return { actorId, sortName };
}

/** What the read model's sort names can be: storable text of bounded length. */
function isSaneSortName(sortName: string): boolean {
  return sortName.length <= MAX_SORT_NAME && unstorableTextProblem(sortName) === undefined;
}
