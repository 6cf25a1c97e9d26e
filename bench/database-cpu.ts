import { Client } from 'pg';
import { cpuTicks } from './proc-cpu';

/**
 * CPU seconds used by this process and by the PostgreSQL backends of one database (parallel
 * workers included), from /proc: the server must run on this machine (NaN otherwise). Backends
 * are found by polling pg_stat_activity, so one that lives less than a poll (250 ms) is missed,
 * and one that ends counts up to its last poll.
 */
export class DatabaseCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private readonly nodeStart = process.cpuUsage();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> = Promise.resolve();

  private constructor(
    private readonly client: Client,
    private readonly database: string,
  ) {}

  static async start(url: string): Promise<DatabaseCpu> {
    const client = new Client({ connectionString: url, application_name: 'bench-cpu' });
    await client.connect();
    const sampler = new DatabaseCpu(client, new URL(url).pathname.slice(1));
    await sampler.poll();
    sampler.timer = setInterval(() => {
      sampler.polling = sampler.polling.then(() => sampler.poll()).catch(() => undefined);
    }, 250);
    return sampler;
  }

  private async poll(): Promise<void> {
    const { rows } = await this.client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [this.database],
    );
    for (const { pid } of rows) {
      const ticks = cpuTicks(pid);
      if (Number.isNaN(ticks)) continue;
      if (!this.first.has(pid)) this.first.set(pid, ticks);
      this.last.set(pid, ticks);
    }
  }

  /** CPU seconds so far: this Node process (all its threads) and the database's backends. */
  async now(): Promise<{ node: number; postgres: number }> {
    await this.polling;
    await this.poll();
    const usage = process.cpuUsage(this.nodeStart);
    let ticks = 0;
    for (const [pid, first] of this.first) ticks += this.last.get(pid)! - first;
    return { node: (usage.user + usage.system) / 1e6, postgres: ticks / 100 };
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.polling;
    await this.client.end();
  }
}
