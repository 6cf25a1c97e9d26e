import { describe, expect, it } from '@jest/globals';
import { versionId } from './models/version-id';
import { findVersionIdArgument } from './version-id-args';

const uuid = '5e1d0a52-8f0a-4d3c-9b1e-000000000101';
const node = versionId('DiplomaticEvent', uuid, 2);

describe('a version id where a stable id belongs', () => {
  it('is found in any member named *Id or *Ids, with its path', () => {
    expect(findVersionIdArgument({ eventId: node }, 'input')).toBe('input.eventId');
    expect(findVersionIdArgument({ participants: [{ actorId: uuid }, { actorId: node }] }, 'input')).toBe(
      'input.participants.1.actorId',
    );
    expect(findVersionIdArgument({ agreement: { partyIds: [uuid, node] } }, 'input')).toBe(
      'input.agreement.partyIds.1',
    );
    expect(findVersionIdArgument({ link: { targetEventId: node } }, 'input')).toBe('input.link.targetEventId');
  });

  it('is not looked for elsewhere: stable ids, text, and the id node(id) takes pass', () => {
    expect(findVersionIdArgument({ eventId: uuid, participants: [{ actorId: uuid }] }, 'input')).toBeUndefined();
    expect(findVersionIdArgument({ title: node, summary: node }, 'input')).toBeUndefined();
    expect(findVersionIdArgument(node, 'id')).toBeUndefined();
    expect(findVersionIdArgument({ eventId: 'not an id' }, 'input')).toBeUndefined();
  });
});
