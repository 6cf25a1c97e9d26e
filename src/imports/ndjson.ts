import { ACTOR_KINDS, EVENT_FIELDS, EVENT_KINDS, type EventKind } from '../diplomacy/index';
import { findUnstorableText } from '../input/storable-text';
import { domainRefusal } from './domain-check';
import { eventIdFor, sha256 } from './ids';
import { isBlank, lineReject, reject } from './line-checks';
import type { ActorDescriptor, ActorIdReference, ImportEventData, ImportOutcome, Line, ImportOptions } from './types';

/** The fields of one NDJSON line: RecordEvent data, eventId optional, actor descriptors allowed. */
export const NDJSON_FIELDS = ['eventId', 'kind', ...EVENT_FIELDS] as const;
const PARTICIPANT_FIELDS = ['actorId', 'role', 'actor'];
const ACTOR_FIELDS = ['kind', 'name', 'aliases', 'country', 'cameoCode'];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const ref = (actorId: string) => `id:${actorId}`;

class ShapeError extends Error {}

/** One line of the project's own NDJSON (what the NDJSON export writes); undefined for a blank line. */
export function parseNdjsonLine(line: Line, options: ImportOptions = {}): ImportOutcome | undefined {
  if (isBlank(line)) return undefined;
  const early = lineReject(line);
  if (early) return early;
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch (error) {
    return reject(line.lineNumber, 'JSON', `invalid JSON: ${(error as Error).message}`);
  }
  // JSON escapes (\u0000, a lone \ud800) make text the raw line does not show.
  const unstorable = findUnstorableText(value);
  if (unstorable)
    return reject(line.lineNumber, 'UNSTORABLE_TEXT', `${unstorable.path || 'the line'} ${unstorable.problem}`);
  const contentHash = sha256(line.text.trim());
  try {
    const { event, actors } = shape(value, contentHash);
    const refusal = options.domainCheck === false ? undefined : domainRefusal(event, actors);
    if (refusal) return reject(line.lineNumber, 'DOMAIN_RULE', refusal, event.eventId);
    return {
      type: 'record',
      record: {
        lineNumber: line.lineNumber,
        externalId: event.eventId,
        source: 'NDJSON',
        eventId: event.eventId,
        kind: event.kind,
        event,
        actors,
        provenance: { source: 'NDJSON', externalId: event.eventId, contentHash },
      },
    };
  } catch (error) {
    if (error instanceof ShapeError) return reject(line.lineNumber, 'SHAPE', error.message);
    throw error;
  }
}

function shape(
  value: unknown,
  contentHash: string,
): { event: ImportEventData; actors: (ActorDescriptor | ActorIdReference)[] } {
  if (!isObject(value))
    throw new ShapeError(`a line must be a JSON object, got ${Array.isArray(value) ? 'a list' : typeof value}`);
  onlyKnown(value, NDJSON_FIELDS, '');
  if (!EVENT_KINDS.includes(value.kind as EventKind))
    throw new ShapeError(`kind must be one of ${EVENT_KINDS.join(', ')}, got ${JSON.stringify(value.kind)}`);
  if (value.eventId !== undefined && typeof value.eventId !== 'string')
    throw new ShapeError('eventId must be text when given');
  if (!Array.isArray(value.participants)) throw new ShapeError('participants must be a list');

  const actors = new Map<string, ActorDescriptor | ActorIdReference>();
  const participants = value.participants.map((raw, index) => {
    const where = `participants[${index}]`;
    if (!isObject(raw)) throw new ShapeError(`${where} must be an object { actorId, role, actor? }`);
    onlyKnown(raw, PARTICIPANT_FIELDS, `${where}.`);
    const actorId = text(raw.actorId, `${where}.actorId`);
    const descriptor =
      raw.actor === undefined ? { ref: ref(actorId), actorId } : actorDescriptor(raw.actor, actorId, `${where}.actor`);
    const known = actors.get(descriptor.ref);
    if (known && 'kind' in known && 'kind' in descriptor && JSON.stringify(known) !== JSON.stringify(descriptor)) {
      throw new ShapeError(`${where}.actor differs from the descriptor given for ${actorId} before`);
    }
    if (!known || (!('kind' in known) && 'kind' in descriptor)) actors.set(descriptor.ref, descriptor);
    return { actorRef: ref(actorId), role: raw.role as ImportEventData['participants'][number]['role'] };
  });

  const { participants: _p, statement, agreement, eventId, ...rest } = value;
  const event = {
    ...rest,
    eventId: eventId ?? eventIdFor('NDJSON', `sha256:${contentHash}`),
    participants,
  } as ImportEventData;
  if (isObject(statement)) {
    const { speakerId, addresseeIds, ...said } = statement;
    const addressees = addresseeIds === undefined ? [] : list(addresseeIds, 'statement.addresseeIds');
    event.statement = {
      ...(said as object),
      speakerRef: ref(text(speakerId, 'statement.speakerId')),
      addresseeRefs: addressees.map(ref),
    } as ImportEventData['statement'];
  } else if (statement !== undefined) event.statement = statement as null;
  if (isObject(agreement)) {
    const { partyIds, ...terms } = agreement;
    event.agreement = {
      ...(terms as object),
      partyRefs: list(partyIds, 'agreement.partyIds').map(ref),
    } as ImportEventData['agreement'];
  } else if (agreement !== undefined) event.agreement = agreement as null;
  return { event, actors: [...actors.values()] };
}

function actorDescriptor(raw: unknown, actorId: string, where: string): ActorDescriptor {
  if (!isObject(raw)) throw new ShapeError(`${where} must be an object { kind, name, aliases?, country?, cameoCode? }`);
  onlyKnown(raw, ACTOR_FIELDS, `${where}.`);
  if (!ACTOR_KINDS.includes(raw.kind as ActorDescriptor['kind']))
    throw new ShapeError(`${where}.kind must be one of ${ACTOR_KINDS.join(', ')}`);
  const descriptor: ActorDescriptor = {
    ref: ref(actorId),
    actorId,
    kind: raw.kind as ActorDescriptor['kind'],
    name: text(raw.name, `${where}.name`),
    aliases: raw.aliases === undefined ? [] : list(raw.aliases, `${where}.aliases`),
  };
  if (raw.country !== undefined && raw.country !== null) descriptor.country = text(raw.country, `${where}.country`);
  if (raw.cameoCode !== undefined && raw.cameoCode !== null)
    descriptor.cameoCode = text(raw.cameoCode, `${where}.cameoCode`);
  return descriptor;
}

function onlyKnown(value: Json, known: readonly string[], prefix: string): void {
  const unknown = Object.keys(value).filter((key) => !known.includes(key));
  if (unknown.length > 0)
    throw new ShapeError(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => prefix + k).join(', ')}`);
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ShapeError(`${where} must be non-empty text`);
  return value;
}

function list(value: unknown, where: string): string[] {
  if (!Array.isArray(value)) throw new ShapeError(`${where} must be a list of text`);
  return value.map((item, index) => text(item, `${where}[${index}]`));
}
