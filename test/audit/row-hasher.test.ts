import fc from 'fast-check';
import { to as copyTo } from 'pg-copy-streams';
import pg from 'pg';
import { eventFromRow, eventLeafHash, EVENT_SELECT, type EventRow } from '../../src/audit/canonical.js';
import { CopyRowSplitter } from '../../src/audit/copy-binary.js';
import { EVENT_COPY_COLUMNS, EVENT_COPY_FIELDS, EventRowHasher, hashRows, type HashedRows } from '../../src/audit/event-row-hasher.js';
import { inlineHashing, LeafHashPool } from '../../src/audit/leaf-hash-pool.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * The verifier hashes rows from their binary COPY bytes (event-row-hasher.ts); the writer hashes
 * canonicalEvent() of the JS values. These must agree byte for byte on every value a column can
 * hold, so: random rows with awkward text (quotes, backslashes, control characters, CJK, emoji),
 * NULLs, empty and two-dimensional arrays, JSON with unsorted keys, and the same rows read both
 * ways. The rows live in a plain copy of audit_event's columns (no partitions, no triggers).
 */
const AWKWARD = ['"', '\\', '\\"', '\n\t\b\f\r', '\u0001\u001f', '\u007f', '\u2028\u2029', '户籍证明', '😀', '</script>', 'null', ''];
const text = fc.oneof(fc.constantFrom(...AWKWARD), fc.string({ unit: 'binary', maxLength: 40 }).map((value) => value.replaceAll('\u0000', '')));
const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const textArray = fc.oneof(fc.array(nullable(text), { maxLength: 4 }), fc.constant([['a', 'b"'], ['c', null]]));
/** jsonb holds no U+0000 and no lone surrogates. */
const json = fc.jsonValue({ maxDepth: 3 }).filter((value) => {
  const serialised = JSON.stringify(value);
  return !/\\u0000|\\ud[89a-f]/i.test(serialised);
});

const row = fc.record({
  // Whole milliseconds between 1900 and 2200, as the writer stores them (Date has milliseconds).
  ms: fc.integer({ min: -2_208_988_800_000, max: 7_258_118_400_000 }),
  kind: fc.constantFrom('LOOKUP', 'ADMIN'),
  action: nullable(text),
  requestId: text,
  consumerDept: text,
  principalSub: text,
  principalName: nullable(text),
  tokenId: nullable(text),
  caseNo: nullable(text),
  matter: nullable(text),
  reason: nullable(text),
  legalBasis: nullable(text),
  subjectType: fc.constantFrom('PERSON', 'LEGAL_ENTITY', null),
  subjectHash: nullable(text),
  subjectMasked: nullable(text),
  itemsRequested: textArray,
  itemsReleased: textArray,
  itemsDenied: json,
  resources: textArray,
  sources: textArray,
  outcome: fc.constantFrom('OK', 'PARTIAL', 'DENIED', 'ERROR', null),
  errorCode: nullable(text),
  latencyMs: nullable(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
  receiptHash: nullable(text),
  target: nullable(text),
  details: nullable(json),
  storedHashIsRight: fc.boolean(),
});
type Row = typeof row extends fc.Arbitrary<infer T> ? T : never;

/** COPY of the probe table with the verifier's column list, hashed as the verifier does (in this thread, or on worker threads). */
async function hashByCopy(client: pg.Client, hashing = inlineHashing()): Promise<HashedRows[]> {
  const stream = client.query(copyTo(`COPY (SELECT ${EVENT_COPY_COLUMNS} FROM probe ORDER BY leaf_index) TO STDOUT (FORMAT binary)`));
  const blocks: Promise<HashedRows>[] = [];
  const splitter = new CopyRowSplitter(EVENT_COPY_FIELDS, (rows, count) => blocks.push(hashing.hash(ownCopy(rows), count)));
  for await (const chunk of stream) splitter.push(chunk as Buffer);
  splitter.end();
  try {
    return await Promise.all(blocks);
  } finally {
    await hashing.close();
  }
}

describe('leaf hashes from binary COPY rows', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(`CREATE TABLE probe (
      leaf_index bigint PRIMARY KEY, id uuid NOT NULL, recorded_at timestamptz NOT NULL, kind text NOT NULL, action text,
      request_id text NOT NULL, consumer_dept text NOT NULL, principal_sub text NOT NULL, principal_name text, token_id text,
      case_no text, matter text, reason text, legal_basis text, subject_type text, subject_hash text, subject_masked text,
      items_requested text[] NOT NULL, items_released text[] NOT NULL, items_denied jsonb NOT NULL, resources text[] NOT NULL,
      sources text[] NOT NULL, outcome text, error_code text, latency_ms integer, receipt_hash text, target text, details jsonb,
      leaf_hash bytea NOT NULL)`);
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  async function insert(rows: Row[], firstLeaf = 0): Promise<void> {
    await client.query('TRUNCATE probe');
    for (const [i, r] of rows.entries()) {
      await client.query(
        `INSERT INTO probe VALUES ($1, gen_random_uuid(), 'epoch'::timestamptz + $2::bigint * interval '1 millisecond', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
           $14, $15, $16, $17, $18, $19::jsonb, $20, $21, $22, $23, $24, $25, $26, $27::jsonb, '\\x00')`,
        [
          firstLeaf + i, r.ms, r.kind, r.action, r.requestId, r.consumerDept, r.principalSub, r.principalName, r.tokenId, r.caseNo, r.matter, r.reason, r.legalBasis,
          r.subjectType, r.subjectHash, r.subjectMasked, r.itemsRequested, r.itemsReleased, JSON.stringify(r.itemsDenied), r.resources, r.sources, r.outcome,
          r.errorCode, r.latencyMs, r.receiptHash, r.target, r.details === null ? null : JSON.stringify(r.details),
        ],
      );
    }
    // The stored leaf hash: right (as the writer computed it) for some rows, another row's for the rest.
    const stored = await client.query<EventRow>(`SELECT ${EVENT_SELECT} FROM probe ORDER BY leaf_index`);
    for (const [i, r] of rows.entries()) {
      const hash = eventLeafHash(eventFromRow(stored.rows[r.storedHashIsRight ? i : (i + 1) % rows.length]));
      await client.query(`UPDATE probe SET leaf_hash = $2 WHERE leaf_index = $1`, [firstLeaf + i, hash]);
    }
  }

  it('equal canonicalEvent() of the row as node-postgres reads it, for any stored values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 12 }), async (rows) => {
        await insert(rows);
        const { rows: stored } = await client.query<EventRow>(`SELECT ${EVENT_SELECT} FROM probe ORDER BY leaf_index`);
        const [hashed] = await hashByCopy(client);
        expect(hashed.count).toBe(rows.length);
        for (const [i, reference] of stored.entries()) {
          const event = eventFromRow(reference);
          expect(hashed.leafHash(i).toString('hex')).toBe(eventLeafHash(event).toString('hex'));
          expect(hashed.id(i)).toBe(event.id);
          expect(hashed.leafIndexes[i]).toBe(event.leafIndex);
          expect(Boolean(hashed.matchesStored[i])).toBe(reference.leaf_hash.equals(eventLeafHash(event)));
        }
      }),
      { numRuns: 25 },
    );
  });

  it('give no canonical form (a zero hash) for a time that is not whole milliseconds, and order times by PostgreSQL value', async () => {
    const [sample] = fc.sample(row, { numRuns: 1, seed: 7 });
    await insert([sample, sample, sample], 10);
    await client.query(`UPDATE probe SET recorded_at = recorded_at + interval '1 microsecond' WHERE leaf_index = 11`);
    const [hashed] = await hashByCopy(client);
    expect(hashed.leafHash(1).equals(Buffer.alloc(32))).toBe(true);
    expect(hashed.matchesStored[1]).toBe(0);
    expect(hashed.leafHash(0).equals(Buffer.alloc(32))).toBe(false);
    expect(hashed.recordedAtMicros[1] - hashed.recordedAtMicros[0]).toBe(1);
  });

  it('split rows the same whatever the chunk boundaries, and hash the same on worker threads', async () => {
    const rows = fc.sample(row, { numRuns: 40, seed: 42 });
    await insert(rows);
    const stream = client.query(copyTo(`COPY (SELECT ${EVENT_COPY_COLUMNS} FROM probe ORDER BY leaf_index) TO STDOUT (FORMAT binary)`));
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const all = Buffer.concat(chunks);
    const whole = perRow([hashRows(wholeRows(all, [all.length]), rows.length, new EventRowHasher())]);
    expect(whole).toHaveLength(rows.length);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 200 }), (sizes) => {
        expect(perRow([hashRows(wholeRows(all, sizes), rows.length, new EventRowHasher())])).toEqual(whole);
      }),
      { numRuns: 50 },
    );
    expect(perRow(await hashByCopy(client))).toEqual(whole);
    expect(perRow(await hashByCopy(client, LeafHashPool.start(2)))).toEqual(whole);
  });
});

/** A copy of `rows` in an ArrayBuffer of its own (as the verifier's blocks are: a worker pool takes them over). */
function ownCopy(rows: Buffer): Buffer {
  const copy = Buffer.from(new ArrayBuffer(rows.length));
  copy.set(rows);
  return copy;
}

/** Everything hashed, row by row, whatever the blocks. */
function perRow(blocks: HashedRows[]): unknown[] {
  return blocks.flatMap((block) =>
    Array.from({ length: block.count }, (_, i) => [block.leafIndexes[i], block.id(i), block.recordedAtMicros[i], block.leafHash(i).toString('hex'), block.matchesStored[i]]),
  );
}

/** Feeds `all` to a splitter in chunks of the given sizes (the last size repeats) and joins the rows it hands out. */
function wholeRows(all: Buffer, sizes: number[]): Buffer {
  const runs: Buffer[] = [];
  const splitter = new CopyRowSplitter(EVENT_COPY_FIELDS, (rows) => runs.push(Buffer.from(rows)));
  for (let at = 0, i = 0; at < all.length; i++) {
    const size = sizes[Math.min(i, sizes.length - 1)];
    splitter.push(all.subarray(at, at + size));
    at += size;
  }
  splitter.end();
  return Buffer.concat(runs);
}
