import { describe, expect, it } from '@jest/globals';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import {
  importedPutinRegistered,
  ids,
  putinRegistered,
  raisiRegistered,
  russiaRegistered,
} from '../testing/tehran-2022';
import { actorDecider } from './actor-decider';
import { decideMerge } from './actor-merge';
import type { ActorEvent, ActorState } from './actor-types';

const stateOf = (...events: ActorEvent[]): ActorState =>
  events.reduce(actorDecider.evolve, actorDecider.initialState());
const merged = (actorId: string, into: string): ActorEvent => ({
  type: 'ActorMerged',
  data: { actorId, into, reason: 'duplicate' },
});

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('decideMerge', () => {
  const reason = 'GDELT import created "VLADIMIR PUTIN" a second time';

  it('marks the duplicate merged and gives the survivor the duplicate’s names it did not have', () => {
    const result = decideMerge({
      duplicate: stateOf(importedPutinRegistered()),
      survivor: stateOf(putinRegistered()),
      reason,
    });
    expect(result).toEqual({
      duplicateEvents: [{ type: 'ActorMerged', data: { actorId: ids.putinImported, into: ids.putin, reason } }],
      survivorEvents: [
        {
          type: 'ActorAbsorbed',
          data: { actorId: ids.putin, duplicateId: ids.putinImported, aliases: ['V. Putin'], reason },
        },
      ],
    });
  });

  it('leaves both actors as the API should show them', () => {
    const duplicate = stateOf(importedPutinRegistered());
    const survivor = stateOf(putinRegistered());
    const { duplicateEvents, survivorEvents } = decideMerge({ duplicate, survivor, reason });
    expect(duplicateEvents.reduce(actorDecider.evolve, duplicate)).toMatchObject({
      status: 'MERGED',
      mergedInto: ids.putin,
    });
    expect(survivorEvents.reduce(actorDecider.evolve, survivor)).toMatchObject({
      status: 'ACTIVE',
      aliases: ['VLADIMIR PUTIN', 'Putin', 'V. Putin'],
      absorbedActorIds: [ids.putinImported],
    });
  });

  it('refuses to merge an actor into itself', () => {
    const putin = stateOf(putinRegistered());
    const error = thrown(() => decideMerge({ duplicate: putin, survivor: putin, reason }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe(`survivorId: actor ${ids.putin} cannot be merged into itself`);
  });

  it('refuses a duplicate that was merged already', () => {
    const duplicate = stateOf(importedPutinRegistered(), merged(ids.putinImported, ids.putin));
    const error = thrown(() => decideMerge({ duplicate, survivor: stateOf(putinRegistered()), reason }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(`actor ${ids.putinImported} was merged into ${ids.putin} already`);
  });

  it('refuses a survivor that was merged itself, and names where to merge instead', () => {
    const survivor = stateOf(putinRegistered(), merged(ids.putin, ids.putinImported));
    const error = thrown(() => decideMerge({ duplicate: stateOf(raisiRegistered()), survivor, reason }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(
      `actor ${ids.putin} was merged into ${ids.putinImported}; merge into ${ids.putinImported} instead`,
    );
  });

  it('refuses actors of different kinds, and an empty reason, together', () => {
    const error = thrown(() =>
      decideMerge({ duplicate: stateOf(putinRegistered()), survivor: stateOf(russiaRegistered()), reason: '' }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      { path: ['reason'], message: 'reason must not be empty' },
      { path: ['survivorId'], message: 'cannot merge a PERSON (Vladimir Putin) into a STATE (Russia): kinds differ' },
    ]);
  });

  it('refuses when the survivor would end up with more than 50 aliases', () => {
    const crowded = putinRegistered();
    crowded.data.aliases = Array.from({ length: 49 }, (_, i) => `Putin ${i}`); // + "Putin", "V. Putin"; the name matches
    const error = thrown(() =>
      decideMerge({ duplicate: stateOf(importedPutinRegistered()), survivor: stateOf(crowded), reason }),
    );
    expect((error as ValidationError).problems).toEqual([
      {
        path: ['aliases'],
        message: 'the survivor would have 51 aliases, at most 50 are allowed: remove some from either actor first',
      },
    ]);
  });

  it('refuses actors that were never registered', () => {
    const none = actorDecider.initialState();
    expect(thrown(() => decideMerge({ duplicate: none, survivor: stateOf(putinRegistered()), reason }))).toBeInstanceOf(
      NotFoundError,
    );
    expect(thrown(() => decideMerge({ duplicate: stateOf(putinRegistered()), survivor: none, reason }))).toBeInstanceOf(
      NotFoundError,
    );
  });
});
