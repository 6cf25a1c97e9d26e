import { describe, expect, it } from '@jest/globals';
import { MAX_VERSION_ID_LENGTH, parseVersionId, versionId } from './version-id';

const uuid = '5e1d0a52-8f0a-4d3c-9b1e-000000000101';

describe('version ids', () => {
  it('name one version of one event or actor, and read back as what they name', () => {
    const first = versionId('DiplomaticEvent', uuid, 1);
    expect(parseVersionId(first)).toEqual({ type: 'DiplomaticEvent', id: uuid, version: 1 });
    expect(versionId('DiplomaticEvent', uuid, 2)).not.toBe(first);
    expect(versionId('Actor', uuid, 1)).not.toBe(first);
    expect(parseVersionId(versionId('Actor', uuid, 2_147_483_647))).toEqual({
      type: 'Actor',
      id: uuid,
      version: 2_147_483_647,
    });
    // One id per version whatever the case of the UUID it was made from.
    expect(versionId('Actor', uuid.toUpperCase(), 3)).toBe(versionId('Actor', uuid, 3));
    expect(first.length).toBeLessThanOrEqual(MAX_VERSION_ID_LENGTH);
  });

  it('refuses what this service did not issue', () => {
    const encode = (text: string) => Buffer.from(text).toString('base64url');
    for (const value of [
      '',
      uuid,
      'not an id',
      'A'.repeat(MAX_VERSION_ID_LENGTH + 1),
      encode(`DiplomaticEvent:${uuid}:0`),
      encode(`DiplomaticEvent:${uuid}:01`),
      encode(`DiplomaticEvent:${uuid}:2147483648`),
      encode(`DiplomaticEvent:${uuid}:-1`),
      encode(`DiplomaticEvent:${uuid.toUpperCase()}:1`),
      encode(`DiplomaticEvent:${uuid}`),
      encode(`Node:${uuid}:1`),
      encode(`DiplomaticEvent:${uuid}:1:extra`),
      Buffer.from(`DiplomaticEvent:${uuid}:12`).toString('base64'),
      `${versionId('Actor', uuid, 1)}=`,
    ])
      expect({ value, parsed: parseVersionId(value) }).toEqual({ value, parsed: null });
  });
});
