import { PostgresEventStore } from './event-store';

/**
 * The log for GraphQL queries (eventHistory, actorHistory, log): the same store on the read pool,
 * so that a flood of history reads cannot take the connections appends need.
 */
export class LogReader extends PostgresEventStore {}
