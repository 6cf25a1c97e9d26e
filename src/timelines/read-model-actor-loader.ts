import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { Actor } from '../graphql/models/actor.model';
import { TimelineQueries } from './queries';
import { actorRecordModel, type ReadSideActor } from './timeline-node.mapping';

/** Look-ups in one statement at most: a page's participants, or the actors of several pages. */
const MAX_BATCH = 500;

/** Merges followed at most when resolving a participant to its survivor (chains are short). */
const MAX_MERGE_DEPTH = 8;

/**
 * The read side's actors, from the read model (never the log), batched per request into one
 * statement per moment asked about: the actor as known at `asOf`, or now.
 */
@Injectable()
export class ReadModelActorLoader {
  private readonly loaders = new WeakMap<object, DataLoader<string, ReadSideActor | null>>();

  constructor(private readonly queries: TimelineQueries) {}

  /** The actor as the read model knew it at asOf (or knows it now); null when it did not. */
  load(request: object, actorId: string, asOf?: Date | null): Promise<ReadSideActor | null> {
    return this.forRequest(request).load(`${asOf ? asOf.toISOString() : ''}|${actorId.toLowerCase()}`);
  }

  /** Who a participant is now: the actor, or the survivor it was merged into. */
  async survivorOf(request: object, actorId: string): Promise<Actor | null> {
    let actor = await this.load(request, actorId);
    for (let depth = 0; actor?.mergedInto && depth < MAX_MERGE_DEPTH; depth += 1)
      actor = (await this.load(request, actor.mergedInto)) ?? actor;
    return actor;
  }

  private forRequest(request: object): DataLoader<string, ReadSideActor | null> {
    let loader = this.loaders.get(request);
    if (!loader) {
      loader = new DataLoader((keys) => this.batch(keys), { maxBatchSize: MAX_BATCH });
      this.loaders.set(request, loader);
    }
    return loader;
  }

  private async batch(keys: readonly string[]): Promise<Array<ReadSideActor | null>> {
    const byMoment = new Map<string, string[]>();
    for (const key of keys) {
      const [moment, actorId] = key.split('|') as [string, string];
      byMoment.set(moment, [...(byMoment.get(moment) ?? []), actorId]);
    }
    const found = new Map<string, ReadSideActor>();
    await Promise.all(
      [...byMoment].map(async ([moment, actorIds]) => {
        const asOf = moment === '' ? undefined : new Date(moment);
        const records = await this.queries.actorsByIds(actorIds, asOf ? { asOf } : {});
        for (const [actorId, record] of records) found.set(`${moment}|${actorId}`, actorRecordModel(record, asOf));
      }),
    );
    return keys.map((key) => found.get(key) ?? null);
  }
}
