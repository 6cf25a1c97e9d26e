// BAD_USER_INPUT problems placed at the form's fields. The service lists every problem of a
// command in extensions.problems ([{ field: 'input.start.value', message }]) and names the first
// in extensions.field; a problem is shown at the closest field the form has (a participant row
// for input.participants.2.actorId), and with the form's general errors when it has none.
// Pure; tested in test/web/.

import type { GraphQLErrorEntry } from '../shared/graphql';

/** A problem with one field of the input: `field` without the `input.` prefix ('' for none). */
export interface Problem {
  field: string;
  message: string;
}

/** Every problem of the errors, as { field, message } with the `input.` prefix dropped. */
export function inputProblems(errors: readonly (GraphQLErrorEntry | null | undefined)[] | null | undefined): Problem[] {
  const problems: Problem[] = [];
  for (const error of errors ?? []) {
    const extensions = error?.extensions ?? {};
    if (!error || extensions.code !== 'BAD_USER_INPUT') continue;
    const listed: unknown[] = Array.isArray(extensions.problems) ? (extensions.problems as unknown[]) : [];
    if (listed.length > 0) {
      for (const problem of listed as { field?: unknown; message?: unknown }[])
        problems.push({ field: relative(problem.field), message: String(problem.message) });
    } else {
      problems.push({
        field: relative(extensions.field ?? variablePath(error.message)),
        message: String(error.message),
      });
    }
  }
  return problems;
}

/** graphql-js's own refusals of a variable name the path in the message: `at "input.start.precision"`. */
function variablePath(message: unknown): string | undefined {
  return /\bat "([^"]+)"/.exec(typeof message === 'string' ? message : '')?.[1];
}

function relative(field: unknown): string {
  if (typeof field !== 'string' || field === '') return '';
  return field.replace(/^input(\.|$)/, '');
}

/**
 * The problems grouped by the form field that shows them: `fields` maps each of the form's
 * field paths to its messages, `general` holds those no field of the form matches.
 */
export function placeProblems(
  problems: readonly Problem[],
  knownFields: Iterable<string>,
): { fields: Map<string, string[]>; general: string[] } {
  const known = new Set(knownFields);
  const fields = new Map<string, string[]>();
  const general: string[] = [];
  for (const { field, message } of problems) {
    const target = closestField(field, known);
    if (target === undefined) general.push(field ? `${field}: ${message}` : message);
    else fields.set(target, [...(fields.get(target) ?? []), message]);
  }
  return { fields, general };
}

function closestField(field: string, known: ReadonlySet<string>): string | undefined {
  const parts = field ? field.split('.') : [];
  for (let length = parts.length; length > 0; length -= 1) {
    const candidate = parts.slice(0, length).join('.');
    if (known.has(candidate)) return candidate;
  }
  return undefined;
}
