import fc from 'fast-check';
import { Dataset, certificateRecord, certificateResources } from '../../demo/population/index.js';
import { buildCertificateId, certificateIdCheckChar, CREDIT_CODE_CHARSET, parseCertificateId } from '../../src/common/identifiers/index.js';
import { buildPayload, roleOf, type CertificateTypeRecord } from '../../src/certificates/certificate-model.js';
import { canonicalJson } from '../../src/common/canonical-json.js';
import { SubjectType } from '../../src/common/subject.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The check character computed straight from docs/domain.md's description (§ Electronic certificates), independently of the hub's code. */
function mod3736(payload: string): string {
  let p = 36;
  for (const char of payload) {
    let s = (p + ALPHABET.indexOf(char)) % 36;
    if (s === 0) s = 36;
    p = (2 * s) % 37;
  }
  return ALPHABET[(37 - p) % 36];
}

describe('证照标识 (GB/T 36904) check character, ISO 7064 MOD 37,36', () => {
  it('checks out on the two real identifiers of docs/domain.md', () => {
    const real = [
      '1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0',
      '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U',
    ];
    for (const id of real) {
      const parsed = parseCertificateId(id);
      expect(parsed).toMatchObject({ ok: true, normalized: id });
      const [, , , , , typeCode, issuer, serial, version, check] = id.split('.');
      expect(certificateIdCheckChar(typeCode + issuer + serial + version)).toBe(check);
      expect(mod3736(typeCode + issuer + serial + version)).toBe(check);
    }
    expect(parseCertificateId(real[0].toLowerCase())).toMatchObject({ ok: true, normalized: real[0] });
  });

  const creditCode = fc.array(fc.constantFrom(...CREDIT_CODE_CHARSET), { minLength: 18, maxLength: 18 }).map((chars) => chars.join(''));
  const parts = fc.record({
    typeCode: fc.tuple(creditCode, fc.integer({ min: 0, max: 999 })).map(([code, n]) => code + String(n).padStart(3, '0')),
    issuerCode: creditCode,
    serial: fc.array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: 20 }).map((chars) => chars.join('')),
    version: fc.integer({ min: 0, max: 999 }),
  });

  it('builds identifiers whose check character matches the independent computation, and parses them back', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const id = buildCertificateId(p);
        const version = String(p.version).padStart(3, '0');
        expect(id.endsWith(`.${mod3736(p.typeCode + p.issuerCode + p.serial + version)}`)).toBe(true);
        expect(parseCertificateId(id)).toMatchObject({ ok: true, typeCode: p.typeCode, issuerCode: p.issuerCode, serial: p.serial, version });
      }),
      { numRuns: 500 },
    );
  });

  it('rejects every single changed character of a generated identifier (MOD 37,36 catches all substitutions)', () => {
    fc.assert(
      fc.property(parts, fc.nat(), fc.constantFrom(...ALPHABET), (p, at, replacement) => {
        const id = buildCertificateId(p);
        const prefix = '1.2.156.3005.2.';
        const body = id.slice(prefix.length);
        const positions = [...body].map((c, i) => (c === '.' ? -1 : i)).filter((i) => i >= 0);
        const i = positions[at % positions.length];
        if (body[i] === replacement) return;
        const changed = prefix + body.slice(0, i) + replacement + body.slice(i + 1);
        // A changed character either breaks the shape or the check character — never passes.
        expect(parseCertificateId(changed).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('holds for every certificate the demo issuers generate', () => {
    const ds = new Dataset({ persons: 1_000, companies: 200 });
    let checked = 0;
    for (const resource of certificateResources(ds)) {
      const holders = resource.certificate!.holderType === 'PERSON' ? Array.from({ length: 1_000 }, (_, i) => ds.population.idOf(i)) : Array.from({ length: 200 }, (_, j) => ds.companies.company(j).code);
      for (const holder of holders) {
        const record = certificateRecord(ds, resource, holder) as { certificateId: string; typeCode: string; issuer: { code: string } } | null;
        if (!record) continue;
        const parsed = parseCertificateId(record.certificateId);
        expect(parsed).toMatchObject({ ok: true, typeCode: resource.certificate!.typeCode, issuerCode: record.issuer.code });
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(1_000);
  });
});

describe('the sealed payload', () => {
  const type: CertificateTypeRecord = {
    resourceCode: '10500201/000001',
    name: '营业执照',
    typeCode: '11330000001101508H001',
    holderType: SubjectType.LEGAL_ENTITY,
    issuer: 'ZJ-SCJGJ',
    issuerName: '浙江省市场监督管理局',
    issuerCreditCode: '11330000001101508H',
    status: 'PUBLISHED',
    items: ['统一社会信用代码', '证照标识', '证照编号', '证照名称', '证照类型代码', '持证主体', '持证主体代码', '持证主体代码类型', '颁发日期', '有效期起始', '有效期截止', '颁发机构', '颁发机构代码', '管辖属地编码', '证照状态', '法定代表人'].map(
      (name, i) => ({ itemCode: `10500201/000001/${String(i + 1).padStart(3, '0')}`, name, dataType: 'C', role: roleOf(name, i) }),
    ),
  };
  const identifier = buildCertificateId({ typeCode: type.typeCode, issuerCode: type.issuerCreditCode, serial: '201912345678', version: 1 });
  const raw: Record<string, string | null> = {
    '统一社会信用代码': '91330106MA27ABC166',
    '证照标识': identifier,
    '证照编号': '330106000123456',
    '证照名称': '营业执照',
    '证照类型代码': type.typeCode,
    '持证主体': '杭州西湖示例科技有限公司',
    '持证主体代码': '91330106MA27ABC166',
    '持证主体代码类型': '001',
    '颁发日期': '2019-05-01',
    '有效期起始': '2019-05-01',
    '有效期截止': null,
    '颁发机构': '浙江省市场监督管理局',
    '颁发机构代码': '11330000001101508H',
    '管辖属地编码': '330106',
    '证照状态': '有效',
    '法定代表人': '王小明',
  };
  const values = (overrides: Record<string, string | null> = {}) => {
    const merged = { ...raw, ...overrides };
    const byCode = Object.fromEntries(type.items.map((item) => [item.itemCode, merged[item.name]]));
    const released = type.items.map((item) => ({ itemCode: item.itemCode, name: item.name, value: merged[item.name], resourceCode: type.resourceCode, department: type.issuer, asOf: '2026-01-01T00:00:00.000Z', masked: false }));
    return [released, byCode] as const;
  };

  it('splits metadata (by catalogue name) from content, and reads issuer words for the status', () => {
    const built = buildPayload(type, ...values(), '2026-01-01T00:00:00.000Z');
    expect(built).toMatchObject({
      ok: true,
      sourceStatus: 'VALID',
      holder: { type: 'LEGAL_ENTITY', id: '91330106MA27ABC166' },
      payload: { identifier, holder: { name: '杭州西湖示例科技有限公司', codeType: '001' }, validTo: null, issuer: { department: 'ZJ-SCJGJ', code: '11330000001101508H' }, content: [{ name: '法定代表人', value: '王小明' }] },
    });
    expect(buildPayload(type, ...values({ 证照状态: '吊销' }), 'x')).toMatchObject({ ok: true, sourceStatus: 'REVOKED' });
  });

  it('refuses records that do not fit the type: bad identifier, other issuer, bad holder code, unknown status', () => {
    const wrongCheck = identifier.slice(0, -1) + (identifier.endsWith('0') ? '1' : '0');
    expect(buildPayload(type, ...values({ 证照标识: wrongCheck }), 'x')).toMatchObject({ ok: false, message: expect.stringMatching(/校验位/) });
    const otherIssuer = buildCertificateId({ typeCode: type.typeCode, issuerCode: '11330000001471314Q', serial: '1', version: 1 });
    expect(buildPayload(type, ...values({ 证照标识: otherIssuer }), 'x').ok).toBe(false);
    expect(buildPayload(type, ...values({ 持证主体代码: '91330106MA27ABC167' }), 'x').ok).toBe(false);
    expect(buildPayload(type, ...values({ 证照状态: '冻结' }), 'x')).toMatchObject({ ok: false, message: expect.stringMatching(/status/) });
  });

  it('serialises canonically: sorted keys at every depth, arrays in order, no undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { y: 1, x: 2 }], c: null }, e: undefined })).toBe('{"a":{"c":null,"d":[3,{"x":2,"y":1}]},"b":1}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
  });
});
