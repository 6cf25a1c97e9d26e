import { describe, expect, it } from '@jest/globals';
import { actorCommandReferences } from '../actors/actor-references';
import {
  actorFacts,
  eventContext,
  ids,
  putinRegistered,
  recordSyriaAgreement,
  registerPutin,
  syriaAgreementRecorded,
} from '../testing/tehran-2022';
import { actorDecider } from '../actors/actor-decider';
import { diplomaticEventDecider } from './event-decider';
import { eventCommandReferences } from './event-references';

describe('eventCommandReferences', () => {
  it('lists the actors and events a RecordEvent names', () => {
    expect(eventCommandReferences(recordSyriaAgreement(), diplomaticEventDecider.initialState())).toEqual({
      actorIds: [ids.putin, ids.raisi, ids.erdogan, ids.syria],
      eventIds: [ids.summit],
    });
  });

  it('adds what the current event names for a revision, which is validated as a whole', () => {
    const state = diplomaticEventDecider.evolve(diplomaticEventDecider.initialState(), syriaAgreementRecorded());
    const refs = eventCommandReferences(
      {
        type: 'ReviseEvent',
        data: { eventId: ids.syriaAgreement, links: [{ type: 'FOLLOW_UP_OF', targetEventId: ids.visit }], reason: 'r' },
        context: eventContext(),
      },
      state,
    );
    expect(refs).toEqual({
      actorIds: [ids.putin, ids.raisi, ids.erdogan, ids.syria],
      eventIds: [ids.summit, ids.visit],
    });
  });

  it('lists the target of a link and nothing for commands without references', () => {
    const state = diplomaticEventDecider.initialState();
    expect(
      eventCommandReferences(
        {
          type: 'LinkEvents',
          data: { eventId: ids.summit, link: { type: 'PART_OF', targetEventId: ids.visit } },
          context: { events: {} },
        },
        state,
      ),
    ).toEqual({ actorIds: [], eventIds: [ids.visit] });
    expect(eventCommandReferences({ type: 'RetractEvent', data: { eventId: ids.visit, reason: 'r' } }, state)).toEqual({
      actorIds: [],
      eventIds: [],
    });
  });
});

describe('actorCommandReferences', () => {
  it('lists the states and organisations roles are held in', () => {
    expect(actorCommandReferences(registerPutin(), actorDecider.initialState())).toEqual({ actorIds: [ids.russia] });
    const state = actorDecider.evolve(actorDecider.initialState(), putinRegistered());
    expect(
      actorCommandReferences(
        {
          type: 'ReviseActor',
          data: { actorId: ids.putin, name: 'V. Putin', reason: 'r' },
          context: { actors: actorFacts() },
        },
        state,
      ),
    ).toEqual({ actorIds: [ids.russia] });
  });
});
