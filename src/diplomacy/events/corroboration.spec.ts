import { describe, expect, it } from '@jest/globals';
import type { EventSource } from './event-types';
import { distinctPublishers, publisherKey, sourceCount } from './corroboration';

const source = (sourceId: string, publisher: string): EventSource => ({ sourceId, publisher });
const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'] as const;
const third = '00000000-0000-4000-8000-000000000003';

describe('corroboration of an event by its sources', () => {
  it('counts sources by id', () => {
    expect(sourceCount([])).toBe(0);
    expect(sourceCount([source(ids[0], 'Reuters'), source(ids[1], 'Reuters')])).toBe(2);
    expect(sourceCount([source(ids[0], 'Reuters'), source(ids[0], 'Reuters')])).toBe(1);
  });

  it('counts publishers once whatever their case and surrounding spaces, as first spelled', () => {
    const sources = [source(ids[0], ' Reuters'), source(ids[1], 'REUTERS '), source(third, 'TASS')];
    expect(distinctPublishers(sources)).toEqual(['Reuters', 'TASS']);
  });

  it('folds compatibility forms and non-ASCII case', () => {
    expect(publisherKey('ＲＥＵＴＥＲＳ')).toBe(publisherKey('reuters'));
    expect(distinctPublishers([source(ids[0], 'ÉLYSÉE'), source(ids[1], 'élysée')])).toEqual(['ÉLYSÉE']);
  });
});
