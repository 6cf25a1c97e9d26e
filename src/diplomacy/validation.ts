import type { Problem, ProblemPath } from './errors';

/**
 * Small checks shared by the deciders. Each returns the cleaned value (or undefined when it is
 * unusable) and pushes what is wrong onto `problems`, so a command's problems are reported together.
 */

/** Lengths count characters as people do (code points), so Persian or emoji text is not penalised. */
export function textLength(text: string): number {
  let length = 0;
  for (const _ of text) length += 1;
  return length;
}

export interface TextRule {
  /** How the field is named in messages, e.g. "title" or "alias". */
  label: string;
  min: number;
  max: number;
}

/** Free text is trimmed; a limit applies to the trimmed text. */
export function checkText(value: unknown, path: ProblemPath, rule: TextRule, problems: Problem[]): string | undefined {
  if (typeof value !== 'string') {
    problems.push({ path, message: `${rule.label} must be text, got ${describeValue(value)}` });
    return undefined;
  }
  const text = value.trim();
  const length = textLength(text);
  if (length < rule.min) {
    problems.push({
      path,
      message:
        rule.min === 1 ? `${rule.label} must not be empty` : `${rule.label} is shorter than ${rule.min} characters`,
    });
    return undefined;
  }
  if (length > rule.max) {
    problems.push({ path, message: `${rule.label} is longer than ${rule.max} characters (${length})` });
    return undefined;
  }
  return text;
}

/** Optional free text: undefined and null mean "none"; an empty string too when min is 0. */
export function checkOptionalText(
  value: unknown,
  path: ProblemPath,
  rule: TextRule,
  problems: Problem[],
): string | undefined {
  if (value === undefined || value === null) return undefined;
  return checkText(value, path, rule, problems);
}

export function checkOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  path: ProblemPath,
  label: string,
  problems: Problem[],
): T | undefined {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  problems.push({ path, message: `${label} must be one of ${allowed.join(', ')}, got ${describeValue(value)}` });
  return undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Ids name streams, so only one spelling is accepted: a lower-case UUID. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export function checkUuid(value: unknown, path: ProblemPath, label: string, problems: Problem[]): string | undefined {
  if (isUuid(value)) return value;
  problems.push({ path, message: `${label} must be a lower-case UUID, got ${describeValue(value)}` });
  return undefined;
}

export function checkList(
  value: unknown,
  path: ProblemPath,
  label: string,
  max: number,
  problems: Problem[],
): unknown[] | undefined {
  if (!Array.isArray(value)) {
    problems.push({ path, message: `${label} must be a list, got ${describeValue(value)}` });
    return undefined;
  }
  if (value.length > max) {
    problems.push({ path, message: `at most ${max} ${label} are allowed, got ${value.length}` });
    return undefined;
  }
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** For messages: short, quoted, and never "[object Object]". */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** Structural equality of JSON values (key order ignored): decides whether a revision changes anything. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keysA = Object.keys(a).filter((k) => a[k] !== undefined);
    const keysB = Object.keys(b).filter((k) => b[k] !== undefined);
    return keysA.length === keysB.length && keysA.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Adds a non-empty string id; anything else is ignored (validation reports it). */
export function addId(ids: Set<string>, id: unknown): void {
  if (typeof id === 'string' && id !== '') ids.add(id);
}

/** "a MEETING", "an AGREEMENT": messages read as sentences. */
export function withArticle(word: string): string {
  return `${/^[AEIOUaeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}
