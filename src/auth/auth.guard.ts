import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthenticatedError } from '../common/errors.js';
import { DepartmentStatusCache } from './department-status.js';
import { PUBLIC_KEY, ROLES_KEY, requestOf } from './decorators.js';
import type { Role } from './principal.js';
import { TokenVerifier } from './token-verifier.js';

const BEARER = /^Bearer ([A-Za-z0-9_\-.~+/=]+)$/;

/**
 * The only reader of the Authorization header. Every operation needs a verified token whose
 * department exists and is enabled, unless marked @Public; @RequireRoles narrows it further.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(DepartmentStatusCache) private readonly departments: DepartmentStatusCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = requestOf(context);
    // Several root fields of one operation share the verification.
    if (!request.principal) {
      const header = request.headers.authorization;
      if (!header) throw new UnauthenticatedError('A bearer token is required');
      const match = typeof header === 'string' ? BEARER.exec(header) : null;
      if (!match) throw new UnauthenticatedError('Authorization must be "Bearer <token>"');
      const principal = await this.verifier.verify(match[1]);
      if (!(await this.departments.isEnabled(principal.dept))) {
        throw new UnauthenticatedError(`Token department ${principal.dept} is unknown or disabled`);
      }
      request.principal = principal;
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles?.length && !roles.some((role) => request.principal!.roles.includes(role))) {
      throw new ForbiddenError(`This operation needs the role ${roles.join(' or ')}`, { requiredRoles: roles });
    }
    return true;
  }
}
