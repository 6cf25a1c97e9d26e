import { describe, expect, it } from '@jest/globals';
import {
  buildSchema,
  parse,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type OperationDefinitionNode,
} from 'graphql';
import { docKeysToOmit, requestedNodeFields } from './requested-fields';

/** The info a resolver of the query's first root field gets, as far as requestedNodeFields reads it. */
function infoOf(query: string): GraphQLResolveInfo {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition')
      .map((d) => [d.name.value, d]),
  );
  const fieldNodes = operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === 'Field');
  return { fieldNodes, fragments, schema: buildSchema('type Query { x: Int }') } as unknown as GraphQLResolveInfo;
}

describe('requestedNodeFields', () => {
  it('reads the fields asked of edges.node, through fragments and inline fragments, by field name (not alias)', () => {
    const info = infoOf(`
      query { timeline(first: 5) {
        totalCount
        pageInfo { endCursor }
        edges { cursor node { id heading: title ...Dates ... on DiplomaticEvent { participants { role actor { name } } } } }
      } }
      fragment Dates on DiplomaticEvent { start { value } end { value } }`);
    expect([...requestedNodeFields(info)!].sort()).toEqual(['end', 'id', 'participants', 'start', 'title']);
  });

  it('is undefined when a fragment cannot be found', () => {
    expect(requestedNodeFields(infoOf(`query { timeline { edges { node { ...Missing } } } }`))).toBeUndefined();
  });
});

describe('docKeysToOmit', () => {
  it('leaves out the doc members no field asked for needs', () => {
    const omitted = docKeysToOmit(new Set(['id', 'title', 'cameoLabel', 'participants']));
    expect(omitted).toContain('sources');
    expect(omitted).toContain('summary');
    expect(omitted).toContain('statement');
    for (const needed of ['eventId', 'kind', 'status', 'participants', 'title', 'cameoCode'])
      expect(omitted).not.toContain(needed);
  });

  it('keeps the sources for the corroboration fields, which count them', () => {
    for (const field of ['sourceCount', 'publisherCount', 'publishers'])
      expect(docKeysToOmit(new Set(['title', field]))).not.toContain('sources');
  });

  it('omits nothing when the selection is unknown, or asks for everything', () => {
    expect(docKeysToOmit(undefined)).toEqual([]);
    const everything = [
      'id',
      'kind',
      'status',
      'title',
      'summary',
      'start',
      'end',
      'location',
      'participants',
      'topics',
      'sources',
      'cameoCode',
      'links',
      'meeting',
      'statement',
      'agreement',
      'retractionReason',
      'agreementStatusHistory',
      'revisionCount',
      'mergedIntoId',
      'absorbed',
      'reportCount',
    ];
    // Only the doc's report count: reportCount comes from the read model's report_count column.
    expect(docKeysToOmit(new Set(everything))).toEqual(['attachedReports']);
    expect(docKeysToOmit(new Set([...everything.filter((f) => f !== 'mergedIntoId'), 'mergedInto']))).toEqual([
      'attachedReports',
    ]);
  });
});
