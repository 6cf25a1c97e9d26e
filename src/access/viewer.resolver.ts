import { Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, RequireRole, type Principal } from './principal';
import { Viewer } from './viewer.model';

/**
 * The calling key's name and role, so that a client (the editor console at /admin) offers what
 * the key may do. Needs a key: without one, or with an unknown or revoked one, UNAUTHENTICATED.
 */
@Resolver()
export class ViewerResolver {
  @RequireRole('reader')
  @Query(() => Viewer, { description: 'The API key this request was sent with: its name and role (needs a key)' })
  viewer(@CurrentPrincipal() principal: Principal): Viewer {
    return { name: principal.name, role: principal.role };
  }
}
