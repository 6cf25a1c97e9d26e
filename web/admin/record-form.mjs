// The record form: kind-specific sections, actors picked by search or registered inline,
// sources, and a submission that carries one idempotency key, so a double click records once.
import { el, replaceChildren } from '../shared/dom.mjs';
import { recordEventInput } from './event-input.mjs';
import { clearProblems, formValues, showProblems } from './form-fields.mjs';
import { ACTORS, RECORD_EVENT, REGISTER_ACTOR } from './queries.mjs';
import { SubmissionKeys } from './submission-keys.mjs';
import { ZoneDefault } from './zone-default.mjs';

const ROLES = ['PARTICIPANT', 'HOST', 'GUEST', 'SPEAKER', 'ADDRESSEE', 'SIGNATORY', 'MEDIATOR', 'MENTIONED'];
/** The form's own limits, below the service's: a page cannot build a command it would refuse for size. */
const MAX_PARTICIPANTS = 50;
const MAX_SOURCES = 20;

export class RecordForm {
  constructor(form, api, { onRecorded }) {
    this.form = form;
    this.api = api;
    this.onRecorded = onRecorded;
    this.participants = []; // { actorId, name, role }
    this.keys = new SubmissionKeys();
    this.searchTimer = undefined;
    this.inFlight = undefined;
    this.wire();
    this.zones = new ZoneDefault(form, api);
    this.addSourceRow();
    this.showKind();
    this.renderParticipants();
  }

  wire() {
    const { form } = this;
    fillTimeZones(document.getElementById('time-zones'));
    form.elements.kind.addEventListener('change', () => this.showKind());
    form.elements.actorSearch.addEventListener('input', () => this.searchActors());
    form.querySelector('#register-actor').addEventListener('click', () => void this.registerActor());
    form.querySelector('#add-source').addEventListener('click', () => this.addSourceRow());
    form.querySelector('#participants').addEventListener('click', (click) => {
      const index = click.target?.dataset?.removeParticipant;
      if (index === undefined) return;
      this.participants.splice(Number(index), 1);
      this.renderParticipants();
    });
    form.querySelector('#participants').addEventListener('change', (change) => {
      const index = change.target?.dataset?.participantRole;
      if (index !== undefined) this.participants[Number(index)].role = change.target.value;
    });
    form.addEventListener('submit', (submit) => {
      submit.preventDefault();
      void this.submit();
    });
  }

  showKind() {
    const kind = this.form.elements.kind.value;
    for (const section of this.form.querySelectorAll('fieldset[data-kind]')) {
      const shown = section.dataset.kind === kind;
      section.hidden = !shown;
      section.disabled = !shown;
    }
  }

  searchActors() {
    clearTimeout(this.searchTimer);
    const input = this.form.elements.actorSearch;
    const search = input.value.trim();
    const options = document.getElementById('actor-options');
    const chosen = [...options.options].find((option) => option.value === search);
    if (chosen) {
      this.addParticipant({ actorId: chosen.dataset.actorId, name: chosen.value });
      input.value = '';
      return;
    }
    if (search.length < 2) return;
    this.searchTimer = setTimeout(async () => {
      try {
        const data = await this.api(ACTORS, { search: search.slice(0, 100) });
        replaceChildren(
          options,
          data.actors.edges.map(({ node }) =>
            el('option', { value: node.name, dataset: { actorId: node.actorId } }, node.country ?? node.kind),
          ),
        );
      } catch (error) {
        showProblems(this.form, error);
      }
    }, 200);
  }

  addParticipant({ actorId, name }) {
    if (this.participants.some((participant) => participant.actorId === actorId)) return;
    if (this.participants.length >= MAX_PARTICIPANTS) return;
    this.participants.push({ actorId, name, role: 'PARTICIPANT' });
    this.renderParticipants();
  }

  renderParticipants() {
    replaceChildren(
      this.form.querySelector('#participants'),
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
    const speaker = this.form.elements['statement.speakerId'];
    const kept = speaker.value;
    replaceChildren(
      speaker,
      this.participants.map(({ actorId, name }) => el('option', { value: actorId, selected: actorId === kept }, name)),
    );
    const parties = this.form.querySelector('#parties');
    const checked = new Set(formValues(this.form)['agreement.partyIds'] ?? []);
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

  async registerActor() {
    const box = this.form.querySelector('.actor-errors');
    const name = this.form.elements['newActor.name'].value.trim();
    const kind = this.form.elements['newActor.kind'].value;
    const country = this.form.elements['newActor.country'].value.trim().toUpperCase() || undefined;
    replaceChildren(box);
    try {
      const data = await this.api(REGISTER_ACTOR, { input: { name, kind, country } });
      this.addParticipant({ actorId: data.registerActor.actorId, name: data.registerActor.actor.name });
      this.form.elements['newActor.name'].value = '';
      this.form.elements['newActor.country'].value = '';
    } catch (error) {
      const messages = error?.errors?.map((e) => e.message) ?? [String(error?.message ?? error)];
      replaceChildren(box, messages.join('; '));
    }
  }

  addSourceRow() {
    const list = this.form.querySelector('#sources');
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

  input() {
    const values = formValues(this.form);
    const rows = [...this.form.querySelectorAll('#sources > li')].map((_row, index) => ({
      publisher: values[`sources.${index}.publisher`],
      title: values[`sources.${index}.title`],
      url: values[`sources.${index}.url`],
    }));
    const input = recordEventInput(values, this.participants, rows);
    return { ...input, idempotencyKey: this.keys.keyFor(input) };
  }

  async submit() {
    const input = this.input();
    const status = this.form.querySelector('#recorded');
    const button = this.form.querySelector('button[type=submit]');
    button.disabled = true;
    status.textContent = 'Recording…';
    try {
      const data = await this.api(RECORD_EVENT, { input });
      clearProblems(this.form);
      const { eventId, version, position } = data.recordEvent;
      status.textContent = `Recorded “${data.recordEvent.event.title}” (${eventId}, version ${version}).`;
      this.form.dataset.recorded = eventId;
      this.onRecorded({ eventId, position });
    } catch (error) {
      status.textContent = 'Not recorded.';
      showProblems(this.form, error);
    } finally {
      button.disabled = false;
    }
  }
}

function fillTimeZones(list) {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  replaceChildren(
    list,
    ['UTC', ...zones].map((zone) => el('option', { value: zone })),
  );
}
