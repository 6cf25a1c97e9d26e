import { constants } from 'node:os';
import type { Logger } from 'pino';

export interface ProcessExitsOptions {
  log: Pick<Logger, 'info' | 'warn' | 'error' | 'fatal'>;
  /** The graceful path: stop taking requests, finish those in flight, close the pools, stop PostgreSQL. */
  shutdown(reason: string): Promise<void>;
  /** The impatient path: stop the embedded PostgreSQL now (fast shutdown), whatever still uses it. */
  stopDatabaseNow(): Promise<void>;
  /** After this long the graceful path is abandoned for the impatient one. */
  shutdownDeadlineMs: number;
}

export interface ProcessExits {
  /** Leave with this code after a graceful shutdown (a failed start, for one). */
  leave(code: number, reason: string): void;
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
const STOP_DATABASE_DEADLINE_MS = 30_000;

/**
 * Every way this process can end, other than SIGKILL, ends with the embedded PostgreSQL stopped:
 * left running it holds the data directory and the next start refuses it.
 * - SIGTERM, SIGINT, SIGHUP: graceful shutdown, exit 0.
 * - the same signal again while shutting down (a second Ctrl-C): PostgreSQL stopped at once, exit
 *   128 + the signal's number, as a shell reports a process killed by it.
 * - an uncaught exception or unhandled rejection: logged, graceful shutdown, exit 1. The state of
 *   the process is unknown after one, so it does not go on serving; more of them during the
 *   shutdown are logged and do not interrupt it.
 * - a shutdown that outlives its deadline: PostgreSQL stopped at once, exit 1.
 */
export function handleProcessExits(options: ProcessExitsOptions): ProcessExits {
  const log = neverThrowing(options.log);
  let exitCode: number | undefined;

  const stopNowAndExit = (code: number) => {
    // A PostgreSQL that does not stop must not keep us from exiting: the exit hook signals it again.
    setTimeout(() => process.exit(code), STOP_DATABASE_DEADLINE_MS);
    void options.stopDatabaseNow().finally(() => process.exit(code));
  };

  const leave = (code: number, reason: string) => {
    if (exitCode !== undefined) {
      exitCode ||= code; // e.g. a start that fails after a signal asked to stop
      return;
    }
    exitCode = code;
    const deadline = setTimeout(() => {
      log.error(
        { reason, deadlineMs: options.shutdownDeadlineMs },
        'Shutdown outlived its deadline: stopping PostgreSQL now',
      );
      stopNowAndExit(exitCode || 1);
    }, options.shutdownDeadlineMs);
    options
      .shutdown(reason)
      .catch((error: unknown) => {
        log.error({ err: error }, 'Shutdown failed');
        exitCode ||= 1;
      })
      .finally(() => {
        clearTimeout(deadline);
        stopNowAndExit(exitCode ?? 1);
      });
  };

  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (exitCode === undefined) return leave(0, signal);
      log.warn({ signal }, `${signal} again while shutting down: stopping PostgreSQL now`);
      exitCode = 128 + constants.signals[signal];
      stopNowAndExit(exitCode);
    });
  }

  const crash = (kind: string) => (error: unknown) => {
    log.fatal({ err: error }, exitCode === undefined ? `${kind}: shutting down` : `${kind} while shutting down`);
    if (exitCode === undefined) leave(1, kind);
    else exitCode ||= 1;
  };
  process.on('uncaughtException', crash('Uncaught exception'));
  process.on('unhandledRejection', crash('Unhandled rejection'));

  return { leave };
}

/**
 * After SIGHUP the terminal that stdout wrote to may be gone: a log line that throws there must
 * not stop the handler halfway, before PostgreSQL is stopped.
 */
function neverThrowing(log: ProcessExitsOptions['log']): ProcessExitsOptions['log'] {
  const guard =
    (level: 'info' | 'warn' | 'error' | 'fatal') =>
    (...args: unknown[]) => {
      try {
        Reflect.apply(log[level], log, args);
      } catch {
        // nowhere left to write to
      }
    };
  return {
    info: guard('info'),
    warn: guard('warn'),
    error: guard('error'),
    fatal: guard('fatal'),
  } as ProcessExitsOptions['log'];
}
