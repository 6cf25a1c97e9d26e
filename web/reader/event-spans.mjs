// Where an event sits in valid time, at the precision its source gives: the service answers each
// point's interval (intervalStart inclusive, intervalEnd exclusive, in UTC), so a month-precise
// date covers its month and a year its year. Pure; tested in test/web/.

/**
 * The span to draw: a range from the start's interval start to the end's interval end (or the
 * start's own interval end when there is no end date). A point in time (MINUTE precision without
 * an end) is drawn as a point.
 */
export function spanOf(event) {
  const start = new Date(event.start.intervalStart);
  if (!event.end && event.start.precision === 'MINUTE') return { type: 'point', start };
  const end = new Date((event.end ?? event.start).intervalEnd);
  return { type: 'range', start, end };
}

/** How a date reads at its precision: 2022, 2022-07, 2022-07-19, 2022-07-19 14:30 (Asia/Tehran). */
export function describePoint(point) {
  if (!point) return '';
  const value = point.precision === 'MINUTE' ? point.value.replace('T', ' ') : point.value;
  return point.timeZone && point.timeZone !== 'UTC' && point.precision !== 'YEAR' && point.precision !== 'MONTH'
    ? `${value} (${point.timeZone})`
    : value;
}

/** The valid-time interval of an event, as text: one date, or "from – to". */
export function describeWhen(event) {
  return event.end ? `${describePoint(event.start)} – ${describePoint(event.end)}` : describePoint(event.start);
}

/**
 * The timeline's items for a page of events: one per event grouped by kind, or one per
 * participant grouped by actor (an event then shows in each of its actors' rows).
 */
export function itemsOf(events, groupBy) {
  const items = [];
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
export function groupsOf(events, groupBy) {
  if (groupBy !== 'actor') {
    return ['MEETING', 'STATEMENT', 'AGREEMENT'].map((kind, order) => ({ id: kind, label: kindLabel(kind), order }));
  }
  const names = new Map();
  for (const event of events) {
    for (const participant of event.participants) {
      if (!names.has(participant.actorId))
        names.set(participant.actorId, participant.actor?.name ?? participant.actorId);
    }
    if (!event.participants.length) names.set('(none)', 'No participant');
  }
  return [...names].sort((a, b) => a[1].localeCompare(b[1])).map(([id, label], order) => ({ id, label, order }));
}

export function kindLabel(kind) {
  return { MEETING: 'Meetings', STATEMENT: 'Statements', AGREEMENT: 'Agreements' }[kind] ?? kind;
}
