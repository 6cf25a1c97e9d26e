// Reading a form's named controls as values, and showing the service's problems at them.
import { el, replaceChildren } from '../shared/dom.mjs';
import { inputProblems, placeProblems } from './field-errors.mjs';

/** name → value of the form's enabled controls; checkboxes sharing a name give the list of those checked. */
export function formValues(form) {
  const values = {};
  for (const control of form.elements) {
    if (!control.name || control.matches(':disabled')) continue;
    if (control.type === 'checkbox') {
      values[control.name] ??= [];
      if (control.checked) values[control.name].push(control.value);
    } else if (control.type !== 'submit' && control.type !== 'button') {
      values[control.name] = control.value;
    }
  }
  return values;
}

/** Sets each named control of the form that `values` holds. */
export function fillForm(form, values) {
  for (const [name, value] of Object.entries(values)) {
    const control = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (control) control.value = value;
  }
}

export function clearProblems(form) {
  for (const shown of form.querySelectorAll('.field-error')) shown.remove();
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    control.removeAttribute('aria-describedby');
  }
  for (const box of form.querySelectorAll(':scope > .form-errors')) replaceChildren(box);
}

/**
 * Shows an error: every BAD_USER_INPUT problem next to its field, all at once, and whatever
 * names no field (or is not about input) in the form's error line. Text only, never HTML.
 */
export function showProblems(form, error) {
  clearProblems(form);
  const box = form.querySelector(':scope > .form-errors');
  const errors = error?.errors ?? [{ message: String(error?.message ?? error) }];
  const problems = inputProblems(errors);
  const known = [...form.querySelectorAll('[name], [data-field]')].map(
    (node) => node.getAttribute('data-field') ?? node.getAttribute('name'),
  );
  const { fields, general } = placeProblems(problems, known);
  let index = 0;
  for (const [field, messages] of fields) {
    const target =
      form.querySelector(`[data-field="${CSS.escape(field)}"]`) ?? form.querySelector(`[name="${CSS.escape(field)}"]`);
    const id = `${form.id}-problem-${(index += 1)}`;
    const shown = el('p', { className: 'field-error', id, dataset: { errorFor: field } }, messages.join('; '));
    target.after(shown);
    target.setAttribute('aria-invalid', 'true');
    target.setAttribute('aria-describedby', id);
  }
  const others = errors.filter((e) => e?.extensions?.code !== 'BAD_USER_INPUT').map((e) => e.message);
  const lines = [...general, ...others];
  if (box) replaceChildren(box, lines.join('; '));
  if (fields.size > 0) form.querySelector('[aria-invalid="true"]')?.focus?.();
}
