import { describe, expect, it } from '@jest/globals';
import type { Request } from 'express';
import { canonicalJson, entityTag, preflightForced } from './get-operations';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as Request;
const inputs = { documentHash: 'd', operationName: '', variables: '{}', role: 'reader', position: 'rm_1:5:9' };

describe('GET answers', () => {
  it('tag every input that decides the answer', () => {
    const tag = entityTag(inputs);
    expect(tag).toMatch(/^W\/"[A-Za-z0-9_-]{32}"$/);
    expect(entityTag({ ...inputs })).toBe(tag);
    for (const changed of [
      { documentHash: 'e' },
      { operationName: 'Q' },
      { variables: '{"first":1}' },
      { role: 'admin' },
      { position: 'rm_1:5:10' },
      { position: 'rm_2:5:9' },
    ])
      expect(entityTag({ ...inputs, ...changed })).not.toBe(tag);
  });

  it('gives the same variables in any key order one canonical text', () => {
    expect(canonicalJson({ b: [1, { d: 2, c: null }], a: 'x' })).toBe('{"a":"x","b":[1,{"c":null,"d":2}]}');
  });

  it('let through only requests a browser would have preflighted (CSRF prevention, as Apollo Server)', () => {
    expect(preflightForced(request({}))).toBe(false);
    expect(preflightForced(request({ 'content-type': 'text/plain; charset=utf-8' }))).toBe(false);
    expect(preflightForced(request({ 'content-type': 'application/x-www-form-urlencoded' }))).toBe(false);
    expect(preflightForced(request({ 'content-type': 'application/json' }))).toBe(true);
    expect(preflightForced(request({ 'apollo-require-preflight': 'true' }))).toBe(true);
    expect(preflightForced(request({ 'x-apollo-operation-name': 'Q' }))).toBe(true);
    expect(preflightForced(request({ 'x-apollo-operation-name': '' }))).toBe(false);
  });
});
