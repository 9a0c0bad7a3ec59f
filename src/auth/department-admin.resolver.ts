import { Inject } from '@nestjs/common';
import { Action, Authorize } from './authorize.js';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import { AuditWriter } from '../audit/audit-writer.js';
import { DepartmentRepository } from '../catalog/department.repository.js';
import { toDepartmentGql } from '../catalog/graphql/mappers.js';
import { DepartmentGql } from '../catalog/graphql/types.js';
import { BadInputError } from '../common/errors.js';
import { RequestId } from '../common/request-id.decorator.js';
import { CurrentPrincipal } from './decorators.js';
import { DepartmentStatusCache } from './department-status.js';
import type { Principal } from './principal.js';

const MAX_REASON_LENGTH = 500;

/** Enabling and disabling departments: a disabled department's tokens stop working. */
@Resolver()
export class DepartmentAdminResolver {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DepartmentRepository) private readonly departments: DepartmentRepository,
    @Inject(DepartmentStatusCache) private readonly status: DepartmentStatusCache,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  @Mutation(() => DepartmentGql, { description: 'Enable or disable a department (admin). Tokens of a disabled department are refused within seconds on every hub process.' })
  @Authorize(Action.ADMIN)
  async setDepartmentEnabled(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Args('code') code: string,
    @Args('enabled') enabled: boolean,
    @Args('reason') reason: string,
  ): Promise<DepartmentGql> {
    if (!reason.trim()) throw new BadInputError('reason: is required', 'reason');
    // A reason is a sentence for the audit trail (the writer itself would take 2,000 characters): refused before the transaction.
    if (reason.length > MAX_REASON_LENGTH) throw new BadInputError(`reason: at most ${MAX_REASON_LENGTH} characters`, 'reason');
    // The audit event is committed before the change is: if it cannot be written, nothing changes.
    const department = await this.dataSource.transaction(async (manager) => {
      const changed = await this.departments.setEnabled(code, enabled, manager);
      await this.audit.record({ kind: 'ADMIN', action: enabled ? 'DEPARTMENT_ENABLE' : 'DEPARTMENT_DISABLE', requestId, principal, target: code, reason });
      return changed;
    });
    this.status.forget(code);
    return toDepartmentGql(department);
  }
}
