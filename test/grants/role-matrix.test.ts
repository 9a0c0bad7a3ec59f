/* eslint-disable @typescript-eslint/no-explicit-any -- the cells read GraphQL answers of many shapes; their assertions are the type check */
import { Role } from '../../src/auth/principal.js';
import { SourceBindingRepository } from '../../src/sources/binding.repository.js';
import { validateBinding } from '../../src/sources/binding.js';
import { bearer, tokenFor } from '../support/auth.js';
import { startDepartmentApi, type DepartmentApi } from '../support/fake-department.js';
import { CONSUMER, LICENCE, PURPOSE, startCertificateWorld, type CertificateWorld } from '../certificates/support.js';

/**
 * Every entry point × every kind of principal, against a hub with real sources (a department
 * API on loopback for 居民户籍信息, the demo certificate issuer): each allowed cell asserts the
 * data it returns (an INTERNAL error fails it), each denied cell the exact refusal. Mutations
 * act on objects made for the cell, so allowed cells really change something.
 */
type Who = 'consumer' | 'provider' | 'otherProvider' | 'admin' | 'auditor';
const WHO: Who[] = ['consumer', 'provider', 'otherProvider', 'admin', 'auditor'];
const PERSON_RES = '101001/000001'; // 省公安厅 · 居民户籍信息
const BOOKLET = '10500101/000001'; // 居民户口簿, issued by 省公安厅
const item = (n: number) => `${PERSON_RES}/${String(n).padStart(3, '0')}`;
const PERSON = '330106199003071236';
const FUTURE = () => new Date(Date.now() + 86_400_000).toISOString();
const GQL_PURPOSE = '{ caseNo: "XH-2026-000777", matter: "企业变更登记" }';

interface Outcome {
  data?: unknown;
  code?: string;
  message?: string;
}

interface Cell {
  name: string;
  allowed: Who[];
  /** Runs the operation as `who` (preparing what it acts on first). */
  run: (who: Who | null) => Promise<Outcome>;
  /** What an allowed cell returns. */
  expectData: (data: any, who: Who | null) => void;
  /** The refusal of a denied cell (default: the role refusal). */
  refusal?: (who: Who | null) => { code: string; message: string | RegExp };
}

describe('role × action matrix: every entry point through the policy decision point', () => {
  let world: CertificateWorld;
  let api: DepartmentApi;
  const headers = {} as Record<Who, Record<string, string>>;
  const depts = {} as Record<Who, string>;
  let otherResource: string;
  let company: string;
  let serial = 0;

  beforeAll(async () => {
    api = await startDepartmentApi('matrix-key');
    world = await startCertificateWorld({ SOURCE_MATRIX: api.url, MATRIX_SOURCE_KEY: 'matrix-key' });
    const hub = world.hub;
    const fields = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [item(i + 1), `f${i + 1}`]));
    const binding = validateBinding(
      { resourceCode: PERSON_RES, adapter: 'http', endpoint: '{SOURCE_MATRIX}/records/{id}', credentialRef: 'MATRIX_SOURCE_KEY', timeoutMs: 1000, fields },
      Object.keys(fields),
      (name) => hub.config.sources.settings[name],
    );
    await hub.app.get(SourceBindingRepository).save([binding]);
    api.records.set(PERSON, { f1: PERSON, f2: '张三', f4: '男', f6: '1990-03-07', f14: '已婚' });
    const [owner] = await hub.database.query('SELECT provider_code FROM resources WHERE code = $1', [PERSON_RES]);
    const [issuer] = await hub.database.query('SELECT provider_code FROM resources WHERE code = $1', [BOOKLET]);
    expect(owner.provider_code).toBe(issuer.provider_code);
    const [other] = await hub.database.query(`SELECT provider_code FROM resources WHERE provider_code <> $1 AND code LIKE '1%' LIMIT 1`, [owner.provider_code]);
    [{ code: otherResource }] = await hub.database.query(`SELECT code FROM resources WHERE provider_code = $1 AND status = 'PUBLISHED' ORDER BY code DESC LIMIT 1`, [other.provider_code]);
    Object.assign(depts, { consumer: CONSUMER, provider: owner.provider_code, otherProvider: other.provider_code, admin: 'ZJ-DSJJ', auditor: 'ZJ-DSJJ' });
    const roles: Record<Who, Role> = { consumer: Role.CONSUMER, provider: Role.PROVIDER, otherProvider: Role.PROVIDER, admin: Role.ADMIN, auditor: Role.AUDITOR };
    for (const who of WHO) headers[who] = bearer(tokenFor(hub, { dept: depts[who], roles: [roles[who]], sub: `matrix-${who}` }));
    await world.grant([item(1), item(2), item(6)], false);
    await world.grant(await world.itemsOf(LICENCE), false);
    company = world.holderWith(LICENCE, 'VALID', 1).id;
  }, 180_000);
  afterAll(async () => {
    await world?.close();
    await api?.close();
  });

  async function gql(query: string, who: Who | null, variables: Record<string, unknown> = {}): Promise<Outcome> {
    const response = await world.hub.gql(query, variables, who ? headers[who] : {});
    const error = response.body.errors?.[0];
    return error ? { code: error.extensions?.code as string, message: error.message } : { data: response.body.data };
  }

  async function http(path: string, who: Who | null): Promise<Outcome> {
    const response = await fetch(`${world.hub.url}${path}`, { headers: who ? headers[who] : {} });
    const type = response.headers.get('content-type') ?? '';
    if (response.ok) return { data: { status: response.status, type, body: Buffer.from(await response.arrayBuffer()) } };
    const body = (await response.json()) as { error?: { code: string; message: string }; errors?: { message: string; extensions?: { code: string } }[] };
    return { code: body.error?.code ?? body.errors?.[0]?.extensions?.code, message: body.error?.message ?? body.errors?.[0]?.message };
  }

  /** A pending application of the consumer to the provider, made for one cell. */
  async function pendingApplication(): Promise<string> {
    const made = await gql(
      `mutation { applyForAccess(input: { itemCodes: ["${item(10 + (serial++ % 10))}"], purpose: "测试申请", legalBasis: "测试依据", validUntil: "${FUTURE()}" }) { id } }`,
      'consumer',
    );
    return (made.data as any).applyForAccess[0].id;
  }

  /** A fresh grant on the provider's item, made by the admin for one cell. */
  async function freshGrant(): Promise<string> {
    const made = await gql(`mutation { grantAccess(input: { consumerDept: "${CONSUMER}", itemCodes: ["${item(15)}"], purpose: "测试授权", validUntil: "${FUTURE()}" }) { id } }`, 'admin');
    return (made.data as any).grantAccess[0].id;
  }

  const roleRefusal = (...roles: Role[]) => () => ({ code: 'FORBIDDEN', message: `This operation needs the role ${roles.join(' or ')}` });
  const ownerRefusal = (message: string | RegExp) => (who: Who | null) =>
    who === 'otherProvider' ? { code: 'FORBIDDEN', message } : roleRefusal(Role.PROVIDER, Role.ADMIN)();

  const CELLS: Cell[] = [
    {
      name: 'departments (CATALOG_READ)',
      allowed: WHO,
      run: (who) => gql('{ departments { code } }', who),
      expectData: (data) => expect(data.departments.map((d: { code: string }) => d.code)).toContain('ZJ-GAT'),
    },
    {
      name: 'certificateTypes (CATALOG_READ)',
      allowed: WHO,
      run: (who) => gql('{ certificateTypes { resourceCode } }', who),
      expectData: (data) => expect(data.certificateTypes.map((t: { resourceCode: string }) => t.resourceCode)).toContain(LICENCE),
    },
    {
      name: 'retireResource (ADMIN)',
      allowed: ['admin'],
      run: (who) => gql(`mutation { retireResource(code: "${otherResource}", reason: "测试") { code status } }`, who),
      expectData: (data) => expect(data.retireResource).toEqual({ code: otherResource, status: 'RETIRED' }),
      refusal: roleRefusal(Role.ADMIN),
    },
    {
      name: 'applyForAccess (APPLY)',
      allowed: ['consumer'],
      run: (who) => gql(`mutation { applyForAccess(input: { itemCodes: ["${item(3)}"], purpose: "测试申请", legalBasis: "测试依据", validUntil: "${FUTURE()}" }) { consumerDept providerDept status } }`, who),
      expectData: (data) => expect(data.applyForAccess).toEqual([{ consumerDept: CONSUMER, providerDept: depts.provider, status: 'PENDING' }]),
      refusal: roleRefusal(Role.CONSUMER),
    },
    {
      name: 'reviewAccessApplication (PROVIDER_REVIEW)',
      allowed: ['provider', 'admin'],
      run: async (who) => gql(`mutation { reviewAccessApplication(input: { id: "${await pendingApplication()}", decision: REJECT, reason: "测试" }) { status decidedBy } }`, who),
      expectData: (data, who) => expect(data.reviewAccessApplication).toEqual({ status: 'REJECTED', decidedBy: `matrix-${who}` }),
      refusal: ownerRefusal('Only the providing department or an admin may review this application'),
    },
    {
      name: 'accessApplications (GRANT_LIST, rows narrowed)',
      allowed: WHO,
      run: async (who) => {
        await pendingApplication();
        return gql('{ accessApplications(first: 100) { totalCount edges { node { consumerDept providerDept } } } }', who);
      },
      expectData: (data, who) => {
        const rows = data.accessApplications.edges.map((e: any) => e.node);
        if (who === 'otherProvider') return expect(rows).toEqual([]);
        expect(rows.length).toBeGreaterThan(0);
        if (who === 'consumer') expect(rows.every((r: any) => r.consumerDept === CONSUMER)).toBe(true);
        if (who === 'provider') expect(rows.every((r: any) => r.providerDept === depts.provider)).toBe(true);
      },
    },
    {
      name: 'grants (GRANT_LIST, rows narrowed)',
      allowed: WHO,
      run: (who) => gql('{ grants(first: 100) { totalCount edges { node { consumerDept providerDept itemCode } } } }', who),
      expectData: (data, who) => {
        const rows = data.grants.edges.map((e: any) => e.node);
        if (who === 'otherProvider') return expect(rows).toEqual([]);
        expect(rows.map((r: any) => r.itemCode)).toContain(item(1));
        if (who === 'provider') expect(rows.every((r: any) => r.providerDept === depts.provider)).toBe(true);
        if (who === 'consumer') expect(rows.every((r: any) => r.consumerDept === CONSUMER)).toBe(true);
      },
    },
    {
      name: 'grantAccess (ADMIN)',
      allowed: ['admin'],
      run: (who) => gql(`mutation { grantAccess(input: { consumerDept: "${CONSUMER}", itemCodes: ["${item(16)}"], purpose: "测试授权", validUntil: "${FUTURE()}" }) { itemCode active } }`, who),
      expectData: (data) => expect(data.grantAccess).toEqual([{ itemCode: item(16), active: true }]),
      refusal: roleRefusal(Role.ADMIN),
    },
    {
      name: 'revokeGrant (GRANT_REVOKE)',
      allowed: ['provider', 'admin'],
      run: async (who) => gql(`mutation { revokeGrant(id: "${await freshGrant()}", reason: "测试") { itemCode active revokedBy } }`, who),
      expectData: (data, who) => expect(data.revokeGrant).toEqual({ itemCode: item(15), active: false, revokedBy: `matrix-${who}` }),
      refusal: ownerRefusal('Only the providing department or an admin may revoke this grant'),
    },
    {
      name: 'myAccess (GRANT_LIST)',
      allowed: WHO,
      run: (who) => gql('{ myAccess { resourceCode items { itemCode } } }', who),
      expectData: (data, who) => {
        if (who !== 'consumer') return expect(data.myAccess).toEqual([]);
        expect(data.myAccess.find((r: any) => r.resourceCode === PERSON_RES).items.map((i: any) => i.itemCode)).toEqual(expect.arrayContaining([item(1), item(2), item(6)]));
      },
    },
    {
      name: 'checkAccess (ACCESS_CHECK)',
      allowed: ['consumer'],
      run: (who) => gql(`{ checkAccess(itemCodes: ["${item(1)}", "${item(3)}"]) { allowed denied { itemCode reason } } }`, who),
      expectData: (data) => expect(data.checkAccess).toEqual({ allowed: [item(1)], denied: [{ itemCode: item(3), reason: 'NO_GRANT' }] }),
      refusal: roleRefusal(Role.CONSUMER),
    },
    {
      name: 'lookup (READ)',
      allowed: ['consumer'],
      run: (who) => gql(`{ lookup(subject: { type: PERSON, id: "${PERSON}" }, itemCodes: ["${item(2)}", "${item(6)}"], purpose: ${GQL_PURPOSE}) { values { itemCode value masked } denied { itemCode } } }`, who),
      expectData: (data) =>
        expect(data.lookup).toEqual({ values: [{ itemCode: item(2), value: '张*', masked: true }, { itemCode: item(6), value: '1990-03-07', masked: false }], denied: [] }),
      refusal: roleRefusal(Role.CONSUMER),
    },
    {
      name: 'lookupBatch (BATCH)',
      allowed: ['consumer'],
      run: (who) => gql(`{ lookupBatch(subjects: [{ type: PERSON, id: "${PERSON}" }], itemCodes: ["${item(6)}"], purpose: ${GQL_PURPOSE}) { values { itemCode value } } }`, who),
      expectData: (data) => expect(data.lookupBatch).toEqual([{ values: [{ itemCode: item(6), value: '1990-03-07' }] }]),
      refusal: roleRefusal(Role.CONSUMER),
    },
    {
      name: 'verify (VERIFY)',
      allowed: ['consumer'],
      run: (who) => gql(`{ verify(subject: { type: PERSON, id: "${PERSON}" }, claims: [{ itemCode: "${item(6)}", value: "1990-03-07" }], purpose: ${GQL_PURPOSE}) { results { itemCode match } denied { itemCode } } }`, who),
      expectData: (data) => expect(data.verify).toEqual({ results: [{ itemCode: item(6), match: true }], denied: [] }),
      refusal: roleRefusal(Role.CONSUMER),
    },
    {
      name: 'certificates (CERTIFICATE)',
      allowed: ['consumer'],
      run: (who) => gql(`{ certificates(holder: { type: LEGAL_ENTITY, id: "${company}" }, types: ["${LICENCE}"], purpose: ${GQL_PURPOSE}) { delivery resourceCode document } }`, who),
      expectData: (data) => {
        expect(data.certificates).toHaveLength(1);
        expect(data.certificates[0]).toMatchObject({ delivery: 'DELIVERED', resourceCode: LICENCE });
        expect(data.certificates[0].document.split('.')).toHaveLength(3);
      },
      refusal: roleRefusal(Role.CONSUMER),
    },
    {
      name: 'revokeCertificate (CERTIFICATE_REVOKE)',
      allowed: ['provider', 'admin'],
      run: async (who) => {
        const identifier = world.holderWith(BOOKLET, 'VALID', 10 + serial++).record.certificateId as string;
        return gql(`mutation { revokeCertificate(identifier: "${identifier}", reason: "测试") { identifier issuer } }`, who);
      },
      expectData: (data) => expect(data.revokeCertificate.issuer).toBe(depts.provider),
      refusal: ownerRefusal(/^Only the issuing department \(.+\) or an admin may revoke this certificate$/),
    },
    {
      name: 'rotateSealKey (ADMIN)',
      allowed: ['admin'],
      run: (who) => gql(`mutation { rotateSealKey(department: "${depts.otherProvider}") { department seq } }`, who),
      expectData: (data) => expect(data.rotateSealKey).toMatchObject({ department: depts.otherProvider }),
      refusal: roleRefusal(Role.ADMIN),
    },
    {
      name: 'setDepartmentEnabled (ADMIN)',
      allowed: ['admin'],
      run: (who) => gql(`mutation { setDepartmentEnabled(code: "${depts.otherProvider}", enabled: true, reason: "测试") { code enabled } }`, who),
      expectData: (data) => expect(data.setDepartmentEnabled).toEqual({ code: depts.otherProvider, enabled: true }),
      refusal: roleRefusal(Role.ADMIN),
    },
    {
      name: 'bindSources (ADMIN)',
      allowed: ['admin'],
      run: async (who) => {
        const bindings = await world.hub.app.get(SourceBindingRepository).all();
        const json = JSON.stringify([bindings.get(PERSON_RES)]);
        return gql('mutation($json: String!) { bindSources(bindingsJson: $json) }', who, { json });
      },
      expectData: (data) => expect(data.bindSources).toEqual([PERSON_RES]),
      refusal: roleRefusal(Role.ADMIN),
    },
    {
      name: 'auditEvents (AUDIT_READ)',
      allowed: ['auditor'],
      run: (who) => gql('{ auditEvents(first: 100, filter: { kind: LOOKUP }) { edges { node { kind consumerDept } } } }', who),
      expectData: (data) => {
        expect(data.auditEvents.edges.length).toBeGreaterThan(0);
        expect(data.auditEvents.edges.every((e: any) => e.node.kind === 'LOOKUP' && e.node.consumerDept === CONSUMER)).toBe(true);
      },
      refusal: roleRefusal(Role.AUDITOR),
    },
    {
      name: 'auditAlerts (AUDIT_READ)',
      allowed: ['auditor'],
      run: (who) => gql('{ auditAlerts { edges { node { rule } } } }', who),
      expectData: (data) => expect(Array.isArray(data.auditAlerts.edges)).toBe(true),
      refusal: roleRefusal(Role.AUDITOR),
    },
    {
      name: 'GET /catalog/export.csv (EXPORT)',
      allowed: WHO,
      run: (who) => http('/catalog/export.csv', who),
      expectData: (data) => {
        expect(data.type).toMatch(/text\/csv/);
        expect(data.body.toString('utf8')).toContain(PERSON_RES);
      },
    },
    {
      name: 'GET /audit/export.csv (AUDIT_READ)',
      allowed: ['auditor'],
      run: (who) => http('/audit/export.csv?kind=LOOKUP', who),
      expectData: (data) => {
        expect(data.type).toMatch(/text\/csv/);
        expect(data.body.toString('utf8')).toContain(CONSUMER);
      },
      refusal: roleRefusal(Role.AUDITOR),
    },
    {
      name: 'GET /certificates/<证照标识>.pdf (CERTIFICATE)',
      allowed: ['consumer'],
      run: (who) => {
        const identifier = world.holderWith(LICENCE, 'VALID', 1).record.certificateId as string;
        return http(`/certificates/${encodeURIComponent(identifier)}.pdf?${new URLSearchParams(PURPOSE)}`, who);
      },
      expectData: (data) => {
        expect(data.type).toBe('application/pdf');
        expect(data.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      },
      refusal: roleRefusal(Role.CONSUMER),
    },
  ];

  // Lookups first, so the auditor's cells find their events.
  const cells = CELLS.flatMap((cell) => WHO.map((who) => ({ cell, who, name: cell.name })));

  it.each(cells)('$name as $who', async ({ cell, who }) => {
    const outcome = await cell.run(who);
    if (cell.allowed.includes(who)) {
      expect(outcome.code).toBeUndefined();
      cell.expectData(outcome.data, who);
    } else {
      const refusal = (cell.refusal ?? roleRefusal(Role.CONSUMER))(who);
      expect(outcome.code).toBe(refusal.code);
      if (typeof refusal.message === 'string') expect(outcome.message).toBe(refusal.message);
      else expect(outcome.message).toMatch(refusal.message);
    }
  });

  it.each(CELLS)('$name without a token is UNAUTHENTICATED', async (cell) => {
    expect((await cell.run(null)).code).toBe('UNAUTHENTICATED');
  });

  it('the published catalogue (DCAT) needs no token (PUBLISH)', async () => {
    const outcome = await http('/catalog/dcat.jsonld', null);
    expect(outcome.code).toBeUndefined();
    expect(JSON.parse((outcome.data as { body: Buffer }).body.toString('utf8'))['@type']).toBeDefined();
  });
});
