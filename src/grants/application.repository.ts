import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Conditions, newestFirstCursor, newestFirstPage } from '../database/listing.js';
import { ApplicationStatus, type ApplicationRecord, type GrantScope, type ItemDecision } from './grant.types.js';

type Row = Record<string, unknown>;

const COLUMNS = `a.id, a.consumer_dept, a.provider_dept, a.applicant_sub, a.applicant_name, a.scope, a.unmasked, a.purpose,
  a.legal_basis, a.valid_until, a.status, a.submitted_at, a.due_at, a.decided_at, a.decided_by, a.decision_reason,
  (SELECT json_agg(json_build_object('itemCode', i.item_code, 'decision', i.decision) ORDER BY i.item_code)
     FROM access_application_items i WHERE i.application_id = a.id) AS items`;

function toApplication(row: Row): ApplicationRecord {
  return {
    id: row.id as string,
    consumerDept: row.consumer_dept as string,
    providerDept: row.provider_dept as string,
    applicantSub: row.applicant_sub as string,
    applicantName: row.applicant_name as string | null,
    scope: row.scope as GrantScope,
    unmasked: row.unmasked as boolean,
    purpose: row.purpose as string,
    legalBasis: row.legal_basis as string,
    validUntil: row.valid_until as Date,
    status: row.status as ApplicationStatus,
    submittedAt: row.submitted_at as Date,
    dueAt: row.due_at as Date,
    decidedAt: row.decided_at as Date | null,
    decidedBy: row.decided_by as string | null,
    decisionReason: row.decision_reason as string | null,
    items: (row.items as ApplicationRecord['items'] | null) ?? [],
  };
}

export type NewApplication = Omit<ApplicationRecord, 'id' | 'submittedAt' | 'decidedAt' | 'decidedBy' | 'decisionReason'> & {
  submittedAt: Date;
  decidedBy: string | null;
  decisionReason: string | null;
};

export interface ApplicationFilter {
  status?: ApplicationStatus;
  consumerDept?: string;
  providerDept?: string;
  /** Pending and past due. */
  overdue?: boolean;
  /** "Now" for overdue: the service passes its Clock's instant (default: the database's now()). */
  at?: Date;
  /** Row visibility for non-admins: the consumer's own, or those addressed to the provider. */
  visibleTo?: { consumerDept?: string; providerDept?: string };
}

/** Access applications and their items; the one place with their SQL. */
@Injectable()
export class ApplicationRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async insert(application: NewApplication, manager: EntityManager): Promise<string> {
    const [{ id }] = await manager.query(
      `INSERT INTO access_applications (consumer_dept, provider_dept, applicant_sub, applicant_name, scope, unmasked, purpose,
         legal_basis, valid_until, status, submitted_at, due_at, decided_at, decided_by, decision_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, CASE WHEN $10 = 'PENDING' THEN NULL ELSE $11::timestamptz END, $13, $14)
       RETURNING id`,
      [
        application.consumerDept,
        application.providerDept,
        application.applicantSub,
        application.applicantName,
        application.scope,
        application.unmasked,
        application.purpose,
        application.legalBasis,
        application.validUntil.toISOString(),
        application.status,
        application.submittedAt.toISOString(),
        application.dueAt.toISOString(),
        application.decidedBy,
        application.decisionReason,
      ],
    );
    await manager.query(
      `INSERT INTO access_application_items (application_id, item_code, decision) SELECT $1, * FROM unnest($2::text[], $3::text[])`,
      [id, application.items.map((i) => i.itemCode), application.items.map((i) => i.decision)],
    );
    return id as string;
  }

  async findById(id: string, manager?: EntityManager, forUpdate = false): Promise<ApplicationRecord | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const rows: Row[] = await (manager ?? this.dataSource).query(
      `SELECT ${COLUMNS} FROM access_applications a WHERE a.id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toApplication(rows[0]) : undefined;
  }

  async recordDecision(
    id: string,
    decisions: { itemCode: string; decision: ItemDecision }[],
    status: ApplicationStatus,
    decidedBy: string,
    reason: string | null,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `UPDATE access_application_items i SET decision = d.decision
         FROM unnest($2::text[], $3::text[]) AS d(item_code, decision)
        WHERE i.application_id = $1 AND i.item_code = d.item_code`,
      [id, decisions.map((d) => d.itemCode), decisions.map((d) => d.decision)],
    );
    await manager.query(
      `UPDATE access_applications SET status = $2, decided_at = now(), decided_by = $3, decision_reason = $4 WHERE id = $1`,
      [id, status, decidedBy, reason],
    );
  }

  /** Newest first, keyset-paged on (submitted_at, id). */
  async list(filter: ApplicationFilter, first: number, after?: string) {
    const where = new Conditions()
      .equals('a.status', filter.status)
      .equals('a.consumer_dept', filter.consumerDept)
      .equals('a.provider_dept', filter.providerDept);
    if (filter.overdue !== undefined) {
      const now = filter.at ? `${where.bind(filter.at)}::timestamptz` : 'now()';
      where.add(`${filter.overdue ? '' : 'NOT '}(a.status = 'PENDING' AND a.due_at < ${now})`);
    }
    if (filter.visibleTo) {
      where.anyOf([
        ['a.consumer_dept', filter.visibleTo.consumerDept],
        ['a.provider_dept', filter.visibleTo.providerDept],
      ]);
    }
    const page = await newestFirstPage<Row>(this.dataSource, {
      select: COLUMNS,
      from: 'access_applications a',
      timeColumn: 'a.submitted_at',
      idColumn: 'a.id',
      conditions: where,
      first,
      after,
    });
    return { applications: page.rows.map(toApplication), hasNextPage: page.hasNextPage, totalCount: page.totalCount };
  }

  static cursorOf(application: ApplicationRecord): string {
    return newestFirstCursor(application.submittedAt, application.id);
  }
}
