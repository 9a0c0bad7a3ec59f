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
  /**
   * One question to the directory per department at a time: when an entry expires under load,
   * every request in flight missed it at once and each asked the database the same question.
   */
  private readonly asking = new Map<string, Promise<boolean>>();

  constructor(@Inject(DEPARTMENT_DIRECTORY) private readonly departments: DepartmentDirectory) {}

  async isEnabled(code: string): Promise<boolean> {
    const cached = this.entries.get(code);
    if (cached && cached.until > Date.now()) return cached.enabled;
    const waiting = this.asking.get(code);
    if (waiting) return waiting;
    const asked: Promise<boolean> = this.departments.isEnabled(code).then(
      (enabled) => {
        // Cached only if forget() did not drop this question meanwhile (its answer may predate the change).
        if (this.asking.get(code) === asked) {
          this.asking.delete(code);
          if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
          this.entries.set(code, { enabled, until: Date.now() + TTL_MS });
        }
        return enabled;
      },
      (error: unknown) => {
        if (this.asking.get(code) === asked) this.asking.delete(code);
        throw error;
      },
    );
    this.asking.set(code, asked);
    return asked;
  }

  forget(code: string): void {
    this.entries.delete(code);
    this.asking.delete(code);
  }
}
