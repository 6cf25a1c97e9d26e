import type { HttpCase } from './http-cases';

/**
 * What a request got back, reduced to what the rules judge: HTTP status, the error codes,
 * and the problems (a 5xx, INTERNAL_SERVER_ERROR, an error without a code, no answer at all).
 */
export interface Outcome {
  status: number;
  codes: string[];
  problems: string[];
  /**
   * True when every root field was refused (no data at all, and no error below a root field), so
   * the request must append nothing.
   */
  refused: boolean;
}

interface ErrorShape {
  message?: unknown;
  path?: unknown;
  extensions?: { code?: unknown };
}

/** Problems of one GraphQL response body (an object, or an array of them for a batch). */
export function judgeBody(body: unknown): Pick<Outcome, 'codes' | 'problems' | 'refused'> {
  const codes: string[] = [];
  const problems: string[] = [];
  const responses = Array.isArray(body) ? body : [body];
  let refused = true;
  for (const response of responses) {
    if (response === null || typeof response !== 'object') continue;
    const { data, errors } = response as { data?: Record<string, unknown> | null; errors?: ErrorShape[] };
    if (data && Object.values(data).some((value) => value !== null)) refused = false;
    for (const error of Array.isArray(errors) ? errors : []) {
      // An error below a root field (path [mutation, payload, field]) means the root field was
      // answered: a mutation took effect even when a failed non-null field nulled all of `data`.
      if (Array.isArray(error?.path) && error.path.length > 1) refused = false;
      const code = error?.extensions?.code;
      if (typeof code !== 'string') {
        codes.push('(no code)');
        problems.push(`error without extensions.code: ${category(error?.message)}`);
        continue;
      }
      codes.push(code);
      if (code === 'INTERNAL_SERVER_ERROR') problems.push(`INTERNAL_SERVER_ERROR: ${category(error.message)}`);
    }
  }
  return { codes, problems, refused };
}

/** A message with its variable parts (numbers, quoted text, ids) blanked, to group alike failures. */
export function category(message: unknown): string {
  return String(message ?? '(no message)')
    .replace(/\s+/g, ' ')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, '<id>')
    .replace(/\d+/g, 'N')
    .slice(0, 140);
}

/** Sends one case to the service; a request unanswered within the bound is a problem of its own. */
export async function sendHttp(baseUrl: string, request: HttpCase, timeoutMs = 20_000): Promise<Outcome> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${timeoutMs / 1000} s`
        : `connection failed: ${category((error as Error).message)}`;
    return { status: 0, codes: [], problems: [reason], refused: true };
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const problems = response.status >= 500 ? [`HTTP ${response.status}: ${category(text)}`] : [];
    return { status: response.status, codes: ['(not JSON)'], problems, refused: true };
  }
  const judged = judgeBody(body);
  const firstError = (Array.isArray(body) ? body[0] : body) as { errors?: ErrorShape[] } | null;
  const problems =
    response.status >= 500
      ? [
          `HTTP ${response.status} for ${judged.codes[0] ?? 'an answer without errors'}: ${category(firstError?.errors?.[0]?.message)}`,
        ]
      : [];
  return {
    status: response.status,
    codes: judged.codes,
    problems: [...problems, ...judged.problems],
    refused: judged.refused,
  };
}

/** The request as text a person can replay with curl, long strings cut. */
export function describeHttp(request: HttpCase): string {
  const cut = (text: string) => (text.length > 1_500 ? `${text.slice(0, 1_500)}… (${text.length} chars)` : text);
  return `${request.label}: ${request.method} ${cut(request.path)}\nheaders: ${JSON.stringify(request.headers)}\nbody: ${request.body === undefined ? '(none)' : cut(request.body)}`;
}
