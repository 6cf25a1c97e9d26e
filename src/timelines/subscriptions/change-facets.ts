import type { Pool } from 'pg';
import type { CheckedFilter } from '../queries/query-validation';

/** The columns of a version that most filters test by plain membership. */
export interface VersionFacets {
  kind: string;
  cameoCode: string;
  cameoRoot: string;
  topics: string[];
  countries: string[];
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
  }>(
    `SELECT kind, cameo_code, cameo_root, topics, countries FROM ${schema}.event_versions WHERE event_id = $1 AND version = $2`,
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
  return true;
}
