import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { Pool } from 'pg';
import { bareHandler, pageFromJson, type BarePageJson } from './bare-timeline';

/**
 * The bare `node:http` + `pg` server of bench:timeline (see bare-timeline.ts), in WEB_CONCURRENCY
 * worker processes (default 1) sharing one port through node:cluster, as many as the service
 * runs. Environment: DATABASE_URL, DATABASE_POOL_SIZE (per worker, default 10), PORT (0: a free
 * one), HOST, BARE_TIMELINE_PAGES (JSON: page name to BarePageJson). Logs "Listening on <url>"
 * once every worker listens; SIGTERM stops the workers, then the primary.
 */
const workers = Math.max(1, Number(process.env.WEB_CONCURRENCY ?? 1));

if (cluster.isPrimary) {
  let listening = 0;
  let exiting = false;
  cluster.on('listening', (_worker, address) => {
    listening += 1;
    if (listening === workers) console.log(`Listening on http://${process.env.HOST ?? '127.0.0.1'}:${address.port}`);
  });
  cluster.on('exit', (worker, code) => {
    if (!exiting) {
      console.error(`bare worker ${worker.process.pid} exited (${code}) unasked`);
      process.exit(1);
    }
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
  process.on('SIGTERM', () => {
    exiting = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
  });
  for (let i = 0; i < workers; i += 1) cluster.fork();
} else {
  const pool = new Pool({
    connectionString: process.env.DATABASE_URL,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  });
  const pages = Object.fromEntries(
    Object.entries(JSON.parse(process.env.BARE_TIMELINE_PAGES ?? '{}') as Record<string, BarePageJson>).map(
      ([name, page]) => [name, pageFromJson(page)],
    ),
  );
  bareHandler(pool, pages).then(
    (handler) => {
      const server = createServer(handler);
      server.keepAliveTimeout = 65_000;
      // The primary hears each worker's 'listening' (the port they share) and logs the address.
      server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
      process.on('SIGTERM', () => {
        server.close();
        server.closeAllConnections();
        void pool.end().then(() => process.exit(0));
      });
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
