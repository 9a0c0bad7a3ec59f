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
  VALID_MARGIN_YEARS,
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
    const problems: string[] = [];
    for (const p of people) {
      const check = validateCitizenId(p.id);
      if (!check.ok) problems.push(`${p.id}: ${check.reason}`);
      else if (check.birthDate !== p.birthDate || (check.sex === 'M') !== p.male || check.regionCode !== p.county.code || !counties.has(check.regionCode)) {
        problems.push(`${p.id}: disagrees with ${p.birthDate} ${p.sex} ${p.county.code}`);
      }
      if (p.sex !== (p.male ? '男' : '女')) problems.push(`${p.id}: sex ${p.sex}`);
      if (!p.address.startsWith(`浙江省${p.county.cityName}${p.county.name}`)) problems.push(`${p.id}: address ${p.address} outside ${p.county.name}`);
      if (seen.has(p.id)) problems.push(`${p.id}: duplicate`);
      seen.add(p.id);
      if (population.indexOf(p.id) !== p.index) problems.push(`${p.id}: not found by ID`);
      if (p.birthDate > AS_OF) problems.push(`${p.id}: born after ${AS_OF}`);
    }
    expect(problems).toEqual([]);
  });

  it('are found by ID only with the right check character', () => {
    const id = people[0].id;
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(population.indexOf(wrong)).toBe(-1);
    expect(population.indexOf(id.toLowerCase())).toBe(0);
    expect(population.indexOf('not-an-id')).toBe(-1);
    expect(population.indexOf('11010519491231002X')).toBe(-1); // valid, but not a resident of this world
  });

  it('have realistic names, 民族, phones and households with one head each', () => {
    const problems: string[] = [];
    for (const p of people) {
      if (!/^[\u4e00-\u9fa5]{2,4}$/.test(p.name)) problems.push(`${p.id}: name ${p.name}`);
      if (!/^1[35789]\d{9}$/.test(p.phone)) problems.push(`${p.id}: phone ${p.phone}`);
      if (!/族$/.test(p.ethnicity)) problems.push(`${p.id}: 民族 ${p.ethnicity}`);
    }
    const han = people.filter((p) => p.ethnicity === '汉族').length / people.length;
    expect(han).toBeGreaterThan(0.95);
    expect(new Set(people.map((p) => p.name[0])).size).toBeGreaterThan(50);
    for (let h = 0; h < population.householdCount; h++) {
      const start = population.householdStart(h);
      const members = people.slice(start, start + population.householdSize(h));
      if (members.filter((m) => m.relation === '户主').length !== 1 || members[0].relation !== '户主') problems.push(`household ${h}: heads`);
      for (const m of members) {
        if (m.householdNumber !== members[0].householdNumber || m.address !== members[0].address || m.headIndex !== start) problems.push(`${m.id}: household ${h}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('marry consistently on both sides: opposite sex, of age, at most one current marriage each', () => {
    let couples = 0;
    const problems: string[] = [];
    for (const p of people) {
      if (p.spouseIndex < 0) {
        if (p.marital === '已婚') problems.push(`${p.id}: 已婚 without a spouse`);
        continue;
      }
      couples++;
      const spouse = people[p.spouseIndex];
      const husband = p.male ? p : spouse;
      const wife = p.male ? spouse : p;
      if (spouse.spouseIndex !== p.index) problems.push(`${p.id}: spouse ${spouse.id} is married to someone else`);
      if (spouse.male === p.male) problems.push(`${p.id}: same-sex marriage`);
      if (p.marital !== '已婚' || spouse.marital !== '已婚') problems.push(`${p.id}: 婚姻状况 ${p.marital}/${spouse.marital}`);
      if (spouse.marriedDay !== p.marriedDay) problems.push(`${p.id}: marriage dates differ`);
      if (p.marriedDay < addYears(husband.birthDay, 22) || p.marriedDay < addYears(wife.birthDay, 20)) problems.push(`${p.id}: married under age`);
      if (p.marriedDay > AS_OF_DAY) problems.push(`${p.id}: married in the future`);
    }
    // children of a couple are born to the wife after the wedding
    for (const p of people) {
      if (p.motherIndex >= 0 && p.fatherIndex >= 0) {
        if (p.birthDay <= people[p.motherIndex].marriedDay) problems.push(`${p.id}: born before the parents married`);
        if (ageAt(people[p.motherIndex].birthDay, p.birthDay) < 20) problems.push(`${p.id}: mother under 20`);
      }
    }
    expect(problems).toEqual([]);
    expect(couples / people.length).toBeGreaterThan(0.3);
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
    const problems: string[] = [];
    for (const c of companies) {
      const check = validateCreditCode(c.code);
      if (!check.ok) {
        problems.push(`${c.code}: ${check.reason}`);
        continue;
      }
      if (check.registrationAuthority !== '9' || !['1', '2'].includes(check.organisationKind) || !counties.has(check.regionCode)) problems.push(`${c.code}: parts`);
      if (organisationCodeCheckChar(check.organisationCode.slice(0, 8)) !== check.organisationCode[8]) problems.push(`${c.code}: GB 11714 check`);
      if ([...c.code].some((char) => !CREDIT_CODE_CHARSET.includes(char))) problems.push(`${c.code}: charset`);
      if (seen.has(c.code)) problems.push(`${c.code}: duplicate`);
      seen.add(c.code);
      if (ds.companies.indexOf(c.code) !== c.index) problems.push(`${c.code}: not found by code`);
    }
    expect(problems).toEqual([]);
    expect(organisationCodeCheckChar('MA27ABC1')).toBe('6'); // 91330106MA27ABC166 (docs/domain.md)
    expect(organisationCodeCheckChar('60003734')).toBe('1'); // 91110000600037341L
    expect(ds.companies.indexOf('91330106MA27ABC166')).toBe(-1);
    expect(companies.filter((c) => c.kind === '2').length).toBeGreaterThan(100);
  });

  it('are represented by real adult residents', () => {
    const problems: string[] = [];
    for (const c of companies) {
      const record = enterpriseRecord(ds, c.index) as { legalRepresentative: { name: string; idNumber: string } };
      const index = population.indexOf(record.legalRepresentative.idNumber);
      if (index < 0) {
        problems.push(`${c.code}: representative ${record.legalRepresentative.idNumber} unknown`);
        continue;
      }
      const rep = population.person(index);
      if (rep.name !== record.legalRepresentative.name || rep.deceased || ageAt(rep.birthDay, c.establishedDay) < 22) problems.push(`${c.code}: representative ${rep.id}`);
    }
    expect(problems).toEqual([]);
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
        const record = certificateRecord(ds, resource, id);
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
        if (record.status === 'EXPIRED') expect(record.validTo! < AS_OF).toBe(true);
        if (record.status === 'VALID' && record.validTo) expect(parseIsoDate(record.validTo)).toBeGreaterThanOrEqual(addYears(AS_OF_DAY, VALID_MARGIN_YEARS) - 1);
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
    const record = certificateRecord(ds, marriage, divorced.id)!;
    expect(record.status).toBe('REVOKED');
    const ex = population.person(divorced.exSpouseIndex);
    expect([record.content.husbandIdNumber, record.content.wifeIdNumber].sort()).toEqual([divorced.id, ex.id].sort());
    expect(certificateById(ds, record.certificateId.replace(/.$/, (c) => (c === '0' ? '1' : '0')))).toBeNull();
  });
});

describe('determinism and scale', () => {
  const sample = (d: Dataset) => Array.from({ length: 50 }, (_, i) => d.population.populationRecord(i, (j) => d.companies.company(j).name));

  it('gives the same records for the same seed, other records for another seed, and stable first residents when the size grows', () => {
    expect(sample(new Dataset({ persons: 10_000, companies: 2_000 }))).toEqual(sample(ds));
    const other = new Dataset({ seed: 'other', persons: 10_000, companies: 2_000 });
    expect(other.population.idOf(0)).not.toBe(population.idOf(0));
    const bigger = new Dataset({ persons: 20_000, companies: 2_000 });
    for (let i = 0; i < 1000; i++) expect(bigger.population.idOf(i)).toBe(population.idOf(i));
    // (companies pick their legal representative among all residents, so they change with the population size)
    expect(new Dataset({ persons: 10_000, companies: 4_000 }).companies.company(7)).toEqual(ds.companies.company(7));
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
