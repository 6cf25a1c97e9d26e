import type { Pool } from 'pg';
import type { ActorEvent, ActorKind } from '../../diplomacy';
import type { PostgresEventStore } from '../../event-store/event-store';
import type { LogCheckpoint, StoredEvent } from '../../event-store/types';

/** An actor as the read model keeps it: what matching needs, nothing more. */
export interface ActorRow {
  actorId: string;
  kind: ActorKind;
  name: string;
  aliases: string[];
  country: string | null;
  cameoCode: string | null;
  mergedInto: string | null;
}

/** An actor stream's event with the id of the actor whose stream it is. */
export interface ActorLogEvent {
  actorId: string;
  event: ActorEvent;
}

/**
 * Beyond this many unprojected log events, scanning the log's tail for actor events costs more
 * than folding every actor stream (the projector is not running, or far behind).
 */
const TAIL_LIMIT = 50_000;

const SCHEMA_NAME = /^rm_[0-9]+$/;

/** The import's reads: existing actors (read model and log), existing event streams. */
export class ImportRepository {
  constructor(
    private readonly pool: Pool,
    private readonly store: PostgresEventStore,
  ) {}

  /**
   * Every actor, as of now: the active read model's rows plus the actor events the projector has
   * not applied yet (after its checkpoint). When it lags too far behind, the actor streams are
   * folded from the log instead and no rows are used.
   */
  async loadActors(): Promise<{ rows: ActorRow[]; events: ActorLogEvent[]; source: 'read model + log tail' | 'log' }> {
    const schema = await this.activeSchema();
    const checkpoint = schema ? await this.checkpoint(schema) : undefined;
    if (schema && checkpoint && (await this.store.countAfter(checkpoint, TAIL_LIMIT)) < TAIL_LIMIT) {
      const [rows, events] = await Promise.all([
        this.readModelActors(schema),
        this.store.readAfter(checkpoint, 'actor-'),
      ]);
      return { rows, events: events.map(toActorEvent), source: 'read model + log tail' };
    }
    return { rows: [], events: (await this.store.readStreamType('actor')).map(toActorEvent), source: 'log' };
  }

  /** Which of these streams exist already. */
  existingStreams(streamIds: string[]): Promise<Set<string>> {
    return this.store.existingStreams(streamIds);
  }

  /** Which of these log event ids are stored (reports attached by an earlier import). */
  existingEvents(eventIds: string[]): Promise<Set<string>> {
    return this.store.existingEvents(eventIds);
  }

  /** The events of these streams, oldest first; an empty list for a stream that does not exist. */
  readStreams(streamIds: string[]): Promise<Map<string, StoredEvent[]>> {
    return this.store.readStreams(streamIds);
  }

  private async activeSchema(): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ active_schema: string }>('SELECT active_schema FROM read_model_state');
    const schema = rows[0]?.active_schema;
    return schema && SCHEMA_NAME.test(schema) ? schema : undefined;
  }

  private async checkpoint(schema: string): Promise<LogCheckpoint | undefined> {
    const { rows } = await this.pool.query<{ transaction_id: string; position: string }>(
      `SELECT transaction_id::text, position::text FROM ${schema}.checkpoint`,
    );
    return rows[0] ? { transactionId: BigInt(rows[0].transaction_id), position: BigInt(rows[0].position) } : undefined;
  }

  private async readModelActors(schema: string): Promise<ActorRow[]> {
    const { rows } = await this.pool.query<{
      actor_id: string;
      kind: ActorKind;
      name: string;
      aliases: string[];
      country: string | null;
      cameo_code: string | null;
      merged_into: string | null;
    }>(
      `SELECT actor_id, kind, name, aliases, country, cameo_code, merged_into FROM ${schema}.actors ORDER BY position`,
    );
    return rows.map((row) => ({
      actorId: row.actor_id,
      kind: row.kind,
      name: row.name,
      aliases: row.aliases,
      country: row.country,
      cameoCode: row.cameo_code,
      mergedInto: row.merged_into,
    }));
  }
}

function toActorEvent(event: StoredEvent): ActorLogEvent {
  return {
    actorId: event.streamId.slice('actor-'.length),
    event: { type: event.type, data: event.data } as unknown as ActorEvent,
  };
}
