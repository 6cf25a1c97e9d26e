import { Inject, Injectable } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { READ_POOL } from '../database/database.module';
import { ApiKeysRepository } from './api-keys.repository';
import type { Principal, RequestWithPrincipal } from './principal';

const CACHE_MS = 10_000;
const CACHE_ENTRIES = 10_000;
export const MAX_AUTHORIZATION_LENGTH = 200;

/**
 * Resolves `Authorization: Bearer <key>` to a principal. Looked-up keys are cached for 10 s, so a
 * revoked key stops working within 10 s on every instance.
 */
@Injectable()
export class AuthenticatorService {
  private readonly repository: ApiKeysRepository;
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();

  // Look-ups are reads: anonymous requests with made-up keys must not take the writers' connections.
  constructor(@Inject(READ_POOL) pool: Pool) {
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
    // Keys are `dtl_` and 43 characters: anything much longer is refused before it is hashed,
    // looked up or cached (a socket's connection_init may carry up to a megabyte).
    if (typeof header === 'string' && header.length > MAX_AUTHORIZATION_LENGTH) {
      throw unauthenticated(
        `the Authorization header is longer than ${MAX_AUTHORIZATION_LENGTH} characters: not an API key`,
      );
    }
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
    if (!match) throw unauthenticated('the Authorization header must be "Bearer <api key>"');
    const principal = await this.lookup(match[1]!);
    if (!principal) throw unauthenticated('unknown or revoked API key');
    req.principal = principal;
    return principal;
  }

  private async lookup(key: string): Promise<Principal | null> {
    // Cached by the key's hash, so that memory per entry is fixed whatever a client sends; the
    // oldest entry makes room (a Map iterates in insertion order), so a flood of unknown keys
    // cannot flush the valid ones all at once.
    const id = createHash('sha256').update(key).digest('base64url');
    const cached = this.cache.get(id);
    if (cached && cached.until > Date.now()) return cached.principal;
    const record = await this.repository.findActiveByKey(key);
    const principal = record ? { id: `apikey:${record.name}`, name: record.name, role: record.role } : null;
    this.cache.delete(id);
    if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(id, { principal, until: Date.now() + CACHE_MS });
    return principal;
  }
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });
}
