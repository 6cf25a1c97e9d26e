import { describe, expect, it } from '@jest/globals';
import { ConflictError, NotFoundError } from '../errors';
import { DeciderSpecification } from '../testing/decider-spec';
import {
  actorFacts,
  day,
  ids,
  importedPutinRegistered,
  putinRegistered,
  raisiRegistered,
  registerPutin,
  russiaRegistered,
} from '../testing/tehran-2022';
import { actorDecider } from './actor-decider';
import type { ActorState, RegisterActor, ReviseActor } from './actor-types';

const spec = DeciderSpecification(actorDecider);

function revise(data: Omit<ReviseActor['data'], 'actorId'>, actorId: string = ids.putin): ReviseActor {
  return { type: 'ReviseActor', data: { actorId, ...data }, context: { actors: actorFacts() } };
}

function register(data: Partial<RegisterActor['data']>): RegisterActor {
  const command = registerPutin();
  return { ...command, data: { ...command.data, ...data } };
}

describe('RegisterActor', () => {
  it('records a person with aliases, country, CAMEO code and a role in a state', () => {
    spec.given([]).when(registerPutin()).then([putinRegistered()]);
  });

  it('trims aliases and keeps the first spelling of those equal but for case', () => {
    spec
      .given([])
      .when(register({ name: ' Vladimir Putin ', aliases: [' VLADIMIR PUTIN', 'Putin ', 'putin', 'Vladimir putin'] }))
      .then([{ ...putinRegistered(), data: { ...putinRegistered().data, aliases: ['VLADIMIR PUTIN', 'Putin'] } }]);
  });

  it('records a role that ended (Raisi, President of Iran 2021-08-03 to 2024-05-19)', () => {
    const { data } = raisiRegistered();
    spec
      .given([])
      .when({ type: 'RegisterActor', data, context: { actors: actorFacts() } })
      .then([raisiRegistered()]);
  });

  it('needs a country for a STATE, not for a PERSON or an ORGANIZATION', () => {
    const state: RegisterActor = {
      type: 'RegisterActor',
      data: { actorId: ids.syria, kind: 'STATE', name: 'Syria' },
      context: { actors: {} },
    };
    spec
      .given([])
      .when(state)
      .thenProblems([
        { path: ['country'], message: 'a STATE needs a country: an ISO 3166-1 alpha-3 code such as RUS' },
      ]);
    spec
      .given([])
      .when({
        type: 'RegisterActor',
        data: { actorId: ids.unknownActor, kind: 'ORGANIZATION', name: 'Reuters' },
        context: { actors: {} },
      })
      .then([
        {
          type: 'ActorRegistered',
          data: {
            actorId: ids.unknownActor,
            kind: 'ORGANIZATION',
            name: 'Reuters',
            aliases: [],
            country: null,
            cameoCode: null,
            roles: [],
          },
        },
      ]);
  });

  it('records a role held in a merged state as held in its survivor', () => {
    const command = registerPutin();
    command.context.actors[ids.unknownActor] = { kind: 'STATE', name: 'Russian Federation', mergedInto: ids.russia };
    command.data.roles = [
      { title: 'President', ofActorId: ids.unknownActor, from: day('2012-05-07', 'Europe/Moscow') },
    ];
    spec.given([]).when(command).then([putinRegistered()]);
  });

  it('reports every problem of the command at once, each at its path', () => {
    spec
      .given([])
      .when(
        register({
          actorId: 'putin',
          kind: 'HUMAN' as 'PERSON',
          name: '   ',
          aliases: ['Putin', 'x'.repeat(201)],
          country: 'RU',
          cameoCode: 'XXXGOV',
          roles: [
            { title: 'President', ofActorId: ids.unknownActor, from: day('2012-05-07', 'Europe/Moscow') },
            { title: 'Prime Minister', ofActorId: ids.khamenei, from: day('2008-05-08'), to: day('2008-05-07') },
            { title: '', from: { value: '2012-05', precision: 'DAY', timeZone: 'Europe/Moscow' } },
          ],
        }),
      )
      .thenProblems([
        { path: ['actorId'], message: 'actorId must be a lower-case UUID, got "putin"' },
        { path: ['kind'], message: 'kind must be one of PERSON, STATE, ORGANIZATION, got "HUMAN"' },
        { path: ['name'], message: 'name must not be empty' },
        { path: ['aliases', 1], message: 'alias is longer than 200 characters (201)' },
        { path: ['country'], message: 'country must be an ISO 3166-1 alpha-3 code such as RUS, got "RU"' },
        {
          path: ['cameoCode'],
          message:
            'unknown CAMEO actor code "XXXGOV": segment "XXX" is not a known country, type, group, ethnic or religion code',
        },
        { path: ['roles', 0, 'ofActorId'], message: `unknown actor id ${ids.unknownActor}` },
        {
          path: ['roles', 1, 'ofActorId'],
          message: `a role is held in a STATE or ORGANIZATION, ${ids.khamenei} (Ali Khamenei) is a PERSON`,
        },
        { path: ['roles', 1, 'to'], message: 'to (2008-05-07, DAY) is before from (2008-05-08, DAY)' },
        { path: ['roles', 2, 'title'], message: 'role title must not be empty' },
        {
          path: ['roles', 2, 'from', 'value'],
          message:
            'value "2012-05" does not match precision DAY (YYYY-MM-DD, such as 2022-07-19); it has the shape of MONTH',
        },
      ]);
  });

  it('limits names to 200 characters and aliases to 50', () => {
    spec
      .given([])
      .when(register({ name: 'P'.repeat(201), aliases: Array.from({ length: 51 }, (_, i) => `Putin ${i}`) }))
      .thenProblems([
        { path: ['name'], message: 'name is longer than 200 characters (201)' },
        { path: ['aliases'], message: 'at most 50 aliases are allowed, got 51' },
      ]);
  });

  it('refuses to register an actor twice', () => {
    spec
      .given([putinRegistered()])
      .when(registerPutin())
      .thenThrows(ConflictError, `actor ${ids.putin} is registered already`);
  });
});

describe('ReviseActor', () => {
  it('records only what changed, with the old values and the reason', () => {
    spec
      .given([putinRegistered()])
      .when(
        revise({
          aliases: ['VLADIMIR PUTIN', 'Putin', 'Vladimir Vladimirovich Putin'],
          name: 'Vladimir Putin',
          reason: 'Full name as in Kremlin releases',
        }),
      )
      .then([
        {
          type: 'ActorRevised',
          data: {
            actorId: ids.putin,
            changes: { aliases: ['VLADIMIR PUTIN', 'Putin', 'Vladimir Vladimirovich Putin'] },
            previous: { aliases: ['VLADIMIR PUTIN', 'Putin'] },
            reason: 'Full name as in Kremlin releases',
          },
        },
      ]);
  });

  it('replaces the list of roles (Raisi’s presidency ended on 19 May 2024)', () => {
    const open = raisiRegistered();
    open.data.roles = [{ title: 'President', ofActorId: ids.iran, from: day('2021-08-03') }];
    spec
      .given([open])
      .when(
        revise({ roles: raisiRegistered().data.roles, reason: 'Died in a helicopter crash on 19 May 2024' }, ids.raisi),
      )
      .then([
        {
          type: 'ActorRevised',
          data: {
            actorId: ids.raisi,
            changes: { roles: raisiRegistered().data.roles },
            previous: { roles: open.data.roles },
            reason: 'Died in a helicopter crash on 19 May 2024',
          },
        },
      ]);
  });

  it('clears an optional value given as null', () => {
    spec
      .given([putinRegistered()])
      .when(revise({ cameoCode: null, reason: 'The code was guessed' }))
      .then([
        {
          type: 'ActorRevised',
          data: {
            actorId: ids.putin,
            changes: { cameoCode: null },
            previous: { cameoCode: 'RUSGOV' },
            reason: 'The code was guessed',
          },
        },
      ]);
  });

  it('validates the revised actor as a whole: a STATE keeps its country', () => {
    spec
      .given([russiaRegistered()])
      .when(revise({ country: null, reason: 'cleanup' }, ids.russia))
      .thenProblems([
        { path: ['country'], message: 'a STATE needs a country: an ISO 3166-1 alpha-3 code such as RUS' },
      ]);
  });

  it('needs a reason', () => {
    spec
      .given([putinRegistered()])
      .when(revise({ name: 'V. V. Putin', reason: ' ' }))
      .thenProblems([{ path: ['reason'], message: 'reason must not be empty' }]);
  });

  it('refuses to change the kind', () => {
    const command = revise({ reason: 'Putin is the state' });
    (command.data as Record<string, unknown>).kind = 'STATE';
    spec
      .given([putinRegistered()])
      .when(command)
      .thenProblems([
        { path: ['kind'], message: 'kind cannot be revised (this is a PERSON): register a new actor and merge' },
      ]);
  });

  it('refuses a revision that changes nothing', () => {
    spec
      .given([putinRegistered()])
      .when(revise({ name: 'Vladimir Putin ', aliases: ['VLADIMIR PUTIN', 'Putin', 'putin'], reason: 'check' }))
      .thenProblems([{ path: [], message: 'nothing to change: the revision equals the current actor' }]);
  });

  it('refuses an actor that was never registered', () => {
    spec
      .given([])
      .when(revise({ name: 'Putin', reason: 'typo' }))
      .thenThrows(NotFoundError, `actor ${ids.putin} is not registered`);
  });

  it('refuses a merged actor and names its survivor', () => {
    spec
      .given([
        importedPutinRegistered(),
        { type: 'ActorMerged', data: { actorId: ids.putinImported, into: ids.putin, reason: 'duplicate' } },
      ])
      .when(revise({ name: 'Vladimir Putin', reason: 'typo' }, ids.putinImported))
      .thenThrows(
        ConflictError,
        `actor ${ids.putinImported} was merged into ${ids.putin}; revise ${ids.putin} instead`,
      );
  });
});

describe('actor state', () => {
  it('exposes what an Actor in the API shows, through revisions and merges', () => {
    spec
      .given([
        putinRegistered(),
        {
          type: 'ActorAbsorbed',
          data: {
            actorId: ids.putin,
            duplicateId: ids.putinImported,
            aliases: ['V. Putin'],
            reason: 'duplicate from import',
          },
        },
      ])
      .when(revise({ cameoCode: 'RUSELI', reason: 'elite rather than government' }))
      .thenState((state: ActorState) => {
        expect(state).toEqual({
          status: 'ACTIVE',
          actorId: ids.putin,
          kind: 'PERSON',
          name: 'Vladimir Putin',
          aliases: ['VLADIMIR PUTIN', 'Putin', 'V. Putin'],
          country: 'RUS',
          cameoCode: 'RUSELI',
          roles: [{ title: 'President', ofActorId: ids.russia, from: day('2012-05-07', 'Europe/Moscow') }],
          mergedInto: null,
          absorbedActorIds: [ids.putinImported],
        });
      });
  });
});
