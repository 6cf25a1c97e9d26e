import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { MERGE_LIMITS } from '../diplomacy';
import { DiplomaticEvent } from '../graphql/models/diplomatic-event.model';
import { TimelineQueries } from './queries';
import { nodeModel } from './timeline-node.mapping';

/** A merged duplicate's survivor, read from the read model as known at the moment the duplicate was read. */
@Resolver(() => DiplomaticEvent)
export class MergedEventResolver {
  constructor(private readonly queries: TimelineQueries) {}

  @ResolveField(() => DiplomaticEvent, {
    nullable: true,
    description:
      'While this event is merged: the event it lives on in (the end of a chain of merges), as known at the same moment',
  })
  async mergedInto(@Parent() event: DiplomaticEvent): Promise<DiplomaticEvent | null> {
    const asOf = event.knownAt ? { asOf: event.knownAt } : {};
    let next = event.mergedIntoId ?? undefined;
    const seen = new Set([event.eventId]);
    for (let step = 0; next !== undefined && !seen.has(next) && step < MERGE_LIMITS.duplicates; step += 1) {
      seen.add(next);
      const node = await this.queries.eventById(next, asOf);
      if (!node) return null;
      if (node.doc.mergedInto === undefined) return nodeModel(node, event.knownAt);
      next = node.doc.mergedInto;
    }
    return null;
  }
}
