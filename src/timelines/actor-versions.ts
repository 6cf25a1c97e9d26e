import { Injectable } from '@nestjs/common';
import { actorStreamId, evolveActor, initialActorState, type ActorEvent } from '../diplomacy';
import { LogReader } from '../event-store/log-reader';
import type { Actor } from '../graphql/models/actor.model';
import { actorModel } from '../graphql/models/to-model';
import { TimelineQueries } from './queries';
import { actorRecordModel } from './timeline-node.mapping';

/**
 * One version of an actor as it was recorded, for node(id). The read model keeps only each actor's
 * current version: that one is answered from it, an older one by folding the actor's stream in the
 * log up to that version (a short stream: registration, revisions, a merge). When the read model
 * keeps actor versions with their record time, `older` reads them there instead.
 */
@Injectable()
export class ActorVersions {
  constructor(
    private readonly queries: TimelineQueries,
    private readonly log: LogReader,
  ) {}

  async at(actorId: string, version: number): Promise<Actor | null> {
    const current = await this.queries.actorById(actorId);
    if (current && current.version === version) return actorRecordModel(current);
    return this.older(actorId, version);
  }

  private async older(actorId: string, version: number): Promise<Actor | null> {
    const stored = await this.log.readStream(actorStreamId(actorId), { toVersion: version });
    if (stored.at(-1)?.streamVersion !== version) return null;
    const state = stored.reduce((s, event) => evolveActor(s, event as unknown as ActorEvent), initialActorState());
    return state.status === 'NOT_REGISTERED' ? null : actorModel(state, version);
  }
}
