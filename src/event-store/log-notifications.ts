import { Client } from 'pg';

export const EVENT_LOG_CHANNEL = 'event_log';

/**
 * Wakes log readers when events are committed (append_events NOTIFYs on `event_log`), so they
 * need not poll tightly. Holds one dedicated connection and reconnects when it drops; listeners
 * are woken after a reconnect too, since notifications sent meanwhile were lost.
 */
export class LogNotifications {
  private client: Client | undefined;
  private readonly listeners = new Set<(payload?: string) => void>();
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly onError: (error: Error) => void = () => undefined,
    private readonly channel = EVENT_LOG_CHANNEL,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** The listener gets the notification's payload; none after a reconnect (re-read everything). */
  onCommit(listener: (payload?: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves on the next notification, or after `timeoutMs` (readers re-check either way). */
  waitForCommit(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      const unsubscribe = this.onCommit(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.connectionString, application_name: 'event-log-listener' });
    client.on('notification', (message) => this.wake(message.payload));
    client.on('error', (error) => {
      this.onError(error);
      this.scheduleReconnect(client);
    });
    client.on('end', () => this.scheduleReconnect(client));
    await client.connect();
    await client.query(`LISTEN ${client.escapeIdentifier(this.channel)}`);
    this.client = client;
  }

  private scheduleReconnect(client: Client): void {
    if (this.stopped || this.client !== client || this.reconnectTimer) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    const attempt = (delay: number) => {
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = undefined;
        if (this.stopped) return;
        this.connect()
          .then(() => this.wake())
          .catch((error: Error) => {
            this.onError(error);
            attempt(Math.min(delay * 2, 10_000));
          });
      }, delay);
    };
    attempt(250);
  }

  private wake(payload?: string): void {
    for (const listener of [...this.listeners]) listener(payload);
  }
}
