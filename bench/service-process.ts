import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cpuTicks } from './proc-cpu';

export interface ServiceProcess {
  url: string;
  pid: number;
  /**
   * Peak resident memory so far (VmHWM), in MiB, of each live process of the service: the one
   * started and its descendants (a cluster's workers), the started one first; empty where /proc
   * is not available. Read it before stop(): a worker's figure goes with it.
   */
  peakRss(): { pid: number; mib: number }[];
  /** The largest of peakRss() (per process, as issue 12's limit is); NaN where /proc is not available. */
  peakRssMiB(): number;
  /** CPU time (user + system) the process and its live children (cluster workers) have used so far, in seconds; NaN without /proc. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** The process and its live descendants, parents first, from /proc/<pid>/stat (empty without /proc). */
function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        parents.set(Number(entry), ppid);
      } catch {
        // The process ended meanwhile.
      }
    }
  } catch {
    return [];
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i += 1) for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

function peakRssOf(pid: number): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The built service (`node dist/main.js`, as `npm start` runs it; or another script that logs
 * "Listening on <url>" likewise) as a child process on a free
 * port, with the given environment on top of this process's. Resolves once it logs that it
 * listens; its output is drained (and kept, the last lines, for an error message). One process
 * unless WEB_CONCURRENCY says otherwise (bench:timeline passes the number the service would run
 * by default); peak RSS is read per process, the cluster's workers included.
 */
export function startService(
  env: Record<string, string>,
  cwd = process.cwd(),
  script = 'dist/main.js',
): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(process.execPath, [resolve(cwd, script)], {
    cwd,
    env: { WEB_CONCURRENCY: '1', ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const recent: string[] = [];
  const remember = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      recent.push(line);
      if (recent.length > 30) recent.shift();
    }
  };
  const peakRss = () =>
    processTree(child.pid!).flatMap((pid) => {
      const mib = peakRssOf(pid);
      return mib === undefined ? [] : [{ pid, mib }];
    });
  return new Promise((resolveStart, reject) => {
    let started = false;
    const timer = setTimeout(() => fail(new Error('the service did not start within 60 s')), 60_000);
    const fail = (error: Error) => {
      if (started) return;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${recent.join('\n')}`));
    };
    child.on('exit', (code, signal) => fail(new Error(`the service exited (${code ?? signal}) before it listened`)));
    child.stderr!.on('data', remember);
    child.stdout!.on('data', (chunk: Buffer) => {
      remember(chunk);
      if (started) return;
      const match = /Listening on (http:\/\/[^\s)"]+)/.exec(chunk.toString('utf8'));
      if (!match) return;
      started = true;
      clearTimeout(timer);
      resolveStart({
        url: match[1]!,
        pid: child.pid!,
        peakRss,
        peakRssMiB() {
          const each = peakRss().map((one) => one.mib);
          return each.length > 0 ? Math.max(...each) : Number.NaN;
        },
        cpuSeconds() {
          return cpuSecondsOf(child.pid!);
        },
        stop: () =>
          new Promise<void>((resolveStop) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
            const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.once('exit', () => {
              clearTimeout(kill);
              resolveStop();
            });
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** CPU seconds (user + system) of a process and its live descendants; NaN where /proc is not available. */
function cpuSecondsOf(pid: number): number {
  let seconds = cpuTicks(pid) / 100;
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    for (const childPid of children ? children.split(/\s+/) : []) {
      const own = cpuSecondsOf(Number(childPid));
      if (!Number.isNaN(own)) seconds += own;
    }
  } catch {
    return Number.NaN;
  }
  return seconds;
}
