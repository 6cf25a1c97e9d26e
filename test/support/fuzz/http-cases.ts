import fc from 'fast-check';
import type { GraphQLSchema } from 'graphql';
import { Choices } from './choices';
import { buildOperation, type FuzzOperation, type OperationOptions } from './operations';

/** One HTTP request, as data: printable, replayable, shrinkable. */
export interface HttpCase {
  method: 'GET' | 'POST';
  /** Path and query string. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** What the generator meant, for the report. */
  label: string;
}

/**
 * Unbiased: fast-check's bias towards small arrays and numbers would make most operations the
 * plainest one (every exhausted choice reads as 0). Shrinking still zeroes and shortens them.
 */
export const choiceStream = (maxLength: number) =>
  fc.noBias(fc.array(fc.nat({ max: 1_000_000 }), { minLength: maxLength / 2, maxLength }));

const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'application/graphql',
  'application/json; charset=utf-16',
  'application/graphql-response+json',
  '',
];

/** Bodies that are not a GraphQL request, or not JSON at all. */
const ODD_BODIES = [
  '{',
  'null',
  '[]',
  '"a string"',
  '{"query": 5}',
  '{"query": null}',
  '{"query": "{ __typename }", "variables": "x"}',
  '{"query": "{ __typename }", "variables": [1, 2]}',
  '{"query": "{ __typename }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "00"}}}',
  '\ufeff{"query": "{ __typename }"}',
  '{"query": "{ __typename }"}\u0000',
  '{"query": "query ($x: Int) { timeline(first: $x) { totalCount } }", "variables": {"x": 1e400}}',
  '{"__proto__": {"query": "{ __typename }"}}',
];

/**
 * The HTTP share of the fuzz run: well-formed POSTs of random operations (the bulk), GETs,
 * malformed bodies, odd content types, huge or odd variables and arrays of operations.
 */
export function httpCaseArbitrary(
  schema: GraphQLSchema,
  options: OperationOptions,
  headers: Record<string, string> = {},
): fc.Arbitrary<HttpCase> {
  const json = { 'content-type': 'application/json', ...headers };
  const operation = choiceStream(160).map((stream) => buildOperation(schema, new Choices(stream), options));
  const post = (op: FuzzOperation, label: string): HttpCase => ({
    method: 'POST',
    path: '/graphql',
    headers: json,
    body: JSON.stringify(op),
    label,
  });
  return fc.oneof(
    { weight: 70, arbitrary: operation.map((op) => post(op, 'operation')) },
    {
      weight: 6,
      arbitrary: operation.map((op): HttpCase => ({
        method: 'GET',
        path: `/graphql?${new URLSearchParams({ query: op.query, variables: JSON.stringify(op.variables) })}`,
        headers: headers,
        label: 'GET operation',
      })),
    },
    {
      weight: 6,
      arbitrary: fc.tuple(operation, fc.nat()).map(([op, at]) => {
        const body = JSON.stringify(op);
        return {
          method: 'POST',
          path: '/graphql',
          headers: json,
          body: body.slice(0, at % body.length),
          label: 'truncated JSON',
        } as HttpCase;
      }),
    },
    {
      weight: 5,
      arbitrary: fc.tuple(operation, fc.constantFrom(...CONTENT_TYPES)).map(([op, type]): HttpCase => ({
        method: 'POST',
        path: '/graphql',
        headers: { ...headers, 'content-type': type },
        body: JSON.stringify(op),
        label: `content-type "${type}"`,
      })),
    },
    {
      weight: 4,
      arbitrary: fc
        .constantFrom(...ODD_BODIES)
        .map((body): HttpCase => ({ method: 'POST', path: '/graphql', headers: json, body, label: 'odd body' })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(operation, fc.constantFrom('huge string', 'deep array', 'many keys', 'over the body cap'))
        .map(([op, kind]) => {
          return {
            method: 'POST',
            path: '/graphql',
            headers: json,
            body: hugeVariablesBody(kind, op),
            label: `variables: ${kind}`,
          } as HttpCase;
        }),
    },
    {
      weight: 5,
      arbitrary: fc.array(operation, { minLength: 1, maxLength: 30 }).map((ops): HttpCase => ({
        method: 'POST',
        path: '/graphql',
        headers: json,
        body: JSON.stringify(ops),
        label: `array of ${ops.length} operations`,
      })),
    },
  );
}

/** Written as text: JSON.stringify would run out of stack on the deep array before the server sees it. */
function hugeVariablesBody(kind: string, op: FuzzOperation): string {
  const withVariable = (name: string, json: string) => {
    const known = JSON.stringify(op.variables);
    return `{"query":${JSON.stringify(op.query)},"variables":${known.slice(0, -1)}${known === '{}' ? '' : ','}"${name}":${json}}}`;
  };
  switch (kind) {
    case 'huge string':
      return withVariable('huge', `"${'x'.repeat(2_000_000)}"`);
    case 'deep array':
      return withVariable('deep', `${'['.repeat(5_000)}1${']'.repeat(5_000)}`);
    case 'many keys':
      return JSON.stringify({
        query: op.query,
        variables: Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i])),
      });
    default:
      return withVariable('over', `"${'x'.repeat(7 * 1024 * 1024)}"`);
  }
}
