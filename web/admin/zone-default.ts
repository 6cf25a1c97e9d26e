// A date's zone follows the event's place (issue 14): when the place or its country is set, the
// start and end zones take the place's zone from timeZoneOf (the service holds the zone data, so
// the page ships none), unless the editor chose a zone by hand; then it stays, and the hint says
// what the default would be.
import { field, find } from '../shared/dom';
import { GraphQLRequestError } from '../shared/graphql';
import { type Api, TIME_ZONE_OF, type TimeZoneOfData } from './queries';
import { type FoundZone, placeQuery, zoneHint } from './zone-hint';

const ZONE_FIELDS = ['start.timeZone', 'end.timeZone'];

export class ZoneDefault {
  private readonly hint: HTMLElement;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** How many questions were asked: an answer to any but the last is dropped. */
  private asked = 0;

  constructor(
    private readonly form: HTMLFormElement,
    private readonly api: Api,
  ) {
    this.hint = find(form, '#zone-default', HTMLElement);
    for (const name of ZONE_FIELDS) {
      const zone = field(form, name);
      // 'input' fires only for the editor's own typing, never for a value set here.
      zone.addEventListener('input', () => {
        if (zone.value.trim() === '') delete zone.dataset.chosen;
        else zone.dataset.chosen = 'by-hand';
      });
    }
    for (const name of ['location.placeName', 'location.country'])
      field(form, name).addEventListener('input', () => this.placeChanged());
  }

  placeChanged(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.follow(), 250);
  }

  async follow(): Promise<void> {
    const query = placeQuery(field(this.form, 'location.placeName').value, field(this.form, 'location.country').value);
    const asked = (this.asked += 1);
    let found: FoundZone | null = null;
    if (query) {
      try {
        found = (await this.api<TimeZoneOfData>(TIME_ZONE_OF, { ...query })).timeZoneOf;
      } catch (error) {
        if (asked !== this.asked) return;
        const refusal = error instanceof GraphQLRequestError ? error.errors[0]?.message : undefined;
        this.hint.textContent = refusal ?? 'The place’s zone could not be asked.';
        return;
      }
    }
    // An answer to an older question is dropped: the place changed since.
    if (asked !== this.asked) return;
    const zone = found?.timeZone ?? 'UTC';
    const chosen: string[] = [];
    for (const name of ZONE_FIELDS) {
      const control = field(this.form, name);
      if (control.dataset.chosen) chosen.push(control.value.trim());
      else control.value = zone;
    }
    this.hint.textContent = query ? zoneHint(found, chosen) : '';
  }
}
