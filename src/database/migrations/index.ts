import { ApiKeysAndIdempotency1795886755385 } from './1795886755385-ApiKeysAndIdempotency';
import { ActorSurvivorIndex1795945000000 } from './1795945000000-ActorSurvivorIndex';
import { CorroborationColumns1795940000000 } from './1795940000000-CorroborationColumns';
import { EffectiveRecordTime1795914000000 } from './1795914000000-EffectiveRecordTime';
import { EventLog1795885716764 } from './1795885716764-EventLog';
import { EventVersionsRecordedIndex1796300000000 } from './1796300000000-EventVersionsRecordedIndex';
import { IdempotencyClaimTokens1795900000000 } from './1795900000000-IdempotencyClaimTokens';
import { ImportJobs1796400000000 } from './1796400000000-ImportJobs';
import { ImportLedger1795946000000 } from './1795946000000-ImportLedger';
import { ParticipantRolesInIndexes1795903000000 } from './1795903000000-ParticipantRolesInIndexes';
import { ReadModelActorVersions1795910000000 } from './1795910000000-ReadModelActorVersions';
import { ReadModelAutovacuumInserts1795925000000 } from './1795925000000-ReadModelAutovacuumInserts';
import { ReadModelReportCount1795935000000 } from './1795935000000-ReadModelReportCount';
import { TimelinePageColumns1795920000000 } from './1795920000000-TimelinePageColumns';
import { ReadModelValidTimeIndexes1795898363695 } from './1795898363695-ReadModelValidTimeIndexes';
import { TimelineReadModel1795887040249 } from './1795887040249-TimelineReadModel';

/**
 * Migrations are listed, not globbed: the same list works in the compiled service, in the
 * tests (ESM) and in the command-line tools.
 */
export const migrations = [
  EventLog1795885716764,
  ApiKeysAndIdempotency1795886755385,
  TimelineReadModel1795887040249,
  ReadModelValidTimeIndexes1795898363695,
  IdempotencyClaimTokens1795900000000,
  ParticipantRolesInIndexes1795903000000,
  ReadModelActorVersions1795910000000,
  EffectiveRecordTime1795914000000,
  TimelinePageColumns1795920000000,
  ReadModelAutovacuumInserts1795925000000,
  ReadModelReportCount1795935000000,
  CorroborationColumns1795940000000,
  ActorSurvivorIndex1795945000000,
  ImportLedger1795946000000,
  EventVersionsRecordedIndex1796300000000,
  ImportJobs1796400000000,
];
