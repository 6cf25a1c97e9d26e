import type { Pool } from 'pg';
import type { CheckedFilter } from '../queries/query-validation';

/** The columns of a version that most filters test by plain membership. */
export interface VersionFacets {
  kind: string;
  cameoCode: string;
  cameoRoot: string;
  topics: string[];
  countries: string[];
  /** The version's participant rows: each one's country and roles (its actor is left to the query: merges). */
  participants: { country: string | null; roles: string[] }[];
}

/** One read per change, whatever the number of filters listening. */
export async function readVersionFacets(
  pool: Pool,
  schema: string,
  eventId: string,
  version: number,
): Promise<VersionFacets | undefined> {
  const { rows } = await pool.query<{
    kind: string;
    cameo_code: string;
    cameo_root: string;
    topics: string[];
    countries: string[];
    participants: { country: string | null; roles: string[] }[];
  }>(
    `SELECT ev.kind, ev.cameo_code, ev.cameo_root, ev.topics, ev.countries,
            (SELECT coalesce(json_agg(json_build_object('country', p.actor_country, 'roles', p.roles)), '[]'::json)
               FROM ${schema}.event_participants p
              WHERE p.event_id = ev.event_id AND p.version = ev.version) AS participants
       FROM ${schema}.event_versions ev WHERE ev.event_id = $1 AND ev.version = $2`,
    [eventId, version],
  );
  const row = rows[0];
  return (
    row && {
      kind: row.kind,
      cameoCode: row.cameo_code,
      cameoRoot: row.cameo_root,
      topics: row.topics,
      countries: row.countries,
      participants: row.participants,
    }
  );
}

/**
 * False when the filter cannot match this version: the conditions the timeline query puts on the
 * version's own columns (same columns, same tests), checked in memory so that a change costs one
 * query per filter that may match rather than one per filter. The query still decides the rest.
 */
export function mayMatch(filter: CheckedFilter, facets: VersionFacets): boolean {
  if (filter.kinds && !filter.kinds.includes(facets.kind as never)) return false;
  if (filter.cameoCodes && !filter.cameoCodes.includes(facets.cameoCode)) return false;
  if (filter.cameoRootCodes && !filter.cameoRootCodes.includes(facets.cameoRoot)) return false;
  if (filter.topics && !filter.topics.some((topic) => facets.topics.includes(topic))) return false;
  if (filter.countries && !filter.countries.some((country) => facets.countries.includes(country))) return false;
  // Participant conditions, each as the query puts it on one participant row (the row's actor
  // aside: an id given may name a duplicate merged since, which only the query resolves).
  const hasRow = (condition: { country?: string; roles?: readonly string[] }) =>
    facets.participants.some(
      (row) =>
        (condition.country === undefined || row.country === condition.country) &&
        (condition.roles === undefined || condition.roles.some((role) => row.roles.includes(role))),
    );
  if (filter.actorRoles && (filter.anyOf || filter.allOf) && !hasRow({ roles: filter.actorRoles })) return false;
  for (const country of filter.dyadCountries ?? []) if (!hasRow({ country })) return false;
  for (const side of [filter.dyadFrom, filter.dyadTo]) if (side && !hasRow(side)) return false;
  return true;
}
