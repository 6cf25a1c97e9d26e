import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Role } from './api-key';

/** Who is asking: the API key's name and role. Recorded as `principal` on every appended event. */
export interface Principal {
  /** `apikey:<name>`, as stored in event metadata. */
  id: string;
  name: string;
  role: Role;
}

export const REQUIRED_ROLE = 'dtl:required-role';

/** The least role an operation needs. Mutations without it need admin. */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

export interface RequestWithPrincipal {
  headers: Record<string, string | string[] | undefined>;
  id?: string;
  principal?: Principal | null;
}

export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined => {
    const req = GqlExecutionContext.create(context).getContext<{ req: RequestWithPrincipal }>().req;
    return req.principal ?? undefined;
  },
);

/** The request id (pino-http's), used as the correlation id of what the request appends. */
export const RequestId = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  return GqlExecutionContext.create(context).getContext<{ req: RequestWithPrincipal }>().req.id;
});
