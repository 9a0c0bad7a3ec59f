import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SubjectType } from '../common/subject.js';
import type { MaterialStatus, SubjectRole } from './matter.types.js';

/** A case as stored: references and hashes, never the released values. */
export interface CaseRecord {
  id: string;
  caseNo: string;
  matterCode: string;
  consumerDept: string;
  principalSub: string;
  principalName: string | null;
  requestId: string;
  applicantType: SubjectType;
  applicantHash: string;
  applicantMasked: string;
  consentRef: string | null;
  createdAt: Date;
  latencyMs: number;
  exempted: number;
  mustSubmit: number;
  receiptHash: string;
  materials: CaseMaterialRecord[];
}

export interface CaseMaterialRecord {
  materialCode: string;
  role: SubjectRole;
  subjectType: SubjectType | null;
  subjectHash: string | null;
  subjectMasked: string | null;
  /** How the subject was found, e.g. 配偶：婚姻登记记录中的另一方 (M02). */
  derivedFrom: string | null;
  status: MaterialStatus;
  reason: string | null;
  message: string | null;
  /** The supplying (providing) department. */
  department: string | null;
  /** The request id of the material's audit event. */
  requestId: string | null;
  /** SHA-256 of what was released (canonical values, or the sealed document). */
  releasedHash: string | null;
  certificateIdentifier: string | null;
}

export enum StatsGroupBy {
  MATTER = 'MATTER',
  CONSUMER_DEPT = 'CONSUMER_DEPT',
  DAY = 'DAY',
}

export interface StatsRow {
  key: string;
  cases: number;
  exempted: number;
  mustSubmit: number;
  latencyP50: number | null;
  latencyP95: number | null;
  failures: { department: string; count: number }[];
}

const GROUP_KEY: Record<StatsGroupBy, string> = {
  MATTER: 'c.matter_code',
  CONSUMER_DEPT: 'c.consumer_dept',
  // Days of the service centres' calendar, not UTC's.
  DAY: `to_char(c.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`,
};

/** Case records and the reform's figures: the one place with their SQL. */
@Injectable()
export class CasesRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async insert(record: CaseRecord): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO matter_cases (id, case_no, matter_code, consumer_dept, principal_sub, principal_name, request_id, applicant_type, applicant_hash,
           applicant_masked, consent_ref, created_at, latency_ms, exempted, must_submit, receipt_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        [
          record.id,
          record.caseNo,
          record.matterCode,
          record.consumerDept,
          record.principalSub,
          record.principalName,
          record.requestId,
          record.applicantType,
          record.applicantHash,
          record.applicantMasked,
          record.consentRef,
          record.createdAt,
          record.latencyMs,
          record.exempted,
          record.mustSubmit,
          record.receiptHash,
        ],
      );
      await manager.query(
        `INSERT INTO matter_case_materials (case_id, material_code, position, role, subject_type, subject_hash, subject_masked, derived_from, status, reason,
           message, department, request_id, released_hash, certificate_identifier)
         SELECT $1, m->>'material_code', ord, m->>'role', m->>'subject_type', m->>'subject_hash', m->>'subject_masked', m->>'derived_from', m->>'status',
           m->>'reason', m->>'message', m->>'department', m->>'request_id', m->>'released_hash', m->>'certificate_identifier'
           FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(m, ord)`,
        [
          record.id,
          JSON.stringify(
            record.materials.map((m) => ({
              material_code: m.materialCode,
              role: m.role,
              subject_type: m.subjectType,
              subject_hash: m.subjectHash,
              subject_masked: m.subjectMasked,
              derived_from: m.derivedFrom,
              status: m.status,
              reason: m.reason,
              message: m.message,
              department: m.department,
              request_id: m.requestId,
              released_hash: m.releasedHash,
              certificate_identifier: m.certificateIdentifier,
            })),
          ),
        ],
      );
    });
  }

  async find(id: string): Promise<CaseRecord | undefined> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
    const rows: Record<string, unknown>[] = await this.dataSource.query('SELECT * FROM matter_cases WHERE id = $1', [id]);
    const row = rows[0];
    if (!row) return undefined;
    const materials: Record<string, unknown>[] = await this.dataSource.query('SELECT * FROM matter_case_materials WHERE case_id = $1 ORDER BY position', [id]);
    return {
      id: row.id as string,
      caseNo: row.case_no as string,
      matterCode: row.matter_code as string,
      consumerDept: row.consumer_dept as string,
      principalSub: row.principal_sub as string,
      principalName: row.principal_name as string | null,
      requestId: row.request_id as string,
      applicantType: row.applicant_type as SubjectType,
      applicantHash: row.applicant_hash as string,
      applicantMasked: row.applicant_masked as string,
      consentRef: row.consent_ref as string | null,
      createdAt: row.created_at as Date,
      latencyMs: row.latency_ms as number,
      exempted: row.exempted as number,
      mustSubmit: row.must_submit as number,
      receiptHash: row.receipt_hash as string,
      materials: materials.map((m) => ({
        materialCode: m.material_code as string,
        role: m.role as SubjectRole,
        subjectType: m.subject_type as SubjectType | null,
        subjectHash: m.subject_hash as string | null,
        subjectMasked: m.subject_masked as string | null,
        derivedFrom: m.derived_from as string | null,
        status: m.status as MaterialStatus,
        reason: m.reason as string | null,
        message: m.message as string | null,
        department: m.department as string | null,
        requestId: m.request_id as string | null,
        releasedHash: m.released_hash as string | null,
        certificateIdentifier: m.certificate_identifier as string | null,
      })),
    };
  }

  /**
   * Cases in [from, to), grouped, and the total over all groups (key null) from the same scan
   * (GROUPING SETS), so the total's percentiles are true ones; `consumerDept` limits them to one
   * department's. Latency percentiles in ms.
   */
  async stats(from: Date, to: Date, groupBy: StatsGroupBy, consumerDept?: string): Promise<{ groups: StatsRow[]; total: StatsRow }> {
    const key = GROUP_KEY[groupBy];
    const params: unknown[] = [from, to];
    const dept = consumerDept ? `AND c.consumer_dept = $${params.push(consumerDept)}` : '';
    const [groups, failures]: [Record<string, unknown>[], Record<string, unknown>[]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${key} AS key, count(*)::int AS cases, COALESCE(sum(c.exempted), 0)::int AS exempted, COALESCE(sum(c.must_submit), 0)::int AS must_submit,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY c.latency_ms) AS p50,
                percentile_cont(0.95) WITHIN GROUP (ORDER BY c.latency_ms) AS p95
           FROM matter_cases c WHERE c.created_at >= $1 AND c.created_at < $2 ${dept}
          GROUP BY GROUPING SETS ((${key}), ()) ORDER BY 1 NULLS LAST`,
        params,
      ),
      this.dataSource.query(
        `SELECT ${key} AS key, m.department, count(*)::int AS count
           FROM matter_cases c JOIN matter_case_materials m ON m.case_id = c.id
          WHERE c.created_at >= $1 AND c.created_at < $2 ${dept} AND m.status = 'FAILED'
          GROUP BY GROUPING SETS ((${key}, m.department), (m.department)) ORDER BY 1 NULLS LAST, 3 DESC, 2`,
        params,
      ),
    ]);
    const rowOf = (row: Record<string, unknown>): StatsRow => ({
      key: (row.key as string | null) ?? 'TOTAL',
      cases: row.cases as number,
      exempted: row.exempted as number,
      mustSubmit: row.must_submit as number,
      latencyP50: row.p50 === null ? null : Number(row.p50),
      latencyP95: row.p95 === null ? null : Number(row.p95),
      failures: failures.filter((f) => f.key === row.key).map((f) => ({ department: (f.department as string | null) ?? '?', count: f.count as number })),
    });
    return { groups: groups.filter((row) => row.key !== null).map(rowOf), total: rowOf(groups.find((row) => row.key === null)!) };
  }
}
