import { isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLInputType } from 'graphql';
import type { Choices } from './choices';
import {
  FAR_POSITION,
  FORGED_CURSORS,
  KNOWN_IDS,
  ODD_DATE_TIMES,
  ODD_FLOATS,
  ODD_IDS,
  ODD_INTS,
  ODD_POSITIONS,
  ODD_STRINGS,
  TEMPORAL_VALUES,
  TIME_ZONES,
  WRONG_TYPE_VALUES,
} from './odd-values';

/** An enum value: written bare in a document, as a string in variables. */
export class EnumValue {
  constructor(readonly name: string) {}
}

/** How often a value is odd (wrong type, unknown enum, NUL ...), in percent. */
export interface ValueOptions {
  oddness: number;
}

const WORDS = ['Tehran', 'Moscow', 'summit', 'currencies', 'Putin', 'visit', 'grain', 'Syria'];

/**
 * A value for an argument or input field, shaped by its type (and, for strings, by its name:
 * cursors for after/before, positions for minPosition ...), odd with the given chance.
 */
export function inputValue(
  type: GraphQLInputType,
  name: string,
  c: Choices,
  options: ValueOptions,
  depth = 0,
): unknown {
  // Kept rare: one wrong-typed value anywhere makes the whole document invalid, and then nothing runs.
  if (c.chance(options.oddness / 10)) return c.pick(WRONG_TYPE_VALUES);
  if (isNonNullType(type)) return c.chance(1) ? null : inputValue(type.ofType, name, c, options, depth);
  if (isListType(type)) {
    if (c.chance(5)) return inputValue(type.ofType, name, c, options, depth + 1); // a single item, coerced to a list
    const length = depth > 3 ? 0 : c.below(4);
    return Array.from({ length }, () => inputValue(type.ofType, name, c, options, depth + 1));
  }
  if (isEnumType(type)) {
    const values = type.getValues().map((v) => v.name);
    if (c.chance(options.oddness)) return new EnumValue(c.pick(['NOPE', values[0]!.toLowerCase(), `${values[0]}_`]));
    return new EnumValue(c.pick(values));
  }
  if (isInputObjectType(type)) {
    const object: Record<string, unknown> = {};
    if (depth > 5) return object;
    for (const field of Object.values(type.getFields())) {
      const required = isNonNullType(field.type);
      if (c.chance(required ? 97 : 35)) object[field.name] = inputValue(field.type, field.name, c, options, depth + 1);
    }
    if (c.chance(1)) object.bogusField = 'x';
    return object;
  }
  if (isScalarType(type)) return scalarValue(type.name, name, c, options);
  return null;
}

function scalarValue(scalar: string, name: string, c: Choices, options: ValueOptions): unknown {
  const odd = c.chance(options.oddness);
  switch (scalar) {
    case 'Int':
      return odd ? c.pick(ODD_INTS) : c.pick([1, 5, 10, 20, 50]);
    case 'Float':
      return odd ? c.pick(ODD_FLOATS) : c.pick([35.7, 51.4, 0]);
    case 'Boolean':
      return odd ? c.pick(['true', 0, null]) : c.chance(50);
    case 'ID':
      return odd ? c.pick(ODD_IDS) : c.pick(KNOWN_IDS);
    case 'DateTime':
      return odd
        ? c.pick(ODD_DATE_TIMES)
        : c.pick(['2022-07-19T14:30:00Z', new Date(0).toISOString(), '2030-01-01T00:00:00Z']);
    default:
      return stringValue(name, odd, c);
  }
}

function stringValue(name: string, odd: boolean, c: Choices): string {
  if (name === 'after' || name === 'before') return c.pick(FORGED_CURSORS);
  if (name === 'minPosition') return c.chance(3) ? FAR_POSITION : c.pick(ODD_POSITIONS);
  if (name === 'value') return odd ? c.pick(TEMPORAL_VALUES) : c.pick(['2022', '2022-07', '2022-07-19']);
  if (name === 'timeZone') return odd ? c.pick(TIME_ZONES) : 'UTC';
  if (name === 'content') return c.pick(['', '{"kind":"MEETING"}\n{\u0000}\n', 'not ndjson', 'x'.repeat(50_000)]);
  if (name === 'country' || name === 'countries' || name === 'locationCountries')
    return odd ? c.pick(ODD_STRINGS) : c.pick(['IRN', 'RUS', 'TUR']);
  if (name === 'cameoRootCodes' || name === 'cameoCodes' || name === 'cameoCode')
    return odd ? c.pick(['99', '0', 'abc', '\u0000', '0400000']) : c.pick(['04', '040', '01']);
  return odd ? c.pick(ODD_STRINGS) : c.pick(WORDS);
}

/** The value as GraphQL literal syntax (strings JSON-escaped, which GraphQL reads the same way). */
export function toLiteral(value: unknown): string {
  if (value instanceof EnumValue) return value.name;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(toLiteral).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([key, member]) => `${key}: ${toLiteral(member)}`)
    .join(', ')}}`;
}

/** The value as a variable's JSON. */
export function toJson(value: unknown): unknown {
  if (value instanceof EnumValue) return value.name;
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, member]) => [key, toJson(member)]),
    );
  }
  return value;
}
