import {
  CREDIT_CODE_CHARSET,
  parseCertificateId,
  validateCitizenId,
  validateCreditCode,
  zhejiangCountyCodes,
} from '../../src/common/identifiers/index.js';
import {
  AS_OF,
  AS_OF_DAY,
  Dataset,
  addYears,
  ageAt,
  certificateById,
  certificateRecord,
  certificateResources,
  enterpriseRecord,
  marriageRows,
  organisationCodeCheckChar,
  parseIsoDate,
} from '../../demo/population/index.js';

const ds = new Dataset({ persons: 10_000, companies: 2_000 });
const population = ds.population;
const counties = new Set(zhejiangCountyCodes());

describe('synthetic residents', () => {
  const people = Array.from({ length: population.size }, (_, i) => population.person(i));

  it('have valid, unique 公民身份号码 whose county, birth date and sex agree with the record', () => {
    const seen = new Set<string>();
    for (const p of people) {
      const check = validateCitizenId(p.id);
      expect(check).toMatchObject({ ok: true });
      if (!check.ok) continue;
      expect(check.birthDate).toBe(p.birthDate);
      expect(check.sex === 'M').toBe(p.male);
      expect(p.sex).toBe(p.male ? '男' : '女');
      expect(counties.has(check.regionCode)).toBe(true);
      expect(check.regionCode).toBe(p.county.code);
      expect(p.address.startsWith(`浙江省${p.county.cityName}${p.county.name}`)).toBe(true);
      expect(seen.has(p.id)).toBe(false);
      seen.add(p.id);
      expect(population.indexOf(p.id)).toBe(p.index);
      expect(p.birthDate <= AS_OF).toBe(true);
    }
  });

  it('are found by ID only with the right check character', () => {
    const id = people[0].id;
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(population.indexOf(wrong)).toBe(-1);
    expect(population.indexOf('330106199003071236')).toBe(population.indexOf('330106199003071236')); // valid format, no crash
    expect(population.indexOf('not-an-id')).toBe(-1);
  });

  it('have realistic names, 民族, phones and households with one head each', () => {
    for (const p of people) {
      expect(p.name).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
      expect(p.phone).toMatch(/^1[35789]\d{9}$/);
      expect(p.ethnicity).toMatch(/族$/);
    }
    const han = people.filter((p) => p.ethnicity === '汉族').length / people.length;
    expect(han).toBeGreaterThan(0.95);
    for (let h = 0; h < population.householdCount; h++) {
      const start = population.householdStart(h);
      const members = people.slice(start, start + population.householdSize(h));
      expect(members.filter((m) => m.relation === '户主')).toHaveLength(1);
      expect(members[0].relation).toBe('户主');
      for (const m of members) {
        expect(m.householdNumber).toBe(members[0].householdNumber);
        expect(m.address).toBe(members[0].address);
        expect(m.headIndex).toBe(start);
      }
    }
  });

  it('marry consistently on both sides: opposite sex, of age, at most one current marriage each', () => {
    let couples = 0;
    for (const p of people) {
      if (p.spouseIndex < 0) {
        expect(p.marital).not.toBe('已婚');
        continue;
      }
      couples++;
      const spouse = people[p.spouseIndex];
      expect(spouse.spouseIndex).toBe(p.index);
      expect(spouse.male).toBe(!p.male);
      expect(p.marital).toBe('已婚');
      expect(spouse.marital).toBe('已婚');
      expect(spouse.marriedDay).toBe(p.marriedDay);
      const husband = p.male ? p : spouse;
      const wife = p.male ? spouse : p;
      expect(p.marriedDay).toBeGreaterThanOrEqual(addYears(husband.birthDay, 22));
      expect(p.marriedDay).toBeGreaterThanOrEqual(addYears(wife.birthDay, 20));
      expect(p.marriedDay).toBeLessThanOrEqual(AS_OF_DAY);
    }
    expect(couples / people.length).toBeGreaterThan(0.3);
    // children of a couple are born to the wife after the wedding
    for (const p of people) {
      if (p.motherIndex >= 0 && p.fatherIndex >= 0) {
        expect(p.birthDay).toBeGreaterThan(people[p.motherIndex].marriedDay);
        expect(ageAt(people[p.motherIndex].birthDay, p.birthDay)).toBeGreaterThanOrEqual(20);
      }
    }
  });

  it('divorced pairs point at each other and are 离婚 on both sides', () => {
    const divorced = people.filter((p) => p.exSpouseIndex >= 0);
    expect(divorced.length).toBeGreaterThan(10);
    for (const p of divorced) {
      const ex = people[p.exSpouseIndex];
      expect(ex.exSpouseIndex).toBe(p.index);
      expect(ex.male).toBe(!p.male);
      expect(p.marital).toBe('离婚');
      expect(p.divorcedDay).toBeGreaterThan(p.marriedDay);
      expect(p.divorcedDay).toBeLessThanOrEqual(AS_OF_DAY);
    }
  });

  it('give the 民政 front database one marriage row per couple (plus a divorce row per divorced pair)', () => {
    const rows = [...marriageRows(ds)];
    const married = people.filter((p) => p.spouseIndex >= 0).length / 2;
    const divorced = people.filter((p) => p.exSpouseIndex >= 0).length / 2;
    expect(rows).toHaveLength(married + 2 * divorced);
    const appearances = new Map<string, number>();
    for (const row of rows.filter((r) => r.registration_type === '结婚')) {
      for (const id of [row.husband_id, row.wife_id]) appearances.set(id, (appearances.get(id) ?? 0) + 1);
      expect(row.certificate_no).toMatch(/^J33\d{4}-\d{4}-\d{6}$/);
      const husband = people[population.indexOf(row.husband_id)];
      const wife = people[population.indexOf(row.wife_id)];
      expect(husband.name).toBe(row.husband_name);
      expect(wife.name).toBe(row.wife_name);
      expect(husband.male && !wife.male).toBe(true);
      expect(husband.spouseIndex === wife.index || husband.exSpouseIndex === wife.index).toBe(true);
      expect(parseIsoDate(row.registered_on)).toBe(husband.marriedDay);
    }
    expect(Math.max(...appearances.values())).toBe(1);
  });
});

describe('synthetic companies', () => {
  const companies = Array.from({ length: ds.companies.size }, (_, j) => ds.companies.company(j));

  it('have valid 统一社会信用代码 (工商, kind 1/2, Zhejiang, GB 11714 organisation code) found by code', () => {
    const seen = new Set<string>();
    for (const c of companies) {
      const check = validateCreditCode(c.code);
      expect(check).toMatchObject({ ok: true, registrationAuthority: '9' });
      if (!check.ok) continue;
      expect(['1', '2']).toContain(check.organisationKind);
      expect(counties.has(check.regionCode)).toBe(true);
      expect(organisationCodeCheckChar(check.organisationCode.slice(0, 8))).toBe(check.organisationCode[8]);
      for (const char of c.code) expect(CREDIT_CODE_CHARSET).toContain(char);
      expect(seen.has(c.code)).toBe(false);
      seen.add(c.code);
      expect(ds.companies.indexOf(c.code)).toBe(c.index);
    }
    expect(organisationCodeCheckChar('MA27ABC1')).toBe('6'); // 91330106MA27ABC166 (DOMAIN.md)
    expect(organisationCodeCheckChar('60003734')).toBe('1'); // 91110000600037341L
    expect(ds.companies.indexOf('91330106MA27ABC166')).toBe(-1);
  });

  it('are represented by real adult residents', () => {
    for (const c of companies) {
      const record = enterpriseRecord(ds, c.index) as { legalRepresentative: { name: string; idNumber: string } };
      const index = population.indexOf(record.legalRepresentative.idNumber);
      expect(index).toBeGreaterThanOrEqual(0);
      const rep = population.person(index);
      expect(rep.name).toBe(record.legalRepresentative.name);
      expect(rep.deceased).toBe(false);
      expect(ageAt(rep.birthDay, c.establishedDay)).toBeGreaterThanOrEqual(22);
    }
  });
});

describe('electronic certificates', () => {
  it('carry valid 证照标识 with the catalogue type code and the issuer credit code, and are found by it', () => {
    const statuses = new Map<string, number>();
    let checked = 0;
    for (const resource of certificateResources(ds)) {
      const issuer = ds.catalog.department(resource.providerCode);
      let found = 0;
      for (let k = 0; k < 1500 && found < 40; k++) {
        const id = resource.certificate!.holderType === 'PERSON' ? population.idOf(k) : ds.companies.company(k).code;
        const record = certificateRecord(ds, resource, id) as Record<string, any> | null;
        if (!record) continue;
        found++;
        checked++;
        const parsed = parseCertificateId(record.certificateId);
        expect(parsed).toMatchObject({ ok: true, typeCode: resource.certificate!.typeCode, issuerCode: issuer.creditCode });
        expect(record.holder).toEqual({ name: expect.any(String), code: id, codeType: resource.certificate!.holderType === 'PERSON' ? '111' : '001' });
        expect(record.issuer).toEqual({ name: issuer.name, code: issuer.creditCode });
        expect(counties.has(record.regionCode)).toBe(true);
        expect(record.issuedOn <= AS_OF).toBe(true);
        statuses.set(record.status, (statuses.get(record.status) ?? 0) + 1);
        if (record.status === 'EXPIRED') expect(record.validTo < AS_OF).toBe(true);
        if (record.status === 'VALID' && record.validTo) expect(record.validTo > AS_OF).toBe(true);
        expect(certificateById(ds, record.certificateId)).toEqual(record);
      }
      expect(found).toBeGreaterThan(0);
    }
    expect(checked).toBeGreaterThan(300);
    expect(statuses.get('VALID')).toBeGreaterThan(statuses.get('REVOKED') ?? 0);
    expect(statuses.get('REVOKED')).toBeGreaterThan(0);
    expect(statuses.get('EXPIRED')).toBeGreaterThan(0);
  });

  it('agree with the facts: 结婚证 of a divorced person is revoked and names both parties', () => {
    const marriage = ds.catalog.resource('10500102/000001')!;
    const divorced = Array.from({ length: 3000 }, (_, i) => population.person(i)).find((p) => p.exSpouseIndex >= 0)!;
    const record = certificateRecord(ds, marriage, divorced.id) as Record<string, any>;
    expect(record.status).toBe('REVOKED');
    const ex = population.person(divorced.exSpouseIndex);
    expect([record.content.husbandIdNumber, record.content.wifeIdNumber].sort()).toEqual([divorced.id, ex.id].sort());
    expect(certificateById(ds, record.certificateId.replace(/.$/, (c: string) => (c === '0' ? '1' : '0')))).toBeNull();
  });
});

describe('determinism and scale', () => {
  const sample = (d: Dataset) => Array.from({ length: 50 }, (_, i) => d.population.populationRecord(i, (j) => d.companies.company(j).name));

  it('gives the same records for the same seed, other records for another seed, and a stable prefix when the size grows', () => {
    expect(sample(new Dataset({ persons: 10_000, companies: 2_000 }))).toEqual(sample(ds));
    const other = new Dataset({ seed: 'other', persons: 10_000, companies: 2_000 });
    expect(other.population.idOf(0)).not.toBe(population.idOf(0));
    const bigger = new Dataset({ persons: 20_000, companies: 2_000 });
    for (let i = 0; i < 1000; i++) expect(bigger.population.idOf(i)).toBe(population.idOf(i));
    expect(bigger.companies.company(7)).toEqual(ds.companies.company(7));
  });

  it('indexes a million persons in well under a minute', () => {
    const started = performance.now();
    const big = new Dataset({ persons: 1_000_000, companies: 200_000 });
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(30_000);
    expect(big.population.size).toBe(1_000_000);
    const last = big.population.person(999_999);
    expect(big.population.indexOf(last.id)).toBe(999_999);
    const company = big.companies.company(199_999);
    expect(big.companies.indexOf(company.code)).toBe(199_999);
  });
});
