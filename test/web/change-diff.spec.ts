import { describe, expect, it } from '@jest/globals';
import { changeLabel, changeRows } from '../../web/reader/change-diff';

const PUTIN = '5e1d0a52-8f0a-4d3c-9b1e-000000000001';
const RAISI = '5e1d0a52-8f0a-4d3c-9b1e-000000000002';
const SURVIVOR = '5e1d0a52-8f0a-4d3c-9b1e-0000000000aa';

const event = (fields = {}) => ({
  eventId: 'e1',
  version: 1,
  title: 'Putin visits Tehran',
  summary: 'Iran and Saudi Arabia',
  status: 'RECORDED',
  topics: ['syria'],
  mergedIntoId: null,
  start: { value: '2022-07-19', precision: 'DAY', timeZone: 'Asia/Tehran' },
  end: null,
  location: { placeName: 'Tehran', country: 'IRN' },
  participants: [
    { actorId: PUTIN, role: 'GUEST', actor: { name: 'Vladimir Putin' } },
    { actorId: RAISI, role: 'HOST', actor: { name: 'Ebrahim Raisi' } },
  ],
  sources: [{ publisher: 'Reuters', title: null, url: null }],
  agreement: null,
  ...fields,
});

describe('the changes of the compare mode', () => {
  it('lists only the fields that differ, as text, actors by name', () => {
    const rows = changeRows({
      kind: 'REVISED',
      before: event(),
      after: event({
        version: 2,
        summary: 'Iran only',
        participants: [{ actorId: PUTIN, role: 'GUEST', actor: { name: 'Vladimir Putin' } }],
      }),
    });
    expect(rows).toEqual([
      { field: 'summary', before: 'Iran and Saudi Arabia', after: 'Iran only' },
      {
        field: 'participants',
        before: 'Vladimir Putin as guest, Ebrahim Raisi as host',
        after: 'Vladimir Putin as guest',
      },
    ]);
  });

  it('shows a retraction as its status, a merge by the survivor’s title, and nothing to compare for an addition', () => {
    expect(changeRows({ kind: 'RETRACTED', before: event(), after: event({ status: 'RETRACTED' }) })).toEqual([
      { field: 'status', before: 'RECORDED', after: 'RETRACTED' },
    ]);
    expect(
      changeRows(
        { kind: 'MERGED', before: event(), after: event({ mergedIntoId: SURVIVOR }) },
        new Map([[SURVIVOR, 'The Tehran summit']]),
      ),
    ).toEqual([{ field: 'mergedInto', before: '(none)', after: 'The Tehran summit' }]);
    expect(changeRows({ kind: 'ADDED', before: null, after: event() })).toEqual([]);
  });

  it('labels each kind', () => {
    expect(['ADDED', 'REVISED', 'RETRACTED', 'RESTORED', 'MERGED', 'SPLIT'].map(changeLabel)).toEqual([
      'Added',
      'Revised',
      'Retracted',
      'Restored',
      'Merged',
      'Split off',
    ]);
  });
});
