import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './env';

export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * The configuration the entry point parsed and validated from the environment, once (parseEnv in
 * env.ts), offered typed as APP_CONFIG. Nothing else reads the environment: @nestjs/config was
 * dropped because its ConfigService was never used and would have been a second, untyped path.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
