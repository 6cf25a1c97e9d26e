import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  actorCommandReferences,
  actorDecider,
  actorStreamId,
  decideMerge,
  evolveActor,
  type Actor,
  type ActorCommand,
  type ActorRole,
  type ActorState,
  type RegisterActor,
  type ReviseActor,
} from '../diplomacy';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { handleCommand } from '../event-store/command-handler';
import { ConcurrencyError, IdempotencyKeyReusedError } from '../event-store/errors';
import { EVENT_STORE, type EventStore } from '../event-store/event-store-port';
import { replayFromStream } from '../event-store/keyed-retry';
import type { EventMetadata, EventToAppend } from '../event-store/types';
import {
  commandMetadata,
  dropNulls,
  keyedEventIds,
  keyedNewId,
  idempotentCommand,
  withoutKeys,
  type CommandContext,
} from './command-context';
import type {
  ActorRoleInput,
  MergeActorsInput,
  RegisterActorInput,
  ReviseActorInput,
} from './dto/actor-commands.input';
import { StreamFacts } from './stream-facts.service';

export interface ActorCommandResult {
  actorId: string;
  version: number;
  position: string | null;
  state: Actor;
}

export interface MergeActorsResult {
  duplicate: ActorCommandResult;
  survivor: ActorCommandResult;
}

const MERGE_RETRIES = 3;

@Injectable()
export class ActorCommandsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly facts: StreamFacts,
    private readonly idempotency: IdempotencyService,
  ) {}

  register(input: RegisterActorInput, context: CommandContext): Promise<ActorCommandResult> {
    return idempotentCommand(this.idempotency, context, 'registerActor', input, (context) => {
      const actorId = input.actorId ?? keyedNewId(context, 'actor') ?? randomUUID();
      const fields = withoutKeys(input, 'idempotencyKey', 'actorId');
      const data = {
        ...dropNulls(fields),
        actorId,
        ...(fields.roles ? { roles: roles(fields.roles) } : {}),
      } as RegisterActor['data'];
      return this.run(actorId, context, 'registerActor', null, undefined, async (state) => {
        const command: RegisterActor = { type: 'RegisterActor', data, context: { actors: {} } };
        return {
          ...command,
          context: { actors: await this.facts.actorFacts(actorCommandReferences(command, state).actorIds) },
        };
      });
    });
  }

  revise(input: ReviseActorInput, context: CommandContext): Promise<ActorCommandResult> {
    return idempotentCommand(this.idempotency, context, 'reviseActor', input, (context) => {
      const fields = withoutKeys(input, 'idempotencyKey', 'expectedVersion');
      const data = {
        ...dropNulls(fields, ['country', 'cameoCode']),
        ...(fields.roles ? { roles: roles(fields.roles) } : {}),
      } as ReviseActor['data'];
      return this.run(input.actorId, context, 'reviseActor', input.reason, input.expectedVersion, async (state) => {
        const command: ReviseActor = { type: 'ReviseActor', data, context: { actors: {} } };
        return {
          ...command,
          context: { actors: await this.facts.actorFacts(actorCommandReferences(command, state).actorIds) },
        };
      });
    });
  }

  /** Two streams, one transaction: the duplicate records the merge, the survivor takes its names. */
  merge(input: MergeActorsInput, context: CommandContext): Promise<MergeActorsResult> {
    return idempotentCommand(this.idempotency, context, 'mergeActors', input, async (context) => {
      const metadata = commandMetadata(context, 'mergeActors', input.reason);
      const keyed = keyedEventIds(context, 'mergeActors');
      const replayed = keyed && (await this.replayMerge(input, keyed, metadata));
      if (replayed) return replayed;
      for (let attempt = 0; ; attempt += 1) {
        const loaded = await this.facts.actors([input.duplicateId, input.survivorId]);
        const duplicate = loaded.get(input.duplicateId)!;
        const survivor = loaded.get(input.survivorId)!;
        const { duplicateEvents, survivorEvents } = decideMerge({
          duplicate: duplicate.state,
          survivor: survivor.state,
          reason: input.reason,
        });
        const toAppend =
          (offset: number) =>
          (event: { type: string; data: Record<string, unknown> }, index: number): EventToAppend => ({
            type: event.type,
            data: event.data,
            metadata,
            eventId: keyed?.(offset + index),
          });
        try {
          const [duplicateResult, survivorResult] = await this.store.appendBatch([
            {
              streamId: actorStreamId(input.duplicateId),
              events: duplicateEvents.map(toAppend(0)),
              expectedVersion: duplicate.version,
              streamType: 'actor',
            },
            {
              streamId: actorStreamId(input.survivorId),
              events: survivorEvents.map(toAppend(duplicateEvents.length)),
              expectedVersion: survivor.version,
              streamType: 'actor',
            },
          ]);
          return {
            duplicate: this.result(
              input.duplicateId,
              duplicateResult!,
              duplicateEvents.reduce(evolveActor, duplicate.state),
            ),
            survivor: this.result(
              input.survivorId,
              survivorResult!,
              survivorEvents.reduce(evolveActor, survivor.state),
            ),
          };
        } catch (error) {
          if (!(error instanceof ConcurrencyError) || attempt >= MERGE_RETRIES) throw error;
        }
      }
    });
  }

  /** A merge whose keyed events are stored already ran before: answered from the log, as then. */
  private async replayMerge(
    input: MergeActorsInput,
    keyed: (index: number) => string,
    metadata: EventMetadata,
  ): Promise<MergeActorsResult | undefined> {
    if ((await this.store.readEvents([keyed(0)])).length === 0) return undefined;
    const duplicateStream = actorStreamId(input.duplicateId);
    const survivorStream = actorStreamId(input.survivorId);
    const streams = await this.store.readStreams([duplicateStream, survivorStream]);
    const replay = (actorId: string, streamId: string): ActorCommandResult => {
      const replayed = replayFromStream(actorDecider, streamId, streams.get(streamId)!, keyed, metadata);
      // The first run appended to both streams in one transaction: one without the other is another request's.
      if (!replayed) throw new IdempotencyKeyReusedError(streamId, [keyed(0)]);
      return this.result(actorId, replayed, replayed.state);
    };
    return {
      duplicate: replay(input.duplicateId, duplicateStream),
      survivor: replay(input.survivorId, survivorStream),
    };
  }

  private result(
    actorId: string,
    appended: { nextVersion: number; positions: bigint[] },
    state: ActorState,
  ): ActorCommandResult {
    if (state.status === 'NOT_REGISTERED') throw new Error(`actor ${actorId} has no state after a merge`);
    return { actorId, version: appended.nextVersion, position: appended.positions.at(-1)?.toString() ?? null, state };
  }

  private async run(
    actorId: string,
    context: CommandContext,
    command: string,
    reason: string | null | undefined,
    expectedVersion: number | null | undefined,
    build: (state: ActorState) => Promise<ActorCommand>,
  ): Promise<ActorCommandResult> {
    const result = await handleCommand(this.store, actorDecider, actorStreamId(actorId), build, {
      metadata: commandMetadata(context, command, reason),
      eventIds: keyedEventIds(context, command),
      expectedVersion: expectedVersion ?? undefined,
      streamType: 'actor',
    });
    return this.result(actorId, { nextVersion: result.nextVersion, positions: result.positions }, result.state);
  }
}

function roles(inputs: ActorRoleInput[]): ActorRole[] {
  return inputs.map((role) => dropNulls({ ...role }) as ActorRole);
}
