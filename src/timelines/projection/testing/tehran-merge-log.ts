import { day, ids } from '../../../diplomacy/testing/tehran-2022';
import type { DomainLogBuilder } from './domain-log-builder';

export const tehranMergeIds = {
  /** The visit reported again (by IRNA): merged into the visit, then split out. */
  reportedVisit: '7a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c41',
  /** The visit reported a third time: merged into the reported visit, so into the visit; stays merged. */
  lateReport: '7a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c42',
  irnaSource: '7a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c51',
  tassSource: '7a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c52',
};

const must = (ok: boolean, what: string) => {
  if (!ok) throw new Error(`the Tehran merge fixture is wrong: ${what} was refused by the domain`);
};

/**
 * Adds to a Tehran log (tehranLog()) two more reports of Putin's visit, merged into it (the second
 * through the first), and the first split out again: one transaction per step.
 */
export function addVisitMerges(log: DomainLogBuilder): void {
  const report = (eventId: string, title: string, sourceId: string, publisher: string) =>
    log.recordEvent({
      eventId,
      kind: 'MEETING',
      title,
      start: day('2022-07-19'),
      location: { placeName: 'Tehran', country: 'IRN' },
      participants: [
        { actorId: ids.putin, role: 'GUEST' },
        { actorId: ids.raisi, role: 'HOST' },
      ],
      sources: [{ sourceId, publisher }],
      meeting: { format: 'IN_PERSON', type: 'VISIT' },
    });
  log.commit();
  must(report(tehranMergeIds.reportedVisit, 'Russia visits Iran', tehranMergeIds.irnaSource, 'IRNA'), 'report 1');
  must(report(tehranMergeIds.lateReport, 'Putin in Tehran', tehranMergeIds.tassSource, 'TASS'), 'report 2');
  log.commit();
  must(log.mergeEvents(ids.visit, [tehranMergeIds.reportedVisit], 'IRNA reports the same visit'), 'merge 1');
  must(log.mergeEvents(tehranMergeIds.reportedVisit, [tehranMergeIds.lateReport], 'TASS too'), 'merge 2');
  must(log.splitEvent(tehranMergeIds.reportedVisit, 'IRNA reported the arrival, a day early'), 'split');
}
