import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import type { Pool } from 'pg';
import { DATABASE_URL, READ_POOL, READ_ROUTER } from '../../database/database.module';
import type { ReadRouter } from '../../database/read-replicas/read-router';
import { LogNotifications } from '../../event-store/log-notifications';
import { ActiveSchema } from '../projection/active-schema';
import { ProjectionStatus } from '../projection/projection-status';
import { TIMELINE_CHANGES_CHANNEL } from '../projection/projection-keys';
import { CATCH_UP_NOTICE, parseTimelineChange, type TimelineChange } from '../projection/timeline-change';
import { QueryInputError, TimelineQueries, type TimelineFilter } from '../queries';
import { checkFilter, type CheckedFilter } from '../queries/query-validation';
import { nodeModel } from '../timeline-node.mapping';
import { mayMatch, readVersionFacets } from './change-facets';
import { projectedUpTo, readChangesAfter, type LogPlace } from './missed-changes';
import type { TimelineUpdate } from './timeline-update.model';

export interface Subscriber {
  push(update: TimelineUpdate): void;
  /** The subscription cannot go on (its filter could not be matched): end it with this error. */
  fail(error: GraphQLError): void;
}

interface FilterGroup {
  filter: TimelineFilter;
  checked: CheckedFilter;
  subscribers: Set<Subscriber>;
}

/** Filters matched at once for one change: the pool serves queries too. */
const MATCH_CONCURRENCY = 4;
/** Versions remembered as delivered, so that a catch-up and a late notification do not repeat one. */
const REMEMBERED = 10_000;

/**
 * Fans timeline changes out to this instance's subscribers. The projector announces each change
 * with a NOTIFY once it is committed to the read model, so every instance hears about changes
 * written through any other. Each change is matched once per distinct filter that may match it
 * (one indexed query restricted to that event; the filters its kind, CAMEO code, topics or
 * countries rule out cost nothing), not once per subscriber; one filter's failure ends only its own
 * subscribers. Notifications sent while the LISTEN connection was down are lost, so after a
 * reconnect the hub re-reads the changes projected after the last one it handled; so it does when a
 * rebuild's swap had too many changes to announce each (CATCH_UP_NOTICE).
 */
@Injectable()
export class TimelineUpdatesHub implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('TimelineUpdates');
  private readonly groups = new Map<string, FilterGroup>();
  private readonly notifications: LogNotifications;
  private readonly delivered = new Set<string>();
  private chain: Promise<void> = Promise.resolve();
  /** The last change handled, in log order: where a catch-up starts. */
  private handledUpTo: LogPlace | undefined;

  constructor(
    @Inject(DATABASE_URL) url: string,
    @Inject(READ_POOL) private readonly pool: Pool,
    private readonly queries: TimelineQueries,
    private readonly activeSchema: ActiveSchema,
    private readonly status: ProjectionStatus,
    @Inject(READ_ROUTER) private readonly router: ReadRouter | null,
  ) {
    this.notifications = new LogNotifications(
      url,
      (error) => this.logger.warn(`LISTEN: ${error.message}`),
      TIMELINE_CHANGES_CHANNEL,
    );
  }

  async onModuleInit(): Promise<void> {
    this.notifications.onCommit((payload) => {
      // In order, one at a time: a subscriber hears an event's versions in the order they came.
      // A lost connection, or a rebuild's swap with too many changes to announce each.
      if (payload === undefined || payload === CATCH_UP_NOTICE) this.enqueue(() => this.catchUp());
      else {
        const change = parseTimelineChange(payload);
        if (change) this.enqueue(() => this.handle(change));
      }
    });
    await this.notifications.start();
    const start = await projectedUpTo(this.pool, await this.activeSchema.get());
    this.handledUpTo ??= start;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.notifications.stop();
  }

  /** Throws QueryInputError (BAD_USER_INPUT with the field) for a filter the timeline query would refuse. */
  subscribe(filter: TimelineFilter, subscriber: Subscriber): () => void {
    const checked = checkFilter(filter);
    const key = JSON.stringify(checked);
    const group = this.groups.get(key) ?? { filter, checked, subscribers: new Set<Subscriber>() };
    group.subscribers.add(subscriber);
    this.groups.set(key, group);
    return () => {
      group.subscribers.delete(subscriber);
      if (group.subscribers.size === 0 && this.groups.get(key) === group) this.groups.delete(key);
    };
  }

  get subscriberCount(): number {
    return [...this.groups.values()].reduce((sum, group) => sum + group.subscribers.size, 0);
  }

  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain.then(work).catch((error: Error) => this.logger.error(error));
  }

  private async catchUp(): Promise<void> {
    // Read afresh: a swap's notice may arrive before the cached schema has heard of the swap.
    let schema = await this.activeSchema.reread();
    if (this.groups.size === 0 || this.handledUpTo === undefined) {
      this.handledUpTo = await projectedUpTo(this.pool, schema); // nobody listening: nothing to catch up
      return;
    }
    let more = true;
    for (let swapped = 0; more;) {
      let page: Awaited<ReturnType<typeof readChangesAfter>>;
      try {
        page = await readChangesAfter(this.pool, schema, this.handledUpTo);
      } catch (error) {
        // Another rebuild swapped and dropped the generation this catch-up was reading: go on
        // from the same place in the one active now.
        if ((error as { code?: unknown }).code !== '42P01' || swapped >= 3) throw error;
        swapped += 1;
        schema = await this.activeSchema.reread();
        continue;
      }
      for (const change of page.changes) await this.handle(change);
      this.handledUpTo = page.last;
      more = page.more;
    }
  }

  private async handle(change: TimelineChange): Promise<void> {
    const key = `${change.eventId}:${change.version}`;
    // A notification that arrives after a catch-up already delivered its change is behind the
    // place the catch-up reached: it must not move that place back.
    if (this.delivered.has(key)) return;
    this.handledUpTo = { position: change.position };
    this.delivered.add(key);
    if (this.delivered.size > REMEMBERED) this.delivered.delete(this.delivered.values().next().value!);
    if (this.groups.size === 0) return;
    // Without the facets (a failed read), every filter is matched by its query, as before.
    const facets = await this.facetsOf(change);
    const groups = [...this.groups.entries()].filter(([, group]) => !facets || mayMatch(group.checked, facets));
    const deliver = () =>
      forEachBounded(groups, MATCH_CONCURRENCY, ([groupKey, group]) => this.deliverTo(groupKey, group, change));
    if (!this.router || groups.length === 0) return deliver();
    // With replicas: re-read on one whose read model has the change already, else on the primary.
    const replica = await this.status.replicaCovering(BigInt(change.position));
    return this.router.runOn(replica ?? this.router.primary, deliver);
  }

  /**
   * The changes a rebuild's swap lists are only in the new generation, and may arrive before the
   * cached schema hears of the swap (another connection's notification): a version missing from
   * the cached generation (or a read of it failing, dropped meanwhile) re-reads the active schema,
   * so that the facets here and the page in deliverTo are read from the new one.
   */
  private async facetsOf(change: TimelineChange) {
    const read = (schema: string) =>
      readVersionFacets(this.pool, schema, change.eventId, change.version).catch(() => undefined);
    const cached = await this.activeSchema.get();
    const facets = await read(cached);
    if (facets) return facets;
    const active = await this.activeSchema.reread().catch(() => cached);
    return active === cached ? undefined : read(active);
  }

  private async deliverTo(key: string, group: FilterGroup, change: TimelineChange): Promise<void> {
    try {
      // The version announced, as it was when it was current: matched and delivered as such.
      const recordedAt = new Date(change.recordedAt);
      const page = await this.queries.timeline(
        { ...group.filter, eventIds: [change.eventId] },
        { includeRetracted: true, first: 1, asOf: recordedAt },
      );
      const node = page.edges[0]?.node;
      if (!node) return;
      const update: TimelineUpdate = {
        change: change.change,
        position: change.position,
        event: nodeModel(node, recordedAt),
      };
      for (const subscriber of group.subscribers) subscriber.push(update);
    } catch (error) {
      this.logger.warn(
        `Ending the subscriptions of filter ${key}: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (this.groups.get(key) === group) this.groups.delete(key);
      const ended = endedBy(error);
      for (const subscriber of group.subscribers) subscriber.fail(ended);
    }
  }
}

function endedBy(error: unknown): GraphQLError {
  if (error instanceof QueryInputError) {
    return new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', field: error.field } });
  }
  // PostgreSQL's data exceptions (class 22: a NUL in a text, a value out of range) come from the filter.
  const sqlState = (error as { code?: unknown } | null)?.code;
  if (typeof sqlState === 'string' && sqlState.startsWith('22')) {
    return new GraphQLError(
      'the filter holds a value the timeline cannot be searched with; the subscription was ended',
      {
        extensions: { code: 'BAD_USER_INPUT', field: 'filter' },
      },
    );
  }
  return new GraphQLError('this subscription could not be matched against a change and was ended; subscribe again', {
    extensions: { code: 'SERVICE_UNAVAILABLE' },
  });
}

async function forEachBounded<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
