import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Record times that follow the log's order, and a floor under the record times still to come.
 *
 * The read model's versions take the effective record time (the latest `recorded_at`, in
 * milliseconds, of any event up to theirs in the gap-safe (transaction id, position) order: see
 * effectiveRecordTime in src/timelines/projection/log-order.ts), and each generation's checkpoint
 * keeps the latest one (`record_time`). Generations created before (by TimelineReadModel or a
 * rebuild) get the column and have their record times recomputed from the log, as a rebuild would
 * compute them; the events themselves are only read.
 *
 * `event_log_record_time_floor(xid, position)`: a time at or below the `recorded_at` of every event
 * after that place in the log order, committed or still to be appended, read at the time of the
 * call. Three readings, each after the one before (a VOLATILE plpgsql function takes a snapshot per
 * statement under READ COMMITTED; call it outside a REPEATABLE READ transaction):
 *   (1) the clock;
 *   (2) the start of every transaction holding an append lock now (append_events' advisory locks,
 *       held to the end of the transaction; pg_stat_clear_snapshot first, because
 *       pg_stat_activity is read once per transaction);
 *   (3) the oldest `recorded_at` of the committed events after the place (of the first 1,000:
 *       past that the floor gives up, NULL, rather than scan a long backlog).
 * An event after the place belongs to a transaction that (a) had committed by (3): it is counted
 * there; or (b) held an append lock at (2): its `recorded_at` is a clock reading taken inside the
 * transaction (append_events reads clock_timestamp() after its locks), so at or after the
 * transaction's start; or (c) took its first append lock after (2), so read the clock after (1).
 * A transaction holds its locks until it ends, so there is no fourth case. The argument assumes a
 * clock that does not step back (NTP slews rather than steps a running server's clock).
 * The app's role must see its own backends in pg_stat_activity and pg_locks (as for
 * event_log_read_bound).
 *
 * The statements are written out here: a migration must do the same thing whenever it runs.
 */
export class EffectiveRecordTime1795914000000 implements MigrationInterface {
  name = 'EffectiveRecordTime1795914000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION event_log_record_time_floor(p_transaction_id xid8, p_position bigint)
      RETURNS timestamptz LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_clock     timestamptz;
        v_appending timestamptz;
        v_committed timestamptz;
        v_counted   integer;
      BEGIN
        v_clock := clock_timestamp();
        PERFORM pg_stat_clear_snapshot();
        SELECT min(a.xact_start) INTO v_appending
          FROM pg_stat_activity a
         WHERE a.pid IN (SELECT l.pid FROM pg_locks l
                          WHERE l.locktype = 'advisory' AND l.classid = 1163087955 AND l.objsubid = 2 AND l.granted
                            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()));
        SELECT min(e.recorded_at), count(*) INTO v_committed, v_counted
          FROM (SELECT recorded_at FROM events
                 WHERE (transaction_id, global_position) > (p_transaction_id, p_position)
                 ORDER BY transaction_id, global_position LIMIT 1000) e;
        IF v_counted >= 1000 THEN
          RETURN NULL;
        END IF;
        RETURN least(v_clock, v_appending, v_committed);
      END $$`);

    const outdated = (await queryRunner.query(
      `SELECT n.nspname AS schema FROM pg_namespace n
        WHERE n.nspname ~ '^rm_[0-9]+$'
          AND to_regclass(quote_ident(n.nspname) || '.checkpoint') IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM information_schema.columns c
                           WHERE c.table_schema = n.nspname AND c.table_name = 'checkpoint' AND c.column_name = 'record_time')`,
    )) as Array<{ schema: string }>;
    for (const { schema: s } of outdated) {
      await queryRunner.query(`ALTER TABLE ${s}.checkpoint ADD COLUMN record_time timestamptz`);
      // Each statement computes the times again (a window over the log up to the checkpoint): a
      // temporary table would tie the statements to one session.
      const times = `WITH effective AS (
           SELECT e.global_position,
                  max(date_trunc('milliseconds', e.recorded_at))
                    OVER (ORDER BY e.transaction_id, e.global_position ROWS UNBOUNDED PRECEDING) AS recorded_at
             FROM events e, ${s}.checkpoint c
            WHERE (e.transaction_id, e.global_position) <= (c.transaction_id, c.position))`;
      await queryRunner.query(
        `${times}
         UPDATE ${s}.event_versions v SET recorded_from = t.recorded_at
           FROM effective t WHERE t.global_position = v.position AND v.recorded_from <> t.recorded_at`,
      );
      // A closed version ends where its successor begins.
      await queryRunner.query(
        `UPDATE ${s}.event_versions v SET recorded_to = n.next_from
           FROM (SELECT event_id, version,
                        lead(recorded_from) OVER (PARTITION BY event_id ORDER BY version) AS next_from
                   FROM ${s}.event_versions) n
          WHERE n.event_id = v.event_id AND n.version = v.version AND n.next_from IS NOT NULL
            AND v.recorded_to <> 'infinity' AND v.recorded_to <> n.next_from`,
      );
      await queryRunner.query(
        `UPDATE ${s}.event_participants p SET recorded_from = v.recorded_from, recorded_to = v.recorded_to
           FROM ${s}.event_versions v
          WHERE v.event_id = p.event_id AND v.version = p.version
            AND (p.recorded_from <> v.recorded_from OR p.recorded_to <> v.recorded_to)`,
      );
      await queryRunner.query(
        `${times}
         UPDATE ${s}.actors a SET updated_at = t.recorded_at
           FROM effective t WHERE t.global_position = a.position AND a.updated_at <> t.recorded_at`,
      );
      await queryRunner.query(
        `${times}
         UPDATE ${s}.checkpoint SET record_time = (SELECT max(recorded_at) FROM effective)`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The record times stay effective ones: the insert times they replaced are still in the log.
    const schemas = (await queryRunner.query(
      `SELECT nspname AS schema FROM pg_namespace WHERE nspname ~ '^rm_[0-9]+$'`,
    )) as Array<{ schema: string }>;
    for (const { schema: s } of schemas)
      await queryRunner.query(`ALTER TABLE ${s}.checkpoint DROP COLUMN IF EXISTS record_time`);
    await queryRunner.query(`DROP FUNCTION event_log_record_time_floor(xid8, bigint)`);
  }
}
