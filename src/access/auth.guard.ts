import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { roleAllows, type Role } from './api-key';
import { AuthenticatorService, unauthenticated } from './authenticator.service';
import { REQUIRED_ROLE, type RequestWithPrincipal } from './principal';

/**
 * Who may do what, for every GraphQL root field: an operation marked @RequireRole needs that
 * role; any other mutation needs admin (closed by default); queries are open unless
 * REQUIRE_READER_KEY is set. HTTP routes (health, metrics) are not guarded.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: AuthenticatorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<GqlContextType>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    const roots = [info.schema.getQueryType(), info.schema.getMutationType(), info.schema.getSubscriptionType()];
    if (!roots.some((root) => root?.name === info.parentType.name)) {
      return true; // field resolvers below a root field were allowed with it
    }
    const req = gql.getContext<{ req: RequestWithPrincipal }>().req;
    const principal = await this.authenticator.fromRequest(req);
    const needed =
      this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, [context.getHandler(), context.getClass()]) ??
      (info.operation.operation === 'mutation' ? 'admin' : this.config.requireReaderKey ? 'reader' : undefined);
    if (needed === undefined) return true;
    if (!principal) {
      throw unauthenticated(
        `${info.fieldName} needs an API key with role ${needed}: send "Authorization: Bearer <api key>"`,
      );
    }
    if (!roleAllows(principal.role, needed)) {
      throw new GraphQLError(
        `${info.fieldName} needs role ${needed}; the key "${principal.name}" has role ${principal.role}`,
        {
          extensions: { code: 'FORBIDDEN', requiredRole: needed, role: principal.role },
        },
      );
    }
    return true;
  }
}
