import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { DomainError, eventStreamId } from '../../src/diplomacy';
import { commandServices } from '../../src/editorial/command-services';
import { foldEvent } from '../../src/editorial/stream-facts.service';
import { actors, ids, syriaAgreement, visitWithSlip } from '../support/story';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Property: whatever sequence of commands an admin sends, the states the service answered with
 * along the way are exactly what replaying the log gives, version by version.
 */
let db: TestDatabase;
let services: ReturnType<typeof commandServices>;
const context = { principal: { id: 'apikey:property', name: 'property', role: 'admin' as const } };
let meetingId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  services = commandServices(db.pool);
  for (const actor of actors) await services.actors.register(actor as never, context);
  meetingId = (await services.events.record({ ...visitWithSlip, eventId: randomUUID() } as never, context)).eventId;
});
afterAll(() => db.drop());

const day = fc
  .date({ min: new Date('2015-01-01'), max: new Date('2025-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const point = fc.oneof(
  day.map((value) => ({ value, precision: 'DAY', timeZone: 'Asia/Tehran' })),
  day.map((value) => ({ value: value.slice(0, 7), precision: 'MONTH', timeZone: 'UTC' })),
  day.map((value) => ({ value: value.slice(0, 4), precision: 'YEAR', timeZone: 'Europe/Moscow' })),
);
const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0);
const signatories = [ids.putin, ids.raisi, ids.erdogan, ids.khamenei];

type Step =
  | {
      type: 'revise';
      title?: string;
      summary?: string;
      start?: unknown;
      topics?: string[];
      cameoCode?: string | null;
      parties?: number;
    }
  | { type: 'retract' | 'restore'; reason: string }
  | { type: 'attach'; publisher: string }
  | { type: 'detach'; index: number }
  | { type: 'status'; status: string }
  | { type: 'link' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record(
    {
      type: fc.constant('revise' as const),
      title: text,
      summary: fc.string({ maxLength: 80 }),
      start: point,
      topics: fc.array(fc.constantFrom('syria', 'Ukraine', 'national currencies', 'energy', 'trade'), { maxLength: 4 }),
      cameoCode: fc.constantFrom('057', '0311', '030', null),
      parties: fc.integer({ min: 2, max: 4 }),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record({ type: fc.constantFrom('retract' as const, 'restore' as const), reason: text }),
  fc.record({ type: fc.constant('attach' as const), publisher: text }),
  fc.record({ type: fc.constant('detach' as const), index: fc.nat(3) }),
  fc.record({
    type: fc.constant('status' as const),
    status: fc.constantFrom('PROPOSED', 'SIGNED', 'RATIFIED', 'IN_FORCE', 'SUSPENDED', 'TERMINATED', 'ABANDONED'),
  }),
  fc.record({ type: fc.constant('link' as const) }),
);

describe('replaying the log', () => {
  it('rebuilds every state the commands answered with', async () => {
    let accepted = 0;
    let attempted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const eventId = randomUUID();
        const answered = [await services.events.record({ ...syriaAgreement, eventId } as never, context)];
        for (const s of steps) {
          const current = answered.at(-1)!;
          const base = { eventId, expectedVersion: current.version };
          attempted += 1;
          try {
            switch (s.type) {
              case 'revise': {
                const parties = s.parties === undefined ? undefined : signatories.slice(0, s.parties);
                answered.push(
                  await services.events.revise(
                    {
                      ...base,
                      reason: 'property',
                      ...(s.title !== undefined ? { title: s.title } : {}),
                      ...(s.summary !== undefined ? { summary: s.summary } : {}),
                      ...(s.start !== undefined ? { start: s.start } : {}),
                      ...(s.topics !== undefined ? { topics: s.topics } : {}),
                      ...(s.cameoCode !== undefined ? { cameoCode: s.cameoCode } : {}),
                      ...(parties
                        ? {
                            participants: parties.map((actorId) => ({ actorId, role: 'SIGNATORY' })),
                            agreement: { partyIds: parties },
                          }
                        : {}),
                    } as never,
                    context,
                  ),
                );
                break;
              }
              case 'retract':
                answered.push(await services.events.retract({ ...base, reason: s.reason }, context));
                break;
              case 'restore':
                answered.push(await services.events.restore({ ...base, reason: s.reason }, context));
                break;
              case 'attach':
                answered.push(
                  await services.events.attachSource({ ...base, source: { publisher: s.publisher } }, context),
                );
                break;
              case 'detach': {
                const source = current.state.sources[s.index];
                if (!source) continue;
                answered.push(await services.events.detachSource({ ...base, sourceId: source.sourceId }, context));
                break;
              }
              case 'status':
                answered.push(
                  await services.events.changeAgreementStatus({ ...base, status: s.status as never }, context),
                );
                break;
              case 'link':
                answered.push(
                  await services.events.link(
                    { ...base, link: { type: 'FOLLOW_UP_OF', targetEventId: meetingId } },
                    context,
                  ),
                );
                break;
            }
          } catch (error) {
            // Refused commands are part of the sequence too: they must leave no trace.
            if (!(error instanceof DomainError)) throw error;
          }
        }
        accepted += answered.length - 1;
        const stored = await services.store.readStream(eventStreamId(eventId));
        expect(stored.map((e) => e.streamVersion)).toEqual(answered.map((a) => a.version));
        answered.forEach((answer, i) => {
          expect(foldEvent(stored.slice(0, i + 1))).toEqual(answer.state);
        });
      }),
      { numRuns: 40 },
    );
    // The property says something only if many commands really change the event and others are
    // refused (or, for a detach with no such source, not sent). About half are accepted (measured: 114/234, 119/248, 133/246); a fixed count
    // near that mean failed one run in a few, so the bound is a share far below it.
    expect(accepted).toBeGreaterThan(attempted / 4);
    expect(accepted).toBeLessThan(attempted);
  });
});
