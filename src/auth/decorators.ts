import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { UnauthenticatedError } from '../common/errors.js';
import type { Principal } from './principal.js';

export const PUBLIC_KEY = 'sharehub:public';

/** The operation needs no token (health probes, receipt and certificate verification…). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

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
