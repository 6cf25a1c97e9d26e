import { Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import { ApiKeysRepository } from './api-keys.repository';
import { AuthGuard } from './auth.guard';
import { AuthenticatorService } from './authenticator.service';
import { ViewerResolver } from './viewer.resolver';

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

/**
 * Who is calling and what their role allows: API keys, the authenticator, the guard every
 * resolver passes and the `viewer` query. Global, because every feature (write side, log
 * browser, WebSocket server) asks it.
 */
@Global()
@Module({
  providers: [AuthenticatorService, FirstKeyHint, ViewerResolver, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthenticatorService],
})
export class AccessModule {}
