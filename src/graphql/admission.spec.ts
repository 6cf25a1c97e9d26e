import { describe, expect, it } from '@jest/globals';
import { buildSchema, getIntrospectionQuery, parse, type GraphQLError } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GRAPHQL_EXPORT_LIMIT } from '../exports/timeline-export.resolver';
import {
  admissionError,
  DEFAULT_ADMISSION_LIMITS,
  MAX_SELECTIONS,
  parseWithinLimits,
  type AdmissionLimits,
} from './admission';
import { CHANGES_SCAN_COST, EXPORT_ROWS_READ } from './cost-model';
import { measureOperation } from './operation-shape';

const schema = buildSchema(readFileSync(join(process.cwd(), 'src', 'schema.gql'), 'utf8'));

function admit(
  query: string,
  variables: Record<string, unknown> = {},
  limits: Partial<AdmissionLimits> = {},
): GraphQLError | undefined {
  return admissionError({ schema, document: parse(query), variables }, { ...DEFAULT_ADMISSION_LIMITS, ...limits });
}

const aliases = (count: number, field: string) =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

/** `__schema { types { fields { type { ofType { ... { name } } } } } }`, `levels` deep. */
function nested(levels: number): string {
  let body = 'name';
  for (let i = 0; i < levels - 5; i += 1) body = `ofType { ${body} }`;
  return `{ __schema { types { fields { type { ${body} } } } } }`;
}

describe('admission', () => {
  it('prices an export by the rows it reads', () => {
    expect(EXPORT_ROWS_READ).toBe(GRAPHQL_EXPORT_LIMIT + 1);
    expect(admit(aliases(1, 'timelineExport(format: NDJSON) { eventCount }'))).toBeUndefined();
    const refused = admit(aliases(2, 'timelineExport(format: NDJSON) { eventCount }'));
    expect(refused?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', maxComplexity: 20_000 });
  });

  it('prices a count, a history and buckets as large reads', () => {
    expect(admit(aliases(20, 'timeline(first: 1) { totalCount }'))?.extensions).toMatchObject({
      maxComplexity: 20_000,
    });
    expect(admit(aliases(20, 'eventHistory(id: "x") { version }'))?.extensions).toMatchObject({
      maxComplexity: 20_000,
    });
    expect(admit(aliases(20, 'timelineBuckets(bucket: DAY) { total }'))?.extensions).toMatchObject({
      maxComplexity: 20_000,
    });
    expect(admit(aliases(5, 'timeline(first: 10) { totalCount edges { node { title } } }'))).toBeUndefined();
  });

  it('prices following a merge by the reads it makes, on every node of a page', () => {
    const asking = (times: number) =>
      `{ timeline(first: 100, includeRetracted: true) { edges { node { ${Array.from(
        { length: times },
        (_, i) => `m${i}: mergedInto { title }`,
      ).join(' ')} } } } }`;
    expect(admit(asking(1))).toBeUndefined();
    // Without its price, ten of them on a page of 100 would be 2,000 fields; with it, 20,000 reads.
    expect(admit(asking(10))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', maxComplexity: 20_000 });
  });

  it('multiplies only what a page repeats: edges by the page size, totalCount once', () => {
    expect(
      admit('{ timeline(first: 100) { totalCount pageInfo { hasNextPage } edges { cursor node { id title } } } }'),
    ).toBeUndefined();
    const costly =
      '{ timeline(first: 100) { edges { node { participants { actor { timeline(first: 100) { edges { node { title summary } } } } } } } } }';
    expect(admit(costly)?.extensions).toMatchObject({ maxComplexity: 20_000 });
    expect(admit('query($n: Int) { log(first: $n) { entries { data } } }', { n: 1000 })).toBeUndefined();
    expect(admit(aliases(10, 'log(first: 1000) { entries { data type position } }'))?.extensions).toMatchObject({
      maxComplexity: 20_000,
    });
  });

  it('prices node(id) as the event or actor query it refetches', () => {
    const cost = (query: string) => {
      const document = parse(query);
      const operation = document.definitions[0];
      if (operation?.kind !== 'OperationDefinition') throw new Error('not an operation');
      return measureOperation(schema, document, operation, {}, MAX_SELECTIONS).cost;
    };
    const event = 'title participants { actor { name } }';
    expect(cost(`{ node(id: "x") { ... on DiplomaticEvent { ${event} } } }`)).toBe(
      cost(`{ event(id: "x") { ${event} } }`),
    );
    const timeline = 'timeline(first: 100) { totalCount edges { node { title } } }';
    expect(cost(`{ node(id: "x") { ... on Actor { ${timeline} } } }`)).toBe(cost(`{ actor(id: "x") { ${timeline} } }`));
    // A node's actor timeline with a count is no way around the budget: 20 of them are refused as 20 counts are.
    expect(
      admit(aliases(20, `node(id: "x") { ... on Actor { timeline(first: 1) { totalCount } } }`))?.extensions,
    ).toMatchObject({
      maxComplexity: 20_000,
    });
  });

  it('allows one minPosition wait per request and names the second', () => {
    expect(admit('{ timeline(minPosition: "9") { totalCount } }')).toBeUndefined();
    const refused = admit(
      '{ a: timeline(minPosition: "9") { totalCount } b: event(id: "x", minPosition: "9") { id } }',
    );
    expect(refused?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'minPosition', fields: ['a', 'b'] });
    expect(refused?.message).toMatch(/"b"/);
    const viaVariables =
      'query($p: String, $q: String = "3") { a: timeline(minPosition: $p) { totalCount } b: timeline(minPosition: $q) { totalCount } }';
    expect(admit(viaVariables, { p: '1' })?.extensions).toMatchObject({ field: 'minPosition' });
    expect(admit(viaVariables, { q: null })).toBeUndefined();
    const inFragment =
      '{ a: timeline { ...W } b: timeline { ...W } } fragment W on TimelineConnection { edges { node { participants { actor { timeline(minPosition: "1") { totalCount } } } } } }';
    expect(admit(inFragment)?.extensions).toMatchObject({ field: 'minPosition' });
  });

  it('counts asOf as a wait (for the record-time horizon), sharing the one wait with minPosition', () => {
    expect(admit('{ timeline(asOf: "2022-07-20T00:00:00Z", minPosition: "9") { totalCount } }')).toBeUndefined();
    const two = admit(
      '{ a: timeline(minPosition: "9") { totalCount } b: event(id: "x", asOf: "2022-07-20T00:00:00Z") { id } }',
    );
    expect(two?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf', fields: ['a', 'b'], maxWaits: 1 });
    expect(two?.message).toMatch(/minPosition or asOf/);
    const viaVariables =
      'query($t: DateTime, $u: DateTime) { a: timeline(asOf: $t) { totalCount } b: timelineBuckets(asOf: $u, bucket: DAY) { total } }';
    expect(admit(viaVariables, { t: '2022-07-20T00:00:00Z', u: '2022-07-21T00:00:00Z' })?.extensions).toMatchObject({
      field: 'asOf',
    });
    expect(admit(viaVariables, { t: '2022-07-20T00:00:00Z', u: null })).toBeUndefined();
  });

  it("counts timelineChanges' to as its wait, and its page as a timeline's", () => {
    const window = 'from: "2022-07-20T00:00:00Z", to: "2022-07-21T00:00:00Z"';
    expect(admit(`{ timelineChanges(${window}) { edges { cursor } } }`)).toBeUndefined();
    expect(
      admit(
        '{ timelineChanges(from: "2022-07-20T00:00:00Z") { edges { cursor } } timeline(asOf: "2022-07-20T00:00:00Z") { totalCount } }',
      ),
    ).toBeUndefined();
    const two = admit(
      `{ a: timeline(asOf: "2022-07-20T00:00:00Z") { totalCount } b: timelineChanges(${window}) { edges { cursor } } }`,
    );
    expect(two?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to', fields: ['a', 'b'], maxWaits: 1 });
    const page = (first: number) => {
      const document = parse(
        `{ timelineChanges(from: "2022-07-20T00:00:00Z", first: ${first}) { edges { node { before { title } after { title } } } } }`,
      );
      const operation = document.definitions[0];
      if (operation?.kind !== 'OperationDefinition') throw new Error('not an operation');
      return measureOperation(schema, document, operation, {}, MAX_SELECTIONS).cost;
    };
    // Each page pays for the part of the window it may examine, then for its rows.
    expect(page(1)).toBeGreaterThan(CHANGES_SCAN_COST);
    expect(page(100) - CHANGES_SCAN_COST).toBeGreaterThan(50 * (page(1) - CHANGES_SCAN_COST));
    const many = Array.from(
      { length: 20 },
      (_, i) => `c${i}: timelineChanges(from: "2022-07-20T00:00:00Z", first: 1) { edges { cursor } }`,
    );
    expect(admit(`{ ${many.join(' ')} }`)?.extensions).toMatchObject({ maxComplexity: 20_000 });
    expect(admit(`{ ${many.slice(0, 10).join(' ')} }`)).toBeUndefined();
  });

  it('limits the depth of introspection too, and admits what GraphiQL sends', () => {
    expect(admit(getIntrospectionQuery())).toBeUndefined();
    expect(
      admit(
        getIntrospectionQuery({
          descriptions: true,
          specifiedByUrl: true,
          directiveIsRepeatable: true,
          schemaDescription: true,
          inputValueDeprecation: true,
          oneOf: true,
        }),
      ),
    ).toBeUndefined();
    expect(admit(nested(15))).toBeUndefined();
    const refused = admit(nested(17));
    expect(refused?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', depth: 17, maxDepth: 15 });
  });

  it('counts selections after fragments are expanded, without expanding them', () => {
    expect(admit(aliases(MAX_SELECTIONS, '__typename'))).toBeUndefined();
    expect(admit(aliases(MAX_SELECTIONS + 1, '__typename'))?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      maxSelections: MAX_SELECTIONS,
    });
    // F0 spreads F1 ten times, F1 spreads F2 ten times ...: 10^8 selections from a few hundred bytes.
    const levels = 8;
    const fragments = Array.from(
      { length: levels },
      (_, i) =>
        `fragment F${i} on Query { ${Array.from({ length: 10 }, () => (i === levels - 1 ? '__typename' : `...F${i + 1}`)).join(' ')} }`,
    );
    expect(admit(`{ ...F0 } ${fragments.join(' ')}`)?.extensions).toMatchObject({ maxSelections: MAX_SELECTIONS });
    const cycle = admit('{ ...A } fragment A on Query { ...B __typename } fragment B on Query { ...A }');
    expect(cycle).toBeUndefined(); // invalid, and reported so by validation
  });

  it('refuses introspection when it is turned off, but answers __typename', () => {
    expect(admit('{ __schema { queryType { name } } }', {}, { introspection: false })?.extensions).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(admit('{ __type(name: "Actor") { name } }', {}, { introspection: false })?.extensions).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(admit('{ __typename }', {}, { introspection: false })).toBeUndefined();
  });

  it('parses within the byte and token limits', () => {
    const tooLong = parseWithinLimits(`{ ${'__typename '.repeat(10_000)}}`);
    expect((tooLong as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', maxBytes: 100_000 });
    const tooMany = parseWithinLimits(`{ ${'a '.repeat(6_000)}}`);
    expect((tooMany as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', maxTokens: 5_000 });
    expect((tooMany as GraphQLError).message).toMatch(/more than 5000 tokens/);
    expect('kind' in parseWithinLimits('{ __typename }')).toBe(true);
  });
});
