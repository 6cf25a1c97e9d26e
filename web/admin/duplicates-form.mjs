// Merging likely duplicates into the loaded event (from duplicateCandidates, best first, each
// with its score and the reason), and splitting a merged event out again; both with a reason.
import { el, replaceChildren } from '../shared/dom.mjs';
import { clearProblems, formValues, showProblems } from './form-fields.mjs';
import { DUPLICATE_CANDIDATES, MERGE_EVENTS, SPLIT_EVENT } from './queries.mjs';
import { SubmissionKeys } from './submission-keys.mjs';

export class DuplicatesForm {
  /** onChanged(event): the loaded event as the merge or split left it. */
  constructor(form, api, { onChanged }) {
    this.form = form;
    this.api = api;
    this.onChanged = onChanged;
    this.keys = new SubmissionKeys();
    this.event = undefined;
    form.querySelector('#find-duplicates').addEventListener('click', () => void this.findCandidates());
    form.querySelector('#split').addEventListener('click', () => void this.split());
    form.addEventListener('submit', (submit) => {
      submit.preventDefault();
      void this.merge();
    });
  }

  show(event, offered) {
    this.event = event;
    const merged = Boolean(event.mergedIntoId);
    this.form.hidden = !offered;
    replaceChildren(this.form.querySelector('#merged-into'), merged ? `Merged into ${event.mergedIntoId}.` : '');
    replaceChildren(this.form.querySelector('#candidates'));
    replaceChildren(
      this.form.querySelector('#absorbed'),
      (event.absorbed ?? []).map((absorbed) =>
        el('li', { dataset: { eventId: absorbed.eventId } }, `${absorbed.eventId}: ${absorbed.reason}`),
      ),
    );
    this.form.querySelector('#find-duplicates').hidden = merged;
    this.form.querySelector('#merge').hidden = merged;
    this.form.querySelector('#split').hidden = !merged;
  }

  async findCandidates(minPosition) {
    const list = this.form.querySelector('#candidates');
    try {
      const data = await this.api(DUPLICATE_CANDIDATES, { eventId: this.event.eventId, minPosition });
      replaceChildren(
        list,
        data.duplicateCandidates.length === 0
          ? el('li', {}, 'No likely duplicates.')
          : data.duplicateCandidates.map(({ score, reason, event }) =>
              el(
                'li',
                { dataset: { eventId: event.eventId } },
                el(
                  'label',
                  { className: 'inline' },
                  el('input', { type: 'checkbox', name: 'duplicateIds', value: event.eventId }),
                  ` ${event.title} (${event.start.value}), ${Math.round(score * 100)}%: ${reason}`,
                ),
              ),
            ),
      );
      this.form.dataset.searched = this.event.eventId;
    } catch (error) {
      showProblems(this.form, error);
    }
  }

  async merge() {
    const values = formValues(this.form);
    const base = {
      survivorId: this.event.eventId,
      duplicateIds: values.duplicateIds ?? [],
      reason: values.reason?.trim() ?? '',
    };
    try {
      const data = await this.api(MERGE_EVENTS, { input: { ...base, idempotencyKey: this.keys.keyFor(base) } });
      clearProblems(this.form);
      this.form.elements.reason.value = '';
      const { survivor } = data.mergeEvents;
      this.onChanged(survivor.event);
      this.form.querySelector('#merge-done').textContent =
        `Merged ${base.duplicateIds.length}: this event is now at version ${survivor.version}.`;
    } catch (error) {
      showProblems(this.form, error);
    }
  }

  async split() {
    const base = { eventId: this.event.eventId, reason: this.form.elements.reason.value.trim() };
    try {
      const data = await this.api(SPLIT_EVENT, { input: { ...base, idempotencyKey: this.keys.keyFor(base) } });
      clearProblems(this.form);
      this.form.elements.reason.value = '';
      const { event } = data.splitEvent;
      this.onChanged(event.event);
      this.form.querySelector('#merge-done').textContent =
        `Split out: back on the timeline at version ${event.version}.`;
    } catch (error) {
      showProblems(this.form, error);
    }
  }
}
