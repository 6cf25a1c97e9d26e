import { describe, expect, it } from '@jest/globals';
import { uuidFromText } from './derived-ids';

/**
 * Both forms of the one function for ids derived from text. The ids callers derive with it are
 * pinned where they are derived (src/imports, src/editorial and src/admin/import derived-ids specs);
 * these pin the function itself, so a change to it fails here first.
 */
describe('uuidFromText', () => {
  it('with a namespace is RFC 9562 version 5 (the RFC example: www.example.com in the DNS namespace)', () => {
    expect(uuidFromText('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    // A namespace written in upper case is the same namespace.
    expect(uuidFromText('www.example.com', '6BA7B810-9DAD-11D1-80B4-00C04FD430C8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('without one hashes the text alone, in the version 5 layout', () => {
    // SHA-1("a") = 86f7e437faa5a7fce15d1ddcb9eaeaea377667b8, version and variant bits set.
    expect(uuidFromText('a')).toBe('86f7e437-faa5-57fc-a15d-1ddcb9eaeaea');
    expect(uuidFromText('')).toBe('da39a3ee-5e6b-5b0d-b255-bfef95601890');
  });

  it('refuses a namespace that is not a UUID rather than hash a part of it', () => {
    expect(() => uuidFromText('a', 'not-a-uuid')).toThrow(TypeError);
    expect(() => uuidFromText('a', '')).toThrow(TypeError);
  });
});
