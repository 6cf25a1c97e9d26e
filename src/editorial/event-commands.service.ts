import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  diplomaticEventDecider,
  eventCommandReferences,
  eventStreamId,
  type DiplomaticEvent,
  type DiplomaticEventState,
  type EventCommand,
  type EventSource,
  type RecordEvent,
  type ReviseEvent,
} from '../diplomacy';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { handleCommand } from '../event-store/command-handler';
import { EVENT_STORE, type EventStore } from '../event-store/event-store-port';
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
  AttachSourceInput,
  ChangeAgreementStatusInput,
  DetachSourceInput,
  LinkEventsInput,
  RecordEventInput,
  RestoreEventInput,
  RetractEventInput,
  ReviseEventInput,
} from './dto/event-commands.input';
import type { SourceInput } from '../graphql/dto/shared.input';
import { StreamFacts } from './stream-facts.service';

/** What a command on a diplomatic event answers: plain JSON, so an idempotent retry can replay it. */
export interface EventCommandResult {
  eventId: string;
  version: number;
  /** Global position of the last event appended; null when the command appended nothing. */
  position: string | null;
  state: DiplomaticEvent;
}

const NO_CONTEXT = { actors: {}, events: {} };

/**
 * The write side of diplomatic events: GraphQL inputs become domain commands, decided by the pure
 * decider on the stream's state, with the facts they refer to loaded from the log.
 */
@Injectable()
export class EventCommandsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly facts: StreamFacts,
    private readonly idempotency: IdempotencyService,
  ) {}

  record(input: RecordEventInput, context: CommandContext): Promise<EventCommandResult> {
    return idempotentCommand(this.idempotency, context, 'recordEvent', input, (context) => {
      const eventId = input.eventId ?? keyedNewId(context, 'event') ?? randomUUID();
      const fields = withoutKeys(input, 'idempotencyKey', 'eventId');
      const data = { ...dropNulls(fields), eventId, sources: withSourceIds(fields.sources) } as RecordEvent['data'];
      return this.run(eventId, context, 'recordEvent', null, undefined, async (state) => {
        const command: RecordEvent = { type: 'RecordEvent', data, context: NO_CONTEXT };
        return { ...command, context: await this.facts.eventContext(eventCommandReferences(command, state)) };
      });
    });
  }

  revise(input: ReviseEventInput, context: CommandContext): Promise<EventCommandResult> {
    return idempotentCommand(this.idempotency, context, 'reviseEvent', input, (context) => {
      const fields = withoutKeys(input, 'idempotencyKey', 'expectedVersion');
      const data = {
        ...dropNulls(fields, ['end', 'location', 'cameoCode']),
        ...(fields.sources ? { sources: withSourceIds(fields.sources) } : {}),
      } as ReviseEvent['data'];
      return this.run(input.eventId, context, 'reviseEvent', input.reason, input.expectedVersion, async (state) => {
        const command: ReviseEvent = { type: 'ReviseEvent', data, context: NO_CONTEXT };
        return { ...command, context: await this.facts.eventContext(eventCommandReferences(command, state)) };
      });
    });
  }

  retract(input: RetractEventInput, context: CommandContext): Promise<EventCommandResult> {
    return idempotentCommand(this.idempotency, context, 'retractEvent', input, (context) =>
      this.run(input.eventId, context, 'retractEvent', input.reason, input.expectedVersion, () => ({
        type: 'RetractEvent',
        data: { eventId: input.eventId, reason: input.reason },
      })),
    );
  }

  restore(input: RestoreEventInput, context: CommandContext): Promise<EventCommandResult> {
    return idempotentCommand(this.idempotency, context, 'restoreEvent', input, (context) =>
      this.run(input.eventId, context, 'restoreEvent', input.reason, input.expectedVersion, () => ({
        type: 'RestoreEvent',
        data: { eventId: input.eventId, reason: input.reason },
      })),
    );
  }

  attachSource(input: AttachSourceInput, context: CommandContext): Promise<EventCommandResult> {
    return idempotentCommand(this.idempotency, context, 'attachSource', input, (context) =>
      this.run(input.eventId, context, 'attachSource', null, input.expectedVersion, () => ({
        type: 'AttachSource',
        data: { eventId: input.eventId, source: withSourceIds([input.source])![0]! },
      })),
    );
  }

  detachSource(input: DetachSourceInput, context: CommandContext): Promise<EventCommandResult> {
    return idempotentCommand(this.idempotency, context, 'detachSource', input, (context) =>
      this.run(input.eventId, context, 'detachSource', input.reason, input.expectedVersion, () => ({
        type: 'DetachSource',
        data: { eventId: input.eventId, sourceId: input.sourceId, ...(input.reason ? { reason: input.reason } : {}) },
      })),
    );
  }

  link(input: LinkEventsInput, context: CommandContext): Promise<EventCommandResult> {
    return idempotentCommand(this.idempotency, context, 'linkEvents', input, (context) =>
      this.run(input.eventId, context, 'linkEvents', null, input.expectedVersion, async () => ({
        type: 'LinkEvents',
        data: { eventId: input.eventId, link: { ...input.link } },
        context: { events: await this.facts.eventFacts([input.link.targetEventId]) },
      })),
    );
  }

  changeAgreementStatus(input: ChangeAgreementStatusInput, context: CommandContext): Promise<EventCommandResult> {
    return idempotentCommand(this.idempotency, context, 'changeAgreementStatus', input, (context) =>
      this.run(input.eventId, context, 'changeAgreementStatus', input.reason, input.expectedVersion, () => ({
        type: 'ChangeAgreementStatus',
        data: {
          eventId: input.eventId,
          status: input.status,
          ...(input.effectiveDate ? { effectiveDate: { ...input.effectiveDate } } : {}),
          ...(input.reason ? { reason: input.reason } : {}),
        },
      })),
    );
  }

  private async run(
    eventId: string,
    context: CommandContext,
    command: string,
    reason: string | null | undefined,
    expectedVersion: number | null | undefined,
    build: (state: DiplomaticEventState) => EventCommand | Promise<EventCommand>,
  ): Promise<EventCommandResult> {
    const result = await handleCommand(this.store, diplomaticEventDecider, eventStreamId(eventId), build, {
      metadata: commandMetadata(context, command, reason),
      eventIds: keyedEventIds(context, command),
      expectedVersion: expectedVersion ?? undefined,
      streamType: 'event',
    });
    if (result.state.status === 'NOT_RECORDED') throw new Error(`event ${eventId} has no state after ${command}`);
    return {
      eventId,
      version: result.nextVersion,
      position: result.positions.at(-1)?.toString() ?? null,
      state: result.state,
    };
  }
}

/** Sources sent without an id get a new one; ids sent back keep a source across a revision. */
function withSourceIds(sources: SourceInput[] | null | undefined): EventSource[] | undefined {
  return sources?.map(({ sourceId, ...source }) => ({
    ...(dropNulls(source) as Omit<EventSource, 'sourceId'>),
    sourceId: sourceId ?? randomUUID(),
  }));
}
