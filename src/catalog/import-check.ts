import { BadInputError } from '../common/errors.js';
import type { DepartmentRecord, ResourceRecord } from './model.js';
import { FieldProblem, validateDepartment, validateResource } from './validation.js';

/** Where a record of an import came from, to name it in an error ("row 57, column data_type"). */
export type Locate = (index: number, field: string) => string;

export interface CatalogImport {
  departments?: unknown[];
  resources: unknown[];
  /** Names a resource's field for errors; default `resources[3] field`. */
  locateResource?: Locate;
  locateDepartment?: Locate;
}

export interface CheckedImport {
  departments: DepartmentRecord[];
  resources: ResourceRecord[];
  locateResource: Locate;
}

/**
 * Everything an import must pass before it touches the database: each department and resource
 * valid, codes unique within the batch. The first problem is BAD_USER_INPUT naming the record
 * (and, from a CSV, the row and column). References to stored records are checked in the write
 * transaction (CatalogService).
 */
export function checkImport(input: CatalogImport): CheckedImport {
  const locateDepartment = input.locateDepartment ?? ((index, field) => `departments[${index}] field ${field}`);
  const locateResource = input.locateResource ?? ((index, field) => `resources[${index}] field ${field}`);
  const departments = (input.departments ?? []).map((raw, index) => checkField(() => validateDepartment(raw), (field) => locateDepartment(index, field)));
  unique(departments.map((d) => d.code), (index) => locateDepartment(index, 'code'), 'department code');
  unique(departments.map((d) => d.creditCode), (index) => locateDepartment(index, 'creditCode'), 'credit code');
  const resources = input.resources.map((raw, index) => checkField(() => validateResource(raw, { allowRetired: true }), (field) => locateResource(index, field)));
  unique(resources.map((r) => r.code), (index) => locateResource(index, 'code'), 'resource code');
  return { departments, resources, locateResource };
}

/** Runs a check; a FieldProblem becomes BAD_USER_INPUT naming the field (and, for imports, the row). */
export function checkField<T>(work: () => T, locate?: (field: string) => string): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof FieldProblem) {
      throw new BadInputError(`${locate ? locate(error.field) : error.field}: ${error.problem}`, error.field);
    }
    throw error;
  }
}

export function failAt(where: string, problem: string, field: string): never {
  throw new BadInputError(`${where}: ${problem}`, field);
}

function unique(values: readonly string[], locate: (index: number) => string, what: string): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) failAt(locate(index), `duplicate ${what} ${value}`, what);
    seen.add(value);
  });
}
