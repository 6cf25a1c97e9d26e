import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { RequestHandler } from 'express';
import type { Server } from 'node:http';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import pino from 'pino';
import { AppModule } from './app.module';
import type { AppConfig } from './config/env';
import { EMBEDDED_DATABASE_NAME } from './database/connect';
import { READ_ROUTER } from './database/database.module';
import type { ReadRouter } from './database/read-replicas/read-router';
import { AddressShares, readsPerRequest, withReadShare } from './database/request-read-share';
import { admissionLimits } from './graphql/admission';
import { installHttpAdmission } from './graphql/http-admission';
import { answerClientErrorsAsGraphQL } from './graphql/http-client-errors';
import { getCaching, persistedQueryStore } from './http-caching';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './database/embedded-postgres';
import { LifecycleService } from './health/lifecycle.service';
import { GraphQLWsServer } from './subscriptions-server/graphql-ws.server';
import { installWebConsole } from './web-console/web-console';
import { clientAddressKey } from './input/client-address';

/** Longer than a request's time budget: only a client that reads nothing, or sends nothing, hits it. */
const HTTP_IDLE_SOCKET_MS = 30_000;

export interface RunningService {
  app: INestApplication;
  /** http://host:port of the listening server. */
  url: string;
  databaseUrl: string;
  embedded: EmbeddedPostgresHandle | undefined;
  /** Stop taking requests, let those in flight finish, close the pool, then stop the embedded database. */
  shutdown(reason?: string): Promise<void>;
}

/** Starts the whole service: the database (embedded when no DATABASE_URL is given), then the app. */
export async function startService(config: AppConfig): Promise<RunningService> {
  const log = pino({ level: config.logLevel, base: { pid: process.pid } });
  let embedded: EmbeddedPostgresHandle | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    log.info({ dataDir: config.embeddedPgDir }, 'No DATABASE_URL: starting the embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({
      dataDir: config.embeddedPgDir,
      port: config.embeddedPgPort,
      database: EMBEDDED_DATABASE_NAME,
      log: (line) => log.debug({ postgres: line }, 'embedded postgres'),
      warn: (message) => log.warn(message),
    });
    databaseUrl = embedded.url;
    log.info({ url: embedded.url, dataDir: embedded.dataDir }, 'Embedded PostgreSQL is running');
  }

  let app: INestApplication | undefined;
  try {
    app = await NestFactory.create(AppModule.forRoot({ config, databaseUrl }), { bufferLogs: true });
    const workerId = config.workerId;
    if (workerId !== undefined) {
      // Which worker of a cluster answered: its cluster number (1, 2, … as forked), nothing an
      // attacker can use, and what an operator (and the cluster test) needs to tell workers apart.
      app.use((_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
        res.setHeader('X-Worker', String(workerId));
        next();
      });
    }
    installHttpAdmission(app as import('@nestjs/platform-express').NestExpressApplication, {
      requestTimeoutMs: config.requestTimeoutMs,
      maxConcurrentPerAddress: config.httpMaxConcurrentPerAddress,
      limits: admissionLimits(config),
      persistedQueries: persistedQueryStore(app),
      getCaching: getCaching(app, config),
      requestScope: readScope(
        readsPerRequest(config.databaseReadsPerRequest, config.databasePoolSize),
        app.get<ReadRouter | null>(READ_ROUTER),
        app.get(AddressShares),
      ),
    });
    installWebConsole(app as import('@nestjs/platform-express').NestExpressApplication, {
      graphiql: config.graphqlPlayground,
    });
    app.useLogger(app.get(PinoNestLogger));
    await app.listen(config.port, config.host);
  } catch (error) {
    await app?.close().catch(() => undefined);
    await embedded?.stop();
    throw error;
  }

  const server = app.getHttpServer() as Server;
  // A client that stops reading its answer keeps that answer in memory: a socket on which nothing
  // moves for this long is closed (WebSockets are ws's to keep alive: it clears this on upgrade).
  server.setTimeout(HTTP_IDLE_SOCKET_MS);
  answerClientErrorsAsGraphQL(server);
  const running = app;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;

  let stopping: Promise<void> | undefined;
  const shutdown = (reason = 'shutdown') =>
    (stopping ??= (async () => {
      log.info({ reason }, 'Shutting down: no new requests, finishing those in flight');
      running.get(LifecycleService).beginShutdown();
      // Subscriptions hold sockets open as long as clients like: 1001 tells them to reconnect elsewhere.
      running.get(GraphQLWsServer).closeAll();
      await closeHttpServer(server, config.shutdownTimeoutMs, () =>
        log.warn('In-flight requests outlived the shutdown timeout'),
      );
      await running.close(); // GraphQL, listeners, then the pool
      await embedded?.stop();
      log.info('Stopped');
    })());

  return { app: running, url, databaseUrl, embedded, shutdown };
}

/**
 * Each request's share of the read pools (request-read-share.ts), within its address's, and with
 * read replicas its one database, chosen at its first read (see ReadRouter).
 */
function readScope(reads: number, router: ReadRouter | null, addresses: AddressShares): RequestHandler {
  return (req, res, next) =>
    withReadShare(
      reads,
      () => (router ? router.runScoped(next) : next()),
      // Answered, timed out or abandoned: its queries still waiting are not run.
      (close) => res.once('close', close),
      { shares: addresses, address: clientAddressKey(req.socket.remoteAddress) },
    );
}

/** Stops accepting connections and waits for requests in flight, cutting them off after the timeout. */
function closeHttpServer(server: Server, timeoutMs: number, onTimeout: () => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      onTimeout();
      server.closeAllConnections();
    }, timeoutMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
