import type { DiplomaticEvent, TemporalPoint } from '../../diplomacy/index';
import { escapeHtml } from './html';
import { participantLabel, type ExportNode } from './timeline-node';

/** The TimelineJS (Knight Lab) JSON format, as far as this export writes it. */
export type TimelineJsDate = {
  year: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  display_date?: string;
};

export type TimelineJsText = { headline: string; text: string };

export type TimelineJsSlide = {
  start_date: TimelineJsDate;
  end_date?: TimelineJsDate;
  text: TimelineJsText;
  media?: { url: string; caption: string; credit: string };
  group: string;
  unique_id: string;
};

export type TimelineJsDocument = { title?: { text: TimelineJsText }; events: TimelineJsSlide[] };

export type TimelineJsOptions = {
  title?: string;
  /** Shown under the title. */
  description?: string;
  /** Retracted events are left out unless this is true; then they are marked as retracted. */
  includeRetracted?: boolean;
};

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A date as precise as the event's: "July 2022" gives year and month only, so TimelineJS shows
 * "July 2022" and not "1 July 2022". A MINUTE keeps the wall clock of its own zone, which
 * TimelineJS cannot show, so display_date names the zone.
 */
export function timelineJsDate(point: TemporalPoint): TimelineJsDate {
  const [year, month, day, hour, minute] = (point.value.match(/\d+/g) ?? []).map(Number) as number[];
  switch (point.precision) {
    case 'YEAR':
      return { year: year! };
    case 'MONTH':
      return { year: year!, month: month! };
    case 'DAY':
      return { year: year!, month: month!, day: day! };
    case 'MINUTE': {
      const clock = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
      return {
        year: year!,
        month: month!,
        day: day!,
        hour: hour!,
        minute: minute!,
        display_date: `${day} ${MONTHS[month! - 1]} ${year}, ${clock} (${point.timeZone})`,
      };
    }
    default: {
      const unknown: never = point.precision;
      throw new RangeError(`unknown precision ${String(unknown)}`);
    }
  }
}

export function toTimelineJs(nodes: Iterable<ExportNode>, options: TimelineJsOptions = {}): TimelineJsDocument {
  const events: TimelineJsSlide[] = [];
  for (const node of nodes) {
    if (node.retracted && !options.includeRetracted) continue;
    events.push(slide(node));
  }
  const document: TimelineJsDocument = { events };
  if (options.title !== undefined) {
    document.title = {
      text: {
        headline: escapeHtml(options.title),
        text: options.description === undefined ? '' : `<p>${escapeHtml(options.description)}</p>`,
      },
    };
  }
  return document;
}

function slide(node: ExportNode): TimelineJsSlide {
  const doc = node.doc;
  const result: TimelineJsSlide = {
    start_date: timelineJsDate(doc.start),
    text: { headline: escapeHtml(`${headlineMark(node)}${doc.title}`), text: body(node) },
    group: doc.kind,
    unique_id: node.eventId,
  };
  if (doc.end) result.end_date = timelineJsDate(doc.end);
  const source = doc.sources.find((s) => s.url !== undefined);
  if (source)
    result.media = {
      url: source.url!,
      caption: escapeHtml(source.title ?? source.publisher),
      credit: escapeHtml(source.publisher),
    };
  return result;
}

function body(node: ExportNode): string {
  const doc = node.doc;
  const parts: string[] = [];
  if (doc.mergedInto !== undefined)
    parts.push(`<p><strong>Merged into</strong> event ${escapeHtml(doc.mergedInto)}</p>`);
  else if (node.retracted) parts.push(`<p><strong>Retracted:</strong> ${escapeHtml(doc.retractionReason ?? '')}</p>`);
  if (doc.summary !== '') parts.push(`<p>${escapeHtml(doc.summary)}</p>`);
  parts.push(...details(doc));
  if (node.participants.length > 0)
    parts.push(
      `<p><strong>Participants:</strong> ${escapeHtml(node.participants.map(participantLabel).join('; '))}</p>`,
    );
  if (doc.location) parts.push(`<p><strong>Where:</strong> ${escapeHtml(doc.location.placeName)}</p>`);
  // Every source, not only the one the media comes from: merged reports bring theirs.
  if (doc.sources.length > 0) parts.push(`<p><strong>Sources:</strong> ${doc.sources.map(sourceHtml).join('; ')}</p>`);
  return parts.join('');
}

/** "Reuters: <a href=…>title</a>", or the publisher alone (linked when there is a url). */
function sourceHtml(source: DiplomaticEvent['sources'][number]): string {
  const publisher = escapeHtml(source.publisher);
  if (source.url === undefined)
    return source.title === undefined ? publisher : `${publisher}: ${escapeHtml(source.title)}`;
  const link = `<a href="${escapeHtml(source.url)}">${escapeHtml(source.title ?? source.url)}</a>`;
  return `${publisher}: ${link}`;
}

function details(doc: DiplomaticEvent): string[] {
  if (doc.statement) {
    const said = escapeHtml(doc.statement.text);
    const lang = escapeHtml(doc.statement.language);
    return [
      doc.statement.mode === 'QUOTE'
        ? `<blockquote lang="${lang}">${said}</blockquote>`
        : `<p lang="${lang}"><em>In substance:</em> ${said}</p>`,
    ];
  }
  if (doc.agreement)
    return [
      `<p><strong>Terms:</strong> ${escapeHtml(doc.agreement.terms)}</p>`,
      `<p><strong>Status:</strong> ${doc.agreement.status}</p>`,
    ];
  return [];
}

/** A merged duplicate is stored as retracted (off the default timeline), but it was merged, not retracted. */
function headlineMark(node: ExportNode): string {
  if (node.doc.mergedInto !== undefined) return '[Merged] ';
  return node.retracted ? '[Retracted] ' : '';
}
