import { describe, expect, it } from '@jest/globals';
import {
  decideEvent,
  EVENT_FIELDS,
  evolveEvent,
  initialEventState,
  type ActorFacts,
  type DiplomaticEvent,
} from '../../diplomacy/index';
import { ids, recordCurrenciesStatement, recordVisit } from '../../diplomacy/testing/tehran-2022';
import { bindActors, parseNdjsonLine, type ActorDescriptor, type ImportRecord } from '../../imports/index';
import { ndjsonLines, toNdjson } from './ndjson-export';
import { nodeFor, tehranNodes } from './testing/nodes';

describe('NDJSON export', () => {
  it('writes one import line per event, with actor descriptors', () => {
    const [line] = [...ndjsonLines([nodeFor(recordCurrenciesStatement())])];
    expect(line).toBe(
      JSON.stringify({
        eventId: ids.currenciesStatement,
        kind: 'STATEMENT',
        title: 'Khamenei: countries should trade in their own national currencies',
        start: { value: '2022-07-19', precision: 'DAY', timeZone: 'Asia/Tehran' },
        participants: [
          { actorId: ids.khamenei, role: 'SPEAKER', actor: { kind: 'PERSON', name: 'Ali Khamenei', country: 'IRN' } },
          { actorId: ids.putin, role: 'ADDRESSEE', actor: { kind: 'PERSON', name: 'Vladimir Putin', country: 'RUS' } },
          { actorId: ids.russia, role: 'MENTIONED', actor: { kind: 'STATE', name: 'Russia', country: 'RUS' } },
        ],
        topics: ['national-currencies', 'trade'],
        cameoCode: '010',
        links: [{ type: 'PART_OF', targetEventId: ids.khameneiTalks }],
        statement: {
          speakerId: ids.khamenei,
          mode: 'PARAPHRASE',
          text: 'Putin had ensured Russia “maintained its independence” from the United States; countries should start using their own national currencies when trading goods.',
          language: 'en',
          addresseeIds: [ids.putin],
        },
      }) + '\n',
    );
  });

  it('puts every event after the events it links to or was signed at', () => {
    const order = toNdjson(tehranNodes())
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { eventId: string }).eventId);
    expect(order).toEqual([
      ids.visit,
      ids.summit,
      ids.syriaAgreement,
      ids.khameneiTalks,
      ids.currenciesStatement,
      ids.syriaWarning,
    ]);
  });

  it('leaves retracted events out (the import format has no retraction)', () => {
    expect(toNdjson([nodeFor(recordVisit(), { retractedBecause: 'wrong' })])).toBe('');
  });

  it('leaves the descriptor out for an actor the read model does not know', () => {
    const line = JSON.parse(toNdjson([nodeFor(recordVisit(), { unknownActors: [ids.raisi] })])) as {
      participants: unknown[];
    };
    expect(line.participants).toEqual([
      { actorId: ids.putin, role: 'GUEST', actor: { kind: 'PERSON', name: 'Vladimir Putin', country: 'RUS' } },
      { actorId: ids.raisi, role: 'HOST' },
    ]);
  });

  it('round-trips: importing the export into an empty database records the same events and actors', () => {
    const nodes = tehranNodes();
    const records = toNdjson(nodes)
      .trimEnd()
      .split('\n')
      .map((text, i) => {
        const outcome = parseNdjsonLine({ lineNumber: i + 1, text });
        if (outcome?.type !== 'record') throw new Error(JSON.stringify(outcome));
        return outcome.record;
      });
    // What an empty database would register: each descriptor under its own id.
    const facts: ActorFacts = {};
    for (const record of records) {
      for (const actor of record.actors as ActorDescriptor[])
        facts[actor.actorId!] = { kind: actor.kind, name: actor.name };
    }
    const recorded = new Map<string, DiplomaticEvent>();
    const events: Record<string, { kind: DiplomaticEvent['kind'] }> = {};
    for (const record of records) {
      const doc = replay(record, facts, events);
      recorded.set(doc.eventId, doc);
      events[doc.eventId] = { kind: doc.kind };
    }
    for (const node of nodes) {
      const doc = recorded.get(node.eventId)!;
      for (const field of EVENT_FIELDS) expect([field, doc[field]]).toEqual([field, node.doc[field]]);
      for (const participant of node.participants)
        expect(facts[participant.actorId]).toEqual({ kind: participant.actor!.kind, name: participant.actor!.name });
    }
    expect(records.map((r) => r.eventId)).toEqual(expect.arrayContaining(nodes.map((n) => n.eventId)));
  });
});

function replay(
  record: ImportRecord,
  facts: ActorFacts,
  events: Record<string, { kind: DiplomaticEvent['kind'] }>,
): DiplomaticEvent {
  const data = bindActors(record.event, (ref) => ref.replace(/^id:/, ''));
  let state = initialEventState();
  for (const event of decideEvent({ type: 'RecordEvent', data, context: { actors: facts, events } }, state))
    state = evolveEvent(state, event);
  return state as DiplomaticEvent;
}
