import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** What a resolver may do to the socket its operation came over (absent over HTTP). */
export interface WsConnection {
  close(code: number, reason: string): void;
}

/**
 * The context value of an operation over the WebSocket: the shape the HTTP side has (`{ req }`,
 * which the guards read the API key from), plus the connection a subscription may need to close.
 */
export interface WsContextValue {
  req: { headers: { authorization: string | undefined }; id: string };
  connection: WsConnection;
}

/** The API key from connection_init's Authorization (or the upgrade request's header). */
export function socketAuthorization(
  connectionParams: Readonly<Record<string, unknown>> | undefined,
  request: IncomingMessage,
): string | undefined {
  const params = connectionParams ?? {};
  const authorization = params.Authorization ?? params.authorization ?? request.headers.authorization;
  return typeof authorization === 'string' ? authorization : undefined;
}

export function wsContextValue(authorization: string | undefined, connection: WsConnection): WsContextValue {
  return { req: { headers: { authorization }, id: randomUUID() }, connection };
}
