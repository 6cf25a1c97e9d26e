import type { EventSource } from './event-types';

/**
 * How well an event is corroborated: how many sources report it and how many distinct publishers
 * those are. Two articles of one agency are two sources but one publisher, and "Reuters" typed by
 * one editor and " reuters" by another are one publisher: publishers are compared after trimming,
 * case-insensitively (and with Unicode compatibility forms folded, so that full-width or composed
 * spellings meet), and each is shown as first spelled.
 */

/** Distinct sources by id (an event's sources have distinct ids: the decider keeps them so). */
export function sourceCount(sources: readonly EventSource[]): number {
  return new Set(sources.map((source) => source.sourceId)).size;
}

/** The key publishers are compared by. */
export function publisherKey(publisher: string): string {
  return publisher.normalize('NFKC').trim().toLocaleLowerCase('und');
}

/** Distinct publishers in the order they first appear, each trimmed and as first spelled. */
export function distinctPublishers(sources: readonly EventSource[]): string[] {
  const seen = new Map<string, string>();
  for (const source of sources) {
    const key = publisherKey(source.publisher);
    if (key !== '' && !seen.has(key)) seen.set(key, source.publisher.trim());
  }
  return [...seen.values()];
}
