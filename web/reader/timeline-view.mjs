// The timeline picture (vis-timeline's standalone ES build). Item and group content is always a
// DOM element built with textContent: vis-timeline inserts a string as HTML (through its own
// filter), which is not a risk we take with titles from imports and editors.
import { DataSet, Timeline } from '/vendor/vis-timeline.mjs';
import { el } from '../shared/dom.mjs';
import { describeWhen, groupsOf, itemsOf } from './event-spans.mjs';

function contentOf(event) {
  return el('span', { className: 'item-title', dataset: { eventId: event.eventId } }, event.title);
}

export class TimelineView {
  constructor(container, { onSelect }) {
    this.items = new DataSet();
    this.groups = new DataSet();
    this.events = new Map();
    this.groupBy = 'kind';
    this.timeline = new Timeline(container, this.items, this.groups, {
      orientation: 'top',
      stack: true,
      showTooltips: false,
      selectable: true,
      verticalScroll: true,
      maxHeight: 520,
      zoomMin: 60 * 60 * 1000,
      groupOrder: 'order',
    });
    this.timeline.on('select', ({ items }) => onSelect(items.length ? String(items[0]).split('|')[0] : undefined));
  }

  /** Replaces what is drawn with these events and fits the view to them. */
  show(events, groupBy) {
    this.groupBy = groupBy;
    this.events = new Map(events.map((event) => [event.eventId, event]));
    this.redraw();
    if (events.length) this.timeline.fit({ animation: false });
  }

  /** Adds or replaces one event (a live update), keeping the view where the reader left it. */
  upsert(event) {
    this.events.set(event.eventId, event);
    this.redraw();
  }

  remove(eventId) {
    if (this.events.delete(eventId)) this.redraw();
  }

  select(eventId) {
    const ids = this.items.getIds().filter((id) => String(id).split('|')[0] === eventId);
    this.timeline.setSelection(ids);
  }

  zoom(factor) {
    if (factor > 1) this.timeline.zoomOut(factor - 1, { animation: false });
    else this.timeline.zoomIn(1 - factor, { animation: false });
  }

  fit() {
    this.timeline.fit({ animation: false });
  }

  redraw() {
    const events = [...this.events.values()];
    const groups = groupsOf(events, this.groupBy).map((group) => ({
      id: group.id,
      order: group.order,
      content: el('span', { className: 'group-label' }, group.label),
    }));
    const items = itemsOf(events, this.groupBy).map(({ eventId, ...rest }) => {
      const event = this.events.get(eventId);
      return {
        ...rest,
        content: contentOf(event),
        title: undefined,
        ariaLabel: `${event.title}, ${describeWhen(event)}`,
      };
    });
    this.groups.clear();
    this.groups.add(groups);
    this.items.clear();
    this.items.add(items);
  }
}
