import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import {
  TEMPORAL_PRECISIONS,
  temporalInterval,
  validateTemporalPoint,
  type ParticipantRole,
  type TemporalPoint,
} from '../diplomacy';
import { parseEnv, ConfigError } from '../config/env';
import { withDatabase } from '../database/connect';
import { PostgresEventStore } from '../event-store/event-store';
import { EXPORT_FORMATS, exportNodes, writeExport, type ExportFormat } from '../exports/timeline-export';
import { catchUpReadModel } from '../timelines/projection/catch-up';
import { activeSchemaFrom, QueryInputError, TimelineQueries, type TimelineFilter } from '../timelines/queries';

const USAGE = `Usage: npm run export -- --format timelinejs|ndjson|csv [options]
  --actor <id>          events of this actor (repeat for any of several)
  --role <ROLE>         ... taking part in this role: SPEAKER, HOST, GUEST, SIGNATORY, ... (repeatable)
  --country <ISO-3>     events with a participant or location in this country (repeatable)
  --kind <KIND>         MEETING, STATEMENT or AGREEMENT (repeatable)
  --topic <tag>         (repeatable)
  --text <words>        full-text search
  --from <date>         2022, 2022-07 or 2022-07-19 (UTC): from its start
  --to <date>           to its end: --from 2022 --to 2022 is the whole year
  --as-of <instant>     the timeline as known then, e.g. 2022-07-20T00:00:00Z
  --include-retracted
  --title <text>        TimelineJS title
  --out <file>          instead of standard output`;

export class ExportUsageError extends Error {}

interface Output {
  write(text: string): unknown;
}

export interface ExportRequest {
  format: ExportFormat;
  filter: TimelineFilter;
  asOf?: Date;
  includeRetracted: boolean;
  title?: string;
  out?: string;
}

export function parseExportArgs(args: string[]): ExportRequest {
  const values = (name: string) =>
    args.flatMap((arg, i) =>
      arg === `--${name}` ? [args[i + 1] ?? ''] : arg.startsWith(`--${name}=`) ? [arg.slice(name.length + 3)] : [],
    );
  const value = (name: string) => values(name).at(-1);
  const format = value('format')?.toUpperCase();
  if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format))
    throw new ExportUsageError(`--format must be timelinejs, ndjson or csv\n\n${USAGE}`);
  const filter: TimelineFilter = {};
  if (values('actor').length) filter.actorIds = { anyOf: values('actor') };
  if (values('role').length) {
    if (!filter.actorIds) throw new ExportUsageError(`--role is the role of an --actor: give one\n\n${USAGE}`);
    filter.actorIds.roles = values('role').map((role) => role.toUpperCase()) as ParticipantRole[];
  }
  if (values('country').length) filter.countries = values('country').map((c) => c.toUpperCase());
  if (values('kind').length) filter.kinds = values('kind').map((k) => k.toUpperCase()) as TimelineFilter['kinds'];
  if (values('topic').length) filter.topics = values('topic');
  if (value('text')) filter.text = value('text');
  const from = value('from');
  const to = value('to');
  if (from || to)
    filter.dateRange = {
      ...(from ? { from: dateBound(from, '--from').from } : {}),
      ...(to ? { to: dateBound(to, '--to').to } : {}),
    };
  const asOfText = value('as-of');
  const asOf = asOfText ? new Date(asOfText) : undefined;
  if (asOf && Number.isNaN(asOf.getTime()))
    throw new ExportUsageError(`--as-of must be an instant such as 2022-07-20T00:00:00Z, got "${asOfText}"`);
  return {
    format: format as ExportFormat,
    filter,
    ...(asOf ? { asOf } : {}),
    includeRetracted: args.includes('--include-retracted'),
    ...(value('title') ? { title: value('title') } : {}),
    ...(value('out') ? { out: value('out') } : {}),
  };
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
    throw new ExportUsageError(`${flag} must be a date such as 2022, 2022-07 or 2022-07-19, got "${text}"`);
  }
  return temporalInterval(point);
}

/** Writes the export; returns how many events it holds. */
export async function exportCommand(args: string[], env: NodeJS.ProcessEnv, stdout: Output): Promise<number> {
  if (args.includes('--help') || args.length === 0) throw new ExportUsageError(USAGE);
  const request = parseExportArgs(args);
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
    const count = await writeExport(request.format, exportNodes(queries, request.filter, options), write, {
      ...(request.title ? { title: request.title } : {}),
      includeRetracted: request.includeRetracted,
    });
    if (file) {
      file.end();
      await once(file, 'finish');
    }
    return count;
  });
}

export function isExportUsageError(error: unknown): error is Error {
  return error instanceof ExportUsageError || error instanceof ConfigError || error instanceof QueryInputError;
}
