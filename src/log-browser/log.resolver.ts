import { Args, Query, Resolver } from '@nestjs/graphql';
import { RequireRole } from '../access/principal';
import { LogReader } from '../event-store/log-reader';
import { checkpointFromString, checkpointToString, LOG_START } from '../event-store/types';
import { badUserInput } from '../graphql/errors';
import { MAX_LOG_POSITION, MAX_TRANSACTION_ID } from '../input/log-position';
import { LogArgs, MAX_LOG_PAGE } from './dto/log.args';
import { LogPage } from './models/log-page.model';

/** The raw global log in commit-safe order, for admins and for replication. */
@Resolver()
export class LogResolver {
  constructor(private readonly store: LogReader) {}

  @RequireRole('admin')
  @Query(() => LogPage, { description: 'The global event log, oldest first, in pages (admin)' })
  async log(@Args() { after, first }: LogArgs): Promise<LogPage> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_LOG_PAGE) {
      throw badUserInput(`first must be from 1 to ${MAX_LOG_PAGE}, got ${first}`, 'first');
    }
    let checkpoint = LOG_START;
    if (after !== undefined && after !== null) {
      try {
        checkpoint = checkpointFromString(after);
      } catch (error) {
        throw badUserInput((error as Error).message, 'after');
      }
      // Twenty digits fit the pattern but not PostgreSQL's xid8 and bigint.
      if (checkpoint.transactionId > MAX_TRANSACTION_ID || checkpoint.position > MAX_LOG_POSITION) {
        throw badUserInput(`after is beyond any log position (a position is at most ${MAX_LOG_POSITION})`, 'after');
      }
    }
    const page = await this.store.readAll({ after: checkpoint, limit: first });
    return {
      entries: page.events.map((event) => ({
        position: event.globalPosition.toString(),
        cursor: checkpointToString({ transactionId: event.transactionId, position: event.globalPosition }),
        streamId: event.streamId,
        streamVersion: event.streamVersion,
        eventId: event.eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.data,
        metadata: event.metadata,
        recordedAt: event.recordedAt,
      })),
      endCursor: checkpointToString(page.checkpoint),
      caughtUp: page.caughtUp,
    };
  }
}
