import { Args, Resolver, Subscription } from '@nestjs/graphql';
import { TimelineFilterInput } from '../dto/timeline-filter.input';
import { toTimelineFilter } from '../timeline-args.mapping';
import { TimelineUpdatesHub } from './timeline-updates.hub';
import { TimelineUpdate } from './timeline-update.model';

@Resolver()
export class TimelineUpdatesResolver {
  constructor(private readonly hub: TimelineUpdatesHub) {}

  @Subscription(() => TimelineUpdate, {
    description: 'Each new, revised, retracted or restored event matching the filter, once it is in the read model',
    resolve: (update: TimelineUpdate) => update,
  })
  timelineUpdated(@Args('filter', { type: () => TimelineFilterInput, nullable: true }) filter?: TimelineFilterInput): AsyncIterableIterator<TimelineUpdate> {
    return updates(this.hub, toTimelineFilter(filter));
  }
}

/** An async iterator over the hub's pushes that unsubscribes when the client goes away. */
function updates(hub: TimelineUpdatesHub, filter: ReturnType<typeof toTimelineFilter>): AsyncIterableIterator<TimelineUpdate> {
  const queue: TimelineUpdate[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  const unsubscribe = hub.subscribe(filter, (update) => {
    queue.push(update);
    wake?.();
  });
  const finish = (): Promise<IteratorResult<TimelineUpdate>> => {
    done = true;
    unsubscribe();
    wake?.();
    return Promise.resolve({ value: undefined, done: true });
  };
  const iterator: AsyncIterableIterator<TimelineUpdate> = {
    async next() {
      while (queue.length === 0 && !done) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      if (done) return { value: undefined, done: true };
      return { value: queue.shift()!, done: false };
    },
    return: finish,
    throw: (error: unknown) => finish().then(() => Promise.reject(error)),
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
