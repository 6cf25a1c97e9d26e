import { describe, expect, it } from '@jest/globals';
import { recordEventInput, topicList } from '../../web/admin/event-input';

const base = {
  title: '  Putin visits Tehran ',
  summary: '',
  topics: 'Syria, national currencies,, ',
  'start.value': '2022-07-19',
  'start.precision': 'DAY',
  'start.timeZone': 'Asia/Tehran',
  'end.value': '',
  'end.precision': 'DAY',
  'end.timeZone': 'UTC',
  'location.placeName': '',
  'location.country': '',
};
const participants = [
  { actorId: 'p', name: 'Putin', role: 'GUEST' },
  { actorId: 'r', name: 'Raisi', role: 'HOST' },
];

describe('the record form as a RecordEventInput', () => {
  it('sends a meeting with its section only, trimmed, optional parts left out', () => {
    const input = recordEventInput(
      { ...base, kind: 'MEETING', 'meeting.format': 'IN_PERSON', 'meeting.type': 'VISIT' },
      participants,
      [
        { publisher: 'Reuters', title: '', url: ' https://example.org/a ' },
        { publisher: '', title: '', url: '' },
      ],
    );
    expect(input).toEqual({
      kind: 'MEETING',
      title: 'Putin visits Tehran',
      start: { value: '2022-07-19', precision: 'DAY', timeZone: 'Asia/Tehran' },
      participants: [
        { actorId: 'p', role: 'GUEST' },
        { actorId: 'r', role: 'HOST' },
      ],
      topics: ['Syria', 'national currencies'],
      sources: [{ publisher: 'Reuters', url: 'https://example.org/a' }],
      meeting: { format: 'IN_PERSON', type: 'VISIT' },
    });
  });

  it('sends a statement’s speaker, text, mode and language; an agreement’s parties, status and terms', () => {
    const statement = recordEventInput(
      {
        ...base,
        kind: 'STATEMENT',
        'statement.speakerId': 'r',
        'statement.text': ' We trade in our currencies. ',
        'statement.mode': 'PARAPHRASE',
        'statement.language': '',
      },
      participants,
      [],
    );
    expect(statement.statement).toEqual({
      speakerId: 'r',
      text: 'We trade in our currencies.',
      mode: 'PARAPHRASE',
      language: 'en',
    });
    expect(statement.meeting).toBeUndefined();
    const agreement = recordEventInput(
      {
        ...base,
        kind: 'AGREEMENT',
        'agreement.partyIds': ['p', 'r'],
        'agreement.status': 'SIGNED',
        'agreement.terms': 'Gas swap',
      },
      participants,
      [],
    );
    expect(agreement.agreement).toEqual({ partyIds: ['p', 'r'], status: 'SIGNED', terms: 'Gas swap' });
    expect(agreement.statement).toBeUndefined();
  });

  it('sends an end date, a place and the key when given; an empty start as it is, for the service to name', () => {
    const input = recordEventInput(
      {
        ...base,
        kind: 'MEETING',
        'start.value': ' ',
        'end.value': '2022-07-20',
        'location.placeName': 'Tehran',
        'location.country': 'irn',
      },
      [],
      [],
      'key-1',
    );
    expect(input.start).toEqual({ value: '', precision: 'DAY', timeZone: 'Asia/Tehran' });
    expect(input.end).toEqual({ value: '2022-07-20', precision: 'DAY', timeZone: 'UTC' });
    expect(input.location).toEqual({ placeName: 'Tehran', country: 'IRN' });
    expect(input.idempotencyKey).toBe('key-1');
  });

  it('keeps a blank source row in the middle, so that sources.N names the form’s Nth row', () => {
    const input = recordEventInput(
      { ...base, kind: 'MEETING' },
      [],
      [
        { publisher: '', title: '', url: '' },
        { publisher: 'IRNA', title: '', url: '' },
        { publisher: ' ', title: '', url: '' },
      ],
    );
    expect(input.sources).toEqual([{ publisher: '' }, { publisher: 'IRNA' }]);
  });

  it('splits topics at commas', () => {
    expect(topicList(' a, b ,,c ')).toEqual(['a', 'b', 'c']);
    expect(topicList(undefined)).toEqual([]);
  });
});
