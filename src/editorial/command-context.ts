import { randomUUID } from 'node:crypto';
import { uuidFromText } from '../diplomacy';
import type { Principal } from '../access/principal';
import { REQUEST_HASH_METADATA } from '../event-store/keyed-retry';
import type { EventMetadata } from '../event-store/types';
import type { IdempotencyService } from '../idempotency/idempotency.service';

/** Who sends a command, within which request, and with which idempotency key. */
export interface CommandContext {
  principal: Principal;
  requestId?: string;
  idempotencyKey?: string | null;
  /** The hash of the keyed request's input, stored with its events so a retry is told from a reuse. */
  idempotencyRequestHash?: string | undefined;
}

/** Who, why and in answer to what: stored beside every event the command appends. */
export function commandMetadata(context: CommandContext, command: string, reason?: string | null): EventMetadata {
  return {
    principal: context.principal.id,
    role: context.principal.role,
    command,
    // One id per command: the events it appends share it as their cause.
    causationId: randomUUID(),
    ...(context.requestId ? { correlationId: context.requestId } : {}),
    ...(reason ? { reason } : {}),
    ...(context.idempotencyKey ? { idempotencyKey: context.idempotencyKey } : {}),
    ...(context.idempotencyKey && context.idempotencyRequestHash
      ? { [REQUEST_HASH_METADATA]: context.idempotencyRequestHash }
      : {}),
  };
}

/**
 * Event ids derived from the idempotency key: should a retry ever get past the idempotency table
 * (a crash between the append and recording its answer), the log recognises the same events.
 */
export function keyedEventIds(context: CommandContext, command: string): ((index: number) => string) | undefined {
  if (!context.idempotencyKey) return undefined;
  return (index) =>
    uuidFromText(`${context.principal.id}\u0000${command}\u0000${context.idempotencyKey}\u0000${index}`);
}

/**
 * The id a keyed registerActor or recordEvent gives what it creates when the input names none, so
 * that a retry creates the same actor or event; undefined without a key.
 */
export function keyedNewId(context: CommandContext, what: 'actor' | 'event'): string | undefined {
  return context.idempotencyKey
    ? uuidFromText(`${context.principal.id}\u0000${what}\u0000${context.idempotencyKey}`)
    : undefined;
}

/** GraphQL inputs arrive as objects without prototypes and with absent members left out. */
export function withoutKeys<T extends object, K extends keyof T>(input: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...input };
  for (const key of keys) delete copy[key];
  return copy;
}

/**
 * GraphQL says null where a client left a value out; the domain takes null only where it means
 * something (clearing end, location, cameoCode or country).
 */
export function dropNulls<T extends object>(value: T, meaningfulNulls: string[] = []): T {
  return Object.fromEntries(
    Object.entries(value).filter(([key, item]) => item !== null || meaningfulNulls.includes(key)),
  ) as T;
}

/**
 * Runs a command under the request's idempotency key (context.idempotencyKey, the input's: the
 * resolver puts it there), with the hash of its input in the context, so that its events carry it.
 */
export function idempotentCommand<T>(
  idempotency: Pick<IdempotencyService, 'run'>,
  context: CommandContext,
  operation: string,
  input: { idempotencyKey?: string | null },
  execute: (context: CommandContext) => Promise<T>,
): Promise<T> {
  return idempotency.run(
    context.principal.id,
    context.idempotencyKey,
    operation,
    withoutKeys(input, 'idempotencyKey'),
    (requestHash) => execute({ ...context, idempotencyRequestHash: requestHash }),
  );
}
