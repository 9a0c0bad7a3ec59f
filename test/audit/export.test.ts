import v8 from 'node:v8';
import vm from 'node:vm';
import { Role } from '../../src/auth/principal.js';
import { bearer, tokenFor } from '../support/auth.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const ROWS = Number(process.env.AUDIT_EXPORT_TEST_ROWS ?? 200_000);

describe('GET /audit/export.csv at volume', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({}, { seedCatalog: true });
    // Synthetic rows straight into the table (fast; their hashes are not the point here).
    await hub.database.query(
      `INSERT INTO audit_event (leaf_index, id, recorded_at, kind, request_id, consumer_dept, principal_sub, principal_name, case_no, matter,
         subject_type, subject_hash, subject_masked, items_requested, items_released, items_denied, resources, sources, outcome, latency_ms, receipt_hash, leaf_hash)
       SELECT 1000000 + g, gen_random_uuid(), now(), 'LOOKUP', 'req-' || g, 'HZXH-XZFWZX', 'clerk-' || (g % 50), '窗口人员', 'XH2025-' || g, '户籍证明开具, "加急"',
              'PERSON', md5(g::text), '330106********1236', '{P001,P002,P003}', '{P001,P002}', '[{"itemCode":"P003","reason":"NO_GRANT"}]',
              '{1010203/000017}', '{gaj-hz-population}', 'PARTIAL', 12, md5(g::text), sha256(g::text::bytea)
         FROM generate_series(0, $1 - 1) g`,
      [ROWS],
    );
  }, 600_000);
  afterAll(() => hub.close());

  it(`streams ${ROWS} rows with bounded memory`, async () => {
    const auditor = bearer(tokenFor(hub, { dept: 'ZJ-DSJJ', roles: [Role.AUDITOR] }));
    // Live memory, not garbage: collect before each sample.
    v8.setFlagsFromString('--expose_gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const sampler = setInterval(() => {
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 1000);
    const started = performance.now();
    const response = await fetch(`${hub.url}/audit/export.csv?consumerDept=HZXH-XZFWZX`, { headers: auditor });
    expect(response.status).toBe(200);
    let lines = 0;
    let bytes = 0;
    let tail = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      const text = tail + decoder.decode(chunk, { stream: true });
      const parts = text.split('\r\n');
      tail = parts.pop()!;
      lines += parts.length;
    }
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    expect(lines).toBe(ROWS + 1);
    const growthMb = (peak - baseline) / 1e6;
    console.log(`export: ${ROWS} rows, ${(bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(1)} s (${Math.round(ROWS / seconds)} rows/s), live heap growth ${growthMb.toFixed(0)} MB`);
    // The CSV is far larger than what the process ever held.
    expect(growthMb).toBeLessThan(Math.min(100, bytes / 1e6 / 2));
  }, 600_000);
});
