import WebSocket from 'ws';

export interface Answer {
  status: number;
  /** extensions.code of the first error, or undefined when there was none. */
  code: string | undefined;
  message: string | undefined;
  data: unknown;
  ms: number;
}

/** One POST /graphql, bounded in time; a timeout or a dropped connection is an answer too (status 0). */
export async function post(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<Answer> {
  const started = performance.now();
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: { data?: unknown; errors?: Array<{ message?: string; extensions?: { code?: string } }> } = {};
    try {
      body = JSON.parse(text);
    } catch {
      body = { errors: [{ message: text.slice(0, 120) }] };
    }
    const error = body.errors?.[0];
    return {
      status: response.status,
      code: error ? (error.extensions?.code ?? '(no code)') : undefined,
      message: error?.message,
      data: body.data,
      ms: performance.now() - started,
    };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return {
      status: 0,
      code: timedOut ? 'TIMEOUT' : 'NO ANSWER',
      message: (error as Error).message,
      data: undefined,
      ms: performance.now() - started,
    };
  }
}

export interface WsMessage {
  id?: string;
  type: string;
  payload?: any;
}

/**
 * A graphql-ws (graphql-transport-ws) connection over a raw `ws` socket: raw so that the attacks
 * can send what a well-behaved client library would not (oversized frames, hundreds of
 * subscriptions), and so that the bench does not depend on the server's library.
 */
export class WsConnection {
  private readonly listeners = new Set<(message: WsMessage) => void>();
  closed: { code: number; reason: string } | undefined;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      let message: WsMessage;
      try {
        message = JSON.parse(data.toString());
      } catch {
        return;
      }
      for (const listener of this.listeners) listener(message);
    });
    socket.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }

  /** Connected and acknowledged, or rejected with why (closed, refused, no ack within the bound). */
  static open(
    httpUrl: string,
    connectionParams: Record<string, unknown> = {},
    timeoutMs = 10_000,
  ): Promise<WsConnection> {
    const socket = new WebSocket(`${httpUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const connection = new WsConnection(socket);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no connection_ack within the bound')), timeoutMs);
      socket.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.on('close', (code) => {
        clearTimeout(timer);
        reject(new Error(`closed ${code} before connection_ack`));
      });
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: connectionParams })));
      const onAck = (message: WsMessage) => {
        if (message.type !== 'connection_ack') return;
        clearTimeout(timer);
        connection.listeners.delete(onAck);
        resolve(connection);
      };
      connection.listeners.add(onAck);
    });
  }

  send(message: unknown): void {
    if (this.socket.readyState === WebSocket.OPEN)
      this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  subscribe(id: string, query: string, variables: Record<string, unknown> = {}): void {
    this.send({ id, type: 'subscribe', payload: { query, variables } });
  }

  /** Calls back on every message until the returned function is called. */
  onMessage(listener: (message: WsMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The first message for that id that ends it (error, complete) or carries a result (next), or the close. */
  answer(
    id: string,
    timeoutMs = 30_000,
  ): Promise<{ message?: WsMessage; closed?: { code: number; reason: string }; ms: number }> {
    const started = performance.now();
    return new Promise((resolve) => {
      const done = (result: { message?: WsMessage; closed?: { code: number; reason: string } }) => {
        clearTimeout(timer);
        stop();
        this.socket.off('close', onClose);
        resolve({ ...result, ms: performance.now() - started });
      };
      const timer = setTimeout(() => done({}), timeoutMs);
      const onClose = (code: number, reason: Buffer) => done({ closed: { code, reason: reason.toString() } });
      if (this.closed) return done({ closed: this.closed });
      this.socket.on('close', onClose);
      const stop = this.onMessage((message) => {
        if (message.id === id && ['next', 'error', 'complete'].includes(message.type)) done({ message });
      });
    });
  }

  close(): void {
    this.socket.terminate();
  }
}

/** What a WebSocket answer amounts to, for the table: the refusal's code, accepted, or the close. */
export function wsOutcome(result: { message?: WsMessage; closed?: { code: number; reason: string } }): string {
  if (result.closed)
    return `socket closed ${result.closed.code}${result.closed.reason ? ` (${result.closed.reason.slice(0, 40)})` : ''}`;
  const message = result.message;
  if (!message) return 'no answer (bound passed)';
  const errors = message.type === 'error' ? message.payload : message.payload?.errors;
  if (Array.isArray(errors) && errors.length > 0) return `refused ${errors[0]?.extensions?.code ?? '(no code)'}`;
  return 'accepted';
}
