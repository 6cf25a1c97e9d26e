import { GraphQLScalarType, Kind, type ObjectValueNode, type ValueNode } from 'graphql';

/** An arbitrary JSON object: an event's data or metadata as stored. */
export const JSONObjectScalar = new GraphQLScalarType<Record<string, unknown>, Record<string, unknown>>({
  name: 'JSONObject',
  description: 'A JSON object',
  serialize: asObject,
  parseValue: asObject,
  parseLiteral(ast) {
    if (ast.kind !== Kind.OBJECT) throw new TypeError('JSONObject must be an object');
    return literalObject(ast);
  },
});

function asObject(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError('JSONObject must be an object');
  }
  return value as Record<string, unknown>;
}

function literalObject(ast: ObjectValueNode): Record<string, unknown> {
  return Object.fromEntries(ast.fields.map((field) => [field.name.value, literal(field.value)]));
}

function literal(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
    case Kind.ENUM:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map(literal);
    case Kind.OBJECT:
      return literalObject(ast);
    case Kind.VARIABLE:
      throw new TypeError('variables inside a JSONObject literal are not supported');
  }
}
