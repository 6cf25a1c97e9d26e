import { Inject } from '@nestjs/common';
import { Args, Context, Resolver, Subscription } from '@nestjs/graphql';
import type { GraphQLError } from 'graphql';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import { WS_CLOSE } from '../../subscriptions-server/close-codes';
import type { WsConnection } from '../../subscriptions-server/ws-context';
import { TimelineFilterInput } from '../dto/timeline-filter.input';
import { toTimelineFilter } from '../timeline-args.mapping';
import { TimelineUpdatesHub } from './timeline-updates.hub';
import { TimelineUpdate } from './timeline-update.model';

@Resolver()
export class TimelineUpdatesResolver {
  constructor(
    private readonly hub: TimelineUpdatesHub,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Subscription(() => TimelineUpdate, {
    description:
      'Each change to an event matching the filter, once it is in the read model: recorded, revised, retracted or restored, its sources, links or agreement status changed, or merged: a duplicate merged into another event (MERGED: off the default timeline, mergedIntoId set) or split off it again (SPLIT); the survivor gaining or giving back sources in a merge or a split is a SOURCES change',
    resolve: (update: TimelineUpdate) => update,
  })
  timelineUpdated(
    @Args('filter', { type: () => TimelineFilterInput, nullable: true }) filter: TimelineFilterInput | undefined,
    @Context() context: { connection?: WsConnection },
  ): AsyncIterableIterator<TimelineUpdate> {
    // The filter is checked here, as the timeline query checks it: a bad one is refused at subscribe.
    return updates(this.hub, toTimelineFilter(filter), this.config.ws.maxQueuedUpdates, () =>
      context.connection?.close(WS_CLOSE.slowConsumer.code, WS_CLOSE.slowConsumer.reason),
    );
  }
}

/**
 * An async iterator over the hub's pushes that unsubscribes when the client goes away. Updates wait
 * here while the socket cannot take them; a client that stops reading would make them pile up
 * without end, so past `maxQueued` the subscription ends and its socket is closed (slow consumer).
 */
function updates(
  hub: TimelineUpdatesHub,
  filter: ReturnType<typeof toTimelineFilter>,
  maxQueued: number,
  onSlowConsumer: () => void,
): AsyncIterableIterator<TimelineUpdate> {
  const queue: TimelineUpdate[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  let failure: GraphQLError | undefined;
  const finish = (): Promise<IteratorResult<TimelineUpdate>> => {
    done = true;
    queue.length = 0;
    unsubscribe();
    wake?.();
    return Promise.resolve({ value: undefined, done: true });
  };
  const unsubscribe = hub.subscribe(filter, {
    push: (update) => {
      if (done) return;
      if (queue.length >= maxQueued) {
        void finish();
        onSlowConsumer();
        return;
      }
      queue.push(update);
      wake?.();
    },
    fail: (error) => {
      failure = error;
      unsubscribe();
      wake?.();
    },
  });
  const iterator: AsyncIterableIterator<TimelineUpdate> = {
    async next() {
      while (queue.length === 0 && !done && !failure) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      if (queue.length > 0) return { value: queue.shift()!, done: false };
      if (failure && !done) {
        done = true;
        throw failure;
      }
      return { value: undefined, done: true };
    },
    return: finish,
    throw: (error: unknown) => finish().then(() => Promise.reject(error)),
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
