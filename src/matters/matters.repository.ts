import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { SubjectType } from '../common/subject.js';
import type { Derivation, MaterialKind, MaterialRecord, MatterRecord, SubjectRole } from './matter.types.js';

/** A matter as data/matters/matters.json spells it. */
export interface NewMatter {
  code: string;
  name: string;
  category: string;
  bundle: boolean;
  department: string;
  applicantType: 'PERSON' | 'LEGAL_ENTITY';
  legalBasis: string;
  keywords: string[];
  derivations: Derivation[];
  materials: (Omit<MaterialRecord, 'itemCodes' | 'certificateType' | 'note'> & { itemCodes?: string[]; certificateType?: string; note?: string })[];
}

export interface MatterFilter {
  /** Every whitespace-separated term must occur in the name, keywords, department or material names. */
  keyword?: string;
  departmentCode?: string;
  bundle?: boolean;
  applicantType?: SubjectType;
}

interface MatterRow {
  code: string;
  name: string;
  category: string;
  bundle: boolean;
  department_code: string;
  department_name: string;
  applicant_type: SubjectType;
  legal_basis: string;
  keywords: string[];
  derivations: Derivation[];
}

interface MaterialRow {
  matter_code: string;
  code: string;
  name: string;
  kind: MaterialKind;
  role: SubjectRole;
  required: boolean;
  item_codes: string[];
  certificate_type: string | null;
  note: string | null;
}

const MATTER_COLUMNS = `m.code, m.name, m.category, m.bundle, m.department_code, d.name AS department_name, m.applicant_type, m.legal_basis, m.keywords, m.derivations`;

/** Matters and their materials: the one place with their SQL. */
@Injectable()
export class MattersRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Replaces the given matters (and their materials) in one transaction. */
  async replaceAll(matters: NewMatter[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM matter_materials WHERE matter_code = ANY($1)', [matters.map((m) => m.code)]);
      for (const m of matters) {
        const searchText = [m.name, ...m.keywords, m.category, ...m.materials.map((material) => material.name)].join('\n');
        await manager.query(
          `INSERT INTO matters (code, name, category, bundle, department_code, applicant_type, legal_basis, keywords, derivations, search_text, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10 || E'\\n' || (SELECT name FROM departments WHERE code = $5), now())
           ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, category = EXCLUDED.category, bundle = EXCLUDED.bundle,
             department_code = EXCLUDED.department_code, applicant_type = EXCLUDED.applicant_type, legal_basis = EXCLUDED.legal_basis,
             keywords = EXCLUDED.keywords, derivations = EXCLUDED.derivations, search_text = EXCLUDED.search_text, updated_at = now()`,
          [m.code, m.name, m.category, m.bundle, m.department, m.applicantType, m.legalBasis, m.keywords, JSON.stringify(m.derivations), searchText],
        );
        await manager.query(
          `INSERT INTO matter_materials (matter_code, code, position, name, kind, role, required, item_codes, certificate_type, note)
           SELECT $1, m->>'code', ord, m->>'name', m->>'kind', m->>'role', (m->>'required')::boolean,
                  ARRAY(SELECT jsonb_array_elements_text(COALESCE(m->'itemCodes', '[]'))), m->>'certificateType', m->>'note'
             FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(m, ord)`,
          [m.code, JSON.stringify(m.materials)],
        );
      }
    });
  }

  async find(code: string): Promise<MatterRecord | undefined> {
    const rows: MatterRow[] = await this.dataSource.query(`SELECT ${MATTER_COLUMNS} FROM matters m JOIN departments d ON d.code = m.department_code WHERE m.code = $1`, [code]);
    if (!rows.length) return undefined;
    return (await this.withMaterials(rows))[0];
  }

  /** Matters by code (keyset on code), filtered; with the total count of matches. */
  async list(filter: MatterFilter, first: number, after?: string | null): Promise<{ matters: MatterRecord[]; hasNextPage: boolean; totalCount: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    for (const term of filter.keyword?.split(/\s+/).filter(Boolean) ?? []) where.push(`strpos(m.search_text, ${param(term)}) > 0`);
    if (filter.departmentCode) where.push(`m.department_code = ${param(filter.departmentCode)}`);
    if (filter.bundle !== undefined && filter.bundle !== null) where.push(`m.bundle = ${param(filter.bundle)}`);
    if (filter.applicantType) where.push(`m.applicant_type = ${param(filter.applicantType)}`);
    const matching = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ count }]: { count: number }[] = await this.dataSource.query(`SELECT count(*)::int AS count FROM matters m ${matching}`, params);
    if (after) where.push(`m.code > ${param(String(decodeCursor(after)[0]))}`);
    const rows: MatterRow[] = await this.dataSource.query(
      `SELECT ${MATTER_COLUMNS} FROM matters m JOIN departments d ON d.code = m.department_code
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY m.code LIMIT ${param(first + 1)}`,
      params,
    );
    return { matters: await this.withMaterials(rows.slice(0, first)), hasNextPage: rows.length > first, totalCount: count };
  }

  static cursorOf(matter: MatterRecord): string {
    return encodeCursor([matter.code]);
  }

  private async withMaterials(rows: MatterRow[]): Promise<MatterRecord[]> {
    if (!rows.length) return [];
    const materials: MaterialRow[] = await this.dataSource.query(
      'SELECT matter_code, code, name, kind, role, required, item_codes, certificate_type, note FROM matter_materials WHERE matter_code = ANY($1) ORDER BY matter_code, position',
      [rows.map((row) => row.code)],
    );
    return rows.map((row) => ({
      code: row.code,
      name: row.name,
      category: row.category,
      bundle: row.bundle,
      departmentCode: row.department_code,
      departmentName: row.department_name,
      applicantType: row.applicant_type,
      legalBasis: row.legal_basis,
      keywords: row.keywords,
      derivations: row.derivations,
      materials: materials
        .filter((material) => material.matter_code === row.code)
        .map((material) => ({
          code: material.code,
          name: material.name,
          kind: material.kind,
          role: material.role,
          required: material.required,
          itemCodes: material.item_codes,
          certificateType: material.certificate_type,
          note: material.note,
        })),
    }));
  }
}
