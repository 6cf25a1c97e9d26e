// Correcting an event: load it, edit its fields with the changes listed as they are made, revise
// with a required reason at the version seen; a CONFLICT shows what changed in the meantime and
// offers to make the same change again on the new version. Retract and restore with a reason.
import { el, field, find, replaceChildren } from '../shared/dom';
import { GraphQLRequestError, type GraphQLErrorEntry } from '../shared/graphql';
import { changedFields, entryLabel } from '../reader/history-diff';
import { nextStatuses } from './agreement-status';
import { DuplicatesForm } from './duplicates-form';
import { temporalPoint } from './event-input';
import { clearProblems, fillForm, formValues, showProblems } from './form-fields';
import {
  type Api,
  CHANGE_AGREEMENT_STATUS,
  type ChangeAgreementStatusData,
  type ConsoleEvent,
  EVENT,
  EVENT_HISTORY,
  type EventData,
  type EventHistoryData,
  RESTORE_EVENT,
  RETRACT_EVENT,
  type RetractOrRestoreData,
  REVISE_EVENT,
  type ReviseEventData,
} from './queries';
import {
  changedFieldsOf,
  type EditableValues,
  editableOf,
  redoOn,
  revisableFields,
  reviseEventInput,
} from './revision';
import type { Offers } from './session';
import { SubmissionKeys } from './submission-keys';

const LABELS: Readonly<Record<string, string>> = {
  title: 'Title',
  summary: 'Summary',
  'start.value': 'Start',
  'start.precision': 'Start precision',
  'start.timeZone': 'Start time zone',
  topics: 'Topics',
  'meeting.format': 'Meeting format',
  'meeting.type': 'Meeting type',
  'statement.text': 'Statement text',
  'statement.mode': 'Statement mode',
  'agreement.terms': 'Agreement terms',
};
const CHOICES: Readonly<Record<string, readonly string[]>> = {
  'start.precision': ['YEAR', 'MONTH', 'DAY', 'MINUTE'],
  'meeting.format': ['IN_PERSON', 'PHONE', 'VIDEO'],
  'meeting.type': ['BILATERAL', 'VISIT', 'SUMMIT'],
  'statement.mode': ['QUOTE', 'PARAPHRASE'],
};
const LONG_TEXT = new Set(['summary', 'statement.text', 'agreement.terms']);

const labelOf = (name: string): string => (Object.hasOwn(LABELS, name) ? LABELS[name] : name);

/** The form's values as text: the revise form has no checkboxes, so no lists. */
function textValues(form: HTMLFormElement): EditableValues {
  const values: EditableValues = {};
  for (const [name, value] of Object.entries(formValues(form))) if (typeof value === 'string') values[name] = value;
  return values;
}

export class RevisePanel {
  private readonly loadForm: HTMLFormElement;
  private readonly form: HTMLFormElement;
  private readonly lifecycle: HTMLFormElement;
  private readonly statusForm: HTMLFormElement;
  private readonly duplicates: DuplicatesForm;
  /** The version being edited, as loaded. */
  private event: ConsoleEvent | undefined;
  /** Its editable values. */
  private original: EditableValues | undefined;
  private readonly keys = new SubmissionKeys();

  constructor(
    private readonly section: HTMLElement,
    private readonly api: Api,
    public offers: Offers,
  ) {
    this.loadForm = find(section, '#load-event', HTMLFormElement);
    this.form = find(section, '#revise', HTMLFormElement);
    this.lifecycle = find(section, '#lifecycle', HTMLFormElement);
    this.statusForm = find(section, '#agreement-status', HTMLFormElement);
    this.duplicates = new DuplicatesForm(find(section, '#duplicates', HTMLFormElement), api, {
      onChanged: (event) => this.show(event),
    });
    this.loadForm.addEventListener('submit', (submit) => {
      submit.preventDefault();
      void this.load(field(this.loadForm, 'eventId').value.trim());
    });
    this.form.addEventListener('input', () => this.showChanges());
    this.form.addEventListener('change', () => this.showChanges());
    this.form.addEventListener('submit', (submit) => {
      submit.preventDefault();
      void this.revise();
    });
    this.statusForm.addEventListener('submit', (submit) => {
      submit.preventDefault();
      void this.changeStatus();
    });
    this.button('#retract').addEventListener('click', () => void this.retractOrRestore(RETRACT_EVENT));
    this.button('#restore').addEventListener('click', () => void this.retractOrRestore(RESTORE_EVENT));
  }

  private button(selector: string): HTMLButtonElement {
    return find(this.section, selector, HTMLButtonElement);
  }

  private part(form: HTMLFormElement, selector: string): HTMLElement {
    return find(form, selector, HTMLElement);
  }

  async load(eventId: string, minPosition?: string): Promise<void> {
    field(this.loadForm, 'eventId').value = eventId;
    clearProblems(this.loadForm);
    try {
      const data = await this.api<EventData>(EVENT, { id: eventId, minPosition });
      this.show(data.event);
    } catch (error) {
      this.form.hidden = true;
      this.lifecycle.hidden = true;
      this.statusForm.hidden = true;
      this.duplicates.form.hidden = true;
      showProblems(this.loadForm, error);
    }
  }

  /** Shows a version of the event for editing; `values` are the form's values when not the event's own. */
  show(event: ConsoleEvent, values?: EditableValues): void {
    this.event = event;
    this.original = editableOf(event);
    this.section.dataset.eventId = event.eventId;
    this.section.dataset.version = String(event.version);
    replaceChildren(
      this.part(this.form, '#revise-version'),
      `${event.kind.toLowerCase()} at version ${event.version}`,
      event.status === 'RETRACTED' ? ` (retracted: ${event.retractionReason ?? 'no reason given'})` : '',
    );
    replaceChildren(
      this.part(this.form, '#revise-fields'),
      revisableFields(event.kind).map((field) => fieldControl(field)),
    );
    fillForm(this.form, values ?? this.original);
    this.form.hidden = !this.offers.revise;
    this.lifecycle.hidden = !this.offers.retract;
    this.button('#retract').hidden = event.status === 'RETRACTED';
    this.button('#restore').hidden = event.status !== 'RETRACTED';
    this.section.dataset.status = event.status;
    this.showAgreementStatus(event);
    this.duplicates.show(event, this.offers.revise);
    this.showChanges();
  }

  /** An agreement's status, with only the statuses it may move to on offer. */
  showAgreementStatus(event: ConsoleEvent): void {
    const form = this.statusForm;
    form.hidden = !(this.offers.revise && event.kind === 'AGREEMENT' && event.agreement);
    if (form.hidden || !event.agreement) return;
    const current = event.agreement.status;
    const next = nextStatuses(current);
    form.dataset.current = current;
    const status = field(form, 'status');
    replaceChildren(
      this.part(form, '#agreement-current'),
      `Now ${current.toLowerCase().replace('_', ' ')}`,
      next.length === 0 ? ': a final status, it cannot change.' : '.',
    );
    replaceChildren(
      status,
      next.map((choice) => el('option', { value: choice }, choice.toLowerCase().replace('_', ' '))),
    );
    status.disabled = next.length === 0;
    find(form, 'button[type=submit]', HTMLButtonElement).disabled = next.length === 0;
  }

  async changeStatus(): Promise<void> {
    if (!this.event) return;
    const form = this.statusForm;
    const values = formValues(form);
    const reason = values.reason;
    const base = {
      eventId: this.event.eventId,
      expectedVersion: this.event.version,
      status: values.status,
      reason: (typeof reason === 'string' && reason.trim()) || undefined,
      effectiveDate: temporalPoint(values, 'effectiveDate', { optional: true }),
    };
    try {
      const data = await this.api<ChangeAgreementStatusData>(CHANGE_AGREEMENT_STATUS, {
        input: { ...base, idempotencyKey: this.keys.keyFor(base) },
      });
      clearProblems(form);
      field(form, 'reason').value = '';
      field(form, 'effectiveDate.value').value = '';
      const result = data.changeAgreementStatus;
      this.show(result.event);
      const now = result.event.agreement?.status ?? '';
      this.part(form, '#status-changed').textContent =
        `Status changed to ${now.toLowerCase().replace('_', ' ')}: now at version ${result.version}.`;
    } catch (error) {
      showProblems(form, error);
    }
  }

  edited(): EditableValues {
    const values = textValues(this.form);
    delete values.reason;
    return values;
  }

  showChanges(): void {
    if (!this.original) return;
    const changes = changedFieldsOf(this.original, this.edited());
    replaceChildren(
      this.part(this.form, '#revise-changes'),
      changes.length === 0
        ? el('li', {}, 'none yet')
        : changes.map(({ field, before, after }) =>
            el(
              'li',
              { dataset: { field } },
              `${labelOf(field)}: `,
              el('del', {}, before || '(empty)'),
              ' → ',
              el('ins', {}, after || '(empty)'),
            ),
          ),
    );
  }

  async revise(): Promise<void> {
    if (!this.event || !this.original) return;
    const status = this.part(this.form, '#revised');
    const conflictBox = this.part(this.form, '#conflict');
    const base = reviseEventInput(this.original, this.edited(), {
      eventId: this.event.eventId,
      expectedVersion: this.event.version,
      reason: field(this.form, 'reason').value,
    });
    const input = { ...base, idempotencyKey: this.keys.keyFor(base) };
    const button = find(this.form, 'button[type=submit]', HTMLButtonElement);
    button.disabled = true;
    try {
      const data = await this.api<ReviseEventData>(REVISE_EVENT, { input });
      clearProblems(this.form);
      conflictBox.hidden = true;
      field(this.form, 'reason').value = '';
      this.show(data.reviseEvent.event);
      status.textContent = `Revised: now at version ${data.reviseEvent.version}.`;
    } catch (error) {
      const conflict =
        error instanceof GraphQLRequestError ? error.errors.find((e) => e.extensions?.code === 'CONFLICT') : undefined;
      if (conflict) await this.showConflict(conflict);
      else showProblems(this.form, error);
      status.textContent = 'Not revised.';
    } finally {
      button.disabled = false;
    }
  }

  /** What others changed since the version the editor saw, and a way to make the change again on the newest. */
  async showConflict(conflict: GraphQLErrorEntry): Promise<void> {
    if (!this.event || !this.original) return;
    const original = this.original;
    clearProblems(this.form);
    const box = this.part(this.form, '#conflict');
    const seen = this.event.version;
    const edited = this.edited();
    const history = await this.api<EventHistoryData>(EVENT_HISTORY, { id: this.event.eventId });
    // The log runs ahead of the read model: read the event as of the history's last entry.
    const minPosition = history.eventHistory.at(-1)?.position;
    const latest = await this.api<EventData>(EVENT, { id: this.event.eventId, minPosition });
    const since = history.eventHistory.filter((entry) => entry.version > seen);
    const redo = el(
      'button',
      { type: 'button', id: 'redo' },
      `Make my change again on version ${latest.event.version}`,
    );
    redo.addEventListener('click', () => {
      const values = redoOn(original, edited, editableOf(latest.event));
      box.hidden = true;
      this.show(latest.event, values);
      field(this.form, 'reason').focus();
    });
    replaceChildren(
      box,
      el('p', {}, conflict.message),
      el('h3', {}, `Changed since version ${seen}`),
      el(
        'ol',
        { className: 'since' },
        since.map((entry) =>
          el(
            'li',
            { dataset: { version: String(entry.version), type: entry.type } },
            `${entryLabel(entry.type)} (version ${entry.version}) by ${entry.principal ?? 'unknown'}`,
            entry.reason ? `: ${entry.reason}` : '',
            el(
              'ul',
              {},
              changedFields(entry).map(({ field, before, after }) =>
                el('li', {}, `${field}: `, el('del', {}, before), ' → ', el('ins', {}, after)),
              ),
            ),
          ),
        ),
      ),
      redo,
    );
    box.hidden = false;
  }

  async retractOrRestore(mutation: string): Promise<void> {
    if (!this.event) return;
    const done = this.part(this.lifecycle, '#lifecycle-done');
    const reason = field(this.lifecycle, 'reason');
    const base = {
      eventId: this.event.eventId,
      expectedVersion: this.event.version,
      reason: reason.value.trim(),
    };
    try {
      const data = await this.api<RetractOrRestoreData>(mutation, {
        input: { ...base, idempotencyKey: this.keys.keyFor(base) },
      });
      clearProblems(this.lifecycle);
      const result = data.retractEvent ?? data.restoreEvent;
      if (!result) return;
      reason.value = '';
      this.show(result.event);
      done.textContent = `${result.event.status === 'RETRACTED' ? 'Retracted' : 'Restored'}: now at version ${result.version}.`;
    } catch (error) {
      showProblems(this.lifecycle, error);
    }
  }
}

function fieldControl(name: string): HTMLElement {
  const label = labelOf(name);
  const choices = Object.hasOwn(CHOICES, name) ? CHOICES[name] : undefined;
  const control = choices
    ? el(
        'select',
        { name },
        choices.map((choice) => el('option', { value: choice }, choice.toLowerCase().replace('_', ' '))),
      )
    : LONG_TEXT.has(name)
      ? el('textarea', { name, rows: 3 })
      : el('input', { name, list: name.endsWith('timeZone') ? 'time-zones' : undefined });
  return el('label', {}, `${label} `, control);
}
