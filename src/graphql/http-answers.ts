import type { Response } from 'express';

/** A GraphQL error as it goes out over HTTP: a message and extensions with a code. */
export interface ErrorJson {
  message: string;
  extensions: Record<string, unknown>;
}

/** Answers `{ errors }` in GraphQL's shape from the HTTP layer, before any driver runs. */
export function sendErrors(
  res: Response,
  status: number,
  errors: ErrorJson[],
  headers: Record<string, string> = {},
): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(JSON.stringify({ errors }));
}

/** A refusal of the client's input: 400 (unless told otherwise) with BAD_USER_INPUT and the field at fault. */
export function sendBadInput(
  res: Response,
  message: string,
  extensions: { field: string; reason?: string; [name: string]: unknown },
  status = 400,
  headers: Record<string, string> = {},
): void {
  sendErrors(res, status, [{ message, extensions: { code: 'BAD_USER_INPUT', ...extensions } }], headers);
}
