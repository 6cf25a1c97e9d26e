// Correcting an event: load it, edit its fields with the changes listed as they are made, revise
// with a required reason at the version seen; a CONFLICT shows what changed in the meantime and
// offers to make the same change again on the new version. Retract and restore with a reason.
import { el, replaceChildren } from '../shared/dom.mjs';
import { changedFields, entryLabel } from '../reader/history-diff.mjs';
import { nextStatuses } from './agreement-status.mjs';
import { DuplicatesForm } from './duplicates-form.mjs';
import { temporalPoint } from './event-input.mjs';
import { clearProblems, fillForm, formValues, showProblems } from './form-fields.mjs';
import {
  CHANGE_AGREEMENT_STATUS,
  EVENT,
  EVENT_HISTORY,
  RESTORE_EVENT,
  RETRACT_EVENT,
  REVISE_EVENT,
} from './queries.mjs';
import { changedFieldsOf, editableOf, redoOn, revisableFields, reviseEventInput } from './revision.mjs';
import { SubmissionKeys } from './submission-keys.mjs';

const LABELS = {
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
const CHOICES = {
  'start.precision': ['YEAR', 'MONTH', 'DAY', 'MINUTE'],
  'meeting.format': ['IN_PERSON', 'PHONE', 'VIDEO'],
  'meeting.type': ['BILATERAL', 'VISIT', 'SUMMIT'],
  'statement.mode': ['QUOTE', 'PARAPHRASE'],
};
const LONG_TEXT = new Set(['summary', 'statement.text', 'agreement.terms']);

export class RevisePanel {
  constructor(section, api, offers) {
    this.section = section;
    this.api = api;
    this.offers = offers;
    this.loadForm = section.querySelector('#load-event');
    this.form = section.querySelector('#revise');
    this.lifecycle = section.querySelector('#lifecycle');
    this.statusForm = section.querySelector('#agreement-status');
    this.duplicates = new DuplicatesForm(section.querySelector('#duplicates'), api, {
      onChanged: (event) => this.show(event),
    });
    this.event = undefined; // the version being edited, as loaded
    this.original = undefined; // its editable values
    this.keys = new SubmissionKeys();
    this.loadForm.addEventListener('submit', (submit) => {
      submit.preventDefault();
      void this.load(this.loadForm.elements.eventId.value.trim());
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
    section.querySelector('#retract').addEventListener('click', () => void this.retractOrRestore(RETRACT_EVENT));
    section.querySelector('#restore').addEventListener('click', () => void this.retractOrRestore(RESTORE_EVENT));
  }

  async load(eventId, minPosition) {
    this.loadForm.elements.eventId.value = eventId;
    clearProblems(this.loadForm);
    try {
      const data = await this.api(EVENT, { id: eventId, minPosition });
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
  show(event, values) {
    this.event = event;
    this.original = editableOf(event);
    this.section.dataset.eventId = event.eventId;
    this.section.dataset.version = String(event.version);
    replaceChildren(
      this.form.querySelector('#revise-version'),
      `${event.kind.toLowerCase()} at version ${event.version}`,
      event.status === 'RETRACTED' ? ` (retracted: ${event.retractionReason ?? 'no reason given'})` : '',
    );
    replaceChildren(
      this.form.querySelector('#revise-fields'),
      revisableFields(event.kind).map((field) => fieldControl(field)),
    );
    fillForm(this.form, values ?? this.original);
    this.form.hidden = !this.offers.revise;
    this.lifecycle.hidden = !this.offers.retract;
    this.section.querySelector('#retract').hidden = event.status === 'RETRACTED';
    this.section.querySelector('#restore').hidden = event.status !== 'RETRACTED';
    this.section.dataset.status = event.status;
    this.showAgreementStatus(event);
    this.duplicates.show(event, this.offers.revise);
    this.showChanges();
  }

  /** An agreement's status, with only the statuses it may move to on offer. */
  showAgreementStatus(event) {
    const form = this.statusForm;
    form.hidden = !(this.offers.revise && event.kind === 'AGREEMENT' && event.agreement);
    if (form.hidden) return;
    const current = event.agreement.status;
    const next = nextStatuses(current);
    form.dataset.current = current;
    replaceChildren(
      form.querySelector('#agreement-current'),
      `Now ${current.toLowerCase().replace('_', ' ')}`,
      next.length === 0 ? ': a final status, it cannot change.' : '.',
    );
    replaceChildren(
      form.elements.status,
      next.map((status) => el('option', { value: status }, status.toLowerCase().replace('_', ' '))),
    );
    form.elements.status.disabled = next.length === 0;
    form.querySelector('button[type=submit]').disabled = next.length === 0;
  }

  async changeStatus() {
    const form = this.statusForm;
    const values = formValues(form);
    const base = {
      eventId: this.event.eventId,
      expectedVersion: this.event.version,
      status: values.status,
      reason: values.reason?.trim() || undefined,
      effectiveDate: temporalPoint(values, 'effectiveDate', { optional: true }),
    };
    try {
      const data = await this.api(CHANGE_AGREEMENT_STATUS, {
        input: { ...base, idempotencyKey: this.keys.keyFor(base) },
      });
      clearProblems(form);
      form.elements.reason.value = '';
      form.elements['effectiveDate.value'].value = '';
      const result = data.changeAgreementStatus;
      this.show(result.event);
      form.querySelector('#status-changed').textContent =
        `Status changed to ${result.event.agreement.status.toLowerCase().replace('_', ' ')}: now at version ${result.version}.`;
    } catch (error) {
      showProblems(form, error);
    }
  }

  edited() {
    const values = formValues(this.form);
    delete values.reason;
    return values;
  }

  showChanges() {
    if (!this.original) return;
    const changes = changedFieldsOf(this.original, this.edited());
    replaceChildren(
      this.form.querySelector('#revise-changes'),
      changes.length === 0
        ? el('li', {}, 'none yet')
        : changes.map(({ field, before, after }) =>
            el(
              'li',
              { dataset: { field } },
              `${LABELS[field] ?? field}: `,
              el('del', {}, before || '(empty)'),
              ' → ',
              el('ins', {}, after || '(empty)'),
            ),
          ),
    );
  }

  async revise() {
    const status = this.form.querySelector('#revised');
    const conflictBox = this.form.querySelector('#conflict');
    const base = reviseEventInput(this.original, this.edited(), {
      eventId: this.event.eventId,
      expectedVersion: this.event.version,
      reason: this.form.elements.reason.value,
    });
    const input = { ...base, idempotencyKey: this.keys.keyFor(base) };
    const button = this.form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const data = await this.api(REVISE_EVENT, { input });
      clearProblems(this.form);
      conflictBox.hidden = true;
      this.form.elements.reason.value = '';
      this.show(data.reviseEvent.event);
      status.textContent = `Revised: now at version ${data.reviseEvent.version}.`;
    } catch (error) {
      const conflict = error?.errors?.find((e) => e.extensions?.code === 'CONFLICT');
      if (conflict) await this.showConflict(conflict);
      else showProblems(this.form, error);
      status.textContent = 'Not revised.';
    } finally {
      button.disabled = false;
    }
  }

  /** What others changed since the version the editor saw, and a way to make the change again on the newest. */
  async showConflict(conflict) {
    clearProblems(this.form);
    const box = this.form.querySelector('#conflict');
    const seen = this.event.version;
    const edited = this.edited();
    const history = await this.api(EVENT_HISTORY, { id: this.event.eventId });
    // The log runs ahead of the read model: read the event as of the history's last entry.
    const minPosition = history.eventHistory.at(-1)?.position;
    const latest = await this.api(EVENT, { id: this.event.eventId, minPosition });
    const since = history.eventHistory.filter((entry) => entry.version > seen);
    const redo = el(
      'button',
      { type: 'button', id: 'redo' },
      `Make my change again on version ${latest.event.version}`,
    );
    redo.addEventListener('click', () => {
      const values = redoOn(this.original, edited, editableOf(latest.event));
      box.hidden = true;
      this.show(latest.event, values);
      this.form.elements.reason.focus();
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

  async retractOrRestore(mutation) {
    const done = this.lifecycle.querySelector('#lifecycle-done');
    const base = {
      eventId: this.event.eventId,
      expectedVersion: this.event.version,
      reason: this.lifecycle.elements.reason.value.trim(),
    };
    try {
      const data = await this.api(mutation, { input: { ...base, idempotencyKey: this.keys.keyFor(base) } });
      clearProblems(this.lifecycle);
      const result = data.retractEvent ?? data.restoreEvent;
      this.lifecycle.elements.reason.value = '';
      this.show(result.event);
      done.textContent = `${result.event.status === 'RETRACTED' ? 'Retracted' : 'Restored'}: now at version ${result.version}.`;
    } catch (error) {
      showProblems(this.lifecycle, error);
    }
  }
}

function fieldControl(field) {
  const label = LABELS[field] ?? field;
  const control = CHOICES[field]
    ? el(
        'select',
        { name: field },
        CHOICES[field].map((choice) => el('option', { value: choice }, choice.toLowerCase().replace('_', ' '))),
      )
    : LONG_TEXT.has(field)
      ? el('textarea', { name: field, rows: 3 })
      : el('input', { name: field, list: field.endsWith('timeZone') ? 'time-zones' : undefined });
  return el('label', {}, `${label} `, control);
}
