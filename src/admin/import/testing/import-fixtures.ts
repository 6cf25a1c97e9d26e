import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { Pool } from 'pg';
import { actorDecider, actorStreamId, decideMerge, type ActorKind, type ActorState } from '../../../diplomacy';
import { foldActor } from '../../../editorial/stream-facts.service';
import type { PostgresEventStore } from '../../../event-store/event-store';
import { eventCountsByType } from '../../../event-store/testing/log-counts';
import type { ImportReject } from '../../../imports';
import type { ImportService, ImportRunOptions } from '../import.service';
import type { ImportSummary } from '../import-summary';

/** Test helpers: actors registered as an editor would, imports that collect their rejects. */

export interface ActorInput {
  actorId?: string;
  kind: ActorKind;
  name: string;
  aliases?: string[];
  country?: string | null;
  cameoCode?: string | null;
}

export async function registerActor(store: PostgresEventStore, input: ActorInput): Promise<string> {
  const actorId = input.actorId ?? randomUUID();
  const events = actorDecider.decide(
    { type: 'RegisterActor', data: { ...input, actorId }, context: { actors: {} } },
    actorDecider.initialState(),
  );
  await store.append(actorStreamId(actorId), events, { expectedVersion: 'no_stream', streamType: 'actor' });
  return actorId;
}

export async function actorState(store: PostgresEventStore, actorId: string): Promise<ActorState> {
  return foldActor(await store.readStream(actorStreamId(actorId))).state;
}

export async function mergeActors(store: PostgresEventStore, duplicateId: string, survivorId: string): Promise<void> {
  const { duplicateEvents, survivorEvents } = decideMerge({
    duplicate: await actorState(store, duplicateId),
    survivor: await actorState(store, survivorId),
    reason: 'the same actor',
  });
  await store.appendBatch([
    { streamId: actorStreamId(duplicateId), events: duplicateEvents, expectedVersion: 1 },
    { streamId: actorStreamId(survivorId), events: survivorEvents, expectedVersion: 1 },
  ]);
}

export const textStream = (text: string | Buffer): Readable =>
  Readable.from([typeof text === 'string' ? Buffer.from(text, 'utf8') : text]);

export async function importFile(
  service: ImportService,
  input: string | Readable,
  options: Partial<ImportRunOptions> & Pick<ImportRunOptions, 'format'>,
): Promise<{ summary: ImportSummary; rejects: ImportReject[] }> {
  const rejects: ImportReject[] = [];
  const summary = await service.import(typeof input === 'string' ? createReadStream(input) : input, {
    principal: 'import:test',
    ...options,
    onReject: (reject) => {
      rejects.push(reject);
    },
  });
  return { summary, rejects };
}

/** Events in the log by type. */
export function logCounts(pool: Pool): Promise<Record<string, number>> {
  return eventCountsByType(pool);
}
