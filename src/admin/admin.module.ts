import { Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import { ApiKeysRepository } from './api-keys/api-keys.repository';
import { AuthGuard } from './auth/auth.guard';
import { AuthenticatorService } from './auth/authenticator.service';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { IDEMPOTENCY_OPTIONS, type IdempotencyOptions } from './idempotency/idempotency-options';
import { IdempotencyService } from './idempotency/idempotency.service';

@Injectable()
class FirstKeyHint implements OnApplicationBootstrap {
  private readonly logger = new Logger('ApiKeys');
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await new ApiKeysRepository(this.pool).countActive()) === 0) {
      this.logger.warn(
        'No API keys exist yet, so nothing can be written. Create an admin key with: ' +
          'npm run keys -- create --name admin --role admin',
      );
    }
  }
}

@Global()
@Module({
  providers: [
    AuthenticatorService,
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
    FirstKeyHint,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthenticatorService, IdempotencyService],
})
export class AdminModule {}
