import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event log: `events` (append-only, enforced by triggers) and `streams` (one row per stream
 * with its current version), and `append_events`, the only write path into them.
 */
export class EventLog1795885716764 implements MigrationInterface {
  name = 'EventLog1795885716764';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE streams (
        stream_id   text PRIMARY KEY CHECK (stream_id <> '' AND length(stream_id) <= 200),
        stream_type text NOT NULL CHECK (stream_type <> ''),
        version     integer NOT NULL CHECK (version >= 1),
        created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at  timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);

    // transaction_id is what makes reading the log gap-safe: see readAll in event-store.ts.
    await queryRunner.query(`
      CREATE TABLE events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id       text NOT NULL,
        stream_version  integer NOT NULL CHECK (stream_version >= 1),
        event_id        uuid NOT NULL,
        type            text NOT NULL CHECK (type <> '' AND length(type) <= 200),
        schema_version  integer NOT NULL DEFAULT 1 CHECK (schema_version >= 1),
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL DEFAULT '{}'::jsonb,
        recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version),
        CONSTRAINT events_event_id_key UNIQUE (event_id)
      )`);
    await queryRunner.query(`CREATE INDEX events_log_order_idx ON events (transaction_id, global_position)`);

    await queryRunner.query(`
      CREATE FUNCTION refuse_log_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the event log is append-only: % on table % is refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'ESAPP',
                HINT = 'History is never rewritten: record a correction or a retraction as a new event.';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_log_rewrite()`);
    await queryRunner.query(`
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_log_rewrite()`);
    // Only append_events writes the log: it flags its own transaction while it inserts.
    await queryRunner.query(`
      CREATE FUNCTION refuse_direct_log_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('event_log.appending', true) IS DISTINCT FROM 'on' THEN
          RAISE EXCEPTION 'write % on table % directly is refused: append through append_events()', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'ESAPP',
                  HINT = 'append_events checks versions, orders the log and keeps streams in step with events.';
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER events_append_through_function BEFORE INSERT ON events
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_direct_log_write()`);
    await queryRunner.query(`
      CREATE TRIGGER streams_write_through_function BEFORE INSERT OR UPDATE ON streams
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_direct_log_write()`);
    await queryRunner.query(`
      CREATE TRIGGER streams_no_delete BEFORE DELETE ON streams
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_log_rewrite()`);
    await queryRunner.query(`
      CREATE TRIGGER streams_no_truncate BEFORE TRUNCATE ON streams
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_log_rewrite()`);

    // p_batch: [{ stream_id, stream_type, expected, events: [{ id, type, schema_version, data, metadata }] }]
    // expected: 'any' | 'no_stream' | 'stream_exists' | a version number as text ('0' = no stream).
    // Retried appends (event ids stored already) fail here on the version check or on
    // events_event_id_key; the store then recognises them (see event-store.ts). Readers are woken
    // by a NOTIFY the store sends after the commit, not from inside this transaction: a NOTIFY
    // holds a cluster-wide lock through its transaction's commit, which serialises all appends.
    await queryRunner.query(`
      CREATE FUNCTION append_events(p_batch jsonb)
      RETURNS TABLE (stream_id text, next_version integer, positions bigint[])
      LANGUAGE plpgsql AS $$
      #variable_conflict use_column
      DECLARE
        v_ids      text[];
        v_types    text[];
        v_current  integer[];
        v_counts   integer[];
        v_at       timestamptz[];
        v_expected text[];
        i          integer;
      BEGIN
        IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
          RAISE EXCEPTION 'append_events must be the first write of its transaction'
            USING ERRCODE = 'ESTXN',
                  HINT = 'The log is read in transaction-id order; a transaction that took its id before '
                      || 'locking its streams could put a stream''s events out of version order.';
        END IF;

        -- Stream locks, taken before this transaction writes anything and so before it has a
        -- transaction id: for each stream a later version then always has a later transaction id.
        -- A stream's lock is one of 256 buckets (by hash): a batch of thousands of streams takes
        -- at most 256 locks (the shared lock table is small), and two appends to unrelated streams
        -- wait for each other only when their buckets collide. Taken in key order: no deadlocks.
        PERFORM pg_advisory_xact_lock(1163087955, k.key)
           FROM (SELECT DISTINCT hashtext(b->>'stream_id') & 255 AS key
                   FROM jsonb_array_elements(p_batch) b ORDER BY 1) k;

        -- Set-based from here: a batch of a thousand streams costs a few statements, not thousands.
        -- Read after the locks (a fresh snapshot): the versions every check below is made against.
        -- Record time is read after the locks too, and never goes back within a stream.
        SELECT array_agg(b->>'stream_id' ORDER BY ord), array_agg(b->>'stream_type' ORDER BY ord),
               array_agg(b->>'expected' ORDER BY ord), array_agg(s.version ORDER BY ord),
               array_agg(jsonb_array_length(b->'events') ORDER BY ord),
               array_agg(greatest(clock_timestamp(), s.updated_at) ORDER BY ord)
          INTO v_ids, v_types, v_expected, v_current, v_counts, v_at
          FROM jsonb_array_elements(p_batch) WITH ORDINALITY AS x(b, ord)
          -- LATERAL ... LIMIT 1: one primary-key probe per stream, whatever the planner guesses
          -- of the batch's size (a hash join would read the whole streams table).
          LEFT JOIN LATERAL (SELECT st.version, st.updated_at FROM streams st
                              WHERE st.stream_id = x.b->>'stream_id' LIMIT 1) s ON true;

        FOR i IN 1 .. coalesce(array_length(v_ids, 1), 0) LOOP
          IF NOT (v_expected[i] = 'any'
               OR (v_expected[i] = 'no_stream' AND v_current[i] IS NULL)
               OR (v_expected[i] = 'stream_exists' AND v_current[i] IS NOT NULL)
               OR (v_expected[i] ~ '^[0-9]+$' AND coalesce(v_current[i], 0) = v_expected[i]::integer)) THEN
            RAISE EXCEPTION 'stream % is at version %, expected %', v_ids[i], coalesce(v_current[i], 0), v_expected[i]
              USING ERRCODE = 'ESCON',
                    DETAIL = jsonb_build_object('streamId', v_ids[i], 'expected', v_expected[i], 'actual', v_current[i])::text;
          END IF;
        END LOOP;

        PERFORM set_config('event_log.appending', 'on', true);
        FOR i IN 1 .. coalesce(array_length(v_ids, 1), 0) LOOP
          IF v_current[i] IS NOT NULL THEN
            UPDATE streams SET version = v_current[i] + v_counts[i], updated_at = v_at[i] WHERE stream_id = v_ids[i];
          END IF;
        END LOOP;
        INSERT INTO streams (stream_id, stream_type, version, created_at, updated_at)
        SELECT u.id, u.type, u.count, u.at, u.at
          FROM unnest(v_ids, v_types, v_current, v_counts, v_at) AS u(id, type, current, count, at)
         WHERE u.current IS NULL;

        RETURN QUERY
          WITH inserted AS (
            INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at)
            SELECT v_ids[x.ord], coalesce(v_current[x.ord], 0) + e.ord, (e.v->>'id')::uuid, e.v->>'type',
                   coalesce((e.v->>'schema_version')::integer, 1), e.v->'data',
                   coalesce(e.v->'metadata', '{}'::jsonb), v_at[x.ord]
              FROM jsonb_array_elements(p_batch) WITH ORDINALITY AS x(b, ord)
             CROSS JOIN LATERAL jsonb_array_elements(x.b->'events') WITH ORDINALITY AS e(v, ord)
             ORDER BY x.ord, e.ord
            RETURNING stream_id, stream_version, global_position
          )
          SELECT i.stream_id, max(i.stream_version), array_agg(i.global_position ORDER BY i.stream_version)
            FROM inserted i
           GROUP BY i.stream_id;
        PERFORM set_config('event_log.appending', 'off', true);
      END $$`);

    // The log is read in (transaction id, position) order, and only up to a bound below which no
    // transaction can still add events: the oldest transaction appending right now (appenders hold
    // append_events' advisory locks, taken before they have a transaction id), or else the next
    // transaction id. Unlike the snapshot's xmin, transactions that do not append (a long report,
    // a vacuum, work in another database on the server) do not hold readers back.
    //
    // Three statements, three snapshots, in this order (the last is the reader's own query, sent
    // after this function returned): (1) the next transaction id, so that any id
    // given out later is above the bound; (2) the ids of the backends holding the append locks
    // (pg_stat_activity.backend_xid, set together with the id itself: an appender running when (1)
    // was read with an id below it is still running here, holding its lock, and is counted); (3)
    // the events, so that an appender that committed in the meantime is visible. pg_stat_activity
    // shows 32-bit ids: each is widened to the 64-bit id nearest to (1) (running ids are within
    // 2^31 of it, on either side: a snapshot's xmax is the last completed id + 1, and ids of
    // transactions still running may be above it). The app's database role must be able to see
    // its own backends' ids.
    await queryRunner.query(`
      CREATE FUNCTION event_log_read_bound() RETURNS xid8 LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_next   bigint;
        v_oldest bigint;
      BEGIN
        v_next := pg_snapshot_xmax(pg_current_snapshot())::text::bigint;
        SELECT min(v_next + ((a.backend_xid::text::bigint - v_next % 4294967296) % 4294967296 + 6442450944) % 4294967296 - 2147483648)
          INTO v_oldest
          FROM pg_stat_activity a
         WHERE a.backend_xid IS NOT NULL
           AND a.pid IN (SELECT l.pid FROM pg_locks l
                          WHERE l.locktype = 'advisory' AND l.classid = 1163087955 AND l.objsubid = 2 AND l.granted
                            -- appenders to other databases' logs do not concern this one
                            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()));
        RETURN least(v_next, coalesce(v_oldest, v_next))::text::xid8;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION event_log_read_bound()`);
    await queryRunner.query(`DROP FUNCTION append_events(jsonb)`);
    await queryRunner.query(`DROP TABLE events`);
    await queryRunner.query(`DROP TABLE streams`);
    await queryRunner.query(`DROP FUNCTION refuse_log_rewrite()`);
    await queryRunner.query(`DROP FUNCTION refuse_direct_log_write()`);
  }
}
