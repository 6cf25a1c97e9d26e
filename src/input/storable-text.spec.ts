import { describe, expect, it } from '@jest/globals';
import { findUnstorableText, unstorableTextProblem } from './storable-text';

describe('text PostgreSQL can store', () => {
  it('takes any well-formed text, astral characters included', () => {
    expect(unstorableTextProblem('Tehran تهران 🇮🇷 \uFFFD')).toBeUndefined();
  });

  it('refuses NUL and lone surrogates of either half', () => {
    expect(unstorableTextProblem('a\u0000b')).toMatch(/NUL/);
    expect(unstorableTextProblem('a\uD800b')).toMatch(/lone surrogate/);
    expect(unstorableTextProblem('a\uDC00')).toMatch(/lone surrogate/);
    expect(unstorableTextProblem('\uD83C')).toMatch(/lone surrogate/);
  });

  it('names the path of the first bad value, in lists and objects, keys included', () => {
    expect(findUnstorableText({ participants: [{ role: 'HOST' }, { role: 'GUEST' }, { role: 'x\u0000' }] })).toEqual({
      path: 'participants.2.role',
      problem: expect.stringMatching(/NUL/),
    });
    expect(findUnstorableText({ data: { 'k\u0000': 1 } }, 'input')).toEqual({
      path: 'input.data',
      problem: expect.stringMatching(/member name/),
    });
    expect(findUnstorableText({ when: new Date(0), n: 1, ok: true, none: null })).toBeUndefined();
  });

  it('refuses values nested past any real input instead of walking them', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100; i += 1) deep = [deep];
    expect(findUnstorableText(deep)?.problem).toMatch(/nests deeper/);
  });
});
