import { Injectable } from '@nestjs/common';
import { actorStreamId, evolveActor, initialActorState, type ActorEvent } from '../diplomacy';
import { LogReader } from '../event-store/log-reader';
import type { Actor } from '../graphql/models/actor.model';
import { actorModel } from '../graphql/models/to-model';
import { TimelineQueries } from './queries';
import { actorRecordModel } from './timeline-node.mapping';

/**
 * One version of an actor as it was recorded, for node(id): from the read model's actor_versions.
 * A database migrated from before that table holds only each actor's current version until a
 * rebuild, so a version the read model lacks is folded from the actor's stream in the log up to
 * that version (a short stream: registration, revisions, a merge).
 */
@Injectable()
export class ActorVersions {
  constructor(
    private readonly queries: TimelineQueries,
    private readonly log: LogReader,
  ) {}

  async at(actorId: string, version: number): Promise<Actor | null> {
    const recorded = await this.queries.actorVersion(actorId, version);
    if (recorded) return actorRecordModel(recorded);
    return this.fromLog(actorId, version);
  }

  private async fromLog(actorId: string, version: number): Promise<Actor | null> {
    const stored = await this.log.readStream(actorStreamId(actorId), { toVersion: version });
    if (stored.at(-1)?.streamVersion !== version) return null;
    const state = stored.reduce((s, event) => evolveActor(s, event as unknown as ActorEvent), initialActorState());
    return state.status === 'NOT_REGISTERED' ? null : actorModel(state, version);
  }
}
