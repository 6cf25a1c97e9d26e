import type { Pool } from 'pg';
import type { ActorEvent, ActorKind } from '../../diplomacy';
import type { UpcasterRegistry } from '../../event-store/upcasters';

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
    private readonly upcasters: UpcasterRegistry,
  ) {}

  /**
   * Every actor, as of now: the active read model's rows plus the actor events the projector has
   * not applied yet (after its checkpoint). When it lags too far behind, the actor streams are
   * folded from the log instead and no rows are used.
   */
  async loadActors(): Promise<{ rows: ActorRow[]; events: ActorLogEvent[]; source: 'read model + log tail' | 'log' }> {
    const schema = await this.activeSchema();
    const checkpoint = schema ? await this.checkpoint(schema) : undefined;
    if (schema && checkpoint && (await this.tailLength(checkpoint)) < TAIL_LIMIT) {
      const [rows, events] = await Promise.all([this.readModelActors(schema), this.actorEventsAfter(checkpoint)]);
      return { rows, events, source: 'read model + log tail' };
    }
    return { rows: [], events: await this.allActorEvents(), source: 'log' };
  }

  /** Which of these streams exist already. */
  async existingStreams(streamIds: string[]): Promise<Set<string>> {
    if (streamIds.length === 0) return new Set();
    const { rows } = await this.pool.query<{ stream_id: string }>({
      name: 'import_existing_streams',
      text: 'SELECT stream_id FROM streams WHERE stream_id = ANY($1::text[])',
      values: [streamIds],
    });
    return new Set(rows.map((row) => row.stream_id));
  }

  private async activeSchema(): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ active_schema: string }>('SELECT active_schema FROM read_model_state');
    const schema = rows[0]?.active_schema;
    return schema && SCHEMA_NAME.test(schema) ? schema : undefined;
  }

  private async checkpoint(schema: string): Promise<{ transactionId: string; position: string } | undefined> {
    const { rows } = await this.pool.query<{ transaction_id: string; position: string }>(
      `SELECT transaction_id::text, position::text FROM ${schema}.checkpoint`,
    );
    return rows[0] ? { transactionId: rows[0].transaction_id, position: rows[0].position } : undefined;
  }

  private async tailLength(after: { transactionId: string; position: string }): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) LIMIT $3) AS tail`,
      [after.transactionId, after.position, TAIL_LIMIT],
    );
    return Number(rows[0]?.n ?? 0);
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
    }>(`SELECT actor_id, kind, name, aliases, country, cameo_code, merged_into FROM ${schema}.actors ORDER BY position`);
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

  private async actorEventsAfter(after: { transactionId: string; position: string }): Promise<ActorLogEvent[]> {
    const { rows } = await this.pool.query<LogRow>(
      `SELECT stream_id, type, schema_version, data FROM events
        WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) AND starts_with(stream_id, 'actor-')
        ORDER BY transaction_id, global_position`,
      [after.transactionId, after.position],
    );
    return rows.map((row) => this.toActorEvent(row));
  }

  /** Streams are looked up by type first: far fewer rows than the log, and one index probe each. */
  private async allActorEvents(): Promise<ActorLogEvent[]> {
    const { rows } = await this.pool.query<LogRow>(
      `SELECT e.stream_id, e.type, e.schema_version, e.data
         FROM streams s JOIN events e ON e.stream_id = s.stream_id
        WHERE s.stream_type = 'actor'
        ORDER BY e.transaction_id, e.global_position`,
    );
    return rows.map((row) => this.toActorEvent(row));
  }

  private toActorEvent(row: LogRow): ActorLogEvent {
    const { data } = this.upcasters.upcast(row.type, row.schema_version, row.data);
    return { actorId: row.stream_id.slice('actor-'.length), event: { type: row.type, data } as unknown as ActorEvent };
  }
}

interface LogRow {
  stream_id: string;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
}
