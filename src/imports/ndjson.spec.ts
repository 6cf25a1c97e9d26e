import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { eventIdFor, sha256 } from './ids';
import { importStream } from './import-lines';
import { parseNdjsonLine } from './ndjson';
import type { ImportOutcome } from './types';

const PUTIN = 'bb83f452-ada1-4d01-8211-936646194367';
const RAISI = 'ae792064-cb82-4b4f-8da2-df3d3b54ca82';
const VISIT = 'def74900-bbbb-40ac-bd8b-a337e4889561';

const visit = {
  eventId: VISIT,
  kind: 'MEETING',
  title: 'Putin visits Tehran',
  start: { value: '2022-07-19', precision: 'DAY', timeZone: 'Asia/Tehran' },
  participants: [
    { actorId: PUTIN, role: 'GUEST', actor: { kind: 'PERSON', name: 'Vladimir Putin', country: 'RUS' } },
    { actorId: RAISI, role: 'HOST' },
  ],
  meeting: { format: 'IN_PERSON', type: 'VISIT' },
};
const parse = (value: unknown, lineNumber = 1) =>
  parseNdjsonLine({ lineNumber, text: typeof value === 'string' ? value : JSON.stringify(value) });

describe('NDJSON import', () => {
  it('reads a recordEvent input, with descriptors where given and bare ids elsewhere', () => {
    expect(parse(visit)).toEqual({
      type: 'record',
      record: {
        lineNumber: 1,
        externalId: VISIT,
        source: 'NDJSON',
        eventId: VISIT,
        kind: 'MEETING',
        event: {
          eventId: VISIT,
          kind: 'MEETING',
          title: 'Putin visits Tehran',
          start: { value: '2022-07-19', precision: 'DAY', timeZone: 'Asia/Tehran' },
          participants: [
            { actorRef: `id:${PUTIN}`, role: 'GUEST' },
            { actorRef: `id:${RAISI}`, role: 'HOST' },
          ],
          meeting: { format: 'IN_PERSON', type: 'VISIT' },
        },
        actors: [
          { ref: `id:${PUTIN}`, actorId: PUTIN, kind: 'PERSON', name: 'Vladimir Putin', aliases: [], country: 'RUS' },
          { ref: `id:${RAISI}`, actorId: RAISI },
        ],
        provenance: { source: 'NDJSON', externalId: VISIT, contentHash: sha256(JSON.stringify(visit)) },
      },
    });
  });

  it('derives the event id from the line when it has none, the same for the same line', () => {
    const { eventId: _, ...withoutId } = visit;
    const text = JSON.stringify(withoutId);
    const outcome = parse(text);
    expect(outcome).toMatchObject({
      type: 'record',
      record: { eventId: eventIdFor('NDJSON', `sha256:${sha256(text)}`) },
    });
    expect(parse(text)).toEqual(outcome);
  });

  it.each([
    ['not JSON', '{"kind": "MEETING",', 'JSON', /^invalid JSON: /],
    ['a list', '[1, 2]', 'SHAPE', /^a line must be a JSON object, got a list$/],
    ['an unknown field', { ...visit, tittle: 'x' }, 'SHAPE', /^unknown field tittle$/],
    [
      'an unknown kind',
      { ...visit, kind: 'SUMMIT' },
      'SHAPE',
      /^kind must be one of MEETING, STATEMENT, AGREEMENT, got "SUMMIT"$/,
    ],
    ['no participants list', { ...visit, participants: undefined }, 'SHAPE', /^participants must be a list$/],
    [
      'a participant without id',
      { ...visit, participants: [{ role: 'HOST' }] },
      'SHAPE',
      /^participants\[0\]\.actorId must be non-empty text$/,
    ],
    [
      'a bad descriptor',
      { ...visit, participants: [{ actorId: PUTIN, role: 'GUEST', actor: { kind: 'ROBOT', name: 'x' } }] },
      'SHAPE',
      /^participants\[0\]\.actor\.kind must be one of PERSON, STATE, ORGANIZATION$/,
    ],
    [
      'two descriptors for one actor that differ',
      {
        ...visit,
        participants: [
          { actorId: PUTIN, role: 'GUEST', actor: { kind: 'PERSON', name: 'Vladimir Putin' } },
          { actorId: PUTIN, role: 'SPEAKER', actor: { kind: 'PERSON', name: 'V. Putin' } },
        ],
      },
      'SHAPE',
      /^participants\[1\]\.actor differs from the descriptor given for bb83f452/,
    ],
    [
      'what the domain refuses',
      { ...visit, participants: [visit.participants[0]] },
      'DOMAIN_RULE',
      /^participants: a VISIT needs at least one HOST and one GUEST participant$/,
    ],
    [
      'an impossible date',
      { ...visit, start: { value: '2022-02-30', precision: 'DAY', timeZone: 'UTC' } },
      'DOMAIN_RULE',
      /^start\.value: 2022-02-30 is not a calendar date/,
    ],
  ])('rejects %s', (_, value, code, reason) => {
    const outcome = parse(value, 7);
    expect(outcome).toMatchObject({ type: 'reject', reject: { lineNumber: 7, code } });
    expect((outcome as Extract<ImportOutcome, { type: 'reject' }>).reject.reason).toMatch(reason);
  });

  it('streams a file: rejects keep their line numbers, blank lines are passed over', async () => {
    const file = `${JSON.stringify(visit)}\n\n{oops}\r\n${JSON.stringify({ ...visit, eventId: undefined, title: 'Again' })}`;
    const outcomes: ImportOutcome[] = [];
    for await (const outcome of importStream(Readable.from([Buffer.from(file)]), 'ndjson')) outcomes.push(outcome);
    expect(
      outcomes.map((o) => [
        o.type,
        o.type === 'reject' ? o.reject.lineNumber : o.type === 'record' ? o.record.lineNumber : 0,
      ]),
    ).toEqual([
      ['record', 1],
      ['reject', 3],
      ['record', 4],
    ]);
  });
});
