import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { ForbiddenError, UnauthenticatedError } from '../common/errors.js';
import { AUTHORIZE_KEY, Authorizer, type AuthorizeMetadata, type Permission, type ResourceArgs } from './authorize.js';
import { DepartmentStatusCache } from './department-status.js';
import { PUBLIC_KEY, requestOf } from './decorators.js';
import type { Principal } from './principal.js';
import { TokenVerifier } from './token-verifier.js';

const BEARER = /^Bearer ([A-Za-z0-9_\-.~+/=]+)$/;

/**
 * The only reader of the Authorization header. Every operation needs a verified token whose
 * department exists and is enabled, unless marked @Public. Then the operation's @Authorize
 * action goes to the policy decision point (the `Authorizer`): this guard decides nothing itself.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(DepartmentStatusCache) private readonly departments: DepartmentStatusCache,
    @Inject(Authorizer) private readonly authorizer: Authorizer,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets);
    const authorize = this.reflector.getAllAndOverride<AuthorizeMetadata | undefined>(AUTHORIZE_KEY, targets);
    const request = requestOf(context) as ReturnType<typeof requestOf> & { permission?: Permission };
    if (isPublic) {
      if (authorize) request.permission = await this.authorizer.authorize({ principal: undefined, action: authorize.action, resource: {} });
      return true;
    }
    // Several root fields of one operation share the verification.
    if (!request.principal) request.principal = await this.authenticate(request.headers.authorization);
    if (!authorize) throw new ForbiddenError('This operation names no policy action, so it is refused');
    request.permission = await this.authorizer.authorize({
      principal: request.principal,
      action: authorize.action,
      resource: resourceOf(context, authorize.resource),
    });
    return true;
  }

  private async authenticate(header: string | string[] | undefined): Promise<Principal> {
    if (!header) throw new UnauthenticatedError('A bearer token is required');
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match) throw new UnauthenticatedError('Authorization must be "Bearer <token>"');
    const principal = await this.verifier.verify(match[1]);
    if (!(await this.departments.isEnabled(principal.dept))) {
      throw new UnauthenticatedError(`Token department ${principal.dept} is unknown or disabled`);
    }
    return principal;
  }
}

/** The resource identifiers named by @Authorize, read from the GraphQL args or the HTTP params and query. */
function resourceOf(context: ExecutionContext, names: ResourceArgs | undefined): { grant?: string; application?: string; certificate?: string } {
  if (!names) return {};
  let args: Record<string, unknown>;
  if (context.getType<GqlContextType>() === 'graphql') args = GqlExecutionContext.create(context).getArgs();
  else {
    const http = context.switchToHttp().getRequest<{ params?: Record<string, unknown>; query?: Record<string, unknown> }>();
    args = { ...(http.query ?? {}), ...(http.params ?? {}) };
  }
  const read = (path: string | undefined): string | undefined => {
    if (!path) return undefined;
    const value = path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), args);
    return typeof value === 'string' ? value : undefined;
  };
  return { grant: read(names.grant), application: read(names.application), certificate: read(names.certificate) };
}
