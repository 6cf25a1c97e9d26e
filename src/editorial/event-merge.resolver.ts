import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, RequestId, RequireRole, type Principal } from '../access/principal';
import type { Actor } from '../graphql/models/actor.model';
import { diplomaticEventModel } from '../graphql/models/to-model';
import { ActorLoader } from './actor-loader.service';
import { MergeEventsInput, SplitEventInput } from './dto/event-merge.input';
import type { EventCommandResult } from './event-commands.service';
import { EventMergeService } from './event-merge.service';
import { MergeEventsResult, SplitEventResult } from './models/merge-results.model';
import type { EventMutationResult } from './models/mutation-results.model';

/** Merging reports of one occurrence into one event, and undoing it (editor). */
@Resolver()
export class EventMergeResolver {
  constructor(
    private readonly merges: EventMergeService,
    private readonly logActors: ActorLoader,
  ) {}

  @RequireRole('editor')
  @Mutation(() => MergeEventsResult, {
    description:
      'Make duplicates part of a survivor in one transaction: they leave the default timeline, it gains their sources',
  })
  async mergeEvents(
    @Args('input') input: MergeEventsInput,
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
  ): Promise<MergeEventsResult> {
    const result = await this.merges.merge(input, {
      principal,
      requestId,
      idempotencyKey: input.idempotencyKey ?? null,
    });
    const actors = this.actorsOf();
    return {
      survivor: eventResult(result.survivor, actors),
      duplicates: result.duplicates.map((duplicate) => eventResult(duplicate, actors)),
    };
  }

  @RequireRole('editor')
  @Mutation(() => SplitEventResult, { description: 'Undo a merge, as a new fact on both events' })
  async splitEvent(
    @Args('input') input: SplitEventInput,
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
  ): Promise<SplitEventResult> {
    const result = await this.merges.split(input, {
      principal,
      requestId,
      idempotencyKey: input.idempotencyKey ?? null,
    });
    const actors = this.actorsOf();
    return { event: eventResult(result.event, actors), survivor: eventResult(result.survivor, actors) };
  }

  /** Participants' actors from the log, loaded only when the answer asks for them (as EditorialResolver does). */
  private actorsOf(): (actorId: string) => PromiseLike<Actor | null> {
    const actors = this.logActors.forAnswer();
    return (actorId) => {
      let loading: Promise<Actor | null> | undefined;
      return { then: (onLoaded, onFailed) => (loading ??= actors.load(actorId)).then(onLoaded, onFailed) };
    };
  }
}

function eventResult(
  result: EventCommandResult,
  actorOf: (actorId: string) => PromiseLike<Actor | null>,
): EventMutationResult {
  return {
    eventId: result.eventId,
    version: result.version,
    position: result.position,
    event: diplomaticEventModel(result.state, { version: result.version }, actorOf),
  };
}
