import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface NewRevocation {
  identifier: string;
  issuerDept: string;
  typeCode: string;
  reason: string;
  revokedByDept: string;
  revokedBy: string;
  requestId: string;
}

/** Certificates revoked through the hub; the one place with their SQL (rows are never updated). */
@Injectable()
export class RevocationRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Records a revocation; undefined when the certificate was revoked already. */
  async insert(revocation: NewRevocation, manager: EntityManager): Promise<Date | undefined> {
    const rows: { revoked_at: Date }[] = await manager.query(
      `INSERT INTO certificate_revocations (identifier, issuer_dept, type_code, reason, revoked_by_dept, revoked_by, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (identifier) DO NOTHING RETURNING revoked_at`,
      [revocation.identifier, revocation.issuerDept, revocation.typeCode, revocation.reason, revocation.revokedByDept, revocation.revokedBy, revocation.requestId],
    );
    return rows[0]?.revoked_at;
  }

  /** Identifiers revoked in the hub, with when. */
  async revokedAt(identifiers: readonly string[]): Promise<Map<string, Date>> {
    if (!identifiers.length) return new Map();
    const rows: { identifier: string; revoked_at: Date }[] = await this.dataSource.query(
      'SELECT identifier, revoked_at FROM certificate_revocations WHERE identifier = ANY($1::text[])',
      [[...new Set(identifiers)]],
    );
    return new Map(rows.map((row) => [row.identifier, row.revoked_at]));
  }
}
