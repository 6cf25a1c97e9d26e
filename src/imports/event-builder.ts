import {
  cameoEventLabel,
  EVENT_LIMITS,
  type EventLocation,
  type EventSource,
  type TemporalPoint,
} from '../diplomacy/index';
import { pastTensePhrase, type Classification } from './cameo-scope';
import { domainRefusal } from './domain-check';
import { eventIdFor } from './ids';
import type {
  ActorDescriptor,
  ImportEventData,
  ImportOutcome,
  ImportParticipant,
  ImportSource,
  Provenance,
  ImportOptions,
} from './types';

/** One coded event of GDELT or ICEWS, after parsing: Actor1 acted on Actor2, on a day. */
export type Dyad = {
  lineNumber: number;
  source: ImportSource;
  externalId: string;
  cameoCode: string;
  classification: Extract<Classification, { scope: 'IN' }>;
  date: TemporalPoint;
  actor1?: ActorDescriptor;
  actor2?: ActorDescriptor;
  location: EventLocation | null;
  sources: EventSource[];
  summary: string;
  provenance: Provenance;
  recordedAt?: string;
};

export function buildDyadRecord(dyad: Dyad, options: ImportOptions = {}): ImportOutcome {
  const { lineNumber, externalId } = dyad;
  const reject = (code: 'NO_ACTOR' | 'MISSING_SPEAKER' | 'DOMAIN_RULE', reason: string): ImportOutcome => ({
    type: 'reject',
    reject: { lineNumber, code, reason, externalId },
  });
  const a1 = dyad.actor1;
  // The same actor on both sides (a country "consulting" itself) is one participant.
  const a2 = dyad.actor2 && dyad.actor2.ref !== a1?.ref ? dyad.actor2 : undefined;
  if (!a1 && !a2) return reject('NO_ACTOR', 'no usable actor: Actor1 and Actor2 are both empty');

  const eventId = eventIdFor(dyad.source, externalId);
  const kind = dyad.classification.kind;
  const label = cameoEventLabel(dyad.cameoCode) ?? dyad.cameoCode;
  const base = {
    eventId,
    kind,
    summary: dyad.summary,
    start: dyad.date,
    location: dyad.location,
    topics: [],
    sources: dyad.sources,
    cameoCode: dyad.cameoCode,
  };
  let event: ImportEventData;
  const participants: ImportParticipant[] = [];
  const add = (actor: ActorDescriptor | undefined, roles: ImportParticipant['role'][]) => {
    if (actor) for (const role of roles) participants.push({ actorRef: actor.ref, role });
  };

  if (dyad.classification.kind === 'STATEMENT') {
    if (!a1) return reject('MISSING_SPEAKER', 'a STATEMENT needs its speaker, and Actor1 is empty');
    add(a1, ['SPEAKER']);
    add(a2, ['ADDRESSEE']);
    const said = `${a1.name} ${pastTensePhrase(label)}`;
    event = {
      ...base,
      title: clip(said, EVENT_LIMITS.title),
      participants,
      statement: {
        speakerRef: a1.ref,
        addresseeRefs: a2 ? [a2.ref] : [],
        mode: 'PARAPHRASE',
        language: 'en',
        text: `${said}${a2 ? `, addressed to ${a2.name}` : ''}.`,
      },
    };
  } else if (dyad.classification.kind === 'MEETING') {
    const plan = dyad.classification.meeting;
    add(a1, plan.actor1Roles);
    add(a2, plan.actor2Roles);
    event = {
      ...base,
      title: clip(meetingTitle(plan, a1, a2), EVENT_LIMITS.title),
      participants,
      meeting: { format: plan.format, type: plan.type },
    };
  } else {
    add(a1, ['SIGNATORY']);
    add(a2, ['SIGNATORY']);
    const parties = [a1, a2].filter((a): a is ActorDescriptor => a !== undefined);
    const names = parties.map((p) => p.name).join(' and ');
    event = {
      ...base,
      title: clip(`${names} sign${parties.length > 1 ? '' : 's'} an agreement`, EVENT_LIMITS.title),
      participants,
      agreement: {
        partyRefs: parties.map((p) => p.ref),
        status: 'SIGNED',
        terms: `Formal agreement signed by ${names} (CAMEO ${dyad.cameoCode} "${label}"). The source reports the signing, not the terms.`,
      },
    };
  }

  const actors = [a1, a2].filter((a): a is ActorDescriptor => a !== undefined);
  const refusal = options.domainCheck === false ? undefined : domainRefusal(event, actors);
  if (refusal) return reject('DOMAIN_RULE', refusal);
  const record = {
    lineNumber,
    externalId,
    source: dyad.source,
    eventId,
    kind,
    event,
    actors,
    provenance: dyad.provenance,
  };
  return { type: 'record', record: dyad.recordedAt ? { ...record, recordedAt: dyad.recordedAt } : record };
}

function meetingTitle(
  plan: { type: string; noun: string; actor1Roles: string[] },
  a1?: ActorDescriptor,
  a2?: ActorDescriptor,
): string {
  if (plan.type === 'VISIT') {
    const guest = plan.actor1Roles.includes('GUEST') ? a1 : a2;
    const host = plan.actor1Roles.includes('HOST') ? a1 : a2;
    if (guest && host) return `${guest.name} visits ${host.name}`;
    return guest ? `${guest.name} makes a visit` : `${host!.name} hosts a visit`;
  }
  if (plan.actor1Roles.includes('MEDIATOR') && a1)
    return a2 ? `${a1.name} mediates with ${a2.name}` : `${a1.name} mediates`;
  const names = [a1, a2].filter((a) => a !== undefined).map((a) => a.name);
  return `${names.join(' and ')}: ${plan.noun}`;
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
