import { GraphQLError } from 'graphql';
import { badUserInput } from '../graphql/errors';
import { MAX_LOG_POSITION, parseLogPosition } from '../input/log-position';
import type { ProjectionStatus } from './projection/projection-status';

export const READ_YOUR_WRITES_TIMEOUT_MS = 5_000;

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
