import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { execute, GraphQLError, subscribe, type ExecutionResult } from 'graphql';
import type { Context, Disposable } from 'graphql-ws';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { AuthenticatorService } from '../access/authenticator.service';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { AddressShares, readsPerRequest, withReadShare } from '../database/request-read-share';
import { READ_ROUTER } from '../database/database.module';
import type { ReadRouter } from '../database/read-replicas/read-router';
import { WS_CLOSE } from './close-codes';
import { clientAddressKey } from '../input/client-address';
import { admissionLimits, type AdmissionLimits } from '../graphql/admission';
import { admitOverSocket, badRequest, type SubscribePayload } from './ws-admission';
import { socketAuthorization, wsContextValue } from './ws-context';
import { withErrorCodes } from './result-errors';
import { serveGraphQLWs, type Extra } from './ws-transport';

export const GRAPHQL_WS_PATH = '/graphql';

/**
 * graphql-ws at /graphql, run by us rather than by the GraphQL driver so that every limit is ours
 * and holds whichever driver serves HTTP: message size (maxPayload), sockets in all and per
 * address, operations per socket, the connection_init wait, the same admission as HTTP, and an API
 * key re-checked while the socket stays open. Operations run through the schema Nest built, so
 * guards, pipes and filters apply as over HTTP.
 */
@Injectable()
export class GraphQLWsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('GraphQLWs');
  private readonly wss: WebSocketServer;
  private readonly perAddress = new Map<string, number>();
  private disposable: Disposable | undefined;
  private httpServer: Server | undefined;
  /** The same limits as over HTTP, introspection switch included. */
  private readonly admission: AdmissionLimits;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
    private readonly authenticator: AuthenticatorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(READ_ROUTER) private readonly router: ReadRouter | null,
    private readonly addresses: AddressShares,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: config.ws.maxPayloadBytes });
    // In a cluster, which worker holds the socket (its cluster number, not its pid): see service.ts.
    const workerId = config.workerId;
    if (workerId !== undefined) this.wss.on('headers', (headers) => headers.push(`X-Worker: ${workerId}`));
    this.admission = admissionLimits(config);
  }

  onApplicationBootstrap(): void {
    const limits = this.config.ws;
    // The schema as Nest built and transformed it (GraphQLModule does not export its host to us).
    const schema = this.moduleRef.get(GraphQLSchemaHost, { strict: false }).schema;
    this.disposable = serveGraphQLWs<Record<string, unknown>>(
      {
        schema,
        // Its share of the read pools within its address's, and with read replicas one database,
        // as over HTTP (see request-read-share.ts and ReadRouter); the share ends with the execution.
        execute: (args) =>
          this.counted(args.contextValue, () =>
            this.inShare(args.contextValue, () =>
              this.router ? this.router.runScoped(() => execute(args)) : execute(args),
            ),
          ),
        // Each event of a subscription is executed (its payload's fields resolved, which may read)
        // within a share of its own, as a query would be: 1,000 subscriptions of one address
        // otherwise read outside any share on every event.
        subscribe: (args) =>
          this.counted(args.contextValue, async () => {
            const result = await subscribe(args);
            return isAsyncIterable(result)
              ? eachEventInShare(result, (next) => this.inShare(args.contextValue, next))
              : result;
          }),
        connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
        onConnect: (ctx) => {
          this.watchKey(ctx);
          return true;
        },
        onSubscribe: (ctx, _id, payload) => {
          // graphql-ws forgets an operation when the client completes it, while its execution goes
          // on: the operations still executing are counted too, or subscribe-then-complete would
          // run any number at once.
          const running = this.executing.get(ctx.extra.socket) ?? 0;
          if (
            Object.keys(ctx.subscriptions).length > limits.maxOperationsPerSocket ||
            running >= limits.maxOperationsPerSocket
          ) {
            return [
              badRequest(
                `at most ${limits.maxOperationsPerSocket} operations may be open on one socket; complete one first`,
                {
                  maxOperationsPerSocket: limits.maxOperationsPerSocket,
                },
              ),
            ];
          }
          const admitted = admitOverSocket(schema, payload as SubscribePayload, this.admission);
          if (Array.isArray(admitted)) return admitted;
          const socket = ctx.extra.socket;
          const contextValue = wsContextValue(socketAuthorization(ctx.connectionParams, ctx.extra.request), {
            close: (code, reason) => socket.close(code, reason),
          });
          const address = clientAddressKey(ctx.extra.request.socket.remoteAddress);
          return { ...admitted, contextValue: { ...contextValue, socket, address } };
        },
        onNext: (_ctx, _id, _payload, _args, result) => withErrorCodes(result as ExecutionResult),
      },
      this.wss,
      this.logger,
    );
    this.httpServer = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.httpServer.on('upgrade', this.onUpgrade);
  }

  async onApplicationShutdown(): Promise<void> {
    this.httpServer?.off('upgrade', this.onUpgrade);
    this.closeAll();
    await Promise.resolve(this.disposable?.dispose()).catch(() => undefined);
    this.disposable = undefined;
  }

  /** Tells every client this instance is going away (1001): graphql-ws clients reconnect, elsewhere. */
  closeAll(code: number = WS_CLOSE.goingAway.code, reason: string = WS_CLOSE.goingAway.reason): void {
    for (const socket of this.wss.clients) socket.close(code, reason);
  }

  private readonly executing = new WeakMap<object, number>();

  /** Runs work with a read share of its own within its socket's address's, ended when it settles. */
  private async inShare<T>(contextValue: unknown, work: () => T | Promise<T>): Promise<T> {
    let close = () => undefined as void;
    try {
      return await withReadShare(
        readsPerRequest(this.config.databaseReadsPerRequest, this.config.databasePoolSize),
        work,
        (closeShare) => (close = closeShare),
        { shares: this.addresses, address: socketAddress(contextValue) },
      );
    } finally {
      close();
    }
  }

  /** Counts an operation's execution against its socket while it runs. */
  private async counted<T>(contextValue: unknown, run: () => T | Promise<T>): Promise<T> {
    const socket = (contextValue as { socket?: object } | undefined)?.socket;
    if (!socket) return run();
    this.executing.set(socket, (this.executing.get(socket) ?? 0) + 1);
    try {
      return await run();
    } finally {
      this.executing.set(socket, (this.executing.get(socket) ?? 1) - 1);
    }
  }

  get socketCount(): number {
    return this.wss.clients.size;
  }

  /** Whatever a client's upgrade request holds, a failure ends that socket, never the process. */
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    try {
      this.upgrade(request, socket, head);
    } catch (error) {
      this.logger.debug(`WebSocket upgrade refused: ${error instanceof Error ? error.message : String(error)}`);
      socket.destroy();
    }
  };

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // The request target is the client's text: `//` is no URL at all, and a throw here would be
    // an uncaught exception that ends the process.
    const path = (request.url ?? '/').split('?')[0];
    if (path !== GRAPHQL_WS_PATH) return void socket.destroy();
    const limits = this.config.ws;
    const address = clientAddressKey(request.socket.remoteAddress);
    if (this.wss.clients.size >= limits.maxSockets)
      return refuseUpgrade(socket, 503, 'too many WebSocket connections; try again later');
    if ((this.perAddress.get(address) ?? 0) >= limits.maxSocketsPerAddress) {
      return refuseUpgrade(socket, 429, `at most ${limits.maxSocketsPerAddress} WebSocket connections per address`);
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
      ws.once('close', () => {
        const left = (this.perAddress.get(address) ?? 1) - 1;
        if (left > 0) this.perAddress.set(address, left);
        else this.perAddress.delete(address);
      });
      this.wss.emit('connection', ws, request);
    });
  }

  /**
   * Keys are looked up with a cache (a revoked key works for up to 10 s more); a socket lives as
   * long as the client likes, so its key is checked again every WS_KEY_RECHECK_MS and a socket
   * whose key stopped working is closed (4403), ending its subscriptions.
   */
  private watchKey(ctx: Context<Record<string, unknown>, Extra>): void {
    const authorization = socketAuthorization(ctx.connectionParams, ctx.extra.request);
    if (authorization === undefined || authorization === '') return;
    const socket = ctx.extra.socket;
    let wasValid = false;
    const check = async () => {
      try {
        await this.authenticator.fromRequest({ headers: { authorization } });
        wasValid = true;
      } catch (error) {
        if (!(error instanceof GraphQLError)) return; // the database, not the key: check again later
        // A key that never worked is answered per operation (UNAUTHENTICATED), as over HTTP.
        if (wasValid) socket.close(WS_CLOSE.keyRevoked.code, WS_CLOSE.keyRevoked.reason);
      }
    };
    const timer = setInterval(() => void check(), this.config.ws.keyRecheckMs);
    timer.unref();
    socket.once('close', () => clearInterval(timer));
    void check();
  }
}

/** An upgrade refused before it became a WebSocket: a plain HTTP answer the client can read. */
function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const reason = status === 429 ? 'Too Many Requests' : 'Service Unavailable';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
  );
}

/** The client address of the socket an operation came on (see onSubscribe's contextValue). */
function socketAddress(contextValue: unknown): string {
  return (contextValue as { address?: string } | undefined)?.address ?? 'unknown';
}

function isAsyncIterable<T>(value: unknown): value is AsyncIterableIterator<T> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * The subscription's events, each taken (and so executed: graphql-js maps each payload through
 * execute inside next()) in the async context `inShare` gives the call.
 */
function eachEventInShare<T>(
  source: AsyncIterableIterator<T>,
  inShare: (next: () => Promise<IteratorResult<T>>) => Promise<IteratorResult<T>>,
): AsyncIterableIterator<T> {
  const events: AsyncIterableIterator<T> = {
    next: () => inShare(() => source.next()),
    return: (value?: unknown) => source.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
    throw: (error?: unknown) => source.throw?.(error) ?? Promise.reject(error),
    [Symbol.asyncIterator]: () => events,
  };
  return events;
}
