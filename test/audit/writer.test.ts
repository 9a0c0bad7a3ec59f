import fc from 'fast-check';
import pg from 'pg';
import { AuditUnavailableError, BadInputError, ErrorCode } from '../../src/common/errors.js';
import { createDataSource } from '../../src/database/data-source.js';
import type { AuditEventInput } from '../../src/audit/audit-writer.js';
import { eventFromRow, EVENT_SELECT, type EventRow } from '../../src/audit/audit.repository.js';
import { eventLeafHash } from '../../src/audit/canonical.js';
import { CompactRange } from '../../src/audit/merkle.js';
import { withConnection } from '../../src/audit/pg-connection.js';
import { verifyAuditLog } from '../../src/audit/verifier.js';
import { adminEvent, appRoleDataSource, auditDb, COMPANY_ID, lookup, PERSON_ID, type AuditDb } from './support.js';

describe('AuditWriter', () => {
  let db: AuditDb;
  beforeAll(async () => {
    db = await auditDb();
  });
  afterAll(() => db.close());

  it('group-commits concurrent events with contiguous leaf indexes and a matching tree head', async () => {
    const writer = db.writer();
    const before = Number((await db.admin('SELECT tree_size FROM audit_log_head'))[0].tree_size);
    const results = await Promise.all(
      Array.from({ length: 600 }, (_, i) => writer.record(i % 5 === 0 ? adminEvent() : lookup({ subject: i % 2 ? { type: 'LEGAL_ENTITY', id: COMPANY_ID } : { type: 'PERSON', id: PERSON_ID } }))),
    );
    const indexes = results.map((r) => r.leafIndex).sort((a, b) => a - b);
    expect(indexes).toEqual(Array.from({ length: 600 }, (_, i) => before + i));
    expect(new Set(results.map((r) => r.id)).size).toBe(600);
    // grouped: far fewer transactions than events
    expect(writer.stats.batches).toBeLessThan(20);

    const rows = await db.admin<EventRow>(`SELECT ${EVENT_SELECT} FROM audit_event ORDER BY leaf_index`);
    expect(rows).toHaveLength(before + 600);
    const range = CompactRange.empty();
    for (const row of rows) {
      const event = eventFromRow(row);
      expect(eventLeafHash(event).equals(event.leafHash)).toBe(true);
      range.append(event.leafHash);
    }
    const [head] = await db.admin('SELECT tree_size, root_hash FROM audit_log_head');
    expect(Number(head.tree_size)).toBe(rows.length);
    expect(head.root_hash.equals(range.root())).toBe(true);
  });

  it('stores the subject only as a keyed hash and a masked form', async () => {
    const writer = db.writer();
    const { id } = await writer.record(lookup());
    const [row] = await db.admin(`SELECT row_to_json(e)::text AS json, subject_masked, subject_hash FROM audit_event e WHERE id = $1`, [id]);
    expect(row.json).not.toContain(PERSON_ID);
    expect(row.json).not.toContain(PERSON_ID.slice(6, 14));
    expect(row.subject_masked).toBe('330106********1236');
    expect(row.subject_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a commit that fails rejects every caller of the batch with AUDIT_UNAVAILABLE and stores nothing', async () => {
    const app = await appRoleDataSource(db);
    const writer = db.writer({ batchWindowMs: 20 }, app.dataSource);
    await writer.record(lookup()); // works under the restricted role
    await db.admin(`REVOKE INSERT ON audit_event FROM sharehub_app`);
    try {
      const before = Number((await db.admin('SELECT count(*) FROM audit_event'))[0].count);
      const outcomes = await Promise.allSettled(Array.from({ length: 50 }, () => writer.record(lookup())));
      expect(writer.stats.failedBatches).toBe(1);
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        const reason = (outcome as PromiseRejectedResult).reason;
        expect(reason).toBeInstanceOf(AuditUnavailableError);
        expect(reason.code).toBe(ErrorCode.AUDIT_UNAVAILABLE);
      }
      expect(Number((await db.admin('SELECT count(*) FROM audit_event'))[0].count)).toBe(before);
    } finally {
      await db.admin(`GRANT INSERT ON audit_event TO sharehub_app`);
    }
    await expect(writer.record(lookup())).resolves.toMatchObject({ id: expect.any(String) });
  });
  it('rejects every caller of the batch when the database refuses connections, and recovers', async () => {
    const source = createDataSource({ url: db.database.url, poolSize: 2 });
    await source.initialize();
    const writer = db.writer({ batchWindowMs: 20 }, source);
    await writer.record(lookup());
    const admin = new pg.Client({ connectionString: process.env.SHAREHUB_TEST_ADMIN_URL });
    await admin.connect();
    try {
      const before = Number((await db.admin('SELECT count(*) FROM audit_event'))[0].count);
      await admin.query(`ALTER DATABASE ${db.database.name} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [db.database.name]);
      const outcomes = await Promise.allSettled(Array.from({ length: 30 }, () => writer.record(lookup())));
      expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(30).fill('rejected'));
      expect(outcomes.every((outcome) => (outcome as PromiseRejectedResult).reason?.code === ErrorCode.AUDIT_UNAVAILABLE)).toBe(true);
      await admin.query(`ALTER DATABASE ${db.database.name} ALLOW_CONNECTIONS true`);
      expect(Number((await db.admin('SELECT count(*) FROM audit_event'))[0].count)).toBe(before);
      await expect(writer.record(lookup())).resolves.toMatchObject({ leafIndex: before });
    } finally {
      await admin.query(`ALTER DATABASE ${db.database.name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
  });

  it('fails fast when its buffer is full instead of growing, and commits what it accepted', async () => {
    const writer = db.writer({ maxBuffer: 100, maxBatch: 50, batchWindowMs: 1, commitTimeoutMs: 20_000 });
    const blocker = new pg.Client({ connectionString: db.database.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT * FROM audit_log_head FOR UPDATE'); // every batch now waits for this lock
    const accepted = Array.from({ length: 100 }, () => writer.record(lookup()));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(writer.pending).toBe(100);
    const started = performance.now();
    const overflow = await Promise.allSettled(Array.from({ length: 20 }, () => writer.record(lookup())));
    // Fast: far below the 20 s a queued event would wait for the lock, whatever the machine's load.
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(overflow.every((outcome) => outcome.status === 'rejected' && outcome.reason instanceof AuditUnavailableError)).toBe(true);
    expect(writer.stats.rejectedFull).toBe(20);
    await blocker.query('COMMIT');
    await blocker.end();
    const results = await Promise.all(accepted);
    expect(results).toHaveLength(100);
    expect(writer.stats.batches).toBe(2);
  });

  it('refuses malformed events before they reach the buffer', async () => {
    const writer = db.writer();
    const bad = (overrides: Record<string, unknown>) => writer.record({ ...lookup(), ...overrides } as never);
    await expect(bad({ purpose: { caseNo: '', matter: 'x' } })).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT, details: { field: 'purpose.caseNo' } });
    await expect(bad({ outcome: 'MAYBE' })).rejects.toBeInstanceOf(BadInputError);
    await expect(bad({ principal: { dept: 'X', roles: [] } })).rejects.toMatchObject({ details: { field: 'principal.sub' } });
    await expect(bad({ kind: 'DELETE_EVERYTHING' })).rejects.toMatchObject({ details: { field: 'kind' } });
    await expect(writer.record({ ...adminEvent(), action: 'grant stuff' } as never)).rejects.toMatchObject({ details: { field: 'action' } });
    // Text PostgreSQL would alter (NUL, lone surrogates) is made safe, so the stored row still hashes to its leaf.
    const { id } = await writer.record(lookup({ purpose: { caseNo: 'A\u0000B', matter: 'x\ud800y' } }));
    const [row] = await db.admin<EventRow>(`SELECT ${EVENT_SELECT} FROM audit_event WHERE id = $1`, [id]);
    const event = eventFromRow(row);
    expect(event.caseNo).toBe('A\uFFFDB');
    expect(eventLeafHash(event).equals(event.leafHash)).toBe(true);
  });

  it('cleans NUL and lone surrogates out of detail keys as out of values, so jsonb takes them and the leaf hash verifies', async () => {
    const writer = db.writer();
    const admin = adminEvent() as Extract<AuditEventInput, { kind: 'ADMIN' }>;
    const { id } = await writer.record({ ...admin, details: { '\u0000': 'nul key', 'a\ud800': 'lone surrogate key', nested: { 'b\udc00': '\u0000' }, '10': 1, '9': 2 } });
    const [row] = await db.admin<EventRow>(`SELECT ${EVENT_SELECT} FROM audit_event WHERE id = $1`, [id]);
    const stored = eventFromRow(row);
    expect(stored.details).toEqual({ '\uFFFD': 'nul key', 'a\uFFFD': 'lone surrogate key', nested: { 'b\uFFFD': '\uFFFD' }, '10': 1, '9': 2 });
    expect(eventLeafHash(stored).toString('hex')).toBe(stored.leafHash.toString('hex'));
  });

  it('stores any text an event carries exactly as it hashed it (the COPY rows escape tabs, newlines, backslashes, quotes, braces)', async () => {
    // COPY text format gives \\ \t \n \r meaning, array literals give " \\ { } , meaning: an
    // escaping slip would store another value than the leaf hash covers, and verify would fail.
    const awkward = fc.oneof(
      fc.constantFrom('\t', '\n', '\r\n', '\\', '\\N', '"', '{a,b}', 'NULL', ' ', '户籍证明', '😀', '\\x00', 'a\tb\\c"d{e}f,g'),
      fc.string({ unit: 'binary', maxLength: 30 }),
    );
    const code = awkward.filter((value) => value.length > 0);
    const event = fc.record({
      requestId: code,
      name: awkward,
      matter: code,
      reason: awkward,
      items: fc.array(code, { maxLength: 4 }),
      denied: fc.array(fc.record({ itemCode: code, reason: code }), { maxLength: 2 }),
      details: fc.dictionary(awkward, awkward, { maxKeys: 3 }),
    });
    const writer = db.writer();
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 8 }), async (events) => {
        const recorded = await Promise.all(
          events.flatMap((e) => [
            writer.record(lookup({ requestId: e.requestId, purpose: { caseNo: e.requestId, matter: e.matter, reason: e.reason }, itemsRequested: e.items, itemsReleased: e.items, itemsDenied: e.denied })),
            writer.record({ kind: 'ADMIN', action: 'GRANT', target: e.matter, requestId: e.requestId, reason: e.reason, principal: { sub: e.requestId, dept: 'ZJ-DSJJ', roles: [], name: e.name }, details: e.details }),
          ]),
        );
        const rows = await db.admin<EventRow>(`SELECT ${EVENT_SELECT} FROM audit_event WHERE id = ANY($1::uuid[]) ORDER BY leaf_index`, [recorded.map((r) => r.id)]);
        expect(rows).toHaveLength(recorded.length);
        for (const row of rows) {
          const stored = eventFromRow(row);
          expect(eventLeafHash(stored).toString('hex')).toBe(stored.leafHash.toString('hex'));
        }
        // Values come back as given, but for NUL and lone surrogates, which the writer replaces with U+FFFD.
        const clean = (value: string) => value.replaceAll('\u0000', '\uFFFD').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
        const first = rows.find((row) => row.kind === 'LOOKUP')!;
        expect(first.request_id).toBe(clean(events[0].requestId));
        expect(first.items_requested).toEqual(events[0].items.map(clean));
      }),
      { numRuns: 40 },
    );
    const report = await withConnection(db.dataSource, (client) => verifyAuditLog(client, { trustedKeys: new Map() }));
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });
});
