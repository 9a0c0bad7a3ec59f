import { Inject, Injectable } from '@nestjs/common';
import { DEPARTMENT_DIRECTORY, type DepartmentDirectory } from './department-directory.js';

const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * Whether a token's department exists and is enabled, cached for a few seconds: checked on
 * every request, and a department is disabled rarely. (Disabling also drops the entry at once
 * in this process; other processes see it within the TTL.)
 */
@Injectable()
export class DepartmentStatusCache {
  private readonly entries = new Map<string, { enabled: boolean; until: number }>();

  constructor(@Inject(DEPARTMENT_DIRECTORY) private readonly departments: DepartmentDirectory) {}

  async isEnabled(code: string): Promise<boolean> {
    const cached = this.entries.get(code);
    if (cached && cached.until > Date.now()) return cached.enabled;
    const enabled = await this.departments.isEnabled(code);
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(code, { enabled, until: Date.now() + TTL_MS });
    return enabled;
  }

  forget(code: string): void {
    this.entries.delete(code);
  }
}
