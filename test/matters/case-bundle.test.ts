import { DataSource } from 'typeorm';
import { Role } from '../../src/auth/principal.js';
import { seedMatters } from '../../src/matters/seed.js';
import { FixedClock } from '../../src/common/clock.js';
import { pdfText } from '../certificates/support.js';
import { bearer, tokenFor } from '../support/auth.js';
import { startMattersWorld, WINDOW, type BundleGql, type MattersWorld } from './support.js';

const TRANSFER = 'QR-ZRZYT-001'; // 不动产转移登记
const STARTUP = 'YJS-003'; // 企业开办一件事
const RELEASE = 'QR-ZRZYT-003'; // 不动产抵押权注销登记: not granted to the window
const BIRTH = 'YJS-001'; // 新生儿出生一件事
// Noon in Hangzhou on a Sunday: the case times and the DAY grouping depend on this clock only.
const NOW = '2030-06-16T04:00:00.000Z';

interface AuditRow {
  request_id: string;
  kind: string;
  case_no: string;
  matter: string;
  reason: string;
  outcome: string;
  items_released: string[];
  subject_masked: string;
}

describe('一件事: prepareCase over the demo department sources', () => {
  let world: MattersWorld;
  const status = (bundle: BundleGql, code: string) => bundle.materials.find((m) => m.code === code)!;

  beforeAll(async () => {
    world = await startMattersWorld(new FixedClock(NOW));
    await world.grantMatter(TRANSFER);
    await world.grantMatter(STARTUP);
  }, 180_000);
  afterAll(async () => {
    await world?.close();
  });

  async function audit(caseNo: string): Promise<AuditRow[]> {
    return world.hub.database.query<AuditRow & Record<string, unknown>>(
      'SELECT request_id, kind, case_no, matter, reason, outcome, items_released, subject_masked FROM audit_event WHERE case_no = $1 ORDER BY request_id',
      [caseNo],
    );
  }

  it('finds matters by Chinese keyword, pages them, and lists 一件事 bundles', async () => {
    const search = await world.hub.gql<{ matters: { totalCount: number; edges: { node: { code: string; name: string } }[] } }>(
      'query { matters(filter: { keyword: "二手房 过户" }) { totalCount edges { node { code name } } } }',
      undefined,
      world.window,
    );
    expect(search.body.data!.matters.edges.map((e) => e.node)).toEqual([{ code: TRANSFER, name: '不动产转移登记' }]);
    const bundles = await world.hub.gql<{ matters: { totalCount: number; edges: { cursor: string; node: { code: string; bundle: boolean } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
      'query { matters(filter: { bundle: true }, first: 5) { totalCount edges { cursor node { code bundle } } pageInfo { hasNextPage endCursor } } }',
      undefined,
      world.window,
    );
    const page = bundles.body.data!.matters;
    expect(page.totalCount).toBeGreaterThanOrEqual(10);
    expect(page.edges).toHaveLength(5);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await world.hub.gql<{ matters: { edges: { node: { code: string } }[] } }>('query($a: String) { matters(filter: { bundle: true }, first: 5, after: $a) { edges { node { code } } } }', {
      a: page.pageInfo.endCursor,
    }, world.window);
    const codes = [...page.edges.map((e) => e.node.code), ...next.body.data!.matters.edges.map((e) => e.node.code)];
    expect(new Set(codes).size).toBe(10);
    expect(codes.every((code) => code.startsWith('YJS-'))).toBe(true);
    const byDepartment = await world.hub.gql<{ matters: { edges: { node: { name: string } }[] } }>('query { matters(filter: { keyword: "出生" }) { edges { node { name } } } }', undefined, world.window);
    expect(byDepartment.body.data!.matters.edges.map((e) => e.node.name)).toEqual(expect.arrayContaining(['新生儿出生一件事', '出生登记']));
  });

  it('tells the window which materials it may fetch now, asking the decision point with the matter as purpose', async () => {
    const query = 'query($c: String!) { matter(code: $c) { name departments materials { code kind provider access { fetchable reason consentItems } } } }';
    type M = { matter: { name: string; departments: string[]; materials: { code: string; kind: string; provider: string | null; access: { fetchable: boolean; reason: string | null; consentItems: string[] } | null }[] } };
    const granted = (await world.hub.gql<M>(query, { c: TRANSFER }, world.window)).body.data!.matter;
    expect(granted.departments).toEqual(['ZJ-GAT', 'ZJ-JST', 'ZJ-MZT', 'ZJ-SWJ', 'ZJ-ZRZYT']);
    const access = new Map(granted.materials.map((m) => [m.code, m.access]));
    expect(access.get('M01')).toEqual({ fetchable: true, reason: null, consentItems: [] });
    expect(access.get('M02')).toMatchObject({ fetchable: true, consentItems: ['101003/000001/006', '101003/000001/010'] });
    expect(access.get('M03')).toMatchObject({ fetchable: true });
    expect(access.get('M10')).toEqual({ fetchable: false, reason: null, consentItems: [] });
    // The window's only grants on these items are for 不动产转移登记: for another matter they do not count.
    const other = (await world.hub.gql<M>(query, { c: RELEASE }, world.window)).body.data!.matter;
    expect(other.materials.find((m) => m.code === 'M01')!.access).toMatchObject({ fetchable: false, reason: 'PURPOSE_MISMATCH' });
    expect(other.materials.find((m) => m.code === 'M02')!.access).toMatchObject({ fetchable: false, reason: 'NO_GRANT' });
    // An admin sees the matter, without a department's access.
    const asAdmin = (await world.hub.gql<M>(query, { c: TRANSFER }, world.admin)).body.data!.matter;
    expect(asAdmin.materials.every((m) => m.access === null)).toBe(true);
  });

  let transfer: BundleGql;

  it('prepares 不动产转移登记 in one call: ≥4 materials from ≥3 departments, a sealed certificate, the spouse derived from the marriage record', async () => {
    const couple = world.sources.samples.couple;
    const { bundle, errors } = await world.prepare({ matterCode: TRANSFER, caseNo: 'XH-2030-000101', applicant: { type: 'PERSON', id: couple.id }, consentRef: 'SQ-2030-0001' });
    expect(errors).toBeUndefined();
    transfer = bundle!;
    const obtained = transfer.materials.filter((m) => m.status === 'OBTAINED');
    expect(obtained.length).toBeGreaterThanOrEqual(4);
    expect(new Set(obtained.map((m) => m.department)).size).toBeGreaterThanOrEqual(3);
    expect(status(transfer, 'M01').values.find((v) => v.name === '姓名')?.value).toBe(couple.name);
    // 不动产权证书: sealed by 省自然资源厅, with a printable copy.
    const certificate = status(transfer, 'M03');
    expect(certificate).toMatchObject({ status: 'OBTAINED', department: 'ZJ-ZRZYT', certificate: { delivery: 'DELIVERED', status: 'VALID', issuer: { department: 'ZJ-ZRZYT' } } });
    expect(certificate.certificate!.document!.split('.')).toHaveLength(3);
    expect(certificate.fileUrl).toMatch(/^\/certificates\/1\.2\.156\.3005\.2\..+\.pdf\?caseNo=XH-2030-000101&.*matterCode=QR-ZRZYT-001/);
    // The spouse: found in 民政's marriage record (M02), fetched at 公安 in the same call.
    const spouse = status(transfer, 'M05');
    expect(spouse).toMatchObject({ status: 'OBTAINED', role: 'SPOUSE', department: 'ZJ-GAT', derivedFrom: '配偶：婚姻登记记录中的另一方（M02）' });
    expect(spouse.subject!.maskedId).toBe(`${couple.spouseId.slice(0, 6)}********${couple.spouseId.slice(-4)}`);
    expect(spouse.values.find((v) => v.name === '姓名')?.value).toBe(couple.spouseName);
    // The transferee was not named: the applicant brings those; the forms are always brought.
    for (const code of ['M07', 'M08', 'M09']) expect(status(transfer, code)).toMatchObject({ status: 'MUST_SUBMIT', reason: 'SUBJECT_UNKNOWN' });
    expect(status(transfer, 'M10')).toMatchObject({ status: 'MUST_SUBMIT', reason: null });
    expect(transfer.exempted).toBe(obtained.length);
    expect(transfer.mustSubmit).toBe(transfer.materials.filter((m) => m.required && m.status !== 'OBTAINED').length);
    expect(transfer.latencyMs).toBeGreaterThan(0);
    expect(transfer.createdAt).toBe(NOW);

    const receipt = await world.hub.gql<{ verifyReceipt: { valid: boolean; requestId: string; consumerDept: string; items: { itemCode: string }[] } }>(
      'query($r: String!) { verifyReceipt(receipt: $r) { valid requestId consumerDept items { itemCode } } }',
      { r: transfer.receipt },
    );
    expect(receipt.body.data!.verifyReceipt).toMatchObject({ valid: true, requestId: transfer.caseId, consumerDept: WINDOW });
    const released = obtained.flatMap((m) => m.values.map((v) => v.itemCode));
    expect(receipt.body.data!.verifyReceipt.items.map((i) => i.itemCode)).toEqual(expect.arrayContaining(released));
  });

  it('audits one event per fetched material, linked to the case, naming the derivation', async () => {
    const events = await audit('XH-2030-000101');
    const fetched = transfer.materials.filter((m) => m.requestId);
    expect(events.map((e) => e.request_id).sort()).toEqual(fetched.map((m) => m.requestId).sort());
    for (const event of events) {
      expect(event.matter).toBe('不动产转移登记');
      expect(event.reason).toContain(`一件事办件 ${transfer.caseId}`);
    }
    const certificate = events.find((e) => e.request_id.endsWith('/M03'))!;
    expect(certificate.kind).toBe('CERTIFICATE');
    const spouse = events.find((e) => e.request_id.endsWith('/M05'))!;
    expect(spouse).toMatchObject({ kind: 'LOOKUP', outcome: 'OK' });
    expect(spouse.reason).toContain('主体派生：配偶：婚姻登记记录中的另一方（M02）');
    expect(spouse.subject_masked).toBe(status(transfer, 'M05').subject!.maskedId);
  });

  it('shows the case again without values, and stores none', async () => {
    const response = await world.hub.gql<{ case: { caseNo: string; exempted: number; consentGiven: boolean; materials: { code: string; status: string; department: string | null; releasedHash: string | null; derivedFrom: string | null }[] } }>(
      'query($id: String!) { case(caseId: $id) { caseNo exempted consentGiven materials { code status department releasedHash derivedFrom } } }',
      { id: transfer.caseId },
      world.window,
    );
    expect(response.body.errors).toBeUndefined();
    const record = response.body.data!.case;
    expect(record).toMatchObject({ caseNo: 'XH-2030-000101', exempted: transfer.exempted, consentGiven: true });
    expect(record.materials.map((m) => [m.code, m.status, m.department])).toEqual(transfer.materials.map((m) => [m.code, m.status, m.department]));
    expect(record.materials.filter((m) => m.status === 'OBTAINED').every((m) => /^[A-Za-z0-9_-]{43}$/.test(m.releasedHash!))).toBe(true);
    const stored = JSON.stringify(
      await world.hub.database.query('SELECT c.*, m.* FROM matter_cases c JOIN matter_case_materials m ON m.case_id = c.id WHERE c.id = $1', [transfer.caseId]),
    );
    const couple = world.sources.samples.couple;
    for (const value of [couple.id, couple.name, couple.spouseId, couple.spouseName]) expect(stored).not.toContain(value);
    // Another department does not see it.
    const other = bearer(tokenFor(world.hub, { dept: 'HZYH-XZFWZX', roles: [Role.CONSUMER], sub: 'yh-window-01' }));
    const hidden = await world.hub.gql('query($id: String!) { case(caseId: $id) { caseNo } }', { id: transfer.caseId }, other);
    expect(hidden.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('prints the material list (材料清单) with Chinese text: fetched and from where, and what the applicant still brings', async () => {
    const response = await fetch(`${world.hub.url}${transfer.materialListUrl}`, { headers: world.window });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const text = (await pdfText(new Uint8Array(await response.arrayBuffer()))).replace(/\s+/g, '');
    for (const expected of ['材料清单', '不动产转移登记', 'XH-2030-000101', '已通过共享平台调取的材料', '不动产权证书', '浙江省自然资源厅', '申请人仍需提交的材料', '不动产登记申请书', '配偶：婚姻登记记录中的另一方']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain(world.sources.samples.couple.name);
    // The sealed certificate's printable copy, under the case's purpose (matter code included, as the matter grant requires).
    const copy = await fetch(`${world.hub.url}${status(transfer, 'M03').fileUrl}`, { headers: world.window });
    expect(copy.status).toBe(200);
    expect(copy.headers.get('content-type')).toBe('application/pdf');
    // Every certificate the case obtained prints from its link, the 结婚证 (a marriage record) included.
    for (const code of ['M03', 'M06']) {
      const printed = await fetch(`${world.hub.url}${status(transfer, code).fileUrl}`, { headers: world.window });
      expect({ code, status: printed.status }).toEqual({ code, status: 200 });
    }
  });

  it('without the applicant\'s consent, refuses the marriage record (CONSENT_REQUIRED) and so cannot derive the spouse', async () => {
    const { bundle } = await world.prepare({ matterCode: TRANSFER, caseNo: 'XH-2030-000102', applicant: { type: 'PERSON', id: world.sources.samples.couple.id } });
    expect(status(bundle!, 'M02')).toMatchObject({ status: 'DENIED', reason: 'CONSENT_REQUIRED' });
    expect(status(bundle!, 'M05')).toMatchObject({ status: 'MUST_SUBMIT', reason: 'SUBJECT_UNKNOWN' });
    expect(status(bundle!, 'M05').message).toContain('M02');
    expect(status(bundle!, 'M01').status).toBe('OBTAINED');
    expect(status(bundle!, 'M03').status).toBe('OBTAINED');
    // The decision point refused it inside the release pipeline, so the refusal is audited.
    const refused = (await audit('XH-2030-000102')).find((e) => e.request_id.endsWith('/M02'))!;
    expect(refused).toMatchObject({ kind: 'LOOKUP', outcome: 'PARTIAL' });
    expect(refused.items_released).not.toContain('101003/000001/006');
    // A plain lookup under the matter grant cannot step around the rule.
    const lookup = (consentRef?: string) =>
      world.hub.gql<{ lookup: { values: { itemCode: string }[]; denied: { itemCode: string; reason: string }[] } }>(
        'query($s: SubjectInput!, $p: PurposeInput!) { lookup(subject: $s, itemCodes: ["101003/000001/002", "101003/000001/006"], purpose: $p) { values { itemCode } denied { itemCode reason } } }',
        { s: { type: 'PERSON', id: world.sources.samples.couple.id }, p: { caseNo: 'XH-2030-000102', matter: '不动产转移登记', matterCode: TRANSFER, ...(consentRef ? { consentRef } : {}) } },
        world.window,
      );
    const without = (await lookup()).body.data!.lookup;
    expect(without.values.map((v) => v.itemCode)).toEqual(['101003/000001/002']);
    expect(without.denied).toEqual([{ itemCode: '101003/000001/006', reason: 'CONSENT_REQUIRED' }]);
    const withConsent = (await lookup('SQ-2030-0002')).body.data!.lookup;
    expect(withConsent.values.map((v) => v.itemCode).sort()).toEqual(['101003/000001/002', '101003/000001/006']);
  });

  it('turns only a stopped department\'s materials into FAILED; the rest still arrive', async () => {
    await world.sources.kill('zrzyt');
    try {
      const { bundle } = await world.prepare({ matterCode: TRANSFER, caseNo: 'XH-2030-000103', applicant: { type: 'PERSON', id: world.sources.samples.couple.id }, consentRef: 'SQ-2030-0003' });
      const failed = bundle!.materials.filter((m) => m.status === 'FAILED');
      expect(failed.map((m) => [m.code, m.reason, m.department])).toEqual([['M04', 'SOURCE_UNAVAILABLE', 'ZJ-ZRZYT']]);
      for (const code of ['M01', 'M02', 'M03', 'M05']) expect(status(bundle!, code).status).toBe('OBTAINED');
    } finally {
      await world.sources.restart('zrzyt');
    }
  });

  it('refuses a matter grant used for another matter (PURPOSE_MISMATCH), in a lookup and in a case', async () => {
    const lookup = await world.hub.gql<{ lookup: { values: unknown[]; denied: { itemCode: string; reason: string }[] } }>(
      'query($s: SubjectInput!, $p: PurposeInput!) { lookup(subject: $s, itemCodes: ["101002/000001/002"], purpose: $p) { values { value } denied { itemCode reason } } }',
      { s: { type: 'PERSON', id: world.sources.samples.couple.id }, p: { caseNo: 'XH-2030-000104', matter: '不动产抵押权注销登记', matterCode: RELEASE } },
      world.window,
    );
    expect(lookup.body.data!.lookup).toEqual({ values: [], denied: [{ itemCode: '101002/000001/002', reason: 'PURPOSE_MISMATCH' }] });
    const { bundle } = await world.prepare({ matterCode: RELEASE, caseNo: 'XH-2030-000105', applicant: { type: 'PERSON', id: world.sources.samples.couple.id } });
    expect(status(bundle!, 'M01')).toMatchObject({ status: 'DENIED', reason: 'PURPOSE_MISMATCH' });
    expect(status(bundle!, 'M03')).toMatchObject({ status: 'DENIED', reason: 'PURPOSE_MISMATCH' });
    expect(bundle!.exempted).toBe(0);
  });

  it('derives a company\'s legal representative from the enterprise record (企业开办一件事)', async () => {
    const company = world.sources.samples.company;
    const { bundle, errors } = await world.prepare({ matterCode: STARTUP, caseNo: 'XH-2030-000106', applicant: { type: 'LEGAL_ENTITY', id: company.id }, consentRef: 'SQ-2030-0006' });
    expect(errors).toBeUndefined();
    expect(status(bundle!, 'M01')).toMatchObject({ status: 'OBTAINED', kind: 'CERTIFICATE', department: 'ZJ-SCJGJ' });
    expect(status(bundle!, 'M03')).toMatchObject({ status: 'OBTAINED', role: 'LEGAL_REPRESENTATIVE', derivedFrom: '法定代表人：企业登记基本信息中的法定代表人证件号码（M02）' });
    expect(status(bundle!, 'M03').values.find((v) => v.name === '姓名')?.value).toBe(company.legalRepName);
  });

  it('prepares 新生儿出生一件事 for a newborn with both parents: the sealed 出生医学证明, the mother derived from the marriage record', async () => {
    await world.grantMatter(BIRTH);
    const newborn = world.sources.samples.newborn;
    const { bundle, errors } = await world.prepare({
      matterCode: BIRTH,
      caseNo: 'XH-2030-000110',
      applicant: { type: 'PERSON', id: newborn.fatherId },
      subjects: [{ role: 'CHILD', subject: { type: 'PERSON', id: newborn.id } }],
      consentRef: 'SQ-2030-0010',
    });
    expect(errors).toBeUndefined();
    expect(status(bundle!, 'M01')).toMatchObject({ status: 'OBTAINED', role: 'CHILD', department: 'ZJ-WSJKW', certificate: { delivery: 'DELIVERED', status: 'VALID' } });
    const mother = status(bundle!, 'M05');
    expect(mother).toMatchObject({ status: 'OBTAINED', role: 'SPOUSE', derivedFrom: '配偶：婚姻登记记录中的另一方（M02）' });
    expect(mother.subject!.maskedId).toBe(`${newborn.motherId.slice(0, 6)}********${newborn.motherId.slice(-4)}`);
    expect(new Set(bundle!.materials.filter((m) => m.status === 'OBTAINED').map((m) => m.department)).size).toBeGreaterThanOrEqual(3);
  });

  it('rejects bad input with a clear error', async () => {
    const wrongType = await world.prepare({ matterCode: STARTUP, caseNo: 'XH-2030-000107', applicant: { type: 'PERSON', id: world.sources.samples.couple.id } });
    expect(wrongType.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(wrongType.errors?.[0].message).toContain('申请人应为法人');
    const unknown = await world.prepare({ matterCode: 'QR-ZRZYT-999', caseNo: 'XH-2030-000108', applicant: { type: 'PERSON', id: world.sources.samples.couple.id } });
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const admin = await world.prepare({ matterCode: TRANSFER, caseNo: 'XH-2030-000109', applicant: { type: 'PERSON', id: world.sources.samples.couple.id } }, world.admin);
    expect(admin.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await expect(world.grantMatter(TRANSFER, 'HZXH-NOSUCH')).rejects.toThrow(/BAD_USER_INPUT.*consumerDept/);
    const byConsumer = await world.hub.gql('mutation { grantMatter(consumerDept: "HZXH-XZFWZX", matterCode: "YJS-002", validUntil: "2031-01-01T00:00:00Z") { grantIds } }', undefined, world.window);
    expect(byConsumer.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('gives the reform\'s figures after these cases: cases, exempted vs must-submit, 免提交率, latency percentiles, failures per department', async () => {
    type Stats = { matterStats: { groups: { key: string; label: string | null; cases: number; exempted: number; mustSubmit: number; exemptionRate: number; latencyP50: number; latencyP95: number; failures: { department: string; count: number }[] }[]; total: { cases: number; exempted: number; mustSubmit: number; exemptionRate: number; latencyP50: number | null; failures: { department: string; count: number }[] } } };
    const query = `query($f: DateTime!, $t: DateTime!, $g: MatterStatsGroupBy) { matterStats(from: $f, to: $t, groupBy: $g) {
      groups { key label cases exempted mustSubmit exemptionRate latencyP50 latencyP95 failures { department count } } total { cases exempted mustSubmit exemptionRate latencyP50 failures { department count } } } }`;
    const range = { f: '2030-06-16T00:00:00+08:00', t: '2030-06-17T00:00:00+08:00' };
    const byMatter = (await world.hub.gql<Stats>(query, { ...range, g: 'MATTER' }, world.window)).body.data!.matterStats;
    const transferGroup = byMatter.groups.find((g) => g.key === TRANSFER)!;
    expect(transferGroup).toMatchObject({ label: '不动产转移登记', cases: 3, failures: [{ department: 'ZJ-ZRZYT', count: 1 }] });
    const rows: { exempted: number; must_submit: number; latency_ms: number }[] = await world.hub.database.query(
      'SELECT exempted, must_submit, latency_ms FROM matter_cases WHERE matter_code = $1',
      [TRANSFER],
    );
    const exempted = rows.reduce((s, r) => s + r.exempted, 0);
    const mustSubmit = rows.reduce((s, r) => s + r.must_submit, 0);
    expect(transferGroup).toMatchObject({ exempted, mustSubmit });
    expect(transferGroup.exemptionRate).toBeCloseTo(exempted / (exempted + mustSubmit), 6);
    const latencies = rows.map((r) => r.latency_ms).sort((a, b) => a - b);
    expect(transferGroup.latencyP50).toBe(latencies[1]);
    expect(transferGroup.latencyP95).toBeGreaterThanOrEqual(latencies[1]);
    expect(transferGroup.latencyP95).toBeLessThanOrEqual(latencies[2]);
    expect(byMatter.groups.map((g) => g.key).sort()).toEqual([BIRTH, RELEASE, TRANSFER, STARTUP].sort());
    expect(byMatter.total).toMatchObject({ cases: 6, failures: [{ department: 'ZJ-ZRZYT', count: 1 }] });
    const all: { latency_ms: number }[] = await world.hub.database.query('SELECT latency_ms FROM matter_cases ORDER BY latency_ms');
    expect(byMatter.total.latencyP50).toBe((all[2].latency_ms + all[3].latency_ms) / 2);

    const byDay = (await world.hub.gql<Stats>(query, { ...range, g: 'DAY' }, world.window)).body.data!.matterStats;
    expect(byDay.groups.map((g) => [g.key, g.cases])).toEqual([['2030-06-16', 6]]);
    const byDept = (await world.hub.gql<Stats>(query, { ...range, g: 'CONSUMER_DEPT' }, world.admin)).body.data!.matterStats;
    expect(byDept.groups.map((g) => [g.key, g.cases])).toEqual([[WINDOW, 6]]);
    // Another window sees only its own (none); the day before has none.
    const other = bearer(tokenFor(world.hub, { dept: 'HZYH-XZFWZX', roles: [Role.CONSUMER], sub: 'yh-window-01' }));
    expect((await world.hub.gql<Stats>(query, { ...range, g: 'MATTER' }, other)).body.data!.matterStats.total.cases).toBe(0);
    const dayBefore = (await world.hub.gql<Stats>(query, { f: '2030-06-15T00:00:00+08:00', t: range.f, g: 'MATTER' }, world.window)).body.data!.matterStats;
    expect(dayBefore.groups).toEqual([]);
    expect(dayBefore.total).toMatchObject({ cases: 0, exempted: 0, exemptionRate: null, latencyP50: null });
  });

  it('says NOT_HELD where a department has no record of the subject (a newborn owns no home and is not married)', async () => {
    const { bundle } = await world.prepare({ matterCode: TRANSFER, caseNo: 'XH-2030-000111', applicant: { type: 'PERSON', id: world.sources.samples.newborn.id }, consentRef: 'SQ-2030-0011' });
    expect(status(bundle!, 'M01').status).toBe('OBTAINED');
    for (const code of ['M02', 'M03', 'M04', 'M06']) expect({ code, status: status(bundle!, code).status }).toEqual({ code, status: 'NOT_HELD' });
    // No marriage record: no spouse to derive.
    expect(status(bundle!, 'M05')).toMatchObject({ status: 'MUST_SUBMIT', reason: 'SUBJECT_UNKNOWN' });
    expect(bundle!.exempted).toBe(1);
  });

  it('loads the matter catalogue again without change (idempotent seed), cases keeping their matters', async () => {
    const count = async () => (await world.hub.database.query<{ matters: number; materials: number }>('SELECT (SELECT count(*) FROM matters)::int AS matters, (SELECT count(*) FROM matter_materials)::int AS materials'))[0];
    const before = await count();
    expect(await seedMatters(world.hub.app.get(DataSource))).toEqual({ matters: before.matters });
    expect(await count()).toEqual(before);
    expect(before.matters).toBeGreaterThanOrEqual(30);
  });
});
