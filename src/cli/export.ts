import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  EVENT_KINDS,
  PARTICIPANT_ROLES,
  TEMPORAL_PRECISIONS,
  temporalInterval,
  validateTemporalPoint,
  type TemporalPoint,
} from '../diplomacy';
import { parseEnv } from '../config/env';
import { withDatabase } from '../database/connect';
import { PostgresEventStore } from '../event-store/event-store';
import { EXPORT_FORMATS, exportNodes, writeExport, type ExportFormat } from '../exports/timeline-export';
import { QueryInputError } from '../input/query-input-error';
import { catchUpReadModel } from '../timelines/projection/catch-up';
import { activeSchemaFrom, checkFilter, TimelineQueries, type TimelineFilter } from '../timelines/queries';
import { defineCli, oneOf, runCommand, UsageError, type OptionValues, type Output } from './run-cli';

const USAGE = `Usage: npm run export -- --format timelinejs|ndjson|csv [options]
  --actor <id>          events of this actor (repeat for any of several)
  --role <ROLE>         ... taking part in this role: SPEAKER, HOST, GUEST, SIGNATORY, ... (repeatable)
  --country <ISO-3>     events with a participant or location in this country (repeatable)
  --kind <KIND>         MEETING, STATEMENT or AGREEMENT (repeatable)
  --topic <tag>         (repeatable)
  --text <words>        full-text search
  --min-sources <n>     events with at least n sources, 1 to 100 (as the filter's minSources)
  --from <date>         2022, 2022-07 or 2022-07-19 (UTC): from its start
  --to <date>           to its end: --from 2022 --to 2022 is the whole year
  --as-of <instant>     the timeline as known then, e.g. 2022-07-20T00:00:00Z
  --include-retracted
  --title <text>        TimelineJS title
  --out <file>          instead of standard output
  --help                this text`;

const OPTIONS = {
  format: { type: 'string' },
  actor: { type: 'string', multiple: true },
  role: { type: 'string', multiple: true },
  country: { type: 'string', multiple: true },
  kind: { type: 'string', multiple: true },
  topic: { type: 'string', multiple: true },
  text: { type: 'string' },
  'min-sources': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'as-of': { type: 'string' },
  'include-retracted': { type: 'boolean' },
  title: { type: 'string' },
  out: { type: 'string' },
} as const;

export interface ExportRequest {
  format: ExportFormat;
  filter: TimelineFilter;
  asOf?: Date;
  includeRetracted: boolean;
  title?: string;
  /** Resolved against the command's working directory. */
  out?: string;
}

/** The options that make the filter, by the filter's field: the queries' refusals name the option. */
const OPTION_OF_FIELD: Record<string, string> = {
  actorIds: '--actor',
  countries: '--country',
  kinds: '--kind',
  topics: '--topic',
  text: '--text',
  minSources: '--min-sources',
  dateRange: '--from/--to',
};

/**
 * The request the arguments make, checked whole before anything is read or written: the filter by
 * the queries' own rules (country codes, actor ids, lengths), so no header is written for nothing.
 */
export function exportRequest(values: OptionValues<typeof OPTIONS>, cwd: string): ExportRequest {
  if (!values.format) throw new UsageError('--format is required: timelinejs, ndjson or csv');
  const format = oneOf('--format', values.format, EXPORT_FORMATS);
  const filter: TimelineFilter = {};
  if (values.actor.length) filter.actorIds = { anyOf: values.actor };
  if (values.role.length) {
    if (!filter.actorIds) throw new UsageError('--role is the role of an --actor: give one');
    filter.actorIds.roles = values.role.map((role) => oneOf('--role', role, PARTICIPANT_ROLES));
  }
  if (values.country.length) filter.countries = values.country.map((c) => c.toUpperCase());
  if (values.kind.length) filter.kinds = values.kind.map((kind) => oneOf('--kind', kind, EVENT_KINDS));
  if (values.topic.length) filter.topics = values.topic;
  if (values.text) filter.text = values.text;
  const minSources = values['min-sources'];
  if (minSources !== undefined) {
    // Digits only: Number() would take '', ' 2', '0x10' and '1e1'; the range is the queries' rule.
    if (!/^[0-9]+$/.test(minSources))
      throw new UsageError(`--min-sources: must be a whole number from 1 to 100, got ${JSON.stringify(minSources)}`);
    filter.minSources = Number(minSources);
  }
  if (values.from || values.to)
    filter.dateRange = {
      ...(values.from ? { from: dateBound(values.from, '--from').from } : {}),
      ...(values.to ? { to: dateBound(values.to, '--to').to } : {}),
    };
  try {
    checkFilter(filter);
  } catch (error) {
    if (!(error instanceof QueryInputError)) throw error;
    const option = OPTION_OF_FIELD[error.field.split('.')[1] ?? ''] ?? error.field;
    throw new UsageError(`${option}: ${error.message.slice(error.field.length + 2)}`);
  }
  if (values.title && format !== 'TIMELINEJS') throw new UsageError('--title is for --format timelinejs only');
  const asOf = values['as-of'] === undefined ? undefined : instant(values['as-of']);
  return {
    format,
    filter,
    ...(asOf ? { asOf } : {}),
    includeRetracted: values['include-retracted'],
    ...(values.title ? { title: values.title } : {}),
    ...(values.out ? { out: resolve(cwd, values.out) } : {}),
  };
}

/** An instant with its offset: without one, the machine's time zone would decide what it means. */
function instant(text: string): Date {
  const date = new Date(text);
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(text) ||
    Number.isNaN(date.getTime()) ||
    date.getUTCFullYear() < 1
  ) {
    throw new UsageError(`--as-of must be an instant such as 2022-07-20T00:00:00Z, got ${JSON.stringify(text)}`);
  }
  return date;
}

/** A date as typed: its shape says its precision (2022 is a YEAR, 2022-07 a MONTH), in UTC. */
function dateBound(text: string, flag: string): { from: string; to: string } {
  const precision = /^\d{4}$/.test(text)
    ? 'YEAR'
    : /^\d{4}-\d{2}$/.test(text)
      ? 'MONTH'
      : /^\d{4}-\d{2}-\d{2}$/.test(text)
        ? 'DAY'
        : undefined;
  const point = { value: text, precision, timeZone: 'UTC' } as TemporalPoint;
  if (!precision || !TEMPORAL_PRECISIONS.includes(precision) || validateTemporalPoint(point, []).length > 0) {
    throw new UsageError(`${flag} must be a date such as 2022, 2022-07 or 2022-07-19, got ${JSON.stringify(text)}`);
  }
  return temporalInterval(point);
}

/** Writes the export; answers how many events it holds. */
async function runExport(request: ExportRequest, env: NodeJS.ProcessEnv, stdout: Output): Promise<number> {
  if (request.out) {
    if ((await stat(request.out).catch(() => undefined))?.isDirectory()) {
      throw new UsageError(`--out names a folder, not a file: ${request.out}`);
    }
    if (!(await stat(dirname(request.out)).catch(() => undefined))?.isDirectory()) {
      throw new UsageError(`--out: no such folder: ${dirname(request.out)}`);
    }
  }
  return withDatabase(parseEnv(env), async (pool, _dataSource, url) => {
    const store = new PostgresEventStore(pool);
    await catchUpReadModel(pool, url, store);
    const queries = new TimelineQueries(pool, activeSchemaFrom(pool));
    const file = request.out ? createWriteStream(request.out) : undefined;
    const write = file
      ? async (chunk: string) => {
          if (!file.write(chunk)) await once(file, 'drain');
        }
      : (chunk: string) => void stdout.write(chunk);
    const options = { ...(request.asOf ? { asOf: request.asOf } : {}), includeRetracted: request.includeRetracted };
    try {
      const count = await writeExport(request.format, exportNodes(queries, request.filter, options), write, {
        ...(request.title ? { title: request.title } : {}),
        includeRetracted: request.includeRetracted,
      });
      if (file) {
        file.end();
        await once(file, 'finish');
      }
      return count;
    } catch (error) {
      file?.destroy();
      throw error;
    }
  });
}

export const exportCli = defineCli({
  command: 'npm run export',
  usage: USAGE,
  options: OPTIONS,
  // Checked before already; should the queries still refuse something, it is an argument's fault.
  usageErrors: [QueryInputError],
  run: async ({ values }, { env, stdout, stderr, cwd }) => {
    const count = await runExport(exportRequest(values, cwd), env, stdout);
    stderr.write(`Exported ${count} events.\n`);
    return count;
  },
});

/** npm run export, in process (tests): throws what the command throws. */
export async function exportCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  stdout: Output,
  cwd = process.cwd(),
): Promise<number | undefined> {
  return runCommand(exportCli, args, { env, stdout, stderr: { write: () => true }, cwd });
}
