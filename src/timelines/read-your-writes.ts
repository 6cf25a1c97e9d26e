import { GraphQLError } from 'graphql';
import { badUserInput } from '../graphql/errors';
import { MAX_LOG_POSITION, parseLogPosition } from '../input/log-position';
import type { ProjectionStatus } from './projection/projection-status';
import { checkRecordTime } from './queries';

export const READ_YOUR_WRITES_TIMEOUT_MS = 5_000;

/** What a read may wait for before it runs: both within one wait of READ_YOUR_WRITES_TIMEOUT_MS. */
export interface ReadModelWait {
  minPosition?: string | null;
  asOf?: Date | null;
}

/**
 * Waits until the read models include a log position a mutation answered with, and until an
 * answer asOf a moment is final (the record-time horizon has passed it: see
 * ProjectionStatus.recordTimeHorizon). One deadline for both; the admission lets one field per
 * request wait (minPosition or asOf).
 */
export async function waitForReadModel(status: ProjectionStatus, wait: ReadModelWait): Promise<void> {
  const deadline = Date.now() + READ_YOUR_WRITES_TIMEOUT_MS;
  // An asOf the query would refuse (not a date, outside the years 1-9999) is refused before any wait.
  if (wait.asOf !== undefined && wait.asOf !== null) checkRecordTime({ asOf: wait.asOf });
  await waitForPosition(status, wait.minPosition);
  if (wait.asOf) await waitForAsOf(status, wait.asOf, Math.max(0, deadline - Date.now()));
}

/** Waits until the read models include a log position a mutation answered with. */
export async function waitForPosition(
  status: ProjectionStatus,
  minPosition: string | null | undefined,
  field = 'minPosition',
): Promise<void> {
  if (minPosition === undefined || minPosition === null) return;
  const position = parseLogPosition(minPosition);
  if (position === undefined) {
    throw badUserInput(
      `${field} must be a log position (digits, at most ${MAX_LOG_POSITION}), got ${JSON.stringify(minPosition.slice(0, 40))}`,
      field,
    );
  }
  if (!(await status.waitForPosition(position, READ_YOUR_WRITES_TIMEOUT_MS))) {
    throw new GraphQLError(
      `the read models have not reached position ${minPosition} within ${READ_YOUR_WRITES_TIMEOUT_MS / 1000} s`,
      {
        extensions: { code: 'PROJECTION_TIMEOUT', minPosition },
      },
    );
  }
}

/**
 * An answer asOf a moment inside the record-time horizon is final; one beyond it waits for the
 * horizon (an append still open, a projector behind), at most timeoutMs. An asOf further ahead of
 * the database's clock than that is refused at once (BAD_USER_INPUT: such a moment is not known
 * yet); a horizon that does not pass it in time is SERVICE_UNAVAILABLE (retry).
 */
export async function waitForAsOf(status: ProjectionStatus, asOf: Date, timeoutMs: number): Promise<void> {
  const waited = await status.waitForAsOf(asOf, timeoutMs);
  const horizon = waited.horizon?.toISOString() ?? null;
  if (waited.outcome === 'future') {
    throw badUserInput(
      `asOf ${asOf.toISOString()} is ahead of the database's clock (${waited.now.toISOString()}) by more than ` +
        `${READ_YOUR_WRITES_TIMEOUT_MS / 1000} s: what will be known then is not known yet`,
      'asOf',
      { reason: 'AS_OF_IN_FUTURE', recordTimeHorizon: horizon },
    );
  }
  if (waited.outcome === 'timeout') {
    throw new GraphQLError(
      `the read model is not yet complete up to asOf ${asOf.toISOString()} (complete before ${horizon ?? 'its first event'}): ` +
        'an append still open or a projection behind holds it back; try again shortly',
      {
        extensions: {
          code: 'SERVICE_UNAVAILABLE',
          reason: 'AS_OF_BEYOND_HORIZON',
          recordTimeHorizon: horizon,
          retryAfterSeconds: 1,
        },
      },
    );
  }
}
