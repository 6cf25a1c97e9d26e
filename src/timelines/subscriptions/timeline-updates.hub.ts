import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DATABASE_URL } from '../../database/database.module';
import { LogNotifications } from '../../event-store/log-notifications';
import { TIMELINE_CHANGES_CHANNEL } from '../projection/projection-keys';
import { parseTimelineChange, type TimelineChange } from '../projection/timeline-change';
import { TimelineQueries, type TimelineFilter } from '../queries';
import { nodeModel } from '../timeline-node.mapping';
import type { TimelineUpdate } from './timeline-update.model';

interface Subscriber {
  filter: TimelineFilter;
  push(update: TimelineUpdate): void;
}

/**
 * Fans timeline changes out to this instance's subscribers. The projector announces each change
 * with a NOTIFY once it is committed to the read model, so every instance hears about changes
 * written through any other. Each change is matched once per distinct filter (one indexed query
 * restricted to that event), not once per subscriber.
 */
@Injectable()
export class TimelineUpdatesHub implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('TimelineUpdates');
  private readonly byFilter = new Map<string, Set<Subscriber>>();
  private readonly notifications: LogNotifications;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    @Inject(DATABASE_URL) url: string,
    private readonly queries: TimelineQueries,
  ) {
    this.notifications = new LogNotifications(url, (error) => this.logger.warn(`LISTEN: ${error.message}`), TIMELINE_CHANGES_CHANNEL);
  }

  async onModuleInit(): Promise<void> {
    this.notifications.onCommit((payload) => {
      const change = payload === undefined ? undefined : parseTimelineChange(payload);
      // In order, one at a time: a subscriber hears an event's versions in the order they came.
      if (change) this.chain = this.chain.then(() => this.deliver(change)).catch((error: Error) => this.logger.error(error));
    });
    await this.notifications.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.notifications.stop();
  }

  subscribe(filter: TimelineFilter, push: (update: TimelineUpdate) => void): () => void {
    const key = JSON.stringify(filter);
    const subscriber = { filter, push };
    const set = this.byFilter.get(key) ?? new Set<Subscriber>();
    set.add(subscriber);
    this.byFilter.set(key, set);
    return () => {
      set.delete(subscriber);
      if (set.size === 0) this.byFilter.delete(key);
    };
  }

  get subscriberCount(): number {
    return [...this.byFilter.values()].reduce((sum, set) => sum + set.size, 0);
  }

  private async deliver(change: TimelineChange): Promise<void> {
    for (const subscribers of [...this.byFilter.values()]) {
      const first = subscribers.values().next().value;
      if (!first) continue;
      // The version announced, as it was when it was current: matched and delivered as such.
      const page = await this.queries.timeline(
        { ...first.filter, eventIds: [change.eventId] },
        { includeRetracted: true, first: 1, asOf: new Date(change.recordedAt) },
      );
      const node = page.edges[0]?.node;
      if (!node) continue;
      const update: TimelineUpdate = { change: change.change, position: change.position, event: nodeModel(node) };
      for (const subscriber of subscribers) subscriber.push(update);
    }
  }
}
