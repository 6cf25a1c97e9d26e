import { Inject, Injectable } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import type { Pool } from 'pg';
import { PG_POOL } from '../../database/database.module';
import { ApiKeysRepository } from '../api-keys/api-keys.repository';
import type { Principal, RequestWithPrincipal } from './principal';

const CACHE_MS = 10_000;

/**
 * Resolves `Authorization: Bearer <key>` to a principal. Looked-up keys are cached for 10 s, so a
 * revoked key stops working within 10 s on every instance.
 */
@Injectable()
export class AuthenticatorService {
  private readonly repository: ApiKeysRepository;
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();

  constructor(@Inject(PG_POOL) pool: Pool) {
    this.repository = new ApiKeysRepository(pool);
  }

  /** undefined: no key was sent. A key that is malformed, unknown or revoked is an error. */
  async fromRequest(req: RequestWithPrincipal): Promise<Principal | undefined> {
    if (req.principal !== undefined) return req.principal ?? undefined;
    const header = req.headers.authorization;
    if (header === undefined || header === '') {
      req.principal = null;
      return undefined;
    }
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
    if (!match) throw unauthenticated('the Authorization header must be "Bearer <api key>"');
    const principal = await this.lookup(match[1]!);
    if (!principal) throw unauthenticated('unknown or revoked API key');
    req.principal = principal;
    return principal;
  }

  private async lookup(key: string): Promise<Principal | null> {
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.principal;
    const record = await this.repository.findActiveByKey(key);
    const principal = record ? { id: `apikey:${record.name}`, name: record.name, role: record.role } : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { principal, until: Date.now() + CACHE_MS });
    return principal;
  }
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });
}
