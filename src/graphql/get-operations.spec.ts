import { describe, expect, it } from '@jest/globals';
import type { Request } from 'express';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { cacheControlFor, canonicalJson, entityTag, isFinalAsOfAnswer, preflightForced } from './get-operations';

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

  describe('an answer asOf a moment behind the horizon is final (immutable)', () => {
    const horizon = new Date('2026-01-01T00:00:00Z');
    const behind = (asOf: Date) => asOf.getTime() < horizon.getTime();
    const final = (query: string, variables: Record<string, unknown> = {}) => {
      const document = parse(query);
      const operation = document.definitions.find(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      )!;
      return isFinalAsOfAnswer(document, operation, variables, behind);
    };

    it('when every field that could answer "now" is asked asOf a moment behind it', () => {
      expect(final('{ timeline(asOf: "2022-07-20T00:00:00Z") { edges { node { title } } } }')).toBe(true);
      expect(
        final('query Q($t: DateTime) { a: event(id: "x", asOf: $t) { title } b: actor(id: "y", asOf: $t) { name } }', {
          t: '2022-07-20T00:00:00Z',
        }),
      ).toBe(true);
      expect(
        final('{ ...F } fragment F on Query { timelineBuckets(asOf: "2022-01-01T00:00:00Z", bucket: DAY) { count } }'),
      ).toBe(true);
      expect(cacheControlFor(true)).toBe('private, max-age=31536000, immutable');
    });

    it('not when one field answers as known now, or asOf is not yet behind the horizon', () => {
      expect(final('{ timeline { edges { node { title } } } }')).toBe(false);
      expect(final('{ timeline(asOf: "2026-06-01T00:00:00Z") { totalCount } }')).toBe(false);
      expect(final('query Q($t: DateTime) { timeline(asOf: $t) { totalCount } }', {})).toBe(false);
      expect(final('{ timeline(asOf: "not a date") { totalCount } }')).toBe(false);
      expect(
        final('{ actor(id: "y", asOf: "2022-07-20T00:00:00Z") { name timeline { edges { node { title } } } } }'),
      ).toBe(false);
      expect(final('{ actors(search: "putin") { edges { node { name } } } }')).toBe(false);
      expect(final('{ __typename }')).toBe(false);
    });
  });
});
