import { ValidationError, throwIfProblems, type Problem } from '../errors';
import { checkText, checkUuid, describeValue, withArticle } from '../validation';
import { EVENT_LIMITS } from './event-limits';
import type { AttachReport, DiplomaticEvent, EventReport, ReportAttached } from './event-types';
import { validateEventFields } from './event-validation';

/**
 * Sizes of a report's own ids (its fields have the event's limits), and how many reports one event
 * may gather, its first included: every report is a version of the event, and a flood of rows
 * coded alike must not grow one event without end (the busiest day of the ICEWS sample gives 156).
 */
export const REPORT_LIMITS = { dataset: 40, externalId: 200, perEvent: 10_000 } as const;

/**
 * A report joins an event that is recorded and not retracted (the caller checks that, as for any
 * change), of the same kind: a STATEMENT's report cannot tell of a MEETING. Its fields are checked
 * and normalised like a recorded event's, against the event's kind and id.
 */
export function decideAttachReport({ data, context }: AttachReport, event: DiplomaticEvent): ReportAttached[] {
  if (data.kind !== event.kind) {
    throw new ValidationError(
      ['kind'],
      `a report of ${withArticle(String(data.kind))} cannot join ${withArticle(event.kind)} (event ${event.eventId})`,
    );
  }
  const reports = 1 + (event.attachedReports ?? 0);
  if (reports >= REPORT_LIMITS.perEvent) {
    throw new ValidationError(['report'], `event ${event.eventId} has ${reports} reports, the most allowed`);
  }
  const given = data.report as Partial<AttachReport['data']['report']> | null | undefined;
  if (!given || typeof given !== 'object') throw new ValidationError(['report'], 'report is required');
  const problems: Problem[] = [];
  const reportId = checkUuid(given.reportId, ['report', 'reportId'], 'reportId', problems);
  const dataset = checkText(
    given.dataset,
    ['report', 'dataset'],
    { label: 'dataset', min: 1, max: REPORT_LIMITS.dataset },
    problems,
  );
  const externalId = checkText(
    given.externalId,
    ['report', 'externalId'],
    { label: 'externalId', min: 1, max: REPORT_LIMITS.externalId },
    problems,
  );
  const articles = given.articles ?? null;
  if (articles !== null && !(Number.isSafeInteger(articles) && articles >= 0))
    problems.push({
      path: ['report', 'articles'],
      message: `articles must be a whole number ≥ 0, got ${describeValue(articles)}`,
    });
  const { fields, problems: fieldProblems } = validateEventFields(
    given as Record<string, unknown>,
    event.kind,
    event.eventId,
    context,
  );
  throwIfProblems([...problems, ...fieldProblems.map((p) => ({ ...p, path: ['report', ...p.path] }))]);
  const report: EventReport = { reportId: reportId!, dataset: dataset!, externalId: externalId!, articles, ...fields };
  return [{ type: 'ReportAttached', data: { eventId: event.eventId, report } }];
}

/**
 * One more report; its sources that the event lacks join the event's, in the order they arrive,
 * while the event has room for them (EVENT_LIMITS.sources): the report keeps all of its own. A
 * source the event holds only because a merged duplicate brought it becomes the event's own (a
 * split of that duplicate would otherwise take away a source this report still gives).
 */
export function evolveReportAttached(state: DiplomaticEvent, { data }: ReportAttached): DiplomaticEvent {
  const sources = [...state.sources];
  const adopted = new Set<string>();
  for (const source of data.report.sources) {
    const index = sources.findIndex((s) => s.sourceId === source.sourceId);
    if (index >= 0) {
      if ('mergedFrom' in sources[index]!) {
        sources[index] = source;
        adopted.add(source.sourceId);
      }
    } else if (sources.length < EVENT_LIMITS.sources) sources.push(source);
  }
  const absorbed = state.absorbed?.map((entry) =>
    entry.sourceIds.some((id) => adopted.has(id))
      ? { ...entry, sourceIds: entry.sourceIds.filter((id) => !adopted.has(id)) }
      : entry,
  );
  return {
    ...state,
    sources,
    attachedReports: (state.attachedReports ?? 0) + 1,
    ...(absorbed ? { absorbed } : {}),
  };
}
