/** Stream ids as the event store sees them; the part before the first '-' is the stream type. */
export const actorStreamId = (actorId: string): string => `actor-${actorId}`;
export const eventStreamId = (eventId: string): string => `event-${eventId}`;

export function idFromStreamId(streamId: string): { type: 'actor' | 'event'; id: string } | undefined {
  const match = /^(actor|event)-(.+)$/.exec(streamId);
  return match ? { type: match[1] as 'actor' | 'event', id: match[2]! } : undefined;
}
