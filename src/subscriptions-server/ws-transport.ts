import type { Logger } from '@nestjs/common';
import { CloseCode, handleProtocols, makeServer, type Disposable, type ServerOptions } from 'graphql-ws';
import type { IncomingMessage } from 'node:http';
import type { WebSocket, WebSocketServer } from 'ws';
import { jsonNestingExceeds, MAX_JSON_NESTING } from '../graphql/json-nesting';

export type Extra = { socket: WebSocket; request: IncomingMessage };

/**
 * graphql-ws's protocol over `ws` sockets. graphql-ws ships an adapter for this (`use/ws`), but it
 * answers a client's protocol violation (a `next` sent to the server) as our internal error (4500,
 * and a console.error per message), and prints every socket error (a message over maxPayload, which
 * `ws` already closes with 1009) to the console: one client could flood the log. Here a client's
 * mistake is a 4400 and a debug line; only our own failures are 4500 and an error in our log.
 */
export function serveGraphQLWs<P extends Record<string, unknown>>(
  options: ServerOptions<P, Extra>,
  wss: WebSocketServer,
  logger: Pick<Logger, 'error' | 'debug'>,
  keepAliveMs = 12_000,
): Disposable {
  const server = makeServer<P, Extra>(options);
  wss.options.handleProtocols = handleProtocols;
  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    socket.once('error', (error) => logger.debug(`WebSocket closed on a socket error: ${error.message}`));
    let pongWait: NodeJS.Timeout | undefined;
    const pinger = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), keepAliveMs);
      socket.once('pong', () => clearTimeout(pongWait));
      socket.ping();
    }, keepAliveMs);
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            const bytes = Buffer.isBuffer(data) ? data : Buffer.from(String(data));
            if (jsonNestingExceeds(bytes, MAX_JSON_NESTING)) {
              socket.close(CloseCode.BadRequest, `message nested more than ${MAX_JSON_NESTING} levels deep`);
              return;
            }
            handle(bytes.toString('utf8')).catch((error: unknown) => {
              const message = error instanceof Error ? error.message : String(error);
              if (/^Unexpected message of type/.test(message)) {
                socket.close(CloseCode.BadRequest, message.slice(0, 120));
                return;
              }
              // graphql-ws answers a reused id with a close reason that quotes the id, and ws refuses
              // a reason over 123 bytes: a long reused id is still the client's mistake.
              if (error instanceof RangeError && /123 bytes/.test(message)) {
                socket.close(CloseCode.SubscriberAlreadyExists, 'Subscriber for this id already exists');
                return;
              }
              logger.error(`graphql-ws failed on a message: ${message}`);
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      { socket, request },
    );
    socket.once('close', (code, reason) => {
      clearTimeout(pongWait);
      clearInterval(pinger);
      void closed(code, String(reason));
    });
  });
  return {
    dispose: async () => {
      for (const client of wss.clients) client.close(1001, 'Going away');
      wss.removeAllListeners('connection');
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
