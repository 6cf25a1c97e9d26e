import { Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import { ApiKeysRepository } from './api-keys/api-keys.repository';
import { AuthGuard } from './auth/auth.guard';
import { AuthenticatorService } from './auth/authenticator.service';
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
  providers: [AuthenticatorService, IdempotencyService, FirstKeyHint, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthenticatorService, IdempotencyService],
})
export class AdminModule {}
