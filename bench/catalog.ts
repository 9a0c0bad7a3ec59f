import pg from 'pg';
import { seedCatalog } from '../src/catalog/seed.js';
import { createDataSource, runMigrations } from '../src/database/data-source.js';
import { BENCH_CONNECTIONS, httpRow, load, type HttpLoad, type Row } from './lib.js';

/**
 * Keyword search over HTTP (POST /graphql) at the shipped catalogue (2,705 items) and at a
 * synthetic one of ~100k items: the shipped catalogue plus 36 copies of it under new codes, each
 * copy's resource names prefixed with a Zhejiang city or county (杭州市居民户籍信息…), so common
 * words stay as common as in the real list (身份 is in ~10% of items). The copies are deleted at
 * the end. Each connection cycles through the three issue examples: items for 身份, resources
 * for 婚姻, items for 营业执照 (first 20, with totalCount). Each size is measured with one client
 * (the latency targets) and with a few concurrent ones.
 */
export async function catalogRows(hubUrl: string, token: string, databaseUrl: string): Promise<Row[]> {
  const dataSource = createDataSource({ url: databaseUrl, poolSize: 2 });
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
    await seedCatalog(dataSource);
  } finally {
    await dataSource.destroy();
  }
  const target = searchLoad(hubUrl, token);
  const busy = Math.min(BENCH_CONNECTIONS, BUSY_CONNECTIONS);
  const measure = async (label: string, target95: string): Promise<Row[]> => [
    httpRow(`catalog keyword search, ${label}, 1 conn`, await load(target, undefined, 1), `target p95 ≤ ${target95}`),
    httpRow(`catalog keyword search, ${label}, ${busy} conns`, await load(target, undefined, busy)),
  ];
  const rows = await measure('2.7k items', '10 ms');

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = Date.now();
    const { items } = await addSyntheticCopies(client, COPIES);
    const built = Math.round((Date.now() - started) / 1000);
    const large = await measure(`${Math.round(items / 1000)}k items`, '50 ms');
    large[0].note += `; synthetic, built in ${built} s`;
    rows.push(...large);
  } finally {
    await removeSyntheticCopies(client).catch(() => undefined);
    await client.end();
  }
  return rows;
}

/** Latency is measured with one client, and under load with a few busy service windows (not 50). */
const BUSY_CONNECTIONS = 8;
const COPIES = 36;

const PREFIXES = ['杭州市', '宁波市', '温州市', '嘉兴市', '湖州市', '绍兴市', '金华市', '衢州市', '舟山市', '台州市', '丽水市', '西湖区',
  '上城区', '余杭区', '萧山区', '鄞州区', '瑞安市', '义乌市', '诸暨市', '乐清市', '慈溪市', '余姚市', '海宁市', '桐乡市', '平湖市', '长兴县',
  '德清县', '安吉县', '嵊州市', '新昌县', '东阳市', '永康市', '兰溪市', '江山市', '龙泉市', '温岭市', '临海市'];

/** Copies use sequence numbers from 1000 up (copy k: k × 1000 + the original sequence). */
const SYNTHETIC = `right(code, 6)::int >= 1000`;

function searchLoad(hubUrl: string, token: string): HttpLoad {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const items = 'query ($k: String) { dataItems(filter: { keyword: $k }, first: 20) { totalCount edges { node { code name resourceName } } } }';
  const resources = 'query ($k: String) { resources(filter: { keyword: $k }, first: 20) { totalCount edges { node { code name provider { name } } } } }';
  const body = (query: string, k: string) => JSON.stringify({ query, variables: { k } });
  return {
    url: `${hubUrl}/graphql`,
    method: 'POST',
    headers,
    requests: [
      { method: 'POST', headers, body: body(items, '身份') },
      { method: 'POST', headers, body: body(resources, '婚姻') },
      { method: 'POST', headers, body: body(items, '营业执照') },
    ],
  };
}

async function addSyntheticCopies(client: pg.Client, copies: number): Promise<{ items: number }> {
  await removeSyntheticCopies(client);
  const copy = `SELECT k, ($1::text[])[k] AS prefix FROM generate_series(1, $2::int) k`;
  const newCode = `r.category_code || '/' || lpad((c.k * 1000 + right(r.code, 6)::int)::text, 6, '0')`;
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO resources (code, version, name, provider_code, category_code, category_path, summary, format, share_type, share_condition,
                              share_method, open_to_public, open_condition, update_cycle, published_at, related_resource_codes, subject_type,
                              status, certificate_type_code, certificate_holder_type, item_names)
       SELECT ${newCode}, 1, left(c.prefix || r.name, 50), r.provider_code, r.category_code, r.category_path, r.summary, r.format, r.share_type,
              r.share_condition, r.share_method, r.open_to_public, r.open_condition, r.update_cycle, r.published_at, '{}', r.subject_type,
              r.status, NULL, NULL, r.item_names
       FROM resources r CROSS JOIN (${copy}) c WHERE right(r.code, 6)::int < 1000`,
      [PREFIXES, copies],
    );
    await client.query(
      `INSERT INTO data_items (code, resource_code, resource_name, name, data_type, length, sensitivity, mask_rule, description)
       SELECT ${newCode} || right(i.code, 4), ${newCode}, left(c.prefix || r.name, 50), i.name, i.data_type, i.length, i.sensitivity,
              i.mask_rule, i.description
       FROM data_items i JOIN resources r ON r.code = i.resource_code CROSS JOIN (${copy}) c WHERE right(r.code, 6)::int < 1000`,
      [PREFIXES, copies],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  await client.query('VACUUM ANALYZE resources, data_items');
  const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM data_items');
  return { items: rows[0].n };
}

async function removeSyntheticCopies(client: pg.Client): Promise<void> {
  // Items and versions go with their resource (ON DELETE CASCADE). VACUUM, so the dead rows
  // and index entries do not slow the rows measured after this one; CHECKPOINT, so neither do the
  // ~1 GB of pages this build and removal dirtied, flushed by the server while those rows run.
  await client.query(`DELETE FROM resources WHERE ${SYNTHETIC}`);
  await client.query('VACUUM ANALYZE resources, data_items, resource_versions');
  await client.query('CHECKPOINT');
}
