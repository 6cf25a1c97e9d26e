import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Kind, parse, type FieldNode, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';
import type { Pool, QueryConfig } from 'pg';
import {
  encodeTimelineCursor,
  TimelineQueries,
  type TimelineFilter,
  type TimelineOptions,
} from '../src/timelines/queries';
import { nodeRows, toNode, type NodeRow, type PageRow } from '../src/timelines/queries/timeline-queries';
import type { TimelineFilterInput } from '../src/timelines/dto/timeline-filter.input';
import type { TimelineArgs } from '../src/timelines/dto/timeline.args';
import { docKeysToOmit, requestedNodeFields } from '../src/timelines/requested-fields';
import { toTimelineFilter, toTimelineOptions } from '../src/timelines/timeline-args.mapping';
import { nodeModel } from '../src/timelines/timeline-node.mapping';

/**
 * The bare server of `bench:timeline`: what a Node HTTP server with nothing but `node:http` and
 * `pg` costs to answer the benchmark's pages, the limit for the service. Each page is answered
 * with the statement the service runs for it (taken from TimelineQueries, so it cannot drift),
 * prepared when the service prepares it, and the JSON a client gets from the service for the
 * page's GraphQL query (rows mapped by the service's own toNode and nodeModel).
 */

export const PAGE_SIZE = 50;

/** What each benchmark page asks of each event (32 KiB of JSON for 50 events on the 1M log). */
const PAGE_FIELDS = `pageInfo { hasNextPage endCursor }
    edges { cursor node { id kind title start { value precision timeZone } participants { actorId role actor { name } } } }`;

/** The benchmark's GraphQL queries, one per page kind. */
export const PAGE_QUERIES = {
  actor: `query ActorYear($actor: ID!, $from: TemporalPointInput!, $to: TemporalPointInput!, $asOf: DateTime) {
  timeline(filter: { actors: { anyOf: [$actor] }, dateRange: { from: $from, to: $to } }, first: ${PAGE_SIZE}, asOf: $asOf) {
    ${PAGE_FIELDS}
  }
}`,
  dyad: `query Dyad($a: ID!, $b: ID!) {
  timeline(filter: { dyad: { actors: [$a, $b] } }, first: ${PAGE_SIZE}) {
    ${PAGE_FIELDS}
  }
}`,
  text: `query Search($text: String!) {
  timeline(filter: { text: $text }, first: ${PAGE_SIZE}) {
    ${PAGE_FIELDS}
  }
}`,
};

/** One page: the query layer's terms for it (as the resolver would pass them) and its GraphQL query. */
export interface BarePage {
  filter: TimelineFilter;
  options: TimelineOptions & { first: number };
  query: string;
}

/** As a page travels in an environment variable (asOf as an ISO string). */
export type BarePageJson = Omit<BarePage, 'options'> & {
  options: Omit<BarePage['options'], 'asOf'> & { asOf?: string };
};

/**
 * A page as TimelineResolver asks the query layer for it: the GraphQL filter and arguments mapped
 * by the service's own functions, with the schema's defaults (orderBy ASC, includeRetracted false).
 */
export function pageFromGraphQL(
  query: string,
  filter: TimelineFilterInput,
  args: { first: number; asOf?: Date },
): BarePage {
  const options = toTimelineOptions({ includeRetracted: false, orderBy: 'ASC' as TimelineArgs['orderBy'], ...args });
  return { query, filter: toTimelineFilter(filter), options: { ...options, first: args.first } };
}

export function pageToJson(page: BarePage): BarePageJson {
  const { asOf, ...options } = page.options;
  return { ...page, options: { ...options, ...(asOf ? { asOf: asOf.toISOString() } : {}) } };
}

export function pageFromJson(page: BarePageJson): BarePage {
  const { asOf, ...options } = page.options;
  return { ...page, options: { ...options, ...(asOf ? { asOf: new Date(asOf) } : {}) } };
}

/**
 * The doc members the service leaves out for this query (TimelineResolver: docKeysToOmit of the
 * fields asked of each node), from the query's `timeline` field.
 */
export function omittedDocKeys(query: string): string[] {
  const operation = parse(query).definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  const timeline = operation.selectionSet.selections.find(
    (s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === 'timeline',
  )!;
  const info = { fieldNodes: [timeline], fragments: {} } as unknown as GraphQLResolveInfo;
  return docKeysToOmit(requestedNodeFields(info));
}

/** The statement TimelineQueries runs for a page (caught at the pool: nothing is run). */
export async function pageStatement(
  schema: string,
  filter: TimelineFilter,
  options: TimelineOptions,
): Promise<QueryConfig & { values: unknown[] }> {
  let statement: (QueryConfig & { values: unknown[] }) | undefined;
  const catching = {
    query: (text: string | QueryConfig, values: unknown[]) => {
      statement = (typeof text === 'string' ? { text, values } : text) as QueryConfig & { values: unknown[] };
      return Promise.resolve({ rows: [] });
    },
  };
  await new TimelineQueries(catching as unknown as Pool, async () => schema).timeline(filter, options);
  if (!statement) throw new Error('TimelineQueries ran no statement');
  return statement;
}

/**
 * The GraphQL response's JSON for a page of `first` events from the statement's rows, as the
 * service answers the benchmark's selection: the paging of TimelineQueries.timeline (forward
 * pages only), each row mapped by toNode and nodeModel, then the selected fields picked.
 */
export function pageResponse(rows: NodeRow[], first: number, asOf: Date | undefined): unknown {
  const pageRows = rows.slice(0, first);
  const edges = pageRows.map((row) => {
    const node = nodeModel(toNode(row), asOf);
    return {
      cursor: encodeTimelineCursor({ validFrom: row.cursor_valid_from, eventId: row.event_id }),
      node: {
        id: node.id,
        kind: node.kind,
        title: node.title,
        start: node.start
          ? { value: node.start.value, precision: node.start.precision, timeZone: node.start.timeZone }
          : null,
        participants: node.participants.map((p) => {
          const actor = p.actor as { name: string } | null | undefined;
          return { actorId: p.actorId, role: p.role, actor: actor ? { name: actor.name } : null };
        }),
      },
    };
  });
  return {
    data: {
      timeline: {
        pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
        edges,
      },
    },
  };
}

/**
 * The bare server's request handler: POST /<page name> (any body, read and parsed as JSON as a
 * server must) answers that page. The statements are made once, with the doc members the
 * page's query leaves out, on the read-model generation active at start.
 */
export async function bareHandler(pool: Pool, pages: Record<string, BarePage>): Promise<RequestListener> {
  const { rows } = await pool.query<{ active_schema: string }>('SELECT active_schema FROM read_model_state');
  const schema = rows[0]!.active_schema;
  const answers = new Map<string, { statement: QueryConfig; first: number; asOf: Date | undefined }>();
  for (const [name, page] of Object.entries(pages)) {
    const options = { ...page.options, omitDocKeys: omittedDocKeys(page.query) };
    answers.set(`/${name}`, {
      statement: await pageStatement(schema, page.filter, options),
      first: page.options.first,
      asOf: page.options.asOf,
    });
  }
  return (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = answers.get(request.url ?? '');
      const reply = (status: number, body: string) => {
        response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        response.end(body);
      };
      if (!answer) return reply(404, '{"errors":[{"message":"no such page"}]}');
      try {
        if (chunks.length > 0) JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return reply(400, '{"errors":[{"message":"the body is not JSON"}]}');
      }
      pool.query<PageRow>(answer.statement).then(
        (result) => reply(200, JSON.stringify(pageResponse(nodeRows(result.rows), answer.first, answer.asOf))),
        (error: unknown) => reply(500, JSON.stringify({ errors: [{ message: String(error) }] })),
      );
    });
  };
}
