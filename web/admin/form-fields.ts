// Reading a form's named controls as values, and showing the service's problems at them.
import { el, replaceChildren } from '../shared/dom';
import { errorsOf } from '../shared/graphql';
import type { FormValues } from './event-input';
import { inputProblems, placeProblems } from './field-errors';

/** The controls that carry a value under a name. */
type ValueControl = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
const hasValue = (node: unknown): node is ValueControl =>
  node instanceof HTMLInputElement || node instanceof HTMLSelectElement || node instanceof HTMLTextAreaElement;

/** name → value of the form's enabled controls; checkboxes sharing a name give the list of those checked. */
export function formValues(form: HTMLFormElement): FormValues {
  const values: FormValues = {};
  const lists: Record<string, string[]> = {};
  for (const control of form.elements) {
    if (!hasValue(control) || !control.name || control.matches(':disabled')) continue;
    if (control instanceof HTMLInputElement && control.type === 'checkbox') {
      const list = (lists[control.name] ??= []);
      values[control.name] = list;
      if (control.checked) list.push(control.value);
    } else if (control.type !== 'submit' && control.type !== 'button') {
      values[control.name] = control.value;
    }
  }
  return values;
}

/** Sets each named control of the form that `values` holds. */
export function fillForm(form: HTMLFormElement, values: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(values)) {
    const control = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (hasValue(control)) control.value = value;
  }
}

export function clearProblems(form: HTMLFormElement): void {
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
export function showProblems(form: HTMLFormElement, error: unknown): void {
  clearProblems(form);
  const box = form.querySelector(':scope > .form-errors');
  const errors = errorsOf(error);
  const problems = inputProblems(errors);
  const known = [...form.querySelectorAll('[name], [data-field]')].map(
    (node) => node.getAttribute('data-field') ?? node.getAttribute('name') ?? '',
  );
  const { fields, general } = placeProblems(problems, known);
  let index = 0;
  for (const [field, messages] of fields) {
    // placeProblems chose among the form's own fields: the field is there.
    const target =
      form.querySelector(`[data-field="${CSS.escape(field)}"]`) ?? form.querySelector(`[name="${CSS.escape(field)}"]`)!;
    const id = `${form.id}-problem-${(index += 1)}`;
    const shown = el('p', { className: 'field-error', id, dataset: { errorFor: field } }, messages.join('; '));
    target.after(shown);
    target.setAttribute('aria-invalid', 'true');
    target.setAttribute('aria-describedby', id);
  }
  const others = errors.filter((e) => e.extensions?.code !== 'BAD_USER_INPUT').map((e) => e.message);
  const lines = [...general, ...others];
  if (box) replaceChildren(box, lines.join('; '));
  if (fields.size > 0) form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
