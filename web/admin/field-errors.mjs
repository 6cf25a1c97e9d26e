// BAD_USER_INPUT problems placed at the form's fields. The service lists every problem of a
// command in extensions.problems ([{ field: 'input.start.value', message }]) and names the first
// in extensions.field; a problem is shown at the closest field the form has (a participant row
// for input.participants.2.actorId), and with the form's general errors when it has none.
// Pure; tested in test/web/.

/** Every problem of the errors, as { field, message } with the `input.` prefix dropped. */
export function inputProblems(errors) {
  const problems = [];
  for (const error of errors ?? []) {
    const extensions = error?.extensions ?? {};
    if (extensions.code !== 'BAD_USER_INPUT') continue;
    const listed = Array.isArray(extensions.problems) ? extensions.problems : [];
    if (listed.length > 0) {
      for (const problem of listed) problems.push({ field: relative(problem.field), message: String(problem.message) });
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
function variablePath(message) {
  return /\bat "([^"]+)"/.exec(String(message ?? ''))?.[1];
}

function relative(field) {
  if (typeof field !== 'string' || field === '') return '';
  return field.replace(/^input(\.|$)/, '');
}

/**
 * The problems grouped by the form field that shows them: `fields` maps each of the form's
 * field paths to its messages, `general` holds those no field of the form matches.
 */
export function placeProblems(problems, knownFields) {
  const known = new Set(knownFields);
  const fields = new Map();
  const general = [];
  for (const { field, message } of problems) {
    const target = closestField(field, known);
    if (target === undefined) general.push(field ? `${field}: ${message}` : message);
    else fields.set(target, [...(fields.get(target) ?? []), message]);
  }
  return { fields, general };
}

function closestField(field, known) {
  const parts = field ? field.split('.') : [];
  for (let length = parts.length; length > 0; length -= 1) {
    const candidate = parts.slice(0, length).join('.');
    if (known.has(candidate)) return candidate;
  }
  return undefined;
}
