import fc from 'fast-check';
import { to as copyTo } from 'pg-copy-streams';
import pg from 'pg';
import { eventFromRow, EVENT_SELECT, type EventRow } from '../../src/audit/audit.repository.js';
import { eventLeafHash } from '../../src/audit/canonical.js';
import { CopyRowSplitter } from '../../src/audit/copy-binary.js';
import { EVENT_COPY_COLUMNS, EVENT_COPY_FIELDS, EventRowHasher } from '../../src/audit/event-row-hasher.js';
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

/** What the verifier gets of each row, row by row: leaf index, id, recorded_at, leaf hash (hex), whether it matches the stored one. */
type Hashed = [number, string, number, string, number];

/** Hashes the COPY data, fed to the splitter in chunks as given, as the verifier does. */
function hashChunks(chunks: Buffer[]): Hashed[] {
  const hasher = new EventRowHasher();
  const out: Hashed[] = [];
  const splitter = new CopyRowSplitter(EVENT_COPY_FIELDS, (rows, count) => {
    const hashed = hasher.hashRows(rows, count);
    for (let i = 0; i < hashed.count; i++) {
      out.push([hashed.leafIndexes[i], hashed.id(i), hashed.recordedAtMicros[i], hashed.leafHash(i).toString('hex'), hashed.matchesStored[i]]);
    }
  });
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return out;
}

/** The COPY of the probe table with the verifier's column list, in chunks as they arrive. */
async function copyChunks(client: pg.Client): Promise<Buffer[]> {
  const stream = client.query(copyTo(`COPY (SELECT ${EVENT_COPY_COLUMNS} FROM probe ORDER BY leaf_index) TO STDOUT (FORMAT binary)`));
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return chunks;
}

describe('leaf hashes from binary COPY rows', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase('empty');
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
        const hashed = hashChunks(await copyChunks(client));
        expect(hashed).toHaveLength(rows.length);
        for (const [i, reference] of stored.entries()) {
          const event = eventFromRow(reference);
          const [leafIndex, id, , leafHash, matchesStored] = hashed[i];
          expect(leafHash).toBe(eventLeafHash(event).toString('hex'));
          expect(id).toBe(event.id);
          expect(leafIndex).toBe(event.leafIndex);
          expect(Boolean(matchesStored)).toBe(reference.leaf_hash.equals(eventLeafHash(event)));
        }
      }),
      { numRuns: 25 },
    );
  });

  it('give no canonical form (a zero hash) for a time that is not whole milliseconds, and order times by PostgreSQL value', async () => {
    const [sample] = fc.sample(row, { numRuns: 1, seed: 7 });
    await insert([sample, sample, sample], 10);
    await client.query(`UPDATE probe SET recorded_at = recorded_at + interval '1 microsecond' WHERE leaf_index = 11`);
    const hashed = hashChunks(await copyChunks(client));
    const zero = '0'.repeat(64);
    expect(hashed[1][3]).toBe(zero);
    expect(hashed[1][4]).toBe(0);
    expect(hashed[0][3]).not.toBe(zero);
    expect(hashed[1][2] - hashed[0][2]).toBe(1);
  });

  it('split rows the same whatever the chunk boundaries', async () => {
    const rows = fc.sample(row, { numRuns: 40, seed: 42 });
    await insert(rows);
    const all = Buffer.concat(await copyChunks(client));
    const whole = hashChunks([all]);
    expect(whole).toHaveLength(rows.length);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 200 }), (sizes) => {
        expect(hashChunks(chunked(all, sizes))).toEqual(whole);
      }),
      { numRuns: 50 },
    );
  });
});

/** `all` cut into chunks of the given sizes (the last size repeats). */
function chunked(all: Buffer, sizes: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0, i = 0; at < all.length; i++) {
    const size = sizes[Math.min(i, sizes.length - 1)];
    chunks.push(all.subarray(at, at + size));
    at += size;
  }
  return chunks;
}
