import pg from 'pg';
import { readPath } from '../../src/sources/binding.js';
import { Dataset, loadCatalog } from '../../demo/population/index.js';
import { demoBindings, type DemoBinding } from '../../demo/sources/bindings.js';
import { startSources, type RunningSources } from '../../demo/sources/index.js';

const PERSONS = 10_000;
const COMPANIES = 2_000;
const FRONT_DATABASE = `sharehub_front_mz_t${process.pid}`;
const adminUrl = () => {
  const url = process.env.SHAREHUB_TEST_ADMIN_URL;
  if (!url) throw new Error('SHAREHUB_TEST_ADMIN_URL is not set: run through jest');
  return url;
};

type Json = Record<string, unknown>;
/** A value in a JSON record by dot path (as the hub reads it). */
const at = (record: unknown, path: string): unknown => readPath(record, path);

interface MarriageRow {
  registration_type: string;
  husband_id: string;
  husband_name: string;
  wife_id: string;
  wife_name: string;
  registered_on: string;
}

let sources: RunningSources;
let startupMs = 0;
const ds = new Dataset({ persons: PERSONS, companies: COMPANIES });
const catalog = loadCatalog();
const bindings = demoBindings(catalog);

const url = (template: string, id?: string) =>
  template.replace(/\{([A-Z_]+)\}/g, (_, name: string) => sources.env[name]).replace('{id}', encodeURIComponent(id ?? ''));
const headers = () => ({ 'x-api-key': sources.env.DEMO_SOURCE_KEY, 'content-type': 'application/json' });

async function get(template: string, id: string): Promise<{ status: number; body: Json }> {
  const response = await fetch(url(template, id), { headers: headers() });
  return { status: response.status, body: (await response.json()) as Json };
}

async function batch(template: string, ids: string[]): Promise<Record<string, Json | null>> {
  const response = await fetch(url(template), { method: 'POST', headers: headers(), body: JSON.stringify({ ids }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { records: Record<string, Json | null> }).records;
}

async function frontQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: sources.env.FRONT_MZ });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const subjectIds = (subjectType: string, from: number, count: number) =>
  Array.from({ length: count }, (_, k) => (subjectType === 'PERSON' ? ds.population.idOf(from + k) : ds.companies.company(from + k).code));

const isScalar = (value: unknown) => value === null || typeof value !== 'object';
const TYPE_CHECKS: Record<string, (value: unknown) => boolean> = {
  D: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v),
  T: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v),
  I: (v) => Number.isInteger(v),
  Y: (v) => typeof v === 'number',
  N: (v) => typeof v === 'number',
  F: (v) => typeof v === 'number',
  B: (v) => typeof v === 'number',
  L: (v) => typeof v === 'boolean',
  C: (v) => typeof v === 'string' && v.length > 0,
  M: (v) => typeof v === 'string',
  G: (v) => typeof v === 'string',
};

beforeAll(async () => {
  const started = performance.now();
  sources = await startSources({ adminDatabaseUrl: adminUrl(), persons: PERSONS, companies: COMPANIES, portBase: 0, frontDatabase: FRONT_DATABASE });
  startupMs = performance.now() - started;
}, 120_000);

afterAll(async () => {
  await sources?.stop();
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${FRONT_DATABASE} WITH (FORCE)`);
  await admin.end();
});

describe('demo department sources', () => {
  it('start as separate processes on their own loopback ports, quickly, and print what the hub needs', () => {
    expect(startupMs).toBeLessThan(20_000);
    expect(Object.keys(sources.env).sort()).toEqual(
      ['DEMO_SOURCE_KEY', 'FRONT_MZ', 'SOURCE_DZZZ', 'SOURCE_GAT', 'SOURCE_GENERIC', 'SOURCE_RLSBT', 'SOURCE_SCJGJ', 'SOURCE_ZRZYT'].sort(),
    );
    expect(new Set(sources.sources.map((s) => s.pid)).size).toBe(6);
    expect(new Set(sources.sources.map((s) => s.port)).size).toBe(6);
    expect(sources.sources.every((s) => s.pid !== process.pid && s.url.startsWith('http://127.0.0.1:'))).toBe(true);
    expect(sources.env.FRONT_MZ).toMatch(new RegExp(`^postgres(ql)?://.+/${FRONT_DATABASE}$`));
    expect(sources.front.rows).toBeGreaterThan(1000);
    expect(sources.samplePerson.spouseId).toBeDefined();
  });

  it('require the API key', async () => {
    const path = `${sources.env.SOURCE_GAT}/population/persons/${sources.samplePerson.id}`;
    expect((await fetch(path)).status).toBe(401);
    expect((await fetch(path, { headers: { 'x-api-key': 'wrong' } })).status).toBe(401);
    expect((await fetch(`${sources.env.SOURCE_GENERIC}/r/101001/000002:batch`, { method: 'POST', body: '{"ids":[]}' })).status).toBe(401);
    const ok = await fetch(path, { headers: headers() });
    expect(ok.status).toBe(200);
    expect(at(await ok.json(), 'name')).toBe(sources.samplePerson.name);
  });

  it('answer 404 {"error": "not found"} for unknown subjects and null in batches; limit batches to 100 ids', async () => {
    const missing = await get('{SOURCE_GAT}/population/persons/{id}', '11010519491231002X');
    expect(missing).toEqual({ status: 404, body: { error: 'not found' } });
    const records = await batch('{SOURCE_GAT}/population/persons:batch', [sources.samplePerson.id, '11010519491231002X', 'garbage']);
    expect(records['11010519491231002X']).toBeNull();
    expect(records.garbage).toBeNull();
    expect(at(records[sources.samplePerson.id], 'idNumber')).toBe(sources.samplePerson.id);
    const tooMany = await fetch(url('{SOURCE_GAT}/population/persons:batch'), { method: 'POST', headers: headers(), body: JSON.stringify({ ids: subjectIds('PERSON', 0, 101) }) });
    expect(tooMany.status).toBe(400);
  });

  it('answer every HTTP binding for a real subject, with every mapped path present, scalar and of the item’s type', async () => {
    const problems: string[] = [];
    for (const binding of bindings.filter((b): b is Extract<DemoBinding, { adapter: 'http' }> => b.adapter === 'http')) {
      const resource = catalog.resource(binding.resourceCode)!;
      let found: [string, Json] | undefined;
      for (let from = 0; from < 4000 && !found; from += 100) {
        const records = await batch(binding.batchEndpoint, subjectIds(resource.subjectType, from, 100));
        const hit = Object.entries(records).find(([, record]) => record !== null);
        if (hit) found = hit as [string, Json];
      }
      if (!found) {
        problems.push(`${binding.resourceCode} ${resource.name}: no record for the first 4000 subjects`);
        continue;
      }
      const [id, fromBatch] = found;
      const single = await get(binding.endpoint, id);
      if (single.status !== 200) problems.push(`${binding.resourceCode}: GET ${id} answered ${single.status}`);
      expect(single.body).toEqual(fromBatch);
      for (const item of resource.items) {
        const value = readPath(single.body, binding.fields[item.code]);
        if (value === undefined) problems.push(`${item.code} ${item.name}: ${binding.fields[item.code]} missing`);
        else if (!isScalar(value)) problems.push(`${item.code} ${item.name}: not a scalar`);
        else if (value !== null && !TYPE_CHECKS[item.dataType]?.(value)) problems.push(`${item.code} ${item.name} (${item.dataType}): ${JSON.stringify(value)}`);
      }
      const key = readPath(single.body, binding.fields[resource.items[0].code]);
      if (key !== id) problems.push(`${binding.resourceCode}: the key item reads ${String(key)}, not ${id}`);
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('serve 民政 marriages from the front database through the SQL binding, read-only', async () => {
    const binding = bindings.find((b) => b.adapter === 'sql')!;
    expect(binding.adapter).toBe('sql');
    if (binding.adapter !== 'sql') return;
    const [row] = await frontQuery<Json>(binding.query, [sources.samplePerson.id]);
    for (const column of Object.values(binding.fields)) {
      expect(row).toHaveProperty(column);
      expect(isScalar(row[column])).toBe(true);
    }
    expect(row.id_number).toBe(sources.samplePerson.id);
    expect(row.registration_type).toBe('结婚');
    expect([row.husband_id, row.wife_id].sort()).toEqual([sources.samplePerson.id, sources.samplePerson.spouseId].sort());
    expect(await frontQuery(binding.query, ['11010519491231002X'])).toEqual([]);
    if (sources.front.readOnlyRole) await expect(frontQuery('DELETE FROM marriage_registrations')).rejects.toThrow(/permission denied/);
  });

  it('agree across departments: 公安, 民政 and 人社 know a person by the same name; spouses are married at 公安 on both sides', async () => {
    const gat = (ids: string[]) => batch('{SOURCE_GAT}/population/persons:batch', ids);
    const rows = await frontQuery<MarriageRow>(
      "SELECT registration_type, husband_id, husband_name, wife_id, wife_name, to_char(registered_on, 'YYYY-MM-DD') AS registered_on FROM marriage_registrations ORDER BY registration_no LIMIT 400",
    );
    const latest = new Map<string, MarriageRow>();
    for (const row of rows) {
      for (const id of [row.husband_id, row.wife_id]) {
        if (!latest.has(id) || latest.get(id)!.registered_on < row.registered_on) latest.set(id, row);
      }
    }
    const ids = [...latest.keys()];
    const problems: string[] = [];
    for (let k = 0; k < ids.length; k += 100) {
      const people = await gat(ids.slice(k, k + 100));
      for (const id of ids.slice(k, k + 100)) {
        const person = people[id];
        const row = latest.get(id)!;
        if (!person) {
          problems.push(`${id}: in 民政 but not at 公安`);
          continue;
        }
        const husband = row.husband_id === id;
        if (person.name !== (husband ? row.husband_name : row.wife_name)) problems.push(`${id}: 公安 ${String(person.name)}, 民政 ${husband ? row.husband_name : row.wife_name}`);
        if (person.sex !== (husband ? '男' : '女')) problems.push(`${id}: sex`);
        const expected = row.registration_type === '结婚' ? '已婚' : '离婚';
        if (person.maritalStatus !== expected) problems.push(`${id}: 公安 ${String(person.maritalStatus)}, 民政 ${row.registration_type}`);
        if (expected === '已婚' && at(person, 'spouse.idNumber') !== (husband ? row.wife_id : row.husband_id)) problems.push(`${id}: spouse differs`);
      }
    }
    expect(problems).toEqual([]);
    expect(ids.length).toBeGreaterThan(300);

    // 人社 and 公安 name the same person and the same employer.
    const people = await gat(subjectIds('PERSON', 0, 100));
    const insured = await batch('{SOURCE_RLSBT}/social-insurance/persons:batch', subjectIds('PERSON', 0, 100));
    let compared = 0;
    for (const [id, record] of Object.entries(insured)) {
      if (!record) continue;
      compared++;
      expect(record.name).toBe(people[id]!.name);
      if (record.category === '在职') expect(at(record, 'employer.name')).toBe(people[id]!.employer);
    }
    expect(compared).toBeGreaterThan(30);
  });

  it('agree on companies: every legal representative of 市场监管 exists at 公安 with the same name', async () => {
    const companies = await batch('{SOURCE_SCJGJ}/market/enterprises:batch', subjectIds('LEGAL_ENTITY', 0, 100));
    const reps = Object.values(companies).map((c) => at(c, 'legalRepresentative') as { name: string; idNumber: string });
    const people = await batch('{SOURCE_GAT}/population/persons:batch', reps.map((r) => r.idNumber));
    for (const rep of reps) {
      expect(people[rep.idNumber]).not.toBeNull();
      expect(people[rep.idNumber]!.name).toBe(rep.name);
      expect(people[rep.idNumber]!.status).toBe('正常');
    }
    const sample = await get('{SOURCE_SCJGJ}/market/enterprises/{id}', sources.sampleCompany.id);
    expect(sample.body.name).toBe(sources.sampleCompany.name);
  });

  it('issue certificates that match the registers and are found by their 证照标识', async () => {
    const person = (await get('{SOURCE_GAT}/population/persons/{id}', sources.samplePerson.id)).body;
    const hukou = (await get('{SOURCE_DZZZ}/certificates/11330000001471314Q001/{id}', sources.samplePerson.id)).body;
    expect(hukou.holder).toEqual({ name: person.name, code: person.idNumber, codeType: '111' });
    expect(hukou.number).toBe(at(person, 'household.number'));
    expect(hukou.status).toBe('VALID');
    const marriage = (await get('{SOURCE_DZZZ}/certificates/11330000000792175Y001/{id}', sources.samplePerson.id)).body;
    expect([at(marriage, 'content.husbandIdNumber'), at(marriage, 'content.wifeIdNumber')].sort()).toEqual([sources.samplePerson.id, sources.samplePerson.spouseId].sort());
    const [row] = await frontQuery<{ certificate_no: string }>('SELECT certificate_no FROM marriage_registrations WHERE husband_id = $1 OR wife_id = $1', [sources.samplePerson.id]);
    expect(marriage.number).toBe(row.certificate_no);
    const licence = (await get('{SOURCE_DZZZ}/certificates/11330000001101508H001/{id}', sources.sampleCompany.id)).body;
    expect(licence.holder).toEqual({ name: sources.sampleCompany.name, code: sources.sampleCompany.id, codeType: '001' });
    for (const certificate of [hukou, marriage, licence]) {
      expect((await get('{SOURCE_DZZZ}/certificates/by-id/{id}', String(certificate.certificateId))).body).toEqual(certificate);
    }
  });

  it('answer in well under a millisecond per record', async () => {
    const ids = subjectIds('PERSON', 200, 100);
    await batch('{SOURCE_GAT}/population/persons:batch', ids);
    const timings: number[] = [];
    for (let k = 0; k < 5; k++) {
      const started = performance.now();
      await batch('{SOURCE_GAT}/population/persons:batch', ids);
      timings.push(performance.now() - started);
    }
    timings.sort((a, b) => a - b);
    expect(timings[2] / ids.length).toBeLessThan(1);
  });

  it('switch faults on and off: http500, malformed JSON, hang, slow, and a locked front database', async () => {
    const path = '{SOURCE_GENERIC}/r/101001/000002/{id}';
    const id = sources.samplePerson.id;
    await sources.setFault('generic', 'http500');
    expect((await fetch(url(path, id), { headers: headers() })).status).toBe(500);

    await sources.setFault('generic', 'malformed');
    const malformed = await fetch(url(path, id), { headers: headers() });
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow();

    await sources.setFault('generic', 'hang');
    await expect(fetch(url(path, id), { headers: headers(), signal: AbortSignal.timeout(300) })).rejects.toThrow();

    await sources.setFault('SOURCE_GENERIC', 'slow', { slowMs: 300 });
    const started = performance.now();
    expect([200, 404]).toContain((await fetch(url(path, id), { headers: headers() })).status);
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);

    await sources.setFault('generic', 'none');
    expect([200, 404]).toContain((await fetch(url(path, id), { headers: headers() })).status);
    expect((await get('{SOURCE_GAT}/population/persons/{id}', id)).status).toBe(200); // other sources were never affected
    await expect(sources.setFault('generic', 'explode')).rejects.toThrow(/400/);

    const query = bindings.find((b) => b.adapter === 'sql')!;
    if (query.adapter !== 'sql') return;
    await sources.setFault('mz', 'hang');
    const client = new pg.Client({ connectionString: sources.env.FRONT_MZ });
    await client.connect();
    try {
      const pending = client.query(query.query, [id]);
      const outcome = await Promise.race([pending.then(() => 'answered'), new Promise((resolve) => setTimeout(() => resolve('hung'), 500))]);
      expect(outcome).toBe('hung');
      await sources.setFault('mz', 'none');
      expect((await pending).rows).toHaveLength(1);
    } finally {
      await client.end();
    }
    await expect(sources.setFault('mz', 'http500')).rejects.toThrow(/none and hang/);
  });

  it('stop every source process', async () => {
    const pids = sources.sources.map((s) => s.pid);
    await sources.stop();
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    await expect(fetch(`${sources.env.SOURCE_GAT}/_health`)).rejects.toThrow();
  });
});
