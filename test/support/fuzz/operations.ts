import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  getNamedType,
  isLeafType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import type { Choices } from './choices';
import { inputValue, toJson, toLiteral, type ValueOptions } from './input-values';

/** The committed schema, as a client sees it: the fuzz test never looks inside the driver. */
export function loadSchema(): GraphQLSchema {
  return buildSchema(readFileSync(join(process.cwd(), 'src', 'schema.gql'), 'utf8'));
}

export type RootKind = 'query' | 'mutation' | 'subscription';

export interface FuzzOperation {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
}

export interface OperationOptions extends ValueOptions {
  roots: readonly RootKind[];
  /** Percent of documents broken after they are built (truncated, junk inserted ...). */
  malformed: number;
  /**
   * Root fields per document, aliased copies included. Keyed mutations take one: with two, the
   * first may append and the second fail, and a failed non-null root field nulls all of `data`, so
   * the answer would look refused although something was appended.
   */
  maxRootFields: number;
}

const INTROSPECTION_17_LEVELS =
  '__schema { types { name fields { name type { name ofType { name ofType { name ofType { name ofType { name ofType { name ofType { name ofType { name ofType { name ofType { name ofType { name ofType { name ofType { name } } } } } } } } } } } } } } } }';

/**
 * One operation built from the schema: a root field with arguments (inline or as variables,
 * valid-shaped or odd), a selection set of random width and depth with aliases and fragments,
 * sometimes an alias flood, introspection, or a document broken on purpose.
 */
export function buildOperation(schema: GraphQLSchema, c: Choices, options: OperationOptions): FuzzOperation {
  const kind = c.pick(options.roots);
  const root =
    kind === 'query'
      ? schema.getQueryType()!
      : kind === 'mutation'
        ? schema.getMutationType()!
        : schema.getSubscriptionType()!;
  const builder = new DocumentBuilder(c, options);
  const maxDepth = c.chance(6) ? 10 + c.below(10) : 1 + c.below(5);
  const selections: string[] = [];
  const fields = Object.values(root.getFields());
  const rootFields = 1 + (kind === 'subscription' ? 0 : c.below(Math.min(3, options.maxRootFields)));
  for (let i = 0; i < rootFields; i += 1) {
    const field = c.pick(fields);
    const copies = options.maxRootFields > 1 && c.chance(4) ? 2 + c.below(Math.min(40, options.maxRootFields)) : 1;
    const selection = builder.field(field, 1, maxDepth);
    for (let copy = 0; copy < copies; copy += 1)
      selections.push(copies > 1 || c.chance(15) ? `a${i}_${copy}: ${selection}` : selection);
  }
  if (kind === 'query' && c.chance(4))
    selections.push(
      c.chance(50) ? INTROSPECTION_17_LEVELS : '__type(name: "Actor") { name fields { name args { name } } }',
    );
  if (c.chance(5)) selections.push('__typename');
  const name = c.chance(40) ? `Fuzz${c.below(3)}` : undefined;
  let query = `${kind}${name ? ` ${name}` : ''}${builder.variableDeclarations()} { ${selections.join(' ')} }${builder.fragmentDefinitions()}`;
  if (c.chance(options.malformed)) query = malform(query, c);
  const operationName = c.chance(5) ? c.pick(['Fuzz0', 'Missing', '']) : name;
  return { query, variables: builder.variables, ...(operationName !== undefined ? { operationName } : {}) };
}

class DocumentBuilder {
  readonly variables: Record<string, unknown> = {};
  private readonly declarations: string[] = [];
  private readonly fragments: string[] = [];

  constructor(
    private readonly c: Choices,
    private readonly options: OperationOptions,
  ) {}

  field(field: GraphQLField<unknown, unknown>, depth: number, maxDepth: number): string {
    const args = this.arguments(field.args);
    const type = getNamedType(field.type);
    if (isLeafType(type)) return `${field.name}${args}`;
    return `${field.name}${args} { ${this.selectionSet(type as GraphQLObjectType, depth + 1, maxDepth)} }`;
  }

  variableDeclarations(): string {
    return this.declarations.length === 0 ? '' : `(${this.declarations.join(', ')})`;
  }

  fragmentDefinitions(): string {
    return this.fragments.length === 0 ? '' : ` ${this.fragments.join(' ')}`;
  }

  private selectionSet(type: GraphQLObjectType, depth: number, maxDepth: number): string {
    const c = this.c;
    const fields = Object.values(type.getFields());
    const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)));
    const width = 1 + c.below(4);
    const parts: string[] = [];
    for (let i = 0; i < width; i += 1) {
      const deeper = depth < maxDepth ? fields : leaves;
      if (deeper.length === 0) {
        parts.push('__typename');
        continue;
      }
      const chosen = c.pick(deeper);
      const selection = this.field(chosen, depth, maxDepth);
      parts.push(c.chance(10) ? `x${depth}_${i}: ${selection}` : selection);
    }
    const body = parts.join(' ');
    if (c.chance(5)) return `... on ${type.name} { ${body} }`;
    if (c.chance(5)) {
      const name = `F${this.fragments.length}`;
      this.fragments.push(`fragment ${name} on ${type.name} { ${body} }`);
      return `...${name}`;
    }
    return body;
  }

  private arguments(args: readonly GraphQLArgument[]): string {
    const c = this.c;
    const given: string[] = [];
    for (const arg of args) {
      const required = arg.type.toString().endsWith('!') && arg.defaultValue === undefined;
      if (!c.chance(required ? 97 : 40)) continue;
      const value = inputValue(arg.type, arg.name, c, this.options);
      if (c.chance(30)) {
        const variable = `v${this.declarations.length}`;
        const declared = c.chance(5) ? c.pick(['String', 'Int!', '[ID!]!', 'Boolean']) : arg.type.toString();
        this.declarations.push(`$${variable}: ${declared}`);
        this.variables[variable] = toJson(value);
        given.push(`${arg.name}: $${variable}`);
      } else {
        given.push(`${arg.name}: ${toLiteral(value)}`);
      }
    }
    if (args.length > 0 && c.chance(2)) given.push('bogusArgument: 1');
    return given.length === 0 ? '' : `(${given.join(', ')})`;
  }
}

function malform(query: string, c: Choices): string {
  switch (c.below(6)) {
    case 0:
      return query.slice(0, c.below(query.length));
    case 1: {
      const at = c.below(query.length);
      return `${query.slice(0, at)}${c.pick(['{', '}', '(', '$', '"', '\u0000', '\ud800', '...', '@skip', '#'])}${query.slice(at)}`;
    }
    case 2:
      return `${query} ${query}`;
    case 3:
      return '{'.repeat(1 + c.below(3_000));
    case 4:
      return `query { ${'a '.repeat(1 + c.below(20_000))}}`;
    default:
      return '';
  }
}
