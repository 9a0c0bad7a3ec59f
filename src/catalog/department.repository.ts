import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { NotFoundError } from '../common/errors.js';
import type { Department, DepartmentKind, DepartmentLevel, DepartmentRecord } from './model.js';

interface DepartmentRow {
  code: string;
  name: string;
  short_name: string;
  kind: string;
  level: string;
  region_code: string;
  credit_code: string;
  enabled: boolean;
}

const COLUMNS = 'code, name, short_name, kind, level, region_code, credit_code, enabled';

export function toDepartment(row: DepartmentRow): Department {
  return {
    code: row.code,
    name: row.name,
    shortName: row.short_name,
    kind: row.kind as DepartmentKind,
    level: row.level as DepartmentLevel,
    regionCode: row.region_code,
    creditCode: row.credit_code,
    enabled: row.enabled,
  };
}

/** The departments table: the one place that reads or writes it. */
@Injectable()
export class DepartmentRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async findByCode(code: string): Promise<Department | undefined> {
    const rows: DepartmentRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM departments WHERE code = $1`, [code]);
    return rows[0] ? toDepartment(rows[0]) : undefined;
  }

  async findByCodes(codes: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, Department>> {
    if (codes.length === 0) return new Map();
    const rows: DepartmentRow[] = await manager.query(`SELECT ${COLUMNS} FROM departments WHERE code = ANY($1::text[])`, [[...codes]]);
    return new Map(rows.map((row) => [row.code, toDepartment(row)]));
  }

  /** All departments (optionally of one kind), by code. */
  async list(kind?: DepartmentKind): Promise<Department[]> {
    const rows: DepartmentRow[] = kind
      ? await this.dataSource.query(`SELECT ${COLUMNS} FROM departments WHERE kind = $1 ORDER BY code`, [kind])
      : await this.dataSource.query(`SELECT ${COLUMNS} FROM departments ORDER BY code`);
    return rows.map(toDepartment);
  }

  /** Enables or disables a department (a disabled department's tokens are refused). */
  async setEnabled(code: string, enabled: boolean, manager: EntityManager = this.dataSource.manager): Promise<Department> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [rows]: [DepartmentRow[], number] = await manager.query(
      `UPDATE departments SET enabled = $2, updated_at = now() WHERE code = $1 RETURNING ${COLUMNS}`,
      [code, enabled],
    );
    if (!rows[0]) throw new NotFoundError('Department', code);
    return toDepartment(rows[0]);
  }

  /**
   * Inserts or updates departments (seed and import); `enabled` is left as it is. Returns how
   * many rows actually changed, so a second identical run reports 0.
   */
  async upsertMany(records: readonly DepartmentRecord[], manager: EntityManager = this.dataSource.manager): Promise<number> {
    if (records.length === 0) return 0;
    const rows: unknown[] = await manager.query(
      `INSERT INTO departments (code, name, short_name, kind, level, region_code, credit_code)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       ON CONFLICT (code) DO UPDATE SET
         name = excluded.name, short_name = excluded.short_name, kind = excluded.kind, level = excluded.level,
         region_code = excluded.region_code, credit_code = excluded.credit_code, updated_at = now()
       WHERE (departments.name, departments.short_name, departments.kind, departments.level, departments.region_code, departments.credit_code)
         IS DISTINCT FROM (excluded.name, excluded.short_name, excluded.kind, excluded.level, excluded.region_code, excluded.credit_code)
       RETURNING code`,
      [
        records.map((r) => r.code),
        records.map((r) => r.name),
        records.map((r) => r.shortName),
        records.map((r) => r.kind),
        records.map((r) => r.level),
        records.map((r) => r.regionCode),
        records.map((r) => r.creditCode),
      ],
    );
    return rows.length;
  }
}
