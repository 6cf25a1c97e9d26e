import { maxHeaderSize, type Server } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Node's HTTP parser refuses a request whose request line and headers exceed maxHeaderSize
 * (16 KiB) before any middleware runs, with a bare 431. A GET whose URL is that long is a
 * GraphQL client's request like any other: it gets the same kind of answer as one over
 * MAX_GET_URL_BYTES (a GraphQL error with a code). Every other parser error is answered as Node
 * does by default.
 */
export function answerClientErrorsAsGraphQL(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || headerSent(socket)) {
      socket.destroy(error);
      return;
    }
    if (error.code === 'HPE_HEADER_OVERFLOW') {
      // The server's own option when set (http.createServer({ maxHeaderSize })), else the process's.
      const limit = (server as { maxHeaderSize?: number }).maxHeaderSize ?? maxHeaderSize;
      const body = JSON.stringify({
        errors: [
          {
            message: `the request's URL and headers are over ${limit} bytes; send a long operation by POST, or as a persisted query (its sha256 in extensions)`,
            extensions: { code: 'BAD_USER_INPUT', field: 'url', reason: 'HEADERS_TOO_LARGE', maxBytes: limit },
          },
        ],
      });
      socket.end(
        `HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    socket.write(`HTTP/1.1 ${defaultStatus(error.code)}\r\nConnection: close\r\n\r\n`);
    socket.destroy(error);
  });
}

/** Node's own answers (socketOnError in lib/_http_server.js) when no clientError listener is set. */
function defaultStatus(code: string | undefined): string {
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return '413 Payload Too Large';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return '408 Request Timeout';
  return '400 Bad Request';
}

/** A response already being written on this socket: anything more would corrupt it. */
function headerSent(socket: Duplex): boolean {
  return Boolean((socket as unknown as { _httpMessage?: { _headerSent?: boolean } })._httpMessage?._headerSent);
}
