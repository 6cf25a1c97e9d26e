// A date's zone follows the event's place (issue 14): when the place or its country is set, the
// start and end zones take the place's zone from timeZoneOf (the service holds the zone data, so
// the page ships none), unless the editor chose a zone by hand; then it stays, and the hint says
// what the default would be.
import { TIME_ZONE_OF } from './queries.mjs';
import { placeQuery, zoneHint } from './zone-hint.mjs';

const ZONE_FIELDS = ['start.timeZone', 'end.timeZone'];

export class ZoneDefault {
  constructor(form, api) {
    this.form = form;
    this.api = api;
    this.hint = form.querySelector('#zone-default');
    this.timer = undefined;
    this.asked = 0;
    for (const name of ZONE_FIELDS) {
      const field = form.elements[name];
      // 'input' fires only for the editor's own typing, never for a value set here.
      field.addEventListener('input', () => {
        if (field.value.trim() === '') delete field.dataset.chosen;
        else field.dataset.chosen = 'by-hand';
      });
    }
    for (const name of ['location.placeName', 'location.country'])
      form.elements[name].addEventListener('input', () => this.placeChanged());
  }

  placeChanged() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.follow(), 250);
  }

  async follow() {
    const query = placeQuery(
      this.form.elements['location.placeName'].value,
      this.form.elements['location.country'].value,
    );
    const asked = (this.asked += 1);
    let found = null;
    if (query) {
      try {
        found = (await this.api(TIME_ZONE_OF, query)).timeZoneOf;
      } catch (error) {
        if (asked !== this.asked) return;
        this.hint.textContent = error?.errors?.[0]?.message ?? 'The place’s zone could not be asked.';
        return;
      }
    }
    // An answer to an older question is dropped: the place changed since.
    if (asked !== this.asked) return;
    const zone = found?.timeZone ?? 'UTC';
    const chosen = [];
    for (const name of ZONE_FIELDS) {
      const field = this.form.elements[name];
      if (field.dataset.chosen) chosen.push(field.value.trim());
      else field.value = zone;
    }
    this.hint.textContent = query ? zoneHint(found, chosen) : '';
  }
}
