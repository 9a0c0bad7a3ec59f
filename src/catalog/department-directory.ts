import { Inject, Injectable } from '@nestjs/common';
import type { DepartmentDirectory } from '../auth/department-directory.js';
import { DepartmentRepository } from './department.repository.js';

/** The catalogue's answer to auth's question "is this token's department known and enabled?". */
@Injectable()
export class CatalogDepartmentDirectory implements DepartmentDirectory {
  constructor(@Inject(DepartmentRepository) private readonly departments: DepartmentRepository) {}

  async isEnabled(code: string): Promise<boolean> {
    return (await this.departments.findByCode(code))?.enabled === true;
  }
}
