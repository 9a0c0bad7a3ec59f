import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { UnauthenticatedError } from '../common/errors.js';
import type { Principal, Role } from './principal.js';

export const PUBLIC_KEY = 'sharehub:public';
export const ROLES_KEY = 'sharehub:roles';

/** The operation needs no token (health probes, receipt and certificate verification…). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * The caller needs at least one of these roles. Without this decorator (and without @Public)
 * any authenticated principal may call the operation.
 */
export const RequireRoles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The request object of an HTTP or GraphQL call, where AuthGuard leaves the principal. */
export function requestOf(context: ExecutionContext): { principal?: Principal; headers: Record<string, string | string[] | undefined> } {
  if (context.getType<GqlContextType>() === 'graphql') return GqlExecutionContext.create(context).getContext().req;
  return context.switchToHttp().getRequest();
}

/** Injects the verified Principal of the current request (never undefined on a protected operation). */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = requestOf(context).principal;
  if (!principal) throw new UnauthenticatedError();
  return principal;
});
