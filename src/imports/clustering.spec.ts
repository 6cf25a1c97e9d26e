import { describe, expect, it } from '@jest/globals';
import { clusterEventId, clusterKey, clustered, compareReports, reportIdFor } from './clustering';
import { collectFile, GDELT_EXPORT, ICEWS_SAMPLE } from './testing/collect';
import type { ImportRecord } from './types';

const records = async (path: string, format: 'gdelt' | 'icews'): Promise<ImportRecord[]> =>
  (await collectFile(path, format)).flatMap((o) => (o.type === 'record' ? [o.record] : []));

/** Rows per cluster key, and why the others stay alone. */
function clusters(all: ImportRecord[]): { byKey: Map<string, ImportRecord[]>; alone: Record<string, number> } {
  const byKey = new Map<string, ImportRecord[]>();
  const alone: Record<string, number> = {};
  for (const record of all) {
    const found = clusterKey(record);
    if ('alone' in found) alone[found.alone] = (alone[found.alone] ?? 0) + 1;
    else byKey.set(found.key, [...(byKey.get(found.key) ?? []), record]);
  }
  return { byKey, alone };
}

describe('the cluster key (kind, pair of countries, day in its zone, CAMEO root)', () => {
  it('puts the 15 Norway-Russia meeting rows of 24 Oct 2019 in one cluster, NORGOV and NOR alike, and the 2 intents to meet in another', async () => {
    const { byKey } = clusters(await records(GDELT_EXPORT, 'gdelt'));
    const meetings = byKey.get('v1|MEETING|NOR-RUS|2019-10-24@UTC|04')!;
    expect(meetings).toHaveLength(15);
    expect(new Set(meetings.map((r) => r.event.cameoCode))).toEqual(new Set(['042', '043', '044', '046']));
    expect(new Set(meetings.flatMap((r) => r.provenance.rawActors!.map((a) => a.code)))).toEqual(
      new Set(['NOR', 'NORGOV', 'RUS']),
    );
    expect(byKey.get('v1|STATEMENT|NOR-RUS|2019-10-24@UTC|03')!.map((r) => r.event.cameoCode)).toEqual(['036', '036']);
    expect([...byKey.keys()].filter((key) => key.includes('NOR-RUS'))).toHaveLength(2);
  });

  it('gives the GDELT slice 72 clusters and 540 rows alone, pinned with its three other busiest pairs', async () => {
    const { byKey, alone } = clusters(await records(GDELT_EXPORT, 'gdelt'));
    expect(byKey.size).toBe(72);
    expect(alone).toEqual({
      'a side has no country': 367,
      'both sides are of one country': 61,
      'it has one side only': 112,
    });
    expect([...byKey.values()].reduce((sum, rows) => sum + rows.length, 0)).toBe(761 - 540);
    expect(byKey.get('v1|MEETING|JPN-TKM|2019-10-24@UTC|04')).toHaveLength(15);
    expect(byKey.get('v1|MEETING|BRA-CHN|2019-10-24@UTC|04')).toHaveLength(12);
    expect(byKey.get('v1|MEETING|GBR-USA|2019-10-24@UTC|04')).toHaveLength(10);
  });

  it('gives the ICEWS sample 284 clusters and 678 rows alone, pinned with its busiest pairs and days', async () => {
    const { byKey, alone } = clusters(await records(ICEWS_SAMPLE, 'icews'));
    expect(byKey.size).toBe(284);
    expect(alone).toEqual({
      'both sides are of one country': 538,
      'a side has no country': 138,
      'it has one side only': 2,
    });
    expect(byKey.get('v1|MEETING|PRK-USA|2018-06-01@UTC|04')).toHaveLength(156);
    expect(byKey.get('v1|MEETING|PRK-USA|2018-06-02@UTC|04')).toHaveLength(76);
    expect(byKey.get('v1|MEETING|PRK-RUS|2018-06-01@UTC|04')).toHaveLength(58);
    // The same pair on the same day, but a statement (036): another event.
    expect(byKey.get('v1|STATEMENT|PRK-USA|2018-06-01@UTC|03')).toHaveLength(25);
  });

  it('derives the event id from the key and the report id from the row (golden values: stored ids)', async () => {
    expect(clusterEventId('v1|MEETING|NOR-RUS|2019-10-24@UTC|04')).toBe('5942290d-16b0-537e-b59e-c91415d2d9b0');
    expect(reportIdFor('GDELT', '881992275')).toBe('fd2e9ec4-f5fa-5a03-8442-ccbd38f5e1a2');
    const row = (await records(GDELT_EXPORT, 'gdelt')).find((r) => r.externalId === '881992275')!;
    const report = clustered(row);
    expect(report.eventId).toBe(clusterEventId('v1|MEETING|NOR-RUS|2019-10-24@UTC|04'));
    expect(report.event.eventId).toBe(report.eventId);
    expect(report.report).toEqual({
      reportId: reportIdFor('GDELT', '881992275'),
      clusterKey: 'v1|MEETING|NOR-RUS|2019-10-24@UTC|04',
    });
  });

  it('never merges NDJSON lines, starts that are not a day, or rows of one country with itself', async () => {
    const row = (await records(GDELT_EXPORT, 'gdelt')).find((r) => r.externalId === '881992275')!;
    expect(clusterKey(row)).toEqual({ key: 'v1|MEETING|NOR-RUS|2019-10-24@UTC|04' });
    expect(clusterKey({ ...row, source: 'NDJSON' })).toEqual({ alone: 'NDJSON lines keep their own ids' });
    const month = {
      ...row,
      event: { ...row.event, start: { value: '2019-10', precision: 'MONTH' as const, timeZone: 'UTC' } },
    };
    expect(clusterKey(month)).toEqual({ alone: 'its start is not a day (MONTH)' });
    const [norway, russia] = row.actors as [ImportRecord['actors'][number], ImportRecord['actors'][number]];
    expect(clusterKey({ ...row, actors: [norway, { ...russia, country: 'NOR' }] })).toEqual({
      alone: 'both sides are of one country',
    });
    expect(clusterKey({ ...row, actors: [norway, { ...russia, country: undefined }] })).toEqual({
      alone: 'a side has no country',
    });
    expect(clusterKey({ ...row, actors: [norway] })).toEqual({ alone: 'it has one side only' });
    // The order of the sides does not matter, and the day is read in the start's zone.
    expect(clusterKey({ ...row, actors: [russia, norway] })).toEqual(clusterKey(row));
    const oslo = { ...row, event: { ...row.event, start: { ...row.event.start, timeZone: 'Europe/Oslo' } } };
    expect(clusterKey(oslo)).toEqual({ key: 'v1|MEETING|NOR-RUS|2019-10-24@Europe/Oslo|04' });
  });

  it('leaves a row alone as it is: its own event id, no report', async () => {
    const all = await records(GDELT_EXPORT, 'gdelt');
    const lonely = all.find((r) => 'alone' in clusterKey(r))!;
    expect(clustered(lonely)).toBe(lonely);
  });
});

describe('compareReports: the report an event shows', () => {
  const report = (articles: number | null, cameoCode: string, externalId: string, source = 'GDELT') => ({
    articles,
    cameoCode,
    source,
    externalId,
  });

  it('ranks the most articles first, then the most specific code, then the lowest id', () => {
    const ranked = [
      report(2, '046', '881992279'),
      report(4, '046', '881992278'),
      report(null, '040', '5'),
      report(2, '040', '881992000'),
      report(4, '044', '881992275'),
      report(2, '046', '99'),
    ].sort(compareReports);
    expect(ranked.map((r) => r.externalId)).toEqual(['881992275', '881992278', '99', '881992279', '881992000', '5']);
  });

  it('orders ids numerically (by length first) and datasets by name', () => {
    expect(compareReports(report(1, '042', '9'), report(1, '042', '10'))).toBeLessThan(0);
    expect(compareReports(report(null, '042', '1', 'ICEWS'), report(null, '042', '1', 'GDELT'))).toBeGreaterThan(0);
    expect(compareReports(report(1, '042', '7'), report(1, '042', '7'))).toBe(0);
  });
});
