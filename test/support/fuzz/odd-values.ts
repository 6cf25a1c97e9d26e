import { demoIds } from '../../../src/admin/seed/tehran-2022.story';

/**
 * The inputs the issue found answered as INTERNAL_SERVER_ERROR, and their neighbours: NUL
 * characters, lone surrogates, forged cursors, impossible dates, positions beyond bigint.
 */
const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const SOME_ID = demoIds.putin;

export const KNOWN_IDS: readonly string[] = Object.values(demoIds);

export const ODD_IDS: readonly string[] = [
  '00000000-0000-0000-0000-000000000000',
  SOME_ID.toUpperCase(),
  'not-a-uuid',
  '',
  '\u0000',
  `${SOME_ID}\u0000`,
  'x'.repeat(5_000),
  '\ud800',
];

export const ODD_STRINGS: readonly string[] = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  'x\ud800y',
  '\udfff',
  'Tehran 🙂 تهران',
  'x'.repeat(20_000),
  "'; SELECT pg_sleep(10); --",
  '%_\\',
  '"unclosed phrase',
  '-',
  'or or or',
  '\\u0000',
  '99999999999999999999999',
  'IRN',
  '99',
  '04',
  '040',
];

export const FORGED_CURSORS: readonly string[] = [
  base64url(`t1|0000-01-01T00:00:00.000000Z|${SOME_ID}`),
  base64url(`t1|2022-02-30T00:00:00.000000Z|${SOME_ID}`),
  base64url(`t1|2022-07-19T25:61:00.000000Z|${SOME_ID}`),
  base64url(`t1|9999-12-31T23:59:59.999999Z|${SOME_ID}`),
  base64url(`a1|${SOME_ID}|\u0000`),
  base64url(`a1|${SOME_ID}|\ud800`),
  base64url(`t1|2022-07-19T00:00:00.000000Z|${SOME_ID}|extra`),
  base64url('{"validFrom":"2022","eventId":1}'),
  base64url('[null]'),
  base64url(`t1|${'9'.repeat(500)}`),
  'not a cursor',
  '',
  '1:99999999999999999999',
  '99999999999999999999:1',
  '0:0',
  '-1:1',
  '1:1',
];

/** minPosition and log positions: the one valid far position waits up to 5 s, so it is drawn rarely. */
export const ODD_POSITIONS: readonly string[] = [
  '0',
  '1',
  '-1',
  '99999999999999999999',
  '9223372036854775808',
  '1.5',
  '1e5',
  'abc',
  '\u0000',
  '',
  ' 1',
  '0x10',
];
export const FAR_POSITION = '9223372036854775807';

export const ODD_DATE_TIMES: readonly string[] = [
  '2022-07-19T14:30:00Z',
  '2022-02-30T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '-000001-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '2022-07-19T14:30:00+25:00',
  '2022-07-19',
  'yesterday',
  '\u0000',
  '',
];

export const TEMPORAL_VALUES: readonly string[] = [
  '2022',
  '2022-07',
  '2022-07-19',
  '2022-07-19T14:30',
  '2022-02-30',
  '0000',
  '99999',
  '2022-07-19T25:61',
  '2022-13',
  '\u0000',
  '',
];

export const TIME_ZONES: readonly string[] = [
  'UTC',
  'Asia/Tehran',
  'Europe/Moscow',
  'Mars/Olympus',
  '',
  '\u0000',
  '+25:00',
  'utc',
];

export const ODD_INTS: readonly number[] = [
  0,
  1,
  -1,
  5,
  100,
  101,
  1_000,
  1_001,
  2_147_483_647,
  2_147_483_648,
  -2_147_483_649,
  1e20,
  Number.MAX_SAFE_INTEGER + 2,
  1.5,
];

export const ODD_FLOATS: readonly number[] = [0, -0, 35.7, -91, 181, 1e308, -1e308, 5e-324];

/** Any JSON value, for a variable or an argument of the wrong type. */
export const WRONG_TYPE_VALUES: readonly unknown[] = [
  123,
  'text',
  true,
  [],
  {},
  null,
  [null],
  { nested: { deeper: [1, 'a'] } },
];
