import {
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  getNamedType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { argumentValue, fieldCost, type ChildCost } from './cost-model';

/**
 * The arguments that make a field wait for the read models (up to 5 s each): minPosition for a
 * log position, asOf for the record-time horizon (an asOf inside it does not wait, but which one
 * is cannot be told before running).
 */
export const WAIT_ARGUMENTS = ['minPosition', 'asOf'] as const;

/** Fields that wait with an argument of another name, keyed Type.field: timelineChanges waits for its `to` as for an asOf. */
export const FIELD_WAIT_ARGUMENTS: Readonly<Record<string, string>> = { 'Query.timelineChanges': 'to' };

/** What admission judges an operation by, measured with every fragment spread expanded. */
export interface OperationShape {
  /** Deepest path of data fields. */
  depth: number;
  /** Deepest path that enters introspection (__schema, __type); 0 when there is none. */
  introspectionDepth: number;
  /** Field selections, aliases and repeated spreads included; stops counting past the budget. */
  selections: number;
  cost: number;
  /** Response keys of the fields that wait (minPosition or asOf given), in document order. */
  waits: string[];
  /** The argument each of them waits with (the first of WAIT_ARGUMENTS it has). */
  waitArguments: string[];
  /** The operation asks for __schema or __type (not only __typename). */
  introspects: boolean;
}

interface Summary extends ChildCost {
  selections: number;
  waits: { key: string; argument: string }[];
  introspects: boolean;
}

const EMPTY: Summary = { selections: 0, total: 0, underLists: 0, waits: [], introspects: false };
const INTROSPECTION_ROOTS: Record<string, string> = { __schema: '__Schema', __type: '__Type' };
/** More waits than this are not listed: one is allowed, the message names the first few. */
const WAITS_LISTED = 5;

export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  return new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
}

/**
 * Measures an operation. Each fragment is measured once and its figures reused at every spread,
 * so a document whose spreads multiply (a fragment spreading another ten times, ten deep) costs
 * its size to measure, not its expansion; a fragment cycle (invalid: validation reports it)
 * counts as empty. Selections stop being counted once past `selectionBudget`.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  selectionBudget: number,
): OperationShape {
  const fragments = fragmentsOf(document);
  const values = withVariableDefaults(operation, variables);
  const { data, introspection } = depths(operation.selectionSet, fragments);
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  const summary = summarize(schema, fragments, values, selectionBudget, operation.selectionSet, root ?? undefined);
  return {
    depth: data,
    introspectionDepth: introspection,
    selections: summary.selections,
    cost: summary.total,
    waits: summary.waits.map((wait) => wait.key),
    waitArguments: summary.waits.map((wait) => wait.argument),
    introspects: summary.introspects,
  };
}

/** Variables as execution will see them: those not given take the operation's defaults. */
function withVariableDefaults(
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) values[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
  }
  return { ...values, ...variables };
}

interface Depths {
  data: number;
  introspection: number;
}

/** Heights of the deepest data path and of the deepest introspection path below a selection set. */
function depths(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): Depths {
  const memo = new Map<string, Depths>();
  const visiting = new Set<string>();
  const walk = (set: SelectionSetNode, inIntrospection: boolean): Depths => {
    const deepest: Depths = { data: 0, introspection: 0 };
    const take = (d: Depths) => {
      deepest.data = Math.max(deepest.data, d.data);
      deepest.introspection = Math.max(deepest.introspection, d.introspection);
    };
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const introspecting = inIntrospection || selection.name.value in INTROSPECTION_ROOTS;
        const below = selection.selectionSet
          ? walk(selection.selectionSet, introspecting)
          : { data: 0, introspection: 0 };
        if (introspecting) take({ data: 0, introspection: 1 + Math.max(below.data, below.introspection) });
        else take({ data: 1 + below.data, introspection: below.introspection > 0 ? 1 + below.introspection : 0 });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        take(walk(selection.selectionSet, inIntrospection));
      } else {
        const key = `${selection.name.value}/${inIntrospection}`;
        const fragment = fragments.get(selection.name.value);
        if (!fragment || visiting.has(key)) continue;
        let measured = memo.get(key);
        if (!measured) {
          visiting.add(key);
          measured = walk(fragment.selectionSet, inIntrospection);
          visiting.delete(key);
          memo.set(key, measured);
        }
        take(measured);
      }
    }
    return deepest;
  };
  return walk(selectionSet, false);
}

function summarize(
  schema: GraphQLSchema,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  budget: number,
  selectionSet: SelectionSetNode,
  rootType: GraphQLNamedType | undefined,
): Summary {
  const memo = new Map<string, Summary>();
  const visiting = new Set<string>();

  const walk = (set: SelectionSetNode, parentType: GraphQLNamedType | undefined): Summary => {
    const sum: Summary = { selections: 0, total: 0, underLists: 0, waits: [], introspects: false };
    const add = (part: Summary) => {
      sum.selections += part.selections;
      sum.total += part.total;
      sum.underLists += part.underLists;
      if (sum.waits.length < WAITS_LISTED) sum.waits.push(...part.waits.slice(0, WAITS_LISTED - sum.waits.length));
      sum.introspects ||= part.introspects;
    };
    for (const selection of set.selections) {
      if (sum.selections > budget) break; // refused whatever the rest holds
      if (selection.kind === Kind.FIELD) {
        add(fieldSummary(selection, parentType));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        add(walk(selection.selectionSet, type ?? undefined));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue;
        let measured = memo.get(name);
        if (!measured) {
          visiting.add(name);
          measured = walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined);
          visiting.delete(name);
          memo.set(name, measured);
        }
        add(measured);
      }
    }
    return sum;
  };

  const fieldSummary = (node: FieldNode, parentType: GraphQLNamedType | undefined): Summary => {
    const name = node.name.value;
    if (name === '__typename') return { ...EMPTY, selections: 1, total: 1 };
    const introspectionRoot = INTROSPECTION_ROOTS[name];
    const field = introspectionRoot ? undefined : fieldOf(parentType, name);
    const childType = introspectionRoot
      ? schema.getType(introspectionRoot)
      : field
        ? getNamedType(field.type)
        : undefined;
    const child = node.selectionSet ? walk(node.selectionSet, childType ?? undefined) : EMPTY;
    const cost = fieldCost(parentType?.name ?? '', field, node, child, variables);
    const own = FIELD_WAIT_ARGUMENTS[`${parentType?.name ?? ''}.${name}`];
    const argument = [...WAIT_ARGUMENTS, ...(own ? [own] : [])].find(
      (wait) => argumentValue(node, wait, variables) !== undefined,
    );
    const waits = argument ? [{ key: node.alias?.value ?? name, argument }] : [];
    return {
      selections: 1 + child.selections,
      total: cost,
      underLists: field && isList(field.type) ? cost : 0,
      waits: [...waits, ...child.waits].slice(0, WAITS_LISTED),
      introspects: introspectionRoot !== undefined || child.introspects,
    };
  };

  return walk(selectionSet, rootType);
}

function fieldOf(type: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  if (!type || !(isObjectType(type) || isInterfaceType(type))) return undefined;
  return type.getFields()[name];
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}
