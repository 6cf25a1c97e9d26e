import { resolveActor, type ActorFacts } from '../context';
import type { Problem } from '../errors';
import { checkList, checkOneOf, checkText, describeValue, isRecord, withArticle } from '../validation';
import { AGREEMENT_STATUSES } from './agreement-status';
import { EVENT_LIMITS } from './event-limits';
import {
  MEETING_FORMATS,
  MEETING_TYPES,
  STATEMENT_MODES,
  type AgreementDetails,
  type EventFact,
  type EventKind,
  type MeetingDetails,
  type Participant,
  type StatementDetails,
} from './event-types';
import { distinctParties } from './participant-validation';

const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const DETAIL_KEY = { MEETING: 'meeting', STATEMENT: 'statement', AGREEMENT: 'agreement' } as const satisfies Record<
  EventKind,
  string
>;

export type KindDetails = {
  meeting: MeetingDetails | null;
  statement: StatementDetails | null;
  agreement: AgreementDetails | null;
};

/**
 * The details of the event's own kind are required and those of other kinds refused. Actor ids in
 * the details are resolved to survivors like participants, then each must be a participant.
 */
export function validateKindDetails(
  input: Record<string, unknown>,
  kind: EventKind,
  participants: { participants: Participant[]; complete: boolean },
  facts: { actors: ActorFacts; events: Record<string, EventFact> },
  problems: Problem[],
): KindDetails {
  const details: KindDetails = { meeting: null, statement: null, agreement: null };
  for (const other of Object.keys(DETAIL_KEY) as EventKind[]) {
    const key = DETAIL_KEY[other];
    const value = input[key];
    if (other === kind) {
      if (!isRecord(value))
        problems.push({
          path: [key],
          message: `${withArticle(kind)} needs ${key} details, got ${describeValue(value)}`,
        });
    } else if (value !== undefined && value !== null) {
      problems.push({ path: [key], message: `${key} details belong to ${other} events, this is ${withArticle(kind)}` });
    }
  }
  const own = input[DETAIL_KEY[kind]];
  if (!isRecord(own)) return details;
  const memberIds = new Set(participants.participants.map((p) => p.actorId));
  switch (kind) {
    case 'MEETING':
      details.meeting = validateMeeting(own, participants, problems) ?? null;
      break;
    case 'STATEMENT':
      details.statement = validateStatement(own, memberIds, facts.actors, problems) ?? null;
      break;
    case 'AGREEMENT':
      details.agreement = validateAgreement(own, memberIds, facts, problems) ?? null;
      break;
    default: {
      const unknownKind: never = kind;
      throw new TypeError(`unknown event kind ${String(unknownKind)}`);
    }
  }
  return details;
}

function validateMeeting(
  raw: Record<string, unknown>,
  { participants, complete }: { participants: Participant[]; complete: boolean },
  problems: Problem[],
): MeetingDetails | undefined {
  const before = problems.length;
  const format = checkOneOf(raw.format, MEETING_FORMATS, ['meeting', 'format'], 'meeting format', problems);
  const type = checkOneOf(raw.type, MEETING_TYPES, ['meeting', 'type'], 'meeting type', problems);
  // Counting parties among broken participants would only add confusing messages.
  if (type && complete) {
    const parties = distinctParties(participants).length;
    const has = (role: string) => participants.some((p) => p.role === role);
    if (type === 'VISIT' && (!has('HOST') || !has('GUEST'))) {
      problems.push({ path: ['participants'], message: 'a VISIT needs at least one HOST and one GUEST participant' });
    } else if (type === 'SUMMIT' && parties <= 2) {
      problems.push({
        path: ['participants'],
        message: `a SUMMIT needs more than two distinct parties (HOST, GUEST or PARTICIPANT), got ${parties}`,
      });
    } else if (type === 'BILATERAL' && parties !== 2) {
      problems.push({
        path: ['participants'],
        message: `a BILATERAL meeting needs exactly two distinct parties (HOST, GUEST or PARTICIPANT), got ${parties}`,
      });
    }
  }
  return problems.length > before ? undefined : { format: format!, type: type! };
}

function validateStatement(
  raw: Record<string, unknown>,
  memberIds: Set<string>,
  actors: ActorFacts,
  problems: Problem[],
): StatementDetails | undefined {
  const before = problems.length;
  const speaker = resolveActor(raw.speakerId, actors, ['statement', 'speakerId'], problems);
  if (speaker && !memberIds.has(speaker.actorId))
    problems.push({ path: ['statement', 'speakerId'], message: 'speaker must be one of the participants' });
  const mode = checkOneOf(raw.mode, STATEMENT_MODES, ['statement', 'mode'], 'statement mode', problems);
  const text = checkText(
    raw.text,
    ['statement', 'text'],
    { label: 'statement text', min: 1, max: EVENT_LIMITS.statementText },
    problems,
  );
  const language = raw.language;
  if (typeof language !== 'string' || !LANGUAGE_TAG.test(language)) {
    problems.push({
      path: ['statement', 'language'],
      message: `language must be an ISO 639-1 or BCP 47 tag such as en, fa or ru, got ${describeValue(language)}`,
    });
  }
  const addresseeIds: string[] = [];
  const list =
    checkList(
      raw.addresseeIds ?? [],
      ['statement', 'addresseeIds'],
      'addressees',
      EVENT_LIMITS.participants,
      problems,
    ) ?? [];
  list.forEach((id, index) => {
    const path = ['statement', 'addresseeIds', index];
    const addressee = resolveActor(id, actors, path, problems);
    if (!addressee) return;
    if (!memberIds.has(addressee.actorId))
      problems.push({ path, message: 'addressee must be one of the participants' });
    else if (!addresseeIds.includes(addressee.actorId)) addresseeIds.push(addressee.actorId);
  });
  if (problems.length > before) return undefined;
  return { speakerId: speaker!.actorId, mode: mode!, text: text!, language: language as string, addresseeIds };
}

function validateAgreement(
  raw: Record<string, unknown>,
  memberIds: Set<string>,
  facts: { actors: ActorFacts; events: Record<string, EventFact> },
  problems: Problem[],
): AgreementDetails | undefined {
  const before = problems.length;
  const partyIds: string[] = [];
  const list = checkList(raw.partyIds, ['agreement', 'partyIds'], 'parties', EVENT_LIMITS.participants, problems);
  list?.forEach((id, index) => {
    const path = ['agreement', 'partyIds', index];
    const party = resolveActor(id, facts.actors, path, problems);
    if (!party) return;
    if (!memberIds.has(party.actorId)) problems.push({ path, message: 'party must be one of the participants' });
    else if (!partyIds.includes(party.actorId)) partyIds.push(party.actorId);
  });
  if (list && problems.length === before && partyIds.length < 2) {
    problems.push({ path: ['agreement', 'partyIds'], message: 'an agreement needs at least two distinct parties' });
  }
  const terms = checkText(
    raw.terms,
    ['agreement', 'terms'],
    { label: 'terms', min: 1, max: EVENT_LIMITS.terms },
    problems,
  );
  const status = checkOneOf(raw.status, AGREEMENT_STATUSES, ['agreement', 'status'], 'agreement status', problems);
  const signedAt = raw.signedAtEventId;
  if (signedAt !== undefined && signedAt !== null) {
    const fact =
      typeof signedAt === 'string' && Object.hasOwn(facts.events, signedAt) ? facts.events[signedAt] : undefined;
    if (!fact) {
      problems.push({
        path: ['agreement', 'signedAtEventId'],
        message: `unknown event id ${typeof signedAt === 'string' ? signedAt : describeValue(signedAt)}`,
      });
    } else if (fact.kind !== 'MEETING') {
      problems.push({
        path: ['agreement', 'signedAtEventId'],
        message: `signedAtEventId must be a MEETING, ${signedAt as string} is ${withArticle(fact.kind)}`,
      });
    }
  }
  if (problems.length > before) return undefined;
  const agreement: AgreementDetails = { partyIds, terms: terms!, status: status! };
  if (signedAt !== undefined && signedAt !== null) agreement.signedAtEventId = signedAt as string;
  return agreement;
}
