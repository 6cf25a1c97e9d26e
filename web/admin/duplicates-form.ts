// Merging likely duplicates into the loaded event (from duplicateCandidates, best first, each
// with its score and the reason), and splitting a merged event out again; both with a reason.
import { el, field, find, replaceChildren } from '../shared/dom';
import { clearProblems, formValues, showProblems } from './form-fields';
import {
  type Api,
  type ConsoleEvent,
  DUPLICATE_CANDIDATES,
  type DuplicateCandidatesData,
  MERGE_EVENTS,
  type MergeEventsData,
  SPLIT_EVENT,
  type SplitEventData,
} from './queries';
import { SubmissionKeys } from './submission-keys';

export class DuplicatesForm {
  private readonly keys = new SubmissionKeys();
  private event: ConsoleEvent | undefined;

  /** onChanged(event): the loaded event as the merge or split left it. */
  constructor(
    readonly form: HTMLFormElement,
    private readonly api: Api,
    private readonly options: { onChanged: (event: ConsoleEvent) => void },
  ) {
    this.button('#find-duplicates').addEventListener('click', () => void this.findCandidates());
    this.button('#split').addEventListener('click', () => void this.split());
    form.addEventListener('submit', (submit) => {
      submit.preventDefault();
      void this.merge();
    });
  }

  private button(selector: string): HTMLButtonElement {
    return find(this.form, selector, HTMLButtonElement);
  }

  private part(selector: string): HTMLElement {
    return find(this.form, selector, HTMLElement);
  }

  /** The reason's field, which merge and split share. */
  private get reason(): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement {
    return field(this.form, 'reason');
  }

  show(event: ConsoleEvent, offered: boolean): void {
    this.event = event;
    const merged = Boolean(event.mergedIntoId);
    this.form.hidden = !offered;
    replaceChildren(this.part('#merged-into'), merged ? `Merged into ${event.mergedIntoId}.` : '');
    replaceChildren(this.part('#candidates'));
    replaceChildren(
      this.part('#absorbed'),
      (event.absorbed ?? []).map((absorbed) =>
        el('li', { dataset: { eventId: absorbed.eventId } }, `${absorbed.eventId}: ${absorbed.reason}`),
      ),
    );
    this.button('#find-duplicates').hidden = merged;
    this.button('#merge').hidden = merged;
    this.button('#split').hidden = !merged;
  }

  async findCandidates(minPosition?: string): Promise<void> {
    if (!this.event) return;
    const list = this.part('#candidates');
    try {
      const data = await this.api<DuplicateCandidatesData>(DUPLICATE_CANDIDATES, {
        eventId: this.event.eventId,
        minPosition,
      });
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

  async merge(): Promise<void> {
    if (!this.event) return;
    const values = formValues(this.form);
    const duplicateIds = values.duplicateIds ?? [];
    const base = {
      survivorId: this.event.eventId,
      duplicateIds: Array.isArray(duplicateIds) ? duplicateIds : [duplicateIds],
      reason: this.reason.value.trim(),
    };
    try {
      const data = await this.api<MergeEventsData>(MERGE_EVENTS, {
        input: { ...base, idempotencyKey: this.keys.keyFor(base) },
      });
      clearProblems(this.form);
      this.reason.value = '';
      const { survivor } = data.mergeEvents;
      this.options.onChanged(survivor.event);
      this.part('#merge-done').textContent =
        `Merged ${base.duplicateIds.length}: this event is now at version ${survivor.version}.`;
    } catch (error) {
      showProblems(this.form, error);
    }
  }

  async split(): Promise<void> {
    if (!this.event) return;
    const base = { eventId: this.event.eventId, reason: this.reason.value.trim() };
    try {
      const data = await this.api<SplitEventData>(SPLIT_EVENT, {
        input: { ...base, idempotencyKey: this.keys.keyFor(base) },
      });
      clearProblems(this.form);
      this.reason.value = '';
      const { event } = data.splitEvent;
      this.options.onChanged(event.event);
      this.part('#merge-done').textContent = `Split out: back on the timeline at version ${event.version}.`;
    } catch (error) {
      showProblems(this.form, error);
    }
  }
}
