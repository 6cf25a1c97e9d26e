import {
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  typeFromAST,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/**
 * What one operation selects, resolved against the schema once per request: for each object type
 * met, the response keys in graphql-js's order, each with its field definition and what its value
 * completes to. Built for direct-execution.ts, which walks it over the root resolvers' answers.
 *
 * Anything this plan does not model is `unsupported`, and the request then runs through
 * graphql-js as before: abstract types (interfaces, unions), introspection (`__schema`,
 * `__type`), object types with an isTypeOf check, and the response key `__proto__`, which a plain
 * result object cannot hold.
 */
export type ValuePlan =
  | { kind: 'nonNull'; of: ValuePlan }
  | { kind: 'list'; of: ValuePlan }
  | { kind: 'leaf'; type: { name: string; serialize(value: unknown): unknown } }
  | { kind: 'object'; plan: ObjectPlan };

export interface FieldPlan {
  responseName: string;
  fieldNodes: readonly FieldNode[];
  /** undefined for __typename. */
  field: GraphQLField<unknown, unknown> | undefined;
  /** The field's own resolver (none: a plain property, read directly). */
  resolve: GraphQLFieldResolver<unknown, unknown> | undefined;
  /** Its arguments, coerced (only for fields with a resolver: a plain property takes none). */
  args: Record<string, unknown> | undefined;
  value: ValuePlan;
}

export interface ObjectPlan {
  type: GraphQLObjectType;
  fields: FieldPlan[];
}

export class UnsupportedSelection extends Error {}

export interface PlanContext {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  /** Coerced variable values (for @skip and @include). */
  variables: Record<string, unknown>;
}

/** The plan of a selection on one object type; throws UnsupportedSelection for what it does not model. */
export function objectPlan(
  context: PlanContext,
  type: GraphQLObjectType,
  selections: readonly SelectionSetNode[],
): ObjectPlan {
  // An isTypeOf check would need each value's resolve info: left to graphql-js (none here has one).
  if (type.isTypeOf) throw new UnsupportedSelection(`isTypeOf of ${type.name}`);
  const grouped = new Map<string, FieldNode[]>();
  // One set for all the field's selection sets, as graphql-js's collectSubfields keeps.
  const visitedFragments = new Set<string>();
  for (const selectionSet of selections) collect(context, type, selectionSet, grouped, visitedFragments);
  const fields: FieldPlan[] = [];
  const typeFields = type.getFields();
  for (const [responseName, fieldNodes] of grouped) {
    if (responseName === '__proto__') throw new UnsupportedSelection('the response key __proto__');
    const name = fieldNodes[0]!.name.value;
    if (name === '__typename') {
      fields.push({
        responseName,
        fieldNodes,
        field: undefined,
        resolve: undefined,
        args: undefined,
        value: typenamePlan,
      });
      continue;
    }
    const field = typeFields[name];
    // Validation has refused unknown fields; __schema and __type are introspection, left to graphql-js.
    if (!field) throw new UnsupportedSelection(`the field ${type.name}.${name}`);
    const subselections = fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
    fields.push({
      responseName,
      fieldNodes,
      field,
      resolve: field.resolve,
      args: field.resolve ? getArgumentValues(field, fieldNodes[0]!, context.variables) : undefined,
      value: valuePlan(context, field.type, subselections),
    });
  }
  return { type, fields };
}

const typenamePlan: ValuePlan = { kind: 'leaf', type: { name: 'String', serialize: (value) => value } };

function valuePlan(context: PlanContext, type: GraphQLOutputType, selections: readonly SelectionSetNode[]): ValuePlan {
  if (isNonNullType(type)) return { kind: 'nonNull', of: valuePlan(context, type.ofType, selections) };
  if (isListType(type)) return { kind: 'list', of: valuePlan(context, type.ofType, selections) };
  if (isScalarType(type) || isEnumType(type)) return { kind: 'leaf', type };
  if (isObjectType(type)) return { kind: 'object', plan: objectPlan(context, type, selections) };
  throw new UnsupportedSelection(`the abstract type ${type.name}`);
}

/** graphql-js's collectFields (execution/collectFields, internal there): same order, same merging. */
function collect(
  context: PlanContext,
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  grouped: Map<string, FieldNode[]>,
  visitedFragments: Set<string>,
): void {
  for (const selection of selectionSet.selections) {
    if (!included(context, selection)) continue;
    switch (selection.kind) {
      case Kind.FIELD: {
        const key = selection.alias?.value ?? selection.name.value;
        const nodes = grouped.get(key);
        if (nodes) nodes.push(selection);
        else grouped.set(key, [selection]);
        break;
      }
      case Kind.INLINE_FRAGMENT:
        if (selection.typeCondition && !conditionMatches(context, selection.typeCondition.name.value, type)) break;
        collect(context, type, selection.selectionSet, grouped, visitedFragments);
        break;
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value;
        if (visitedFragments.has(name)) break;
        visitedFragments.add(name);
        const fragment = context.fragments[name];
        if (!fragment || !conditionMatches(context, fragment.typeCondition.name.value, type)) break;
        collect(context, type, fragment.selectionSet, grouped, visitedFragments);
        break;
      }
    }
  }
}

function included(context: PlanContext, node: Parameters<typeof getDirectiveValues>[1]): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, context.variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, context.variables)?.if !== false;
}

function conditionMatches(context: PlanContext, typeName: string, type: GraphQLObjectType): boolean {
  const conditionType = typeFromAST(context.schema, {
    kind: Kind.NAMED_TYPE,
    name: { kind: Kind.NAME, value: typeName },
  });
  if (conditionType === type) return true;
  return conditionType !== undefined && isAbstractType(conditionType) && context.schema.isSubType(conditionType, type);
}
