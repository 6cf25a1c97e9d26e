import type { FieldNode, GraphQLField } from 'graphql';

/**
 * What one field costs, in rows read (or the equivalent in waiting): the budget (20,000) is spent
 * on what the database does, not on how many fields the document names. A field not listed costs
 * 1 plus what it selects.
 */

/**
 * timelineExport reads up to 5,001 events (the limit of 5,000 plus one to know whether it
 * truncated), and reads them again when it did: GRAPHQL_EXPORT_LIMIT in
 * src/exports/timeline-export.resolver.ts (admission.spec.ts checks the two agree).
 */
export const EXPORT_ROWS_READ = 5_001;
export const EXPORT_COST = 2 * EXPORT_ROWS_READ;
/** A count of every matching event: as costly as reading a large page, whatever the filter. */
export const COUNT_COST = 1_000;
/** eventHistory and actorHistory read a whole stream, unpaged: priced as a stream of 1,000 entries. */
export const HISTORY_COST = 1_000;
/** timelineBuckets groups every matching event: a scan like a count. */
export const BUCKETS_COST = 1_000;
/**
 * duplicateCandidates reads up to 16 parties' index ranges of 2 × 400 rows and scores what it
 * finds: priced like a count, whatever `first` is.
 */
export const DUPLICATE_CANDIDATES_COST = 1_000;
/**
 * A merged duplicate's mergedInto follows the chain of merges in the read model, one point read
 * per step (rarely more than one or two); priced per node so that a page of merged duplicates
 * asking for it, nested, is refused before it runs.
 */
export const MERGED_INTO_COST = 20;
/**
 * A page of timelineChanges examines up to CHANGES_SCAN_ROWS (10,000) versions of its window
 * before it stops, whatever it returns: priced like a count, on top of its page.
 */
export const CHANGES_SCAN_COST = 1_000;
/** Paged fields that pay for a bounded scan besides their page, keyed Type.field. */
export const SCAN_COSTS: Readonly<Record<string, number>> = {
  'Query.timelineChanges': CHANGES_SCAN_COST,
};
/** Page size assumed when a paged field is given neither first nor last nor a default. */
export const DEFAULT_PAGE = 20;

/** Fields priced by what they read rather than by what they select, keyed Type.field. */
export const FLAT_COSTS: Readonly<Record<string, number>> = {
  'Query.timelineExport': EXPORT_COST,
  'TimelineConnection.totalCount': COUNT_COST,
  'Query.eventHistory': HISTORY_COST,
  'Query.actorHistory': HISTORY_COST,
  'Query.timelineBuckets': BUCKETS_COST,
  'Query.duplicateCandidates': DUPLICATE_CANDIDATES_COST,
  'DiplomaticEvent.mergedInto': MERGED_INTO_COST,
};

export interface ChildCost {
  /** Everything the field selects. */
  total: number;
  /** The part of it spent under list-typed children (a connection's edges, a log page's entries). */
  underLists: number;
}

/**
 * A paged field (first/last: connections, the log) repeats its list children once per row of the
 * page; what it selects beside them (pageInfo, totalCount) is paid once.
 */
export function fieldCost(
  parentType: string,
  field: GraphQLField<unknown, unknown> | undefined,
  node: FieldNode,
  child: ChildCost,
  variables: Record<string, unknown>,
): number {
  const key = `${parentType}.${node.name.value}`;
  const flat = FLAT_COSTS[key];
  if (flat !== undefined) return flat + child.total;
  const scan = SCAN_COSTS[key] ?? 0;
  const size = field ? pageSize(field, node, variables) : undefined;
  if (size === undefined) return scan + 1 + child.total;
  return scan + 1 + (child.total - child.underLists) + size * child.underLists;
}

function pageSize(
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  variables: Record<string, unknown>,
): number | undefined {
  const paging = field.args.filter((arg) => arg.name === 'first' || arg.name === 'last');
  if (paging.length === 0) return undefined;
  for (const name of ['first', 'last']) {
    const given = argumentValue(node, name, variables);
    if (typeof given === 'number' && Number.isFinite(given)) return Math.max(1, given);
  }
  const byDefault = paging.find((arg) => typeof arg.defaultValue === 'number')?.defaultValue;
  return typeof byDefault === 'number' ? Math.max(1, byDefault) : DEFAULT_PAGE;
}

/** An argument's value as given (a literal or a variable); undefined when absent or null. */
export function argumentValue(node: FieldNode, name: string, variables: Record<string, unknown>): unknown {
  const argument = node.arguments?.find((a) => a.name.value === name);
  if (!argument) return undefined;
  const value = argument.value;
  switch (value.kind) {
    case 'Variable':
      return variables[value.name.value] ?? undefined;
    case 'IntValue':
    case 'FloatValue':
      return Number(value.value);
    case 'NullValue':
      return undefined;
    case 'StringValue':
    case 'BooleanValue':
    case 'EnumValue':
      return value.value;
    default:
      return value; // a list or object: present, its content does not matter here
  }
}
