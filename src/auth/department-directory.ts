/**
 * What auth needs to know about departments: whether a token's department exists and is
 * enabled. Auth owns the question, the catalogue answers it (it provides this token), so auth
 * imports no feature module.
 */
export interface DepartmentDirectory {
  /** True only for a known department that is enabled. */
  isEnabled(code: string): Promise<boolean>;
}

/** Nest provider token of the `DepartmentDirectory` (implemented by the catalogue). */
export const DEPARTMENT_DIRECTORY = Symbol('DepartmentDirectory');
