/**
 * The rules of a TimelineJS 3 document, from Knight Lab's JSON format documentation and what
 * TimelineConfig and TLDate enforce or silently get wrong: events is a non-empty list, every
 * event has a start_date, eras have start_date, end_date and a headline, date parts are integers
 * (numbers or digit strings, as eras.json writes them) in their ranges, unique_id is unique.
 * TimelineJS itself accepts month 13 (JavaScript rolls it into the next year): here it is an error.
 */
export type TimelineJsProblem = { path: string; message: string };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const PARTS = [
  ['month', 1, 12, 'year'],
  ['day', 1, 31, 'month'],
  ['hour', 0, 23, 'day'],
  ['minute', 0, 59, 'hour'],
  ['second', 0, 59, 'minute'],
  ['millisecond', 0, 999, 'second'],
] as const;

export function validateTimelineJs(doc: unknown): TimelineJsProblem[] {
  const problems: TimelineJsProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  if (!isObject(doc)) return [{ path: '', message: 'a timeline must be a JSON object' }];
  if (doc.scale !== undefined && doc.scale !== 'human' && doc.scale !== 'cosmological')
    add('scale', 'scale must be "human" or "cosmological"');
  const ids = new Map<string, string>();
  const checkId = (slide: Json, path: string) => {
    if (slide.unique_id === undefined) return;
    if (typeof slide.unique_id !== 'string' || slide.unique_id.trim() === '')
      return add(`${path}.unique_id`, 'unique_id must be non-empty text');
    const first = ids.get(slide.unique_id);
    if (first) add(`${path}.unique_id`, `unique_id "${slide.unique_id}" is used by ${first} already`);
    else ids.set(slide.unique_id, path);
  };

  if (doc.title !== undefined) {
    if (!isObject(doc.title)) add('title', 'title must be a slide object');
    else {
      checkSlide(doc.title, 'title', false, add);
      checkId(doc.title, 'title');
    }
  }
  if (!Array.isArray(doc.events)) add('events', 'events is required: a list of slides');
  else if (doc.events.length === 0)
    add('events', 'events must not be empty (TimelineJS: "Timeline configuration has no events.")');
  else {
    doc.events.forEach((event, i) => {
      const path = `events[${i}]`;
      if (!isObject(event)) return add(path, 'an event must be an object');
      checkSlide(event, path, true, add);
      checkId(event, path);
    });
  }
  if (doc.eras !== undefined) {
    if (!Array.isArray(doc.eras)) add('eras', 'eras must be a list');
    else {
      doc.eras.forEach((era, i) => {
        const path = `eras[${i}]`;
        if (!isObject(era)) return add(path, 'an era must be an object');
        checkSlide(era, path, true, add);
        if (era.end_date === undefined) add(`${path}.end_date`, 'an era needs an end_date');
        if (!isObject(era.text) || typeof era.text.headline !== 'string')
          add(`${path}.text.headline`, 'an era needs text.headline');
      });
    }
  }
  return problems;
}

function checkSlide(slide: Json, path: string, dated: boolean, add: (path: string, message: string) => void): void {
  const start = slide.start_date === undefined ? undefined : checkDate(slide.start_date, `${path}.start_date`, add);
  if (dated && slide.start_date === undefined) add(`${path}.start_date`, 'start_date is required');
  const end = slide.end_date === undefined ? undefined : checkDate(slide.end_date, `${path}.end_date`, add);
  if (start && end && compare(end, start) < 0) add(`${path}.end_date`, 'end_date is before start_date');
  if (slide.text !== undefined) {
    if (!isObject(slide.text)) add(`${path}.text`, 'text must be { headline, text }');
    else
      for (const key of ['headline', 'text'])
        if (slide.text[key] !== undefined && typeof slide.text[key] !== 'string')
          add(`${path}.text.${key}`, `${key} must be text`);
  }
  if (slide.media !== undefined) {
    if (!isObject(slide.media)) add(`${path}.media`, 'media must be an object');
    else {
      if (typeof slide.media.url !== 'string' || slide.media.url.trim() === '')
        add(`${path}.media.url`, 'media needs a url');
      for (const key of ['caption', 'credit', 'thumbnail', 'alt', 'title', 'link']) {
        if (slide.media[key] !== undefined && typeof slide.media[key] !== 'string')
          add(`${path}.media.${key}`, `${key} must be text`);
      }
    }
  }
  for (const key of ['group', 'display_date'])
    if (slide[key] !== undefined && typeof slide[key] !== 'string') add(`${path}.${key}`, `${key} must be text`);
}

/** The date's parts as numbers, or undefined when it has a problem. */
function checkDate(raw: unknown, path: string, add: (path: string, message: string) => void): number[] | undefined {
  if (!isObject(raw)) {
    add(path, 'a date must be an object such as { "year": 2022, "month": 7 }');
    return undefined;
  }
  let ok = true;
  const value = (key: string): number | undefined => {
    const v = raw[key];
    if (v === undefined || v === '') return undefined;
    if ((typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)))
      return Number(v);
    add(`${path}.${key}`, `${key} must be an integer or a string of digits, got ${JSON.stringify(v)}`);
    ok = false;
    return undefined;
  };
  const year = value('year');
  if (year === undefined && ok) {
    add(`${path}.year`, 'year is required');
    ok = false;
  }
  const parts = [year ?? 0];
  let previousGiven = year !== undefined;
  for (const [key, min, max, needs] of PARTS) {
    const v = value(key);
    if (v === undefined) {
      previousGiven = false;
      parts.push(min);
      continue;
    }
    if (!previousGiven) {
      add(`${path}.${key}`, `${key} needs ${needs}`);
      ok = false;
    }
    if (v < min || v > max) {
      add(`${path}.${key}`, `${key} must be ${min}-${max}, got ${v}`);
      ok = false;
    }
    parts.push(v);
  }
  const [y, m, d] = parts as [number, number, number];
  if (ok && raw.day !== undefined && d > daysInMonth(y, m)) {
    add(`${path}.day`, `${y}-${m} has no day ${d}`);
    ok = false;
  }
  for (const key of ['display_date', 'format'])
    if (raw[key] !== undefined && typeof raw[key] !== 'string') add(`${path}.${key}`, `${key} must be text`);
  return ok ? parts : undefined;
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
