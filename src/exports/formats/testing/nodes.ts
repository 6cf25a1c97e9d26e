import {
  decideEvent,
  evolveEvent,
  initialEventState,
  type DiplomaticEvent,
  type DiplomaticEventState,
  type RecordEvent,
} from '../../../diplomacy/index';
import {
  actorFacts,
  ids,
  recordCurrenciesStatement,
  recordKhameneiTalks,
  recordSummit,
  recordSyriaAgreement,
  recordSyriaWarning,
  recordVisit,
} from '../../../diplomacy/testing/tehran-2022';
import type { ExportNode } from '../timeline-node';

const COUNTRY: Record<string, string> = {
  [ids.putin]: 'RUS',
  [ids.khamenei]: 'IRN',
  [ids.raisi]: 'IRN',
  [ids.erdogan]: 'TUR',
  [ids.russia]: 'RUS',
  [ids.iran]: 'IRN',
  [ids.turkey]: 'TUR',
  [ids.syria]: 'SYR',
};

/** A timeline node as the read model would give it, from a RecordEvent the domain accepts. */
export function nodeFor(
  command: RecordEvent,
  options: { version?: number; recordedFrom?: Date; retractedBecause?: string; unknownActors?: string[] } = {},
): ExportNode {
  let state: DiplomaticEventState = initialEventState();
  for (const event of decideEvent(command, state)) state = evolveEvent(state, event);
  if (options.retractedBecause) {
    for (const event of decideEvent(
      { type: 'RetractEvent', data: { eventId: command.data.eventId, reason: options.retractedBecause } },
      state,
    )) {
      state = evolveEvent(state, event);
    }
  }
  const doc = state as DiplomaticEvent;
  const facts = actorFacts();
  const roles = new Map<string, string[]>();
  for (const p of doc.participants) roles.set(p.actorId, [...(roles.get(p.actorId) ?? []), p.role]);
  return {
    eventId: doc.eventId,
    version: options.version ?? 1,
    recordedFrom: options.recordedFrom ?? new Date('2022-07-20T08:00:00.000Z'),
    retracted: doc.status === 'RETRACTED',
    doc,
    participants: [...roles.entries()].map(([actorId, actorRoles]) => ({
      actorId,
      roles: actorRoles,
      actor: options.unknownActors?.includes(actorId)
        ? null
        : { actorId, kind: facts[actorId]!.kind, name: facts[actorId]!.name, country: COUNTRY[actorId] ?? null },
    })),
  };
}

/** The seed article's six events, the agreement first so that export order must be fixed. */
export function tehranNodes(): ExportNode[] {
  return [
    recordSyriaAgreement(),
    recordVisit(),
    recordKhameneiTalks(),
    recordSummit(),
    recordCurrenciesStatement(),
    recordSyriaWarning(),
  ].map((c) => nodeFor(c));
}
