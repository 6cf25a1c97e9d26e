import { registerEnumType } from '@nestjs/graphql';
import {
  ACTOR_KINDS,
  AGREEMENT_STATUSES,
  EVENT_KINDS,
  LINK_TYPES,
  MEETING_FORMATS,
  MEETING_TYPES,
  PARTICIPANT_ROLES,
  STATEMENT_MODES,
  TEMPORAL_PRECISIONS,
  type ActorKind,
  type AgreementStatus,
  type EventKind,
  type LinkType,
  type MeetingFormat,
  type MeetingType,
  type ParticipantRole,
  type StatementMode,
  type TemporalPrecision,
} from '../../diplomacy';

/** GraphQL enums mirror the domain's lists, so the two cannot drift apart. */
function enumOf<T extends string>(values: readonly T[]): Record<T, T> {
  return Object.fromEntries(values.map((value) => [value, value])) as Record<T, T>;
}

export const EventKindEnum = enumOf<EventKind>(EVENT_KINDS);
export const ParticipantRoleEnum = enumOf<ParticipantRole>(PARTICIPANT_ROLES);
export const MeetingFormatEnum = enumOf<MeetingFormat>(MEETING_FORMATS);
export const MeetingTypeEnum = enumOf<MeetingType>(MEETING_TYPES);
export const StatementModeEnum = enumOf<StatementMode>(STATEMENT_MODES);
export const LinkTypeEnum = enumOf<LinkType>(LINK_TYPES);
export const AgreementStatusEnum = enumOf<AgreementStatus>(AGREEMENT_STATUSES);
export const ActorKindEnum = enumOf<ActorKind>(ACTOR_KINDS);
export const DatePrecisionEnum = enumOf<TemporalPrecision>(TEMPORAL_PRECISIONS);
export const EventStatusEnum = enumOf(['RECORDED', 'RETRACTED'] as const);
export const ActorStatusEnum = enumOf(['ACTIVE', 'MERGED'] as const);

registerEnumType(EventKindEnum, { name: 'EventKind' });
registerEnumType(ParticipantRoleEnum, { name: 'ParticipantRole' });
registerEnumType(MeetingFormatEnum, { name: 'MeetingFormat' });
registerEnumType(MeetingTypeEnum, {
  name: 'MeetingType',
  description: 'A VISIT has a HOST and a GUEST; a SUMMIT more than two parties',
});
registerEnumType(StatementModeEnum, {
  name: 'StatementMode',
  description: 'A QUOTE is verbatim; a PARAPHRASE reports it',
});
registerEnumType(LinkTypeEnum, { name: 'LinkType' });
registerEnumType(AgreementStatusEnum, {
  name: 'AgreementStatus',
  description:
    'PROPOSED → SIGNED | ABANDONED; SIGNED → RATIFIED | IN_FORCE | ABANDONED; RATIFIED → IN_FORCE; ' +
    'IN_FORCE → SUSPENDED | TERMINATED; SUSPENDED → IN_FORCE | TERMINATED; TERMINATED and ABANDONED are final',
});
registerEnumType(ActorKindEnum, { name: 'ActorKind' });
registerEnumType(DatePrecisionEnum, { name: 'DatePrecision', description: 'How precisely a source dates something' });
registerEnumType(EventStatusEnum, { name: 'EventStatus' });
registerEnumType(ActorStatusEnum, { name: 'ActorStatus' });
