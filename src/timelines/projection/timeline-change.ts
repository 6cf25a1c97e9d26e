/**
 * What the projection announces on TIMELINE_CHANGES_CHANNEL when a diplomatic event got a new
 * version. GraphQL subscriptions on every instance listen to it and read the new version from the
 * read model, which is committed by the time the notification is delivered.
 */
export const TIMELINE_CHANGE_KINDS = [
  'RECORDED',
  'REVISED',
  'RETRACTED',
  'RESTORED',
  'SOURCES',
  'LINKED',
  'STATUS',
  'MERGED',
  'SPLIT',
] as const;
export type TimelineChangeKind = (typeof TIMELINE_CHANGE_KINDS)[number];

export interface TimelineChange {
  eventId: string;
  /** The version now current (the stream version of the log entry that made it). */
  version: number;
  /** Global log position of that entry, as a decimal string (a bigint). */
  position: string;
  change: TimelineChangeKind;
  /** When the log recorded it: the version's recorded_from, so a listener can read that version (asOf). */
  recordedAt: string;
}

/** The log event types that make a new version of a diplomatic event, and how each is announced. */
export const CHANGE_OF_EVENT_TYPE: Readonly<Record<string, TimelineChangeKind>> = {
  EventRecorded: 'RECORDED',
  EventRevised: 'REVISED',
  EventRetracted: 'RETRACTED',
  EventRestored: 'RESTORED',
  SourceAttached: 'SOURCES',
  SourceDetached: 'SOURCES',
  // A report brings its sources (and one more to reportCount): announced as a change of sources.
  ReportAttached: 'SOURCES',
  EventsLinked: 'LINKED',
  AgreementStatusChanged: 'STATUS',
  // A duplicate leaves the timeline, or comes back; its survivor's sources change.
  EventMerged: 'MERGED',
  EventSplit: 'SPLIT',
  EventAbsorbed: 'SOURCES',
  EventReleased: 'SOURCES',
};

/**
 * Sent on TIMELINE_CHANGES_CHANNEL instead of the changes themselves when there are too many to
 * announce one by one (a rebuild's swap over a generation far behind): a listener re-reads what
 * the active generation projected after the last change it handled, at its own pace, as after a
 * lost LISTEN connection. Not JSON, so parseTimelineChange never takes it for a change.
 */
export const CATCH_UP_NOTICE = 'catch-up';

export function encodeTimelineChange(change: TimelineChange): string {
  return JSON.stringify({
    eventId: change.eventId,
    version: change.version,
    position: change.position,
    change: change.change,
    recordedAt: change.recordedAt,
  });
}

export function parseTimelineChange(payload: string): TimelineChange | undefined {
  try {
    const value = JSON.parse(payload) as Partial<TimelineChange>;
    if (
      typeof value.eventId !== 'string' ||
      typeof value.version !== 'number' ||
      typeof value.position !== 'string' ||
      typeof value.recordedAt !== 'string' ||
      !TIMELINE_CHANGE_KINDS.includes(value.change as TimelineChangeKind)
    ) {
      return undefined;
    }
    return {
      eventId: value.eventId,
      version: value.version,
      position: value.position,
      change: value.change as TimelineChangeKind,
      recordedAt: value.recordedAt,
    };
  } catch {
    return undefined;
  }
}
