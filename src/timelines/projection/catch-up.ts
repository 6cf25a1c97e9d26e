import type { Pool } from 'pg';
import type { PostgresEventStore } from '../../event-store/event-store';
import { ProjectionRunner } from './projection-runner';
import { ProjectionStatus } from './projection-status';

/**
 * For command-line readers (export): the read model as of everything logged so far. When the
 * service runs, its projector does the work and this only waits; when nothing projects, the runner
 * started here takes the projector lock and catches up itself.
 */
export async function catchUpReadModel(
  pool: Pool,
  connectionString: string,
  store: PostgresEventStore,
  timeoutMs = 300_000,
): Promise<void> {
  const head = await store.headPosition();
  if (head === 0n) return;
  const runner = new ProjectionRunner({ connectionString, store });
  runner.start();
  try {
    if (!(await new ProjectionStatus(pool, runner).waitForPosition(head, timeoutMs))) {
      throw new Error(`the read model did not reach log position ${head} within ${timeoutMs / 1000} s`);
    }
  } finally {
    await runner.stop();
  }
}
