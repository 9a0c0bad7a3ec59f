/** The shipped catalogue (data/catalog), as the demo sources need it. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CatalogItem {
  code: string;
  name: string;
  dataType: string;
  length?: number;
  description: string;
}

export interface CatalogResource {
  code: string;
  name: string;
  providerCode: string;
  shareMethod: string;
  subjectType: 'PERSON' | 'LEGAL_ENTITY' | 'OTHER';
  status: string;
  certificate?: { typeCode: string; holderType: 'PERSON' | 'LEGAL_ENTITY' };
  items: CatalogItem[];
}

export interface CatalogDepartment {
  code: string;
  name: string;
  shortName: string;
  regionCode: string;
  creditCode: string;
}

/** The repository root: the nearest directory holding data/catalog above this file (else above the working directory). */
export function repositoryRoot(): string {
  for (const start of [dirname(fileURLToPath(import.meta.url)), process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'data', 'catalog', 'resources.json'))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error(`data/catalog/resources.json not found above ${fileURLToPath(import.meta.url)} or ${process.cwd()}`);
}

export interface Catalog {
  resources: CatalogResource[];
  departments: CatalogDepartment[];
  resource(code: string): CatalogResource | undefined;
  department(code: string): CatalogDepartment;
  /** The resources the demo sources serve: API or TABLE, about a person or a legal entity. */
  served: CatalogResource[];
}

let cached: Catalog | undefined;

export function loadCatalog(from?: string): Catalog {
  if (cached && from === undefined) return cached;
  const dir = from ?? join(repositoryRoot(), 'data', 'catalog');
  const resources = JSON.parse(readFileSync(join(dir, 'resources.json'), 'utf8')) as CatalogResource[];
  const departments = JSON.parse(readFileSync(join(dir, 'departments.json'), 'utf8')) as CatalogDepartment[];
  const byCode = new Map(resources.map((r) => [r.code, r]));
  const deptByCode = new Map(departments.map((d) => [d.code, d]));
  const catalog: Catalog = {
    resources,
    departments,
    resource: (code) => byCode.get(code),
    department: (code) => {
      const department = deptByCode.get(code);
      if (!department) throw new Error(`unknown department ${code}`);
      return department;
    },
    served: resources.filter((r) => (r.shareMethod === 'API' || r.shareMethod === 'TABLE') && (r.subjectType === 'PERSON' || r.subjectType === 'LEGAL_ENTITY')),
  };
  if (from === undefined) cached = catalog;
  return catalog;
}
