import { readFileSync } from 'node:fs';

/**
 * utime + stime of a process, in clock ticks (100 per second on Linux), from /proc: fields 14 and
 * 15 of /proc/<pid>/stat; the command name (field 2) is in parentheses and may hold spaces. NaN
 * where /proc cannot tell.
 */
export function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return Number.NaN;
  }
}
