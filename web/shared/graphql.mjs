// The pages' GraphQL client: POST with a JSON body, which is what the service's CSRF prevention
// asks of a browser (a form or text/plain request is refused). Readers send no key; the editor
// console sends its API key as a bearer header, never in the URL.

export class GraphQLRequestError extends Error {
  constructor(errors, status) {
    super(errors.map((error) => error.message).join('; ') || `HTTP ${status}`);
    this.errors = errors;
    this.status = status;
  }
}

/** Runs one operation; resolves to its data, or rejects with every error the service gave. */
export async function graphql(query, variables = {}, { signal, apiKey } = {}) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  const response = await fetch('/graphql', {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
    credentials: 'same-origin',
    signal,
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new GraphQLRequestError([{ message: `the service answered HTTP ${response.status}` }], response.status);
  }
  if (body.errors?.length) throw new GraphQLRequestError(body.errors, response.status);
  return body.data;
}

/** The graphql-ws endpoint of this page's origin. */
export function subscriptionUrl(location) {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`;
}
