import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';

/** The name of the resolver Nest gives every code-first @Field (object-type-definition.factory). */
const NEST_PROPERTY_RESOLVER = 'rootFieldResolver';

/**
 * Nest gives every field of a code-first object type a resolver of its own
 * (`rootFieldResolver`: `root[name]`, or the field's defaultValue when that is undefined), even
 * where no @ResolveField, field middleware or default value asks for one: a function call of
 * Nest's per field, some 800 on a timeline page. (They also kept graphql-jit from reading fields
 * inline; jit was tried and dropped, see the README's bench:timeline section.)
 *
 * Those resolvers are removed here, so the field is a plain property that graphql-js's default
 * resolver reads. Only where that answers the same: the resolver is Nest's
 * plain one (no middleware wraps it), it reads the property of the field's own name, and it has no
 * default value to answer for undefined (both are probed). Fields with real resolvers
 * (@ResolveField, carried-fields.ts, root fields) are left as they are.
 *
 * One difference, none here: graphql-js's default resolver calls a property that is a function
 * (a method named like the field); Nest's answered the function itself, which no GraphQL type
 * here can serialise. Our models carry values and getters, never such methods.
 */
export function plainFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.resolve && isPlainPropertyResolver(field.resolve, field.name)) field.resolve = undefined;
    }
  }
  return schema;
}

function isPlainPropertyResolver(resolve: GraphQLFieldResolver<unknown, unknown>, name: string): boolean {
  if (resolve.name !== NEST_PROPERTY_RESOLVER || resolve.length > 1) return false;
  const marker = Symbol(name);
  const probe = resolve as (root: Record<string, unknown>) => unknown;
  try {
    return probe({ [name]: marker }) === marker && probe({}) === undefined;
  } catch {
    return false;
  }
}
