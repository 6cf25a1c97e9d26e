// The pages' GraphQL client: POST with a JSON body, which is what the service's CSRF prevention
// asks of a browser (a form or text/plain request is refused). Readers send no key; the editor
// console sends its API key as a bearer header, never in the URL.

/** One entry of a GraphQL answer's `errors`, as far as the pages read it. */
export interface GraphQLErrorEntry {
  message: string;
  extensions?: {
    code?: string;
    field?: string;
    problems?: unknown;
    [name: string]: unknown;
  };
}

export class GraphQLRequestError extends Error {
  readonly errors: GraphQLErrorEntry[];
  readonly status: number;

  constructor(errors: GraphQLErrorEntry[], status: number) {
    super(errors.map((error) => error.message).join('; ') || `HTTP ${status}`);
    this.errors = errors;
    this.status = status;
  }
}

export type Variables = Record<string, unknown>;

export interface RequestOptions {
  signal?: AbortSignal;
  apiKey?: string | undefined;
}

interface GraphQLBody<T> {
  data?: T;
  errors?: GraphQLErrorEntry[];
}

/**
 * Runs one operation; resolves to its data, or rejects with every error the service gave. `T` is
 * the data the document selects, as the caller declares it next to the document.
 */
export async function graphql<T>(query: string, variables: Variables = {}, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const response = await fetch('/graphql', {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
    credentials: 'same-origin',
    signal: options.signal ?? null,
  });
  let body: GraphQLBody<T>;
  try {
    body = (await response.json()) as GraphQLBody<T>;
  } catch {
    throw new GraphQLRequestError([{ message: `the service answered HTTP ${response.status}` }], response.status);
  }
  if (body.errors?.length) throw new GraphQLRequestError(body.errors, response.status);
  // A proxy's or a misrouted answer in JSON: say what came back rather than an empty error.
  if (body.data === undefined || body.data === null)
    throw new GraphQLRequestError(
      [{ message: `the service answered HTTP ${response.status} without data or errors` }],
      response.status,
    );
  return body.data;
}

/** The errors an exception carries: a GraphQLRequestError's own, or its message as one. */
export function errorsOf(error: unknown): GraphQLErrorEntry[] {
  if (error instanceof GraphQLRequestError) return error.errors;
  return [{ message: error instanceof Error ? error.message : String(error) }];
}

/** Whether the service refused the request with this code (UNAUTHENTICATED, CONFLICT…). */
export function hasCode(error: unknown, code: string): boolean {
  return error instanceof GraphQLRequestError && error.errors.some((e) => e.extensions?.code === code);
}

/** The graphql-ws endpoint of this page's origin. */
export function subscriptionUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`;
}
