import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from 'pg';
import { ApiKeysRepository } from '../../src/access/api-keys.repository';
import { parseEnv } from '../../src/config/env';
import type { RunningService } from '../../src/service';
import { apiKeyHeader, startTestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { eventually, RawSocket } from '../support/ws-client';
import { answersInnocentQuery, eventCount, recordMeeting, registerActors, untilSubscribed } from './ws-support';

/**
 * What an open subscription must not outlive or miss: the revocation of its key, and changes
 * announced while the hub's LISTEN connection was down.
 */
let db: TestDatabase;
let service: RunningService;
let editor: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestApp(db, { ws: { ...parseEnv({}).ws, keyRecheckMs: 200 } });
  editor = await apiKeyHeader(service, 'editor');
  await registerActors(service, editor);
});
afterAll(async () => {
  await service?.shutdown();
  await db.drop();
});

const MEETINGS = 'subscription { timelineUpdated(filter: { kinds: [MEETING] }) { position event { title } } }';

describe('a key revoked while its socket is open', () => {
  it('ends the subscriptions within the revocation delay (4403)', async () => {
    const name = `reader-revoked-${Date.now()}`;
    const reader = await apiKeyHeader(service, 'reader', name);
    const socket = new RawSocket(service);
    await socket.init({ Authorization: reader.authorization });
    socket.subscribe('s', MEETINGS);
    await untilSubscribed(service, editor, socket, ['s']);

    const before = await eventCount(db);
    expect(await new ApiKeysRepository(db.pool).revoke(name)).toBe(true);
    // Keys are cached for up to 10 s; the socket's key is checked again every 200 ms here.
    expect(await socket.closed).toEqual({ code: 4403, reason: 'API key revoked' });
    expect(await eventCount(db)).toBe(before);
    await answersInnocentQuery(service);
  });
});

describe('the hub losing its LISTEN connection', () => {
  it('catches up from the last change it delivered once it is back', async () => {
    const socket = new RawSocket(service);
    await socket.init();
    socket.subscribe('s', MEETINGS);
    await untilSubscribed(service, editor, socket, ['s']);

    // Hold the projector before it can announce, so that the announcement is sent while the
    // hub's LISTEN connection is down (it reconnects after 250 ms at the earliest).
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    try {
      const { rows } = await holder.query<{ active_schema: string }>('SELECT active_schema FROM read_model_state');
      await holder.query('BEGIN');
      await holder.query(`SELECT * FROM ${rows[0]!.active_schema}.checkpoint FOR UPDATE`);
      const before = await eventCount(db);
      await recordMeeting(service, editor, 'written while the hub was deaf');
      expect(await eventCount(db)).toBe(before + 1);

      const listeners = await holder.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN "timeline_changes"'`,
      );
      expect(listeners.rows).toHaveLength(1);
      const pid = listeners.rows[0]!.pid;
      await holder.query('SELECT pg_terminate_backend($1)', [pid]);
      await eventually('the LISTEN backend to be gone', async () => {
        // A fresh snapshot each time: statistics are otherwise frozen for the transaction.
        await holder.query('SELECT pg_stat_clear_snapshot()');
        const left = await holder.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
        return left.rowCount === 0;
      });
      await holder.query('ROLLBACK'); // the projector goes on and announces, to nobody on this instance
    } finally {
      await holder.end();
    }

    const heard = await socket.next(
      (m) => m.id === 's' && m.payload?.data?.timelineUpdated?.event?.title === 'written while the hub was deaf',
    );
    expect(heard.type).toBe('next');
    // Heard once, not again when a later change or another reconnect comes.
    await recordMeeting(service, editor, 'after the reconnect');
    await socket.next((m) => m.id === 's' && m.payload?.data?.timelineUpdated?.event?.title === 'after the reconnect');
    expect(
      socket.count((m) => m.payload?.data?.timelineUpdated?.event?.title === 'written while the hub was deaf'),
    ).toBe(1);
    socket.close();
    await answersInnocentQuery(service);
  });
});
