import { setFlagsFromString } from 'node:v8';

/**
 * V8 grows the old generation after each major GC by a factor it picks from how fast GC runs
 * against the program (between 1.1 and 4 with the default `--heap-growing-percent=0`). Under load
 * a service that allocates as fast as this one (rows parsed, answers built, 32 KB of JSON a page)
 * gets the high factors: most of its heap is garbage waiting for a collection. Measured with 8
 * clients on the text-search page (200k-event log, 2026-12-03), peak RSS (VmHWM) of one process:
 * 291-304 MiB with the default, 191-211 MiB with 100 (a factor of 2), 173-185 MiB with 50 (1.5);
 * CPU per request did not differ beyond the machine's noise. 50 keeps issue 12's limit (RSS <= 200
 * MiB per process under that load) with a margin.
 *
 * `--heap-growing-percent` is an internal V8 flag, not a Node option: it may change or go with a
 * V8 upgrade (setFlagsFromString ignores a flag V8 does not know). The figure was measured, not
 * derived: check it after a Node upgrade with `npm run bench:timeline`, which prints the service's
 * peak RSS under 8 clients. V8 reads it at every major GC, so it is set here, imported first by
 * main.ts, before Nest, Apollo and TypeORM load and the heap first grows. A
 * `--heap-growing-percent` given on node's command line wins.
 */
export const HEAP_GROWING_PERCENT = 50;

if (
  !process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent') || arg.startsWith('--heap_growing_percent'))
)
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
