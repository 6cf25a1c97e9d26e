import { describe, expect, it } from '@jest/globals';
import { changedFieldsOf, editableOf, redoOn, revisableFields, reviseEventInput } from '../../web/admin/revision';

const visit = {
  eventId: 'e1',
  version: 2,
  kind: 'MEETING',
  title: 'Putin visits Tehran',
  summary: 'Putin’s visit to Iran and Saudi Arabia',
  topics: ['syria', 'trade'],
  start: { value: '2022-07', precision: 'MONTH', timeZone: 'Asia/Tehran' },
  meeting: { format: 'IN_PERSON', type: 'VISIT' },
  statement: null,
  agreement: null,
};

describe('a revision as the editor makes it', () => {
  it('edits the common fields and the kind’s own', () => {
    expect(revisableFields('MEETING')).toContain('meeting.format');
    expect(revisableFields('STATEMENT')).toContain('statement.text');
    expect(revisableFields('STATEMENT')).not.toContain('meeting.format');
    expect(editableOf(visit)).toEqual({
      title: 'Putin visits Tehran',
      summary: 'Putin’s visit to Iran and Saudi Arabia',
      'start.value': '2022-07',
      'start.precision': 'MONTH',
      'start.timeZone': 'Asia/Tehran',
      topics: 'syria, trade',
      'meeting.format': 'IN_PERSON',
      'meeting.type': 'VISIT',
    });
  });

  it('lists only what changed, ignoring spaces around text and in topic lists', () => {
    const original = editableOf(visit);
    const edited: Record<string, string> = {
      ...original,
      summary: 'Putin’s visit to Iran ',
      topics: 'syria,trade',
      'start.value': '2022-07-19',
    };
    edited['start.precision'] = 'DAY';
    expect(changedFieldsOf(original, edited)).toEqual([
      { field: 'summary', before: 'Putin’s visit to Iran and Saudi Arabia', after: 'Putin’s visit to Iran' },
      { field: 'start.value', before: '2022-07', after: '2022-07-19' },
      { field: 'start.precision', before: 'MONTH', after: 'DAY' },
    ]);
  });

  it('sends only the changed fields, a date whole, a kind’s members on their own', () => {
    const original = editableOf(visit);
    const edited: Record<string, string> = {
      ...original,
      'start.value': '2022-07-19',
      'start.precision': 'DAY',
      'meeting.type': 'SUMMIT',
      topics: 'syria',
    };
    expect(
      reviseEventInput(original, edited, {
        eventId: 'e1',
        expectedVersion: 2,
        reason: ' the day is known ',
        idempotencyKey: 'k',
      }),
    ).toEqual({
      eventId: 'e1',
      expectedVersion: 2,
      reason: 'the day is known',
      idempotencyKey: 'k',
      start: { value: '2022-07-19', precision: 'DAY', timeZone: 'Asia/Tehran' },
      topics: ['syria'],
      meeting: { type: 'SUMMIT' },
    });
    expect(reviseEventInput(original, original, { eventId: 'e1', expectedVersion: 2, reason: '' })).toEqual({
      eventId: 'e1',
      expectedVersion: 2,
      reason: '',
    });
  });

  it('makes the same change again on a newer version, keeping what others changed meanwhile', () => {
    const original = editableOf(visit);
    const edited = { ...original, title: 'Putin visits Tehran for talks' };
    const latest = editableOf({ ...visit, version: 3, summary: 'Putin’s visit to Iran' });
    const redone = redoOn(original, edited, latest);
    expect(redone).toEqual({ ...latest, title: 'Putin visits Tehran for talks' });
    expect(changedFieldsOf(latest, redone)).toEqual([
      { field: 'title', before: 'Putin visits Tehran', after: 'Putin visits Tehran for talks' },
    ]);
  });
});
