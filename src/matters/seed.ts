import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { MaterialKind, SubjectRole, type Derivation } from './matter.types.js';
import { MattersRepository, type NewMatter } from './matters.repository.js';

const MATTER_CODE = /^[A-Z]{2,3}(-[A-Z]{2,8})?-\d{3}$/;

/**
 * Loads the shipped matter catalogue (`<dir>/matters.json`) after the data catalogue: every matter
 * replaced with its file version in one transaction; matters no longer in the file stay (cases
 * refer to them). Idempotent. Malformed entries stop the load with the entry named.
 */
export async function seedMatters(dataSource: DataSource, dir = 'data/matters'): Promise<{ matters: number }> {
  const file = join(dir, 'matters.json');
  const entries = JSON.parse(await readFile(file, 'utf8')) as unknown[];
  const matters = entries.map((entry, index) => checkMatter(entry, `${file} [${index}]`));
  await new MattersRepository(dataSource).replaceAll(matters);
  return { matters: matters.length };
}

function checkMatter(entry: unknown, where: string): NewMatter {
  const m = entry as NewMatter & { materials: NewMatter['materials']; derivations: Derivation[] };
  const fail = (what: string) => {
    throw new Error(`${where}: ${what}`);
  };
  if (!m || typeof m !== 'object') fail('not an object');
  if (!MATTER_CODE.test(m.code)) fail(`code ${JSON.stringify(m.code)} is not a matter code like QR-ZRZYT-001`);
  for (const field of ['name', 'category', 'department', 'legalBasis'] as const) if (typeof m[field] !== 'string' || !m[field].trim()) fail(`${field} is required`);
  if (m.applicantType !== 'PERSON' && m.applicantType !== 'LEGAL_ENTITY') fail('applicantType is PERSON or LEGAL_ENTITY');
  if (!Array.isArray(m.materials) || !m.materials.length) fail('materials: at least one');
  const codes = new Set<string>();
  for (const material of m.materials) {
    if (!/^M\d{2}$/.test(material.code) || codes.has(material.code)) fail(`material code ${material.code} is malformed or repeated`);
    codes.add(material.code);
    if (!Object.values(MaterialKind).includes(material.kind)) fail(`${material.code}: kind ${material.kind}`);
    if (!Object.values(SubjectRole).includes(material.role)) fail(`${material.code}: role ${material.role}`);
    if (material.kind === MaterialKind.DATA && !material.itemCodes?.length) fail(`${material.code}: a DATA material names its items`);
    if (material.kind === MaterialKind.CERTIFICATE && !material.certificateType) fail(`${material.code}: a CERTIFICATE material names its type`);
  }
  for (const derivation of m.derivations ?? []) {
    const source = m.materials.find((material) => material.code === derivation.fromMaterial);
    if (!source || source.kind !== MaterialKind.DATA) fail(`derivation of ${derivation.role}: ${derivation.fromMaterial} is not a DATA material`);
    const missing = [...derivation.itemCodes, ...Object.keys(derivation.when ?? {})].filter((code) => !source!.itemCodes?.includes(code));
    if (missing.length) fail(`derivation of ${derivation.role}: ${missing.join(', ')} not among ${derivation.fromMaterial}'s items`);
  }
  return { ...m, keywords: m.keywords ?? [], derivations: m.derivations ?? [] };
}
