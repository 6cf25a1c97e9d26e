import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import type { RunningService } from '../../src/service';
import { eventually } from './eventually';

export { eventually };

/** Clients over the WebSocket as any client would talk: the graphql-ws client, or raw frames. */
export const wsUrl = (service: RunningService) => `${service.url.replace('http', 'ws')}/graphql`;

export function wsClient(service: RunningService, connectionParams?: Record<string, unknown>): Client {
  return createClient({
    url: wsUrl(service),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams,
  });
}

export interface Outcome {
  data?: Record<string, any> | null;
  /** From a `next` with errors or from an `error` message. */
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
  /** The socket closed instead (a CloseEvent-like object). */
  closed?: { code: number; reason: string };
}

/** Runs one query or mutation (or the first answer of a subscription) and says how it ended. */
export function once(client: Client, query: string, variables: Record<string, unknown> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    let dispose = () => undefined as void;
    dispose = client.subscribe(
      { query, variables },
      {
        next: (result: ExecutionResult<Record<string, any>>) => {
          resolve({ data: result.data, errors: result.errors as Outcome['errors'] });
          dispose();
        },
        error: (error: unknown) => {
          if (Array.isArray(error)) resolve({ errors: error as Outcome['errors'] });
          else if (error && typeof error === 'object' && 'code' in error) {
            const event = error as { code: number; reason: string };
            resolve({ closed: { code: event.code, reason: event.reason } });
          } else resolve({ errors: [{ message: String(error) }] });
        },
        complete: () => resolve({}),
      },
    );
  });
}

/** A socket speaking graphql-transport-ws by hand: for what the client library would not send. */
export class RawSocket {
  readonly messages: Array<Record<string, any>> = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly socket: WebSocket;
  private readonly opened: Promise<void>;

  constructor(service: RunningService, path = '/graphql') {
    this.socket = new WebSocket(`${service.url.replace('http', 'ws')}${path}`, 'graphql-transport-ws');
    this.socket.on('message', (data) => this.messages.push(JSON.parse(String(data)) as Record<string, any>));
    this.socket.on('error', () => undefined); // reported through `closed`
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`upgrade refused: HTTP ${response.statusCode}`)),
      );
      this.socket.once('error', reject);
    });
    this.closed = new Promise((resolve) =>
      this.socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
  }

  async init(payload?: Record<string, unknown>): Promise<void> {
    await this.opened;
    this.send({ type: 'connection_init', ...(payload ? { payload } : {}) });
    await this.next((m) => m.type === 'connection_ack');
  }

  open(): Promise<void> {
    return this.opened;
  }

  send(message: Record<string, unknown> | string): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  subscribe(id: string, query: string, variables: Record<string, unknown> = {}): void {
    this.send({ id, type: 'subscribe', payload: { query, variables } });
  }

  next(predicate: (message: Record<string, any>) => boolean, deadlineMs = 15_000): Promise<Record<string, any>> {
    return eventually('a message', () => this.messages.find(predicate), deadlineMs, 20);
  }

  count(predicate: (message: Record<string, any>) => boolean): number {
    return this.messages.filter(predicate).length;
  }

  close(): void {
    this.socket.terminate();
  }
}
