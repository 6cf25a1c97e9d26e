import { describe, expect, it } from '@jest/globals';
import { classifyEventCode, pastTensePhrase } from './cameo-scope';
import { eventIdFor } from './ids';

describe('classifyEventCode', () => {
  it.each([
    ['010', 'STATEMENT'],
    ['019', 'STATEMENT'],
    ['036', 'STATEMENT'],
    ['040', 'MEETING'],
    ['046', 'MEETING'],
    ['057', 'AGREEMENT'],
  ])('%s is a %s', (code, kind) => {
    expect(classifyEventCode(code)).toMatchObject({ scope: 'IN', kind });
  });

  it('gives visits and phone calls their roles and format', () => {
    expect(classifyEventCode('042')).toMatchObject({
      meeting: { type: 'VISIT', actor1Roles: ['GUEST'], actor2Roles: ['HOST'] },
    });
    expect(classifyEventCode('043')).toMatchObject({
      meeting: { type: 'VISIT', actor1Roles: ['HOST'], actor2Roles: ['GUEST'] },
    });
    expect(classifyEventCode('041')).toMatchObject({ meeting: { format: 'PHONE', type: 'BILATERAL' } });
    expect(classifyEventCode('045')).toMatchObject({
      meeting: { actor1Roles: ['PARTICIPANT', 'MEDIATOR'], actor2Roles: ['PARTICIPANT'] },
    });
  });

  it('skips intents, material cooperation and conflict by default, with the code and its label', () => {
    expect(classifyEventCode('0311')).toEqual({
      scope: 'OUT',
      reason:
        'out of scope: CAMEO 0311 (Express intent to cooperate economically) is not a meeting, statement or agreement',
    });
    expect(classifyEventCode('061')).toMatchObject({ scope: 'OUT' });
    expect(classifyEventCode('190')).toMatchObject({ scope: 'OUT' });
  });

  it('with allEvents keeps verbal codes as statements and refuses material ones', () => {
    expect(classifyEventCode('0311', true)).toEqual({ scope: 'IN', kind: 'STATEMENT' });
    expect(classifyEventCode('112', true)).toEqual({ scope: 'IN', kind: 'STATEMENT' });
    expect(classifyEventCode('061', true)).toMatchObject({ scope: 'REFUSED' });
    expect(classifyEventCode('190', true)).toEqual({
      scope: 'REFUSED',
      reason:
        'material action: CAMEO 190 (Use conventional military force, not specified below), root 19 FIGHT, is not a meeting, statement or agreement, even with allEvents',
    });
  });
});

describe('pastTensePhrase', () => {
  it.each([
    ['Make statement, not specified below', 'made a statement'],
    ['Make empathetic comment', 'made an empathetic comment'],
    ['MAKE PUBLIC STATEMENT', 'made a public statement'],
    ['Deny responsibility', 'denied responsibility'],
    ['Express intent to meet or negotiate', 'expressed intent to meet or negotiate'],
    ['Appeal, not specified below', 'appealed'],
    ['Rally support on behalf of', 'rallied support on behalf of'],
    ['Forgive', 'forgave'],
  ])('%s → %s', (label, phrase) => {
    expect(pastTensePhrase(label)).toBe(phrase);
  });
});

describe('ids', () => {
  it('derive an event id from source and external id, lower-case and stable', () => {
    expect(eventIdFor('GDELT', '881991178')).toBe(eventIdFor('GDELT', '881991178'));
    expect(eventIdFor('GDELT', '881991178')).not.toBe(eventIdFor('ICEWS', '881991178'));
    expect(eventIdFor('GDELT', '881991178')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
