import { importId } from './ids';
import type { ActorDescriptor, ImportRecord, ImportSource } from './types';

/**
 * Clustering on import: the rows of GDELT and ICEWS that report one occurrence (Reuters' article
 * on a Norwegian jailed in Russia gives 15 meeting rows for Norway and Russia on 24 Oct 2019)
 * become one event, each row staying attached to it as a report (ReportAttached).
 *
 * `none` imports one event per row, as before clustering existed; `day` (the default) gathers rows
 * by CLUSTER KEY, a conservative one:
 *
 *   kind | the unordered pair of the two sides' countries | the day, in the event's zone | CAMEO root
 *
 * - the countries are those the importer resolves the row's actor codes to (NORGOV and NOR are
 *   both NOR, ICEWS "Foreign Affairs (Norway)" too), taken from the row itself and not from the
 *   stored actor it is matched to (an editor may change that one): every import of a row computes
 *   the same key, whatever the database holds;
 * - the day is the start's value at DAY precision with its time zone (UTC for both datasets);
 * - the CAMEO root is the code's first two digits: a visit (042), a meeting at a third place (044)
 *   and negotiations (046) of the same pair on the same day are one meeting (04); an intent to
 *   meet (036) is a STATEMENT and stays apart from them.
 *
 * Never merged (such a row is an event of its own, with the id `none` gives it):
 * - a row with one side only, or a side without a country (the EU, "Africa", an unnamed group);
 * - a row whose two sides are of the same country (a government and its own police, parliament
 *   or citizens: too many different things happen inside one country on one day);
 * - a start that is not one day (NDJSON lines, which keep their own ids, are never clustered);
 * - rows of different kinds, roots, days or pairs.
 * Both datasets share the key: a GDELT row and an ICEWS row of the same pair, day and root are
 * reports of one event.
 *
 * The event's id derives from the key and each report's from its dataset and external id, so
 * importing a file again, an overlapping file, or the same file twice at once ends with the same
 * events and the same reports. Importing one file with `none` and then with `day` gives both
 * kinds of event: choose one mode per database.
 */
export const CLUSTER_MODES = ['none', 'day'] as const;
export type ClusterMode = (typeof CLUSTER_MODES)[number];
export const DEFAULT_CLUSTER_MODE: ClusterMode = 'day';

/** Versioned: a change of the key is a change to stored ids, never a refactoring. */
const KEY_VERSION = 'v1';

/** The cluster key of a record, or why it stays an event of its own. */
export function clusterKey(record: ImportRecord): { key: string } | { alone: string } {
  if (record.source === 'NDJSON') return { alone: 'NDJSON lines keep their own ids' };
  const start = record.event.start;
  if (start.precision !== 'DAY') return { alone: `its start is not a day (${start.precision})` };
  const sides = twoSides(record.actors);
  if (!sides) return { alone: 'it has one side only' };
  const countries = sides.map((side) => side.country);
  if (countries.some((country) => !country)) return { alone: 'a side has no country' };
  if (countries[0] === countries[1]) return { alone: 'both sides are of one country' };
  const pair = [...countries].sort().join('-');
  const root = (record.event.cameoCode ?? '').slice(0, 2);
  return { key: `${KEY_VERSION}|${record.kind}|${pair}|${start.value}@${start.timeZone}|${root}` };
}

/** The event a cluster's reports join. */
export const clusterEventId = (key: string): string => importId(`event-cluster:${key}`);

/** A row's report: the same row is the same report in every import, whichever event it joins. */
export const reportIdFor = (source: ImportSource, externalId: string): string =>
  importId(`report:${source}:${externalId}`);

/**
 * The record as a report of its cluster's event (its eventId replaced by the cluster's), or as it
 * is when it stays alone (an event of its own, as `none` imports it).
 */
export function clustered(record: ImportRecord): ImportRecord {
  const found = clusterKey(record);
  if ('alone' in found) return record;
  const eventId = clusterEventId(found.key);
  const report = { reportId: reportIdFor(record.source, record.externalId), clusterKey: found.key };
  return { ...record, eventId, event: { ...record.event, eventId }, report };
}

/** What ranks a report against the others of its event. */
export type ReportRanking = { articles: number | null; cameoCode: string; source: string; externalId: string };

/**
 * The report whose title, roles and code the event shows: the one with the most articles (GDELT
 * NumArticles; none counts as 0), then the most specific code (042 before 040, the root's own
 * code), then the lowest dataset and external id (by length, then character: numeric order for
 * GDELT's ids). A total order on what the rows say, so the event shows the same report whatever
 * order its rows arrive in. Negative when `a` ranks first.
 */
export function compareReports(a: ReportRanking, b: ReportRanking): number {
  return (
    (b.articles ?? 0) - (a.articles ?? 0) ||
    specificity(b.cameoCode) - specificity(a.cameoCode) ||
    compareText(a.source, b.source) ||
    a.externalId.length - b.externalId.length ||
    compareText(a.externalId, b.externalId)
  );
}

/** Digits that say more than the root: "042" 3, "040" and "04" 2 (trailing zeros add nothing). */
function specificity(code: string): number {
  return code.replace(/0+$/, '').length;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function twoSides(actors: ImportRecord['actors']): [ActorDescriptor, ActorDescriptor] | undefined {
  const described = actors.filter((actor): actor is ActorDescriptor => 'kind' in actor);
  if (described.length !== 2 || actors.length !== 2) return undefined;
  return [described[0]!, described[1]!];
}
