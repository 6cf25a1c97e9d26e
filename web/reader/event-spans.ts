// Where an event sits in valid time, at the precision its source gives: the service answers each
// point's interval (intervalStart inclusive, intervalEnd exclusive, in UTC), so a month-precise
// date covers its month and a year its year. Pure; tested in test/web/.
import type { PointText, TimelineEvent } from './queries';

export type Span = { type: 'point'; start: Date; end?: undefined } | { type: 'range'; start: Date; end: Date };

/** The part of an event these functions read. */
export type SpannedEvent = Pick<TimelineEvent, 'eventId' | 'kind' | 'status' | 'start' | 'end' | 'participants'>;

/** A timeline item (vis-timeline's DataItem, less its content), one per event or per participant. */
export interface SpanItem {
  id: string;
  eventId: string;
  group: string;
  type: Span['type'];
  start: Date;
  end?: Date;
  className: string;
}

export interface SpanGroup {
  id: string;
  label: string;
  order: number;
}

/**
 * The span to draw: a range from the start's interval start to the end's interval end (or the
 * start's own interval end when there is no end date). A point in time (MINUTE precision without
 * an end) is drawn as a point.
 */
export function spanOf(event: Pick<TimelineEvent, 'start' | 'end'>): Span {
  const start = new Date(event.start.intervalStart);
  if (!event.end && event.start.precision === 'MINUTE') return { type: 'point', start };
  const end = new Date((event.end ?? event.start).intervalEnd);
  return { type: 'range', start, end };
}

/** How a date reads at its precision: 2022, 2022-07, 2022-07-19, 2022-07-19 14:30 (Asia/Tehran). */
export function describePoint(point: PointText | null | undefined): string {
  if (!point) return '';
  const value = point.precision === 'MINUTE' ? point.value.replace('T', ' ') : point.value;
  return point.timeZone && point.timeZone !== 'UTC' && point.precision !== 'YEAR' && point.precision !== 'MONTH'
    ? `${value} (${point.timeZone})`
    : value;
}

/** The valid-time interval of an event, as text: one date, or "from – to". */
export function describeWhen(event: { start: PointText; end?: PointText | null }): string {
  return event.end ? `${describePoint(event.start)} – ${describePoint(event.end)}` : describePoint(event.start);
}

/**
 * The timeline's items for a page of events: one per event grouped by kind, or one per
 * participant grouped by actor (an event then shows in each of its actors' rows).
 */
export function itemsOf(events: readonly SpannedEvent[], groupBy: string): SpanItem[] {
  const items: SpanItem[] = [];
  for (const event of events) {
    const span = spanOf(event);
    const base = {
      eventId: event.eventId,
      type: span.type,
      start: span.start,
      ...(span.end ? { end: span.end } : {}),
      className: `kind-${event.kind.toLowerCase()} precision-${event.start.precision.toLowerCase()}${event.status === 'RETRACTED' ? ' retracted' : ''}`,
    };
    if (groupBy === 'actor') {
      const actorIds = [...new Set(event.participants.map((participant) => participant.actorId))];
      for (const actorId of actorIds) items.push({ ...base, id: `${event.eventId}|${actorId}`, group: actorId });
      if (!actorIds.length) items.push({ ...base, id: event.eventId, group: '(none)' });
    } else {
      items.push({ ...base, id: event.eventId, group: event.kind });
    }
  }
  return items;
}

/** The rows for the items: the kinds in a fixed order, or the actors by name. */
export function groupsOf(events: readonly Pick<TimelineEvent, 'participants'>[], groupBy: string): SpanGroup[] {
  if (groupBy !== 'actor') {
    return ['MEETING', 'STATEMENT', 'AGREEMENT'].map((kind, order) => ({ id: kind, label: kindLabel(kind), order }));
  }
  const names = new Map<string, string>();
  for (const event of events) {
    for (const participant of event.participants) {
      if (!names.has(participant.actorId))
        names.set(participant.actorId, participant.actor?.name ?? participant.actorId);
    }
    if (!event.participants.length) names.set('(none)', 'No participant');
  }
  return [...names].sort((a, b) => a[1].localeCompare(b[1])).map(([id, label], order) => ({ id, label, order }));
}

const KIND_LABELS: Readonly<Record<string, string>> = {
  MEETING: 'Meetings',
  STATEMENT: 'Statements',
  AGREEMENT: 'Agreements',
};

export function kindLabel(kind: string): string {
  return Object.hasOwn(KIND_LABELS, kind) ? KIND_LABELS[kind] : kind;
}
