import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, RequestId, RequireRole, type Principal } from '../access/principal';
import type { Actor } from '../graphql/models/actor.model';
import { actorModel, diplomaticEventModel } from '../graphql/models/to-model';
import type { ActorCommandResult } from './actor-commands.service';
import { ActorLoader } from './actor-loader.service';
import { ActorCommandsService } from './actor-commands.service';
import type { CommandContext } from './command-context';
import { MergeActorsInput, RegisterActorInput, ReviseActorInput } from './dto/actor-commands.input';
import {
  AttachSourceInput,
  ChangeAgreementStatusInput,
  DetachSourceInput,
  LinkEventsInput,
  RecordEventInput,
  RestoreEventInput,
  RetractEventInput,
  ReviseEventInput,
} from './dto/event-commands.input';
import { EventCommandsService, type EventCommandResult } from './event-commands.service';
import { ActorMutationResult, EventMutationResult, MergeActorsResult } from './models/mutation-results.model';

/**
 * The admin's mutations. Each maps its input to a command service call and the answer to the
 * GraphQL result; every rule lives in the domain deciders. editor: record, revise, link, sources,
 * actors; admin: also retract, restore and merge.
 */
@Resolver()
export class EditorialResolver {
  constructor(
    private readonly events: EventCommandsService,
    private readonly actors: ActorCommandsService,
    private readonly logActors: ActorLoader,
  ) {}

  @RequireRole('editor')
  @Mutation(() => EventMutationResult, { description: 'Record a meeting, statement or agreement' })
  async recordEvent(
    @Args('input') input: RecordEventInput,
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
  ): Promise<EventMutationResult> {
    return this.eventResult(await this.events.record(input, context(principal, requestId, input)));
  }

  @RequireRole('editor')
  @Mutation(() => EventMutationResult, {
    description: 'Correct an event: a partial change with a reason, at the version you saw',
  })
  async reviseEvent(
    @Args('input') input: ReviseEventInput,
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
  ): Promise<EventMutationResult> {
    return this.eventResult(await this.events.revise(input, context(principal, requestId, input)));
  }

  @RequireRole('admin')
  @Mutation(() => EventMutationResult, {
    description: 'Take an event off the default timeline; it stays in the log and its history',
  })
  async retractEvent(
    @Args('input') input: RetractEventInput,
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
  ): Promise<EventMutationResult> {
    return this.eventResult(await this.events.retract(input, context(principal, requestId, input)));
  }

  @RequireRole('admin')
  @Mutation(() => EventMutationResult, { description: 'Put a retracted event back on the timeline' })
  async restoreEvent(
    @Args('input') input: RestoreEventInput,
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
  ): Promise<EventMutationResult> {
    return this.eventResult(await this.events.restore(input, context(principal, requestId, input)));
  }

  @RequireRole('editor')
  @Mutation(() => EventMutationResult)
  async attachSource(
    @Args('input') input: AttachSourceInput,
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
  ): Promise<EventMutationResult> {
    return this.eventResult(await this.events.attachSource(input, context(principal, requestId, input)));
  }

  @RequireRole('editor')
  @Mutation(() => EventMutationResult)
  async detachSource(
    @Args('input') input: DetachSourceInput,
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
  ): Promise<EventMutationResult> {
    return this.eventResult(await this.events.detachSource(input, context(principal, requestId, input)));
  }

  @RequireRole('editor')
  @Mutation(() => EventMutationResult, {
    description: 'PART_OF (a statement made at a meeting), FOLLOW_UP_OF, CONTRADICTS',
  })
  async linkEvents(
    @Args('input') input: LinkEventsInput,
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
  ): Promise<EventMutationResult> {
    return this.eventResult(await this.events.link(input, context(principal, requestId, input)));
  }

  @RequireRole('editor')
  @Mutation(() => EventMutationResult, { description: 'Only legal transitions: see AgreementStatus' })
  async changeAgreementStatus(
    @Args('input') input: ChangeAgreementStatusInput,
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
  ): Promise<EventMutationResult> {
    return this.eventResult(await this.events.changeAgreementStatus(input, context(principal, requestId, input)));
  }

  @RequireRole('editor')
  @Mutation(() => ActorMutationResult)
  async registerActor(
    @Args('input') input: RegisterActorInput,
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
  ): Promise<ActorMutationResult> {
    return actorResult(await this.actors.register(input, context(principal, requestId, input)));
  }

  @RequireRole('editor')
  @Mutation(() => ActorMutationResult, {
    description: 'Change name, aliases, country, CAMEO code or roles, with a reason',
  })
  async reviseActor(
    @Args('input') input: ReviseActorInput,
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
  ): Promise<ActorMutationResult> {
    return actorResult(await this.actors.revise(input, context(principal, requestId, input)));
  }

  @RequireRole('admin')
  @Mutation(() => MergeActorsResult, {
    description: 'Fold a duplicate into another actor: its events then resolve to the survivor',
  })
  async mergeActors(
    @Args('input') input: MergeActorsInput,
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
  ): Promise<MergeActorsResult> {
    const result = await this.actors.merge(input, context(principal, requestId, input));
    return { duplicate: actorResult(result.duplicate), survivor: actorResult(result.survivor) };
  }

  /**
   * Participants' actors come from the log, read only if the answer asks for them: each is a
   * thenable that starts its load when GraphQL awaits it (the ones asked for in one tick are one
   * read), so an answer that does not ask costs no read and leaves no promise unawaited.
   */
  private eventResult(result: EventCommandResult): EventMutationResult {
    const actors = this.logActors.forAnswer();
    const actorOf = (actorId: string): PromiseLike<Actor | null> => {
      let loading: Promise<Actor | null> | undefined;
      return { then: (onLoaded, onFailed) => (loading ??= actors.load(actorId)).then(onLoaded, onFailed) };
    };
    return {
      eventId: result.eventId,
      version: result.version,
      position: result.position,
      event: diplomaticEventModel(result.state, { version: result.version }, actorOf),
    };
  }
}

function context(principal: Principal, requestId: string, input: { idempotencyKey?: string | null }): CommandContext {
  return { principal, requestId, idempotencyKey: input.idempotencyKey ?? null };
}

function actorResult(result: ActorCommandResult): ActorMutationResult {
  return {
    actorId: result.actorId,
    version: result.version,
    position: result.position,
    actor: actorModel(result.state, result.version),
  };
}
