// The record form: kind-specific sections, actors picked by search or registered inline,
// sources, and a submission that carries one idempotency key, so a double click records once.
import { byId, control, el, field, find, replaceChildren, targetElement } from '../shared/dom';
import { errorsOf } from '../shared/graphql';
import { type RecordEventInput, recordEventInput } from './event-input';
import { clearProblems, formValues, showProblems } from './form-fields';
import {
  ACTORS,
  type ActorsData,
  type Api,
  RECORD_EVENT,
  type RecordEventData,
  REGISTER_ACTOR,
  type RegisterActorData,
} from './queries';
import { SubmissionKeys } from './submission-keys';
import { ZoneDefault } from './zone-default';

const ROLES = ['PARTICIPANT', 'HOST', 'GUEST', 'SPEAKER', 'ADDRESSEE', 'SIGNATORY', 'MEDIATOR', 'MENTIONED'];
/** The form's own limits, below the service's: a page cannot build a command it would refuse for size. */
const MAX_PARTICIPANTS = 50;
const MAX_SOURCES = 20;

interface ChosenParticipant {
  actorId: string;
  name: string;
  role: string;
}

export class RecordForm {
  private readonly participants: ChosenParticipant[] = [];
  private readonly keys = new SubmissionKeys();
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  readonly zones: ZoneDefault;

  constructor(
    private readonly form: HTMLFormElement,
    private readonly api: Api,
    private readonly options: { onRecorded: (recorded: { eventId: string; position: string }) => void },
  ) {
    this.wire();
    this.zones = new ZoneDefault(form, api);
    this.addSourceRow();
    this.showKind();
    this.renderParticipants();
  }

  wire(): void {
    const { form } = this;
    fillTimeZones(byId('time-zones', HTMLDataListElement));
    field(form, 'kind').addEventListener('change', () => this.showKind());
    field(form, 'actorSearch').addEventListener('input', () => this.searchActors());
    find(form, '#register-actor', HTMLButtonElement).addEventListener('click', () => void this.registerActor());
    find(form, '#add-source', HTMLButtonElement).addEventListener('click', () => this.addSourceRow());
    const participants = find(form, '#participants', HTMLElement);
    participants.addEventListener('click', (click) => {
      const index = targetElement(click)?.dataset.removeParticipant;
      if (index === undefined) return;
      this.participants.splice(Number(index), 1);
      this.renderParticipants();
    });
    participants.addEventListener('change', (change) => {
      const select = change.target;
      const index = select instanceof HTMLSelectElement ? select.dataset.participantRole : undefined;
      const participant = index === undefined ? undefined : this.participants[Number(index)];
      if (participant && select instanceof HTMLSelectElement) participant.role = select.value;
    });
    form.addEventListener('submit', (submit) => {
      submit.preventDefault();
      void this.submit();
    });
  }

  showKind(): void {
    const kind = field(this.form, 'kind').value;
    for (const section of this.form.querySelectorAll<HTMLFieldSetElement>('fieldset[data-kind]')) {
      const shown = section.dataset.kind === kind;
      section.hidden = !shown;
      section.disabled = !shown;
    }
  }

  searchActors(): void {
    clearTimeout(this.searchTimer);
    const input = field(this.form, 'actorSearch');
    const search = input.value.trim();
    const options = byId('actor-options', HTMLDataListElement);
    const chosen = [...options.options].find((option) => option.value === search);
    const actorId = chosen?.dataset.actorId;
    if (chosen && actorId) {
      this.addParticipant({ actorId, name: chosen.value });
      input.value = '';
      return;
    }
    if (search.length < 2) return;
    this.searchTimer = setTimeout(() => void this.offerActors(options, search), 200);
  }

  /** The actors whose names match, offered in the search field's list. */
  private async offerActors(options: HTMLDataListElement, search: string): Promise<void> {
    try {
      const data = await this.api<ActorsData>(ACTORS, { search: search.slice(0, 100) });
      replaceChildren(
        options,
        data.actors.edges.map(({ node }) =>
          el('option', { value: node.name, dataset: { actorId: node.actorId } }, node.country ?? node.kind),
        ),
      );
    } catch (error) {
      showProblems(this.form, error);
    }
  }

  addParticipant({ actorId, name }: { actorId: string; name: string }): void {
    if (this.participants.some((participant) => participant.actorId === actorId)) return;
    if (this.participants.length >= MAX_PARTICIPANTS) return;
    this.participants.push({ actorId, name, role: 'PARTICIPANT' });
    this.renderParticipants();
  }

  renderParticipants(): void {
    replaceChildren(
      find(this.form, '#participants', HTMLElement),
      this.participants.map((participant, index) =>
        el(
          'li',
          { dataset: { field: `participants.${index}`, actorId: participant.actorId } },
          el('span', { className: 'actor-name' }, participant.name),
          ' ',
          el(
            'label',
            {},
            'as ',
            el(
              'select',
              { dataset: { participantRole: String(index) }, 'aria-label': `Role of ${participant.name}` },
              ROLES.map((role) =>
                el('option', { value: role, selected: role === participant.role }, role.toLowerCase()),
              ),
            ),
          ),
          ' ',
          el(
            'button',
            {
              type: 'button',
              dataset: { removeParticipant: String(index) },
              'aria-label': `Remove ${participant.name}`,
            },
            'Remove',
          ),
        ),
      ),
    );
    // The speaker and the parties are chosen among the participants.
    const speaker = control(this.form, 'statement.speakerId', HTMLSelectElement);
    const kept = speaker.value;
    replaceChildren(
      speaker,
      this.participants.map(({ actorId, name }) => el('option', { value: actorId, selected: actorId === kept }, name)),
    );
    const parties = find(this.form, '#parties', HTMLElement);
    const partyIds = formValues(this.form)['agreement.partyIds'] ?? [];
    const checked = new Set(Array.isArray(partyIds) ? partyIds : [partyIds]);
    replaceChildren(
      parties,
      this.participants.map(({ actorId, name }) =>
        el(
          'label',
          {},
          el('input', { type: 'checkbox', name: 'agreement.partyIds', value: actorId, checked: checked.has(actorId) }),
          ` ${name}`,
        ),
      ),
    );
  }

  async registerActor(): Promise<void> {
    const box = find(this.form, '.actor-errors', HTMLElement);
    const name = field(this.form, 'newActor.name').value.trim();
    const kind = field(this.form, 'newActor.kind').value;
    const country = field(this.form, 'newActor.country').value.trim().toUpperCase() || undefined;
    replaceChildren(box);
    try {
      const data = await this.api<RegisterActorData>(REGISTER_ACTOR, { input: { name, kind, country } });
      this.addParticipant({ actorId: data.registerActor.actorId, name: data.registerActor.actor.name });
      field(this.form, 'newActor.name').value = '';
      field(this.form, 'newActor.country').value = '';
    } catch (error) {
      replaceChildren(
        box,
        errorsOf(error)
          .map((e) => e.message)
          .join('; '),
      );
    }
  }

  addSourceRow(): void {
    const list = find(this.form, '#sources', HTMLElement);
    const index = list.children.length;
    if (index >= MAX_SOURCES) return;
    list.append(
      el(
        'li',
        { dataset: { field: `sources.${index}` } },
        el('label', {}, 'Publisher ', el('input', { name: `sources.${index}.publisher` })),
        el('label', {}, 'Title ', el('input', { name: `sources.${index}.title` })),
        el('label', {}, 'Link ', el('input', { name: `sources.${index}.url`, type: 'url', placeholder: 'https://…' })),
      ),
    );
  }

  input(): RecordEventInput {
    const values = formValues(this.form);
    const rows = [...this.form.querySelectorAll('#sources > li')].map((_row, index) => ({
      publisher: values[`sources.${index}.publisher`],
      title: values[`sources.${index}.title`],
      url: values[`sources.${index}.url`],
    }));
    const input = recordEventInput(values, this.participants, rows);
    return { ...input, idempotencyKey: this.keys.keyFor(input) };
  }

  async submit(): Promise<void> {
    const input = this.input();
    const status = find(this.form, '#recorded', HTMLElement);
    const button = find(this.form, 'button[type=submit]', HTMLButtonElement);
    button.disabled = true;
    status.textContent = 'Recording…';
    try {
      const data = await this.api<RecordEventData>(RECORD_EVENT, { input });
      clearProblems(this.form);
      const { eventId, version, position } = data.recordEvent;
      status.textContent = `Recorded “${data.recordEvent.event.title}” (${eventId}, version ${version}).`;
      this.form.dataset.recorded = eventId;
      this.options.onRecorded({ eventId, position });
    } catch (error) {
      status.textContent = 'Not recorded.';
      showProblems(this.form, error);
    } finally {
      button.disabled = false;
    }
  }
}

function fillTimeZones(list: HTMLElement): void {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  replaceChildren(
    list,
    ['UTC', ...zones].map((zone) => el('option', { value: zone })),
  );
}
