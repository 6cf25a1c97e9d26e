import { describe, expect, it } from '@jest/globals';
import { jsonNestingExceeds } from './json-nesting';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('jsonNestingExceeds', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(jsonNestingExceeds(bytes('{"a":[{"b":[1]}]}'), 4)).toBe(false);
    expect(jsonNestingExceeds(bytes('{"a":[{"b":[1]}]}'), 3)).toBe(true);
    expect(jsonNestingExceeds(bytes('{"q":"[[[[[[[[[[{{{{{{"}'), 1)).toBe(false);
    expect(jsonNestingExceeds(bytes('{"q":"a\\"[[[[[[[\\\\"}'), 1)).toBe(false);
  });

  it('stops at the first level past the limit of a body built to be deep', () => {
    const deep = bytes(`{"variables":{"v":${'['.repeat(5_000_000)}`);
    expect(jsonNestingExceeds(deep, 64)).toBe(true);
  });
});
