// The timeline picture (vis-timeline's standalone ES build, which carries vis-data; the build
// leaves it out of the bundle and imports it from /vendor/vis-timeline.mjs, scripts/build-web.mjs). Item and group content is always a DOM element built
// with textContent: vis-timeline inserts a string as HTML (through its own filter), which is not a
// risk we take with titles from imports and editors.
import type { DataSet as VisDataSet } from 'vis-data';
import type { DataGroup, DataItem } from 'vis-timeline';
import * as standalone from 'vis-timeline/standalone';
import { el } from '../shared/dom';
import { describeWhen, groupsOf, itemsOf } from './event-spans';
import type { TimelineEvent } from './queries';

// The standalone build exports the DataSet it bundles, but the declarations the package gives
// this entry (declarations/index.d.ts) leave it out; its type is vis-data's own.
const DataSet = (standalone as unknown as { DataSet: typeof VisDataSet }).DataSet;
const { Timeline } = standalone;

/**
 * An item as drawn: its content an element. vis-timeline draws an element as it is (a string it
 * would insert as HTML), but its declarations type an item's content as a string only.
 */
type DrawnItem = Omit<DataItem, 'content' | 'title'> & { content: HTMLElement; title?: undefined; ariaLabel: string };

function contentOf(event: TimelineEvent): HTMLElement {
  return el('span', { className: 'item-title', dataset: { eventId: event.eventId } }, event.title);
}

export class TimelineView {
  private readonly items = new DataSet<DrawnItem>();
  private readonly groups = new DataSet<DataGroup>();
  private readonly timeline: standalone.Timeline;
  private events = new Map<string, TimelineEvent>();
  private groupBy = 'kind';

  constructor(container: HTMLElement, { onSelect }: { onSelect: (eventId: string | undefined) => void }) {
    const items = this.items as unknown as VisDataSet<DataItem>;
    this.timeline = new Timeline(container, items, this.groups, {
      orientation: 'top',
      stack: true,
      showTooltips: false,
      selectable: true,
      verticalScroll: true,
      maxHeight: 520,
      zoomMin: 60 * 60 * 1000,
      groupOrder: 'order',
    });
    this.timeline.on('select', ({ items }: { items: (string | number)[] }) =>
      onSelect(items.length ? String(items[0]).split('|')[0] : undefined),
    );
  }

  /** Replaces what is drawn with these events and fits the view to them. */
  show(events: readonly TimelineEvent[], groupBy: string): void {
    this.groupBy = groupBy;
    this.events = new Map(events.map((event) => [event.eventId, event]));
    this.redraw();
    if (events.length) this.timeline.fit({ animation: false });
  }

  /** Adds or replaces one event (a live update), keeping the view where the reader left it. */
  upsert(event: TimelineEvent): void {
    this.events.set(event.eventId, event);
    this.redraw();
  }

  remove(eventId: string): void {
    if (this.events.delete(eventId)) this.redraw();
  }

  select(eventId: string): void {
    const ids = this.items.getIds().filter((id) => String(id).split('|')[0] === eventId);
    this.timeline.setSelection(ids);
  }

  zoom(factor: number): void {
    if (factor > 1) this.timeline.zoomOut(factor - 1, { animation: false });
    else this.timeline.zoomIn(1 - factor, { animation: false });
  }

  fit(): void {
    this.timeline.fit({ animation: false });
  }

  private redraw(): void {
    const events = [...this.events.values()];
    const groups: DataGroup[] = groupsOf(events, this.groupBy).map((group) => ({
      id: group.id,
      order: group.order,
      content: el('span', { className: 'group-label' }, group.label),
    }));
    const items: DrawnItem[] = [];
    for (const { eventId, ...rest } of itemsOf(events, this.groupBy)) {
      const event = this.events.get(eventId);
      if (!event) continue;
      items.push({
        ...rest,
        content: contentOf(event),
        title: undefined,
        ariaLabel: `${event.title}, ${describeWhen(event)}`,
      });
    }
    this.groups.clear();
    this.groups.add(groups);
    this.items.clear();
    this.items.add(items);
  }
}
