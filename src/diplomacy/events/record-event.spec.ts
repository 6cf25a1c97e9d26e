import { describe, expect, it } from '@jest/globals';
import { ConflictError } from '../errors';
import { DeciderSpecification } from '../testing/decider-spec';
import {
  currenciesStatementRecorded,
  day,
  ids,
  recordCurrenciesStatement,
  recordKhameneiTalks,
  recordSummit,
  recordSyriaAgreement,
  recordSyriaWarning,
  recordVisit,
  summitRecorded,
  syriaAgreementRecorded,
  visitRecorded,
} from '../testing/tehran-2022';
import { diplomaticEventDecider } from './event-decider';
import type { RecordEvent } from './event-types';

const spec = DeciderSpecification(diplomaticEventDecider);

/** A fixture command with some of its data replaced. */
function withData(command: RecordEvent, data: Partial<Record<keyof RecordEvent['data'], unknown>>): RecordEvent {
  return { ...command, data: { ...command.data, ...data } as RecordEvent['data'] };
}

describe('RecordEvent: the Tehran story', () => {
  it('records Putin’s visit: trimmed title, tags normalised and deduplicated, absent values null', () => {
    spec.given([]).when(recordVisit()).then([visitRecorded()]);
  });

  it('records the trilateral summit with the default CAMEO code of a meeting (040)', () => {
    spec.given([]).when(recordSummit()).then([summitRecorded()]);
  });

  it('records Khamenei’s statement to Putin with the default code of a statement (010)', () => {
    spec.given([]).when(recordCurrenciesStatement()).then([currenciesStatementRecorded()]);
  });

  it('records the agreement to keep consulting on Syria, signed at the summit (057 by default)', () => {
    spec.given([]).when(recordSyriaAgreement()).then([syriaAgreementRecorded()]);
  });

  it('records an actor that was merged as its survivor, and keeps a pair that becomes equal once', () => {
    const command = withData(recordSummit(), {
      participants: [
        { actorId: ids.raisi, role: 'HOST' },
        { actorId: ids.putin, role: 'PARTICIPANT' },
        { actorId: ids.putinImported, role: 'PARTICIPANT' },
        { actorId: ids.erdogan, role: 'PARTICIPANT' },
        { actorId: ids.syria, role: 'MENTIONED' },
      ],
    });
    spec.given([]).when(command).then([summitRecorded()]);
  });

  it('replaces merged actors in statements and agreements too', () => {
    const command = recordSyriaAgreement();
    command.data.agreement!.partyIds = [ids.putinImported, ids.raisi, ids.erdogan];
    spec.given([]).when(command).then([syriaAgreementRecorded()]);
    const statement = recordCurrenciesStatement();
    statement.data.statement!.addresseeIds = [ids.putinImported, ids.putin];
    spec.given([]).when(statement).then([currenciesStatementRecorded()]);
  });

  it('refuses to record an event id twice', () => {
    spec.given([visitRecorded()]).when(recordVisit()).thenThrows(ConflictError, `event ${ids.visit} exists already`);
  });
});

describe('RecordEvent: common fields', () => {
  it('refuses an id that is not a UUID and an unknown kind', () => {
    spec
      .given([])
      .when(withData(recordVisit(), { eventId: 'VISIT-1', kind: 'PRESS_CONFERENCE' }))
      .thenProblems([
        { path: ['eventId'], message: 'eventId must be a lower-case UUID, got "VISIT-1"' },
        { path: ['kind'], message: 'kind must be one of MEETING, STATEMENT, AGREEMENT, got "PRESS_CONFERENCE"' },
      ]);
  });

  it('limits title (1-300) and summary (0-5000) after trimming', () => {
    spec
      .given([])
      .when(withData(recordVisit(), { title: 'T'.repeat(301), summary: 'S'.repeat(5001) }))
      .thenProblems([
        { path: ['title'], message: 'title is longer than 300 characters (301)' },
        { path: ['summary'], message: 'summary is longer than 5000 characters (5001)' },
      ]);
    spec
      .given([])
      .when(withData(recordVisit(), { title: ' \n ' }))
      .thenProblems([{ path: ['title'], message: 'title must not be empty' }]);
  });

  it('counts characters, not UTF-16 units: 300 Persian letters with an emoji fit in a title', () => {
    const title = 'س'.repeat(299) + '🕊';
    const expected = visitRecorded();
    expected.data.title = title;
    spec.given([]).when(withData(recordVisit(), { title })).then([expected]);
  });

  it('keeps the end and refuses one before the start', () => {
    const expected = visitRecorded();
    expected.data.end = day('2022-07-20');
    spec
      .given([])
      .when(withData(recordVisit(), { end: day('2022-07-20') }))
      .then([expected]);
    spec
      .given([])
      .when(withData(recordVisit(), { start: day('2022-07-19'), end: day('2022-07-18') }))
      .thenProblems([{ path: ['end'], message: 'end (2022-07-18, DAY) is before start (2022-07-19, DAY)' }]);
  });

  it('reports problems of the start and end dates at their paths', () => {
    spec
      .given([])
      .when(
        withData(recordVisit(), {
          start: { value: '2022-07', precision: 'DAY', timeZone: 'Asia/Tehran' },
          end: day('2022-02-30', 'Tehran'),
        }),
      )
      .thenProblems([
        {
          path: ['start', 'value'],
          message:
            'value "2022-07" does not match precision DAY (YYYY-MM-DD, such as 2022-07-19); it has the shape of MONTH',
        },
        {
          path: ['end', 'timeZone'],
          message: 'unknown time zone "Tehran": expected an IANA zone such as Asia/Tehran or UTC',
        },
        { path: ['end', 'value'], message: '2022-02-30 is not a calendar date (February 2022 has 28 days)' },
      ]);
  });

  it('checks the location: place name, ISO-3 country, coordinates in range', () => {
    spec
      .given([])
      .when(
        withData(recordVisit(), { location: { placeName: '', country: 'IR', coordinates: { lat: 95, lon: '51.4' } } }),
      )
      .thenProblems([
        { path: ['location', 'placeName'], message: 'placeName must not be empty' },
        { path: ['location', 'country'], message: 'country must be an ISO 3166-1 alpha-3 code such as RUS, got "IR"' },
        { path: ['location', 'coordinates', 'lat'], message: 'lat must be a number from -90 to 90, got 95' },
        { path: ['location', 'coordinates', 'lon'], message: 'lon must be a number from -180 to 180, got "51.4"' },
      ]);
  });

  it('accepts a location with a place name only', () => {
    const expected = visitRecorded();
    expected.data.location = { placeName: 'Sa’dabad Palace, Tehran' };
    spec
      .given([])
      .when(withData(recordVisit(), { location: { placeName: 'Sa’dabad Palace, Tehran' } }))
      .then([expected]);
  });

  it('refuses an unknown CAMEO event code and a code without its leading zero', () => {
    spec
      .given([])
      .when(withData(recordVisit(), { cameoCode: '999' }))
      .thenProblems([{ path: ['cameoCode'], message: 'unknown CAMEO event code "999"' }]);
    spec
      .given([])
      .when(withData(recordVisit(), { cameoCode: '42' }))
      .thenProblems([{ path: ['cameoCode'], message: 'unknown CAMEO event code "42"' }]);
  });
});

describe('RecordEvent: participants', () => {
  it('needs at least one participant', () => {
    spec
      .given([])
      .when(withData(recordSyriaWarning(), { participants: [] }))
      .thenProblems([
        { path: ['participants'], message: 'an event needs at least one participant' },
        { path: ['statement', 'speakerId'], message: 'speaker must be one of the participants' },
        { path: ['statement', 'addresseeIds', 0], message: 'addressee must be one of the participants' },
      ]);
  });

  it('reports an unknown actor id and an unknown role at their exact paths', () => {
    spec
      .given([])
      .when(
        withData(recordSummit(), {
          participants: [
            { actorId: ids.raisi, role: 'HOST' },
            { actorId: ids.putin, role: 'PARTICIPANT' },
            { actorId: ids.unknownActor, role: 'PARTICIPANT' },
            { actorId: ids.erdogan, role: 'OBSERVER' },
          ],
        }),
      )
      .thenProblems([
        { path: ['participants', 2, 'actorId'], message: `unknown actor id ${ids.unknownActor}` },
        {
          path: ['participants', 3, 'role'],
          message:
            'role must be one of HOST, GUEST, PARTICIPANT, SPEAKER, ADDRESSEE, SIGNATORY, MEDIATOR, MENTIONED, got "OBSERVER"',
        },
      ]);
  });

  it('lets an actor hold several roles but each role once', () => {
    const command = recordSyriaWarning();
    command.data.participants.push({ actorId: ids.khamenei, role: 'HOST' });
    spec
      .given([])
      .when(command)
      .then([
        {
          type: 'EventRecorded',
          data: {
            eventId: ids.syriaWarning,
            kind: 'STATEMENT',
            title: 'Khamenei warns Erdogan against a military attack in northern Syria',
            summary: '',
            start: day('2022-07-19'),
            end: null,
            location: null,
            participants: [
              { actorId: ids.khamenei, role: 'SPEAKER' },
              { actorId: ids.erdogan, role: 'ADDRESSEE' },
              { actorId: ids.syria, role: 'MENTIONED' },
              { actorId: ids.khamenei, role: 'HOST' },
            ],
            topics: ['syria'],
            sources: [],
            cameoCode: '012',
            links: [],
            meeting: null,
            statement: {
              speakerId: ids.khamenei,
              mode: 'PARAPHRASE',
              text: 'Any military attack in northern Syria would harm Turkey, Syria and the entire region and benefit terrorists.',
              language: 'en',
              addresseeIds: [ids.erdogan],
            },
            agreement: null,
          },
        },
      ]);
    const twice = recordSyriaWarning();
    twice.data.participants.push({ actorId: ids.erdogan, role: 'ADDRESSEE' });
    spec
      .given([])
      .when(twice)
      .thenProblems([
        {
          path: ['participants', 3],
          message: `actor ${ids.erdogan} (Recep Tayyip Erdogan) is listed as ADDRESSEE twice`,
        },
      ]);
  });
});

describe('RecordEvent: topics', () => {
  it('normalises "National currencies" to national-currencies and refuses what is not a tag', () => {
    spec
      .given([])
      .when(withData(recordVisit(), { topics: ['National currencies', 'Syria / Turkey', '', 'x'.repeat(51), 7] }))
      .thenProblems([
        {
          path: ['topics', 1],
          message:
            'topic "Syria / Turkey" (normalised "syria-/-turkey") is not a tag: use letters a-z, digits and single dashes, such as national-currencies',
        },
        { path: ['topics', 2], message: 'topic must not be empty' },
        { path: ['topics', 3], message: `topic "${'x'.repeat(51)}" is longer than 50 characters` },
        { path: ['topics', 4], message: 'a topic must be text, got 7' },
      ]);
  });

  it('allows at most 30 distinct topics', () => {
    const topics = Array.from({ length: 31 }, (_, i) => `topic-${i}`);
    spec
      .given([])
      .when(withData(recordVisit(), { topics: [...topics, 'Topic 0'] }))
      .thenProblems([{ path: ['topics'], message: 'at most 30 topics are allowed, got 31' }]);
  });
});

describe('RecordEvent: sources', () => {
  it('checks each source: UUID, publisher, http(s) URL, sizes, publication date', () => {
    spec
      .given([])
      .when(
        withData(recordVisit(), {
          sources: [
            { sourceId: 'reuters', publisher: ' ', url: 'ftp://example.org/putin.txt' },
            {
              sourceId: ids.apSource,
              publisher: 'The Associated Press',
              title: 'T'.repeat(501),
              excerpt: 'E'.repeat(2001),
              publishedAt: day('2022-07-19', 'EDT'),
            },
            { sourceId: ids.cnnSource, publisher: 'CNN', url: `https://example.org/${'a'.repeat(2000)}` },
          ],
        }),
      )
      .thenProblems([
        { path: ['sources', 0, 'sourceId'], message: 'sourceId must be a lower-case UUID, got "reuters"' },
        { path: ['sources', 0, 'publisher'], message: 'publisher must not be empty' },
        { path: ['sources', 0, 'url'], message: 'url must be an http or https URL, got "ftp://example.org/putin.txt"' },
        { path: ['sources', 1, 'title'], message: 'source title is longer than 500 characters (501)' },
        { path: ['sources', 1, 'excerpt'], message: 'excerpt is longer than 2000 characters (2001)' },
        {
          path: ['sources', 1, 'publishedAt', 'timeZone'],
          message: 'unknown time zone "EDT": expected an IANA zone such as Asia/Tehran or UTC',
        },
        { path: ['sources', 2, 'url'], message: 'url is longer than 2000 characters (2020)' },
      ]);
  });

  it('refuses the same source twice', () => {
    const command = recordVisit();
    command.data.sources!.push({ sourceId: ids.reutersSource, publisher: 'Reuters.com' });
    spec
      .given([])
      .when(command)
      .thenProblems([{ path: ['sources', 2, 'sourceId'], message: `source ${ids.reutersSource} is listed twice` }]);
  });

  it('keeps a URL and takes empty optional text as left out', () => {
    const command = withData(recordVisit(), {
      sources: [
        {
          sourceId: ids.apSource,
          publisher: 'The Associated Press',
          url: 'https://example.org/ap/putin-tehran',
          title: '',
          excerpt: '',
        },
      ],
    });
    const expected = visitRecorded();
    expected.data.sources = [
      { sourceId: ids.apSource, publisher: 'The Associated Press', url: 'https://example.org/ap/putin-tehran' },
    ];
    spec.given([]).when(command).then([expected]);
  });
});

describe('RecordEvent: links', () => {
  it('refuses a link to itself, to an unknown event, PART_OF a non-meeting, and the same link twice', () => {
    spec
      .given([])
      .when(
        withData(recordKhameneiTalks(), {
          links: [
            { type: 'PART_OF', targetEventId: ids.visit },
            { type: 'FOLLOW_UP_OF', targetEventId: ids.khameneiTalks },
            { type: 'FOLLOW_UP_OF', targetEventId: ids.unknownEvent },
            { type: 'PART_OF', targetEventId: ids.currenciesStatement },
            { type: 'PART_OF', targetEventId: ids.visit },
            { type: 'ANSWERS', targetEventId: ids.syriaWarning },
          ],
        }),
      )
      .thenProblems([
        { path: ['links', 1, 'targetEventId'], message: 'an event cannot link to itself' },
        { path: ['links', 2, 'targetEventId'], message: `unknown event id ${ids.unknownEvent}` },
        {
          path: ['links', 3, 'targetEventId'],
          message: `PART_OF must point to a MEETING, ${ids.currenciesStatement} is a STATEMENT`,
        },
        { path: ['links', 4], message: `duplicate link PART_OF → ${ids.visit}` },
        {
          path: ['links', 5, 'type'],
          message: 'link type must be one of PART_OF, FOLLOW_UP_OF, CONTRADICTS, got "ANSWERS"',
        },
      ]);
  });
});

describe('RecordEvent: meetings', () => {
  it('needs the meeting details of a MEETING and refuses those of other kinds', () => {
    spec
      .given([])
      .when(withData(recordVisit(), { meeting: null, agreement: { partyIds: [], terms: 'x', status: 'SIGNED' } }))
      .thenProblems([
        { path: ['meeting'], message: 'a MEETING needs meeting details, got null' },
        { path: ['agreement'], message: 'agreement details belong to AGREEMENT events, this is a MEETING' },
      ]);
  });

  it('checks format and type', () => {
    spec
      .given([])
      .when(withData(recordVisit(), { meeting: { format: 'LETTER', type: 'DINNER' } }))
      .thenProblems([
        { path: ['meeting', 'format'], message: 'meeting format must be one of IN_PERSON, PHONE, VIDEO, got "LETTER"' },
        { path: ['meeting', 'type'], message: 'meeting type must be one of BILATERAL, SUMMIT, VISIT, got "DINNER"' },
      ]);
  });

  it('needs a HOST and a GUEST for a VISIT', () => {
    spec
      .given([])
      .when(
        withData(recordVisit(), {
          participants: [
            { actorId: ids.putin, role: 'GUEST' },
            { actorId: ids.raisi, role: 'PARTICIPANT' },
          ],
        }),
      )
      .thenProblems([{ path: ['participants'], message: 'a VISIT needs at least one HOST and one GUEST participant' }]);
  });

  it('needs more than two distinct parties for a SUMMIT (the mentioned do not count)', () => {
    spec
      .given([])
      .when(
        withData(recordSummit(), {
          participants: [
            { actorId: ids.raisi, role: 'HOST' },
            { actorId: ids.putin, role: 'PARTICIPANT' },
            { actorId: ids.putin, role: 'GUEST' },
            { actorId: ids.syria, role: 'MENTIONED' },
          ],
        }),
      )
      .thenProblems([
        {
          path: ['participants'],
          message: 'a SUMMIT needs more than two distinct parties (HOST, GUEST or PARTICIPANT), got 2',
        },
      ]);
  });

  it('needs exactly two distinct parties for a BILATERAL meeting', () => {
    const command = recordKhameneiTalks();
    command.data.participants.push({ actorId: ids.raisi, role: 'PARTICIPANT' });
    spec
      .given([])
      .when(command)
      .thenProblems([
        {
          path: ['participants'],
          message: 'a BILATERAL meeting needs exactly two distinct parties (HOST, GUEST or PARTICIPANT), got 3',
        },
      ]);
  });

  it('counts a party merged into another party once', () => {
    const command = recordKhameneiTalks();
    command.data.participants = [
      { actorId: ids.putin, role: 'GUEST' },
      { actorId: ids.putinImported, role: 'PARTICIPANT' },
      { actorId: ids.khamenei, role: 'HOST' },
    ];
    spec
      .given([])
      .when(command)
      .thenState((state) =>
        expect(state).toMatchObject({
          participants: [
            { actorId: ids.putin, role: 'GUEST' },
            { actorId: ids.putin, role: 'PARTICIPANT' },
            { actorId: ids.khamenei, role: 'HOST' },
          ],
        }),
      );
  });
});

describe('RecordEvent: statements', () => {
  it('needs the speaker and the addressees among the participants', () => {
    const command = recordCurrenciesStatement();
    command.data.statement = {
      ...command.data.statement!,
      speakerId: ids.raisi,
      addresseeIds: [ids.putin, ids.erdogan, ids.unknownActor],
    };
    spec
      .given([])
      .when(command)
      .thenProblems([
        { path: ['statement', 'speakerId'], message: 'speaker must be one of the participants' },
        { path: ['statement', 'addresseeIds', 1], message: 'addressee must be one of the participants' },
        { path: ['statement', 'addresseeIds', 2], message: `unknown actor id ${ids.unknownActor}` },
      ]);
  });

  it('checks mode, text size and language tag', () => {
    const command = recordCurrenciesStatement();
    command.data.statement = {
      ...command.data.statement!,
      mode: 'RUMOUR' as 'QUOTE',
      text: 'x'.repeat(10_001),
      language: 'Farsi',
    };
    spec
      .given([])
      .when(command)
      .thenProblems([
        { path: ['statement', 'mode'], message: 'statement mode must be one of QUOTE, PARAPHRASE, got "RUMOUR"' },
        { path: ['statement', 'text'], message: 'statement text is longer than 10000 characters (10001)' },
        {
          path: ['statement', 'language'],
          message: 'language must be an ISO 639-1 or BCP 47 tag such as en, fa or ru, got "Farsi"',
        },
      ]);
  });

  it('records a quote in Persian with a BCP 47 tag and no addressees', () => {
    const command = recordCurrenciesStatement();
    command.data.statement = {
      speakerId: ids.khamenei,
      mode: 'QUOTE',
      text: 'استقلال خود را حفظ کرد',
      language: 'fa-IR',
    };
    spec
      .given([])
      .when(command)
      .thenState((state) =>
        expect(state).toMatchObject({
          statement: {
            speakerId: ids.khamenei,
            mode: 'QUOTE',
            text: 'استقلال خود را حفظ کرد',
            language: 'fa-IR',
            addresseeIds: [],
          },
        }),
      );
  });
});

describe('RecordEvent: agreements', () => {
  it('needs at least two distinct parties, each a participant', () => {
    const command = recordSyriaAgreement();
    command.data.agreement = { ...command.data.agreement!, partyIds: [ids.putin, ids.putinImported] };
    spec
      .given([])
      .when(command)
      .thenProblems([{ path: ['agreement', 'partyIds'], message: 'an agreement needs at least two distinct parties' }]);
    const outsider = recordSyriaAgreement();
    outsider.data.agreement = { ...outsider.data.agreement!, partyIds: [ids.putin, ids.khamenei] };
    spec
      .given([])
      .when(outsider)
      .thenProblems([{ path: ['agreement', 'partyIds', 1], message: 'party must be one of the participants' }]);
  });

  it('checks terms, status and that it was signed at a MEETING', () => {
    const command = recordSyriaAgreement();
    command.data.agreement = {
      ...command.data.agreement!,
      terms: 'x'.repeat(10_001),
      status: 'AGREED' as 'SIGNED',
      signedAtEventId: ids.syriaWarning,
    };
    spec
      .given([])
      .when(command)
      .thenProblems([
        { path: ['agreement', 'terms'], message: 'terms is longer than 10000 characters (10001)' },
        {
          path: ['agreement', 'status'],
          message:
            'agreement status must be one of PROPOSED, SIGNED, RATIFIED, IN_FORCE, SUSPENDED, TERMINATED, ABANDONED, got "AGREED"',
        },
        {
          path: ['agreement', 'signedAtEventId'],
          message: `signedAtEventId must be a MEETING, ${ids.syriaWarning} is a STATEMENT`,
        },
      ]);
  });

  it('may be recorded at any status, and without a signing meeting', () => {
    const command = recordSyriaAgreement();
    command.data.agreement = { ...command.data.agreement!, status: 'IN_FORCE', signedAtEventId: null };
    const expected = syriaAgreementRecorded();
    expected.data.agreement = {
      partyIds: [ids.putin, ids.raisi, ids.erdogan],
      terms: expected.data.agreement!.terms,
      status: 'IN_FORCE',
    };
    spec.given([]).when(command).then([expected]);
  });
});
