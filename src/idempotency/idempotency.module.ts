import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { IDEMPOTENCY_OPTIONS, type IdempotencyOptions } from './idempotency-options';
import { IdempotencyService } from './idempotency.service';

/** Idempotency keys: a retried write answers what the first one did, and appends nothing. */
@Module({
  providers: [
    IdempotencyService,
    {
      provide: IDEMPOTENCY_OPTIONS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): IdempotencyOptions => ({
        retentionMs: config.idempotencyRetentionMs,
        claimTimeoutMs: config.idempotencyClaimTimeoutMs,
        waitMs: config.idempotencyWaitMs,
      }),
    },
  ],
  exports: [IdempotencyService],
})
export class IdempotencyModule {}
