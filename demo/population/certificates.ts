/**
 * Electronic certificates (电子证照, GB/T 36901–36905) held by the population and the companies.
 *
 * 证照标识 = 1.2.156.3005.2.<类型代码>.<颁发机构代码>.<流水号>.<版本号>.<校验位>, built by
 * buildCertificateId: the type code is the catalogue resource's certificate.typeCode, the issuer
 * the issuing department's credit code (departments.json). The 流水号 is the issue year plus
 * 8 digits that encode the holder through an invertible map, so a certificate is found from its
 * identifier alone. Certificates whose facts a specialised source holds (户口簿, 结婚证, 离婚证,
 * 营业执照, 食品经营许可证, 不动产权证书, 出生医学证明, 律师执业证书) are built from those
 * facts; the other types take their content from the generic source.
 */
import { buildCertificateId, parseCertificateId } from '../../src/common/identifiers/index.js';
import { AS_OF_DAY, VALID_MARGIN_YEARS, addYears, isoDate, yearOf } from './calendar.js';
import type { CatalogResource } from './catalog.js';
import type { Company } from './companies.js';
import type { Dataset } from './dataset.js';
import { RecordContext, genericValues, type Subject } from './generic.js';
import type { Person } from './persons.js';
import { Rng, hash, hashString } from '../../src/common/prng.js';
import {
  birthCertificateNumber,
  foodLicence,
  marriageCertificateNo,
  propertyOf,
  registryOffice,
} from './records.js';
import { LAW_FIRMS } from './vocab.js';

// Module-level copies: inside vm contexts (Jest) each lookup of the global Math is slow.
const { floor, min, max, round } = Math;

export type CertificateStatus = 'VALID' | 'REVOKED' | 'EXPIRED';

export interface CertificateFacts {
  number: string;
  issuedDay: number;
  validFromDay: number;
  /** -1 for 长期 */
  validToDay: number;
  status: CertificateStatus;
  version: number;
  content: Record<string, unknown>;
}

const SERIAL_SPACE = 100_000_000n;
const SERIAL_MULTIPLIER = 7_919n;
const SERIAL_INVERSE = inverse(SERIAL_MULTIPLIER, SERIAL_SPACE);

const C = 0x7a;

/** The certificate types the demo issues (every certificate resource of the catalogue). */
export function certificateResources(ds: Dataset): CatalogResource[] {
  return ds.catalog.served.filter((r) => r.certificate);
}

function serialOffset(ds: Dataset, typeCode: string): bigint {
  return BigInt(hash(ds.seed, C, hashString(typeCode)) % 100_000_000);
}

function serialOf(ds: Dataset, typeCode: string, holder: number, issuedDay: number): string {
  const scrambled = (BigInt(holder) * SERIAL_MULTIPLIER + serialOffset(ds, typeCode)) % SERIAL_SPACE;
  return `${yearOf(issuedDay)}${String(scrambled).padStart(8, '0')}`;
}

function holderOfSerial(ds: Dataset, typeCode: string, serial: string): number {
  if (!/^\d{12}$/.test(serial)) return -1;
  const scrambled = BigInt(serial.slice(4));
  const holder = ((((scrambled - serialOffset(ds, typeCode)) % SERIAL_SPACE) + SERIAL_SPACE) % SERIAL_SPACE) * SERIAL_INVERSE % SERIAL_SPACE;
  return holder > 0x7fffffffn ? -1 : Number(holder);
}

/** A date in [from, to] (both day numbers), or `to` when the range is empty. */
function between(rng: Rng, from: number, to: number): number {
  return to <= from ? to : from + rng.int(to - from + 1);
}

const cn = (day: number) => {
  const [y, m, d] = isoDate(day).split('-');
  return `${y}年${m}月${d}日`;
};

/** Validity and expiry for certificate types that run for `years`; valid ones outlast the snapshot by VALID_MARGIN_YEARS. */
function term(rng: Rng, earliest: number, years: number, expireChance: number): { issuedDay: number; validToDay: number; expired: boolean } {
  const expired = rng.chance(expireChance) && addYears(AS_OF_DAY, -years) - 30 > earliest;
  const issuedDay = expired
    ? between(rng, max(earliest, addYears(AS_OF_DAY, -years - 2)), addYears(AS_OF_DAY, -years) - 30)
    : between(rng, max(earliest, years > VALID_MARGIN_YEARS ? addYears(AS_OF_DAY, -(years - VALID_MARGIN_YEARS)) : AS_OF_DAY - 30), AS_OF_DAY - 1);
  return { issuedDay, validToDay: addYears(issuedDay, years) - 1, expired };
}

function personFacts(ds: Dataset, resource: CatalogResource, p: Person): CertificateFacts | null {
  const type = resource.code.slice(0, 8);
  const rng = new Rng(ds.seed, C, hashString(resource.code), p.index);
  const roll = hash(ds.seed, C + 1, hashString(resource.code), p.index) / 4294967296;
  const population = ds.population;
  switch (type) {
    case '10500101': {
      const record = population.populationRecord(p.index, (j) => ds.companies.company(j).name);
      const household = record.household as Record<string, unknown>;
      return {
        number: p.householdNumber,
        issuedDay: p.registeredDay,
        validFromDay: p.registeredDay,
        validToDay: -1,
        status: p.deceased ? 'REVOKED' : 'VALID',
        version: 1,
        content: {
          householdNumber: p.householdNumber,
          householdType: '家庭户',
          headName: household.headName,
          address: p.address,
          relationToHead: p.relation,
          formerName: p.formerName,
          sex: p.sex,
          ethnicity: p.ethnicity,
          birthDate: p.birthDate,
          birthPlace: p.birthPlace,
          nativePlace: p.nativePlace,
          education: p.education,
          maritalStatus: p.marital,
          militaryService: p.military,
          employer: record.employer,
          movedIn: p.movedIn,
          registeredOn: isoDate(p.registeredDay),
          handledBy: household.handledBy,
        },
      };
    }
    case '10500102':
    case '10500103': {
      const divorce = type === '10500103';
      const partner = p.spouseIndex >= 0 ? p.spouseIndex : p.exSpouseIndex;
      if (partner < 0 || (divorce && p.divorcedDay < 0)) return null;
      const other = population.person(partner);
      const [husband, wife] = p.male ? [p, other] : [other, p];
      const day = divorce ? p.divorcedDay : p.marriedDay;
      const household = population.householdOf(husband.index);
      const registry = population.core(household).county;
      return {
        number: marriageCertificateNo(divorce ? 'L' : 'J', registry, day, household),
        issuedDay: day,
        validFromDay: day,
        validToDay: -1,
        status: !divorce && p.divorcedDay >= 0 ? 'REVOKED' : 'VALID',
        version: 1,
        content: {
          registeredOn: isoDate(day),
          husbandName: husband.name,
          husbandNationality: '中国',
          husbandBirthDate: husband.birthDate,
          husbandIdNumber: husband.id,
          wifeName: wife.name,
          wifeNationality: '中国',
          wifeBirthDate: wife.birthDate,
          wifeIdNumber: wife.id,
          remarks: `登记机关：${registryOffice(registry)}`,
        },
      };
    }
    case '10500106': {
      const property = propertyOf(ds, p.index);
      if (!property) return null;
      const own = round(property.area * 0.82 * 100) / 100;
      return {
        number: property.certificateNo,
        issuedDay: property.registeredDay,
        validFromDay: property.registeredDay,
        validToDay: -1,
        status: 'VALID',
        version: 1,
        content: {
          coOwnership: property.owners.length > 1 ? '共同共有' : '单独所有',
          location: property.location,
          unitNo: property.unitNo,
          rightType: '国有建设用地使用权/房屋所有权',
          rightNature: '出让/市场化商品房',
          use: '城镇住宅用地/住宅',
          area: property.area,
          landTerm: `国有建设用地使用权 ${cn(property.landFromDay)}起${cn(property.landToDay)}止`,
          otherRights: `专有建筑面积：${own}平方米，分摊建筑面积：${round((property.area - own) * 100) / 100}平方米`,
          notes: property.mortgage ? `已设立抵押，抵押权人：${property.mortgage.bank}` : '无',
        },
      };
    }
    case '10500107': {
      const number = birthCertificateNumber(ds, p);
      if (!number) return null;
      const mother = population.person(p.motherIndex);
      const father = p.fatherIndex >= 0 ? population.person(p.fatherIndex) : null;
      const issued = min(AS_OF_DAY - 1, p.birthDay + rng.range(3, 20));
      const ageOf = (parent: Person) => floor((p.birthDay - parent.birthDay) / 365.2425);
      return {
        number,
        issuedDay: issued,
        validFromDay: issued,
        validToDay: -1,
        status: 'VALID',
        version: 1,
        content: {
          newbornName: p.name,
          sex: p.sex,
          bornAt: `${p.birthDate} ${String(rng.int(24)).padStart(2, '0')}:${String(rng.int(60)).padStart(2, '0')}:00`,
          gestationWeeks: rng.range(37, 41),
          health: '良好',
          weightGrams: rng.range(2600, 4100),
          lengthCm: rng.range(47, 54),
          birthPlace: p.birthPlace,
          hospital: rng.chance(0.6) ? `${p.county.cityName}妇产科医院` : `${p.county.name}妇幼保健院`,
          mother: { name: mother.name, age: ageOf(mother), nationality: '中国', ethnicity: mother.ethnicity, address: mother.address, idNumber: mother.id },
          father: { name: father?.name ?? null, age: father ? ageOf(father) : null, nationality: father ? '中国' : null, ethnicity: father?.ethnicity ?? null, address: father?.address ?? null, idNumber: father?.id ?? null },
        },
      };
    }
    case '10500110': {
      if (p.deceased || p.age < 25 || p.age > 65 || !/研究生|大学本科/.test(p.education) || roll >= 0.06) return null;
      const issued = between(rng, max(addYears(p.birthDay, 25), addYears(AS_OF_DAY, -20)), AS_OF_DAY - 1);
      return {
        number: `1${p.county.code.slice(0, 4)}${yearOf(issued)}1${String(hash(ds.seed, C, p.index, 3) % 10_000_000).padStart(7, '0')}`,
        issuedDay: issued,
        validFromDay: issued,
        validToDay: -1,
        status: rng.chance(0.05) ? 'REVOKED' : 'VALID',
        version: 1,
        content: {
          sex: p.sex,
          lawFirm: `${rng.pick(LAW_FIRMS)}律师事务所`,
          category: rng.chance(0.92) ? '专职律师' : '兼职律师',
          qualificationNo: `A${yearOf(issued) - 1}${p.county.code}${String(hash(ds.seed, C, p.index, 4) % 1_000_000).padStart(6, '0')}`,
          annualReview: `${yearOf(AS_OF_DAY) - 1}年度考核称职`,
        },
      };
    }
    default:
      return genericPersonFacts(ds, resource, p, rng, roll);
  }
}

/** Holding rules of the certificate types without a specialised source. */
const GENERIC_RULES: Record<string, { adult?: [number, number]; share: number; years: number; education?: RegExp; industry?: RegExp }> = {
  '10500104': { adult: [18, 70], share: 0.55, years: 10 },
  '10500105': { adult: [20, 75], share: 0.3, years: 0 },
  '10500108': { adult: [25, 65], share: 0.05, years: 0, education: /研究生|大学本科/ },
  '10500109': { adult: [22, 60], share: 0.05, years: 0, education: /研究生|大学本科|大学专科/ },
  '10500111': { share: 0.015, years: 10 },
  '10500203': { share: 0.8, years: 3, industry: /^E/ },
  '10500204': { share: 0.8, years: 4, industry: /^G/ },
  '10500205': { share: 0.5, years: 5, industry: /^C/ },
  '10500206': { share: 0.25, years: 5, industry: /^(A|C)/ },
  '10500207': { share: 0.06, years: 5, industry: /^F/ },
};

function genericPersonFacts(ds: Dataset, resource: CatalogResource, p: Person, rng: Rng, roll: number): CertificateFacts | null {
  const rule = GENERIC_RULES[resource.code.slice(0, 8)];
  if (!rule || p.deceased || roll >= rule.share) return null;
  if (rule.adult && (p.age < rule.adult[0] || p.age > rule.adult[1])) return null;
  if (rule.education && !rule.education.test(p.education)) return null;
  const earliest = max(p.birthDay + 30, rule.adult ? addYears(p.birthDay, rule.adult[0]) : 0, addYears(AS_OF_DAY, -25));
  return genericFacts(ds, resource, { kind: 'PERSON', index: p.index, id: p.id, person: p }, rng, earliest, rule.years, (issued) => {
    switch (resource.code.slice(0, 8)) {
      case '10500104':
        return p.id;
      case '10500111':
        return `${p.id}${rng.range(1, 7)}${rng.range(1, 4)}`;
      case '10500108':
        return `1${rng.range(1, 4)}0${p.county.code}${yearOf(issued)}${String(hash(ds.seed, C, p.index, 5) % 1000).padStart(3, '0')}`;
      case '10500109':
        return `${yearOf(issued)}33${String(hash(ds.seed, C, p.index, 6) % 100_000_000_000).padStart(11, '0')}`;
      default:
        return `${p.county.cityCode}${String(hash(ds.seed, C, p.index, 7) % 100_000_000).padStart(8, '0')}`;
    }
  });
}

function companyFacts(ds: Dataset, resource: CatalogResource, c: Company): CertificateFacts | null {
  const type = resource.code.slice(0, 8);
  const rng = new Rng(ds.seed, C, hashString(resource.code), c.index);
  const rep = ds.population.person(c.legalRepIndex);
  if (type === '10500201') {
    return {
      number: c.registrationNumber,
      issuedDay: c.approvedDay,
      validFromDay: c.establishedDay,
      validToDay: c.termToDay,
      status: c.status === '存续' ? 'VALID' : 'REVOKED',
      version: c.approvedDay > c.establishedDay ? 2 : 1,
      content: {
        type: c.type,
        legalRepresentative: rep.name,
        registeredCapital: c.capital,
        establishedOn: isoDate(c.establishedDay),
        term: `${cn(c.establishedDay)}至${c.termToDay < 0 ? '长期' : cn(c.termToDay)}`,
        address: c.address,
        scope: c.scope,
      },
    };
  }
  if (type === '10500202') {
    const licence = foodLicence(ds, c.index);
    if (!licence) return null;
    return {
      number: licence.number,
      issuedDay: licence.issuedDay,
      validFromDay: licence.issuedDay,
      validToDay: licence.validToDay,
      status: licence.revoked ? 'REVOKED' : licence.expired ? 'EXPIRED' : 'VALID',
      version: 1,
      content: {
        legalRepresentative: rep.name,
        address: c.address,
        premises: licence.premises,
        category: licence.category,
        items: licence.items,
        supervisor: licence.supervisor,
        inspector: licence.inspector,
        hotline: '12315',
        signer: licence.signer,
      },
    };
  }
  const rule = GENERIC_RULES[type];
  const roll = hash(ds.seed, C + 1, hashString(resource.code), c.index) / 4294967296;
  if (!rule || c.kind !== '1' || roll >= rule.share || (rule.industry && !rule.industry.test(c.industryCode))) return null;
  return genericFacts(ds, resource, { kind: 'LEGAL_ENTITY', index: c.index, id: c.code, company: c }, rng, c.establishedDay + 30, rule.years, (issued) => {
    const year = yearOf(issued);
    const serial = String(hash(ds.seed, C, c.index, 8) % 100_000).padStart(5, '0');
    switch (type) {
      case '10500203':
        return `（浙）JZ安许证字〔${year}〕${serial}`;
      case '10500204':
        return `浙交运管许可${c.county.cityName.slice(0, 1)}字${c.county.code}${serial}号`;
      case '10500205':
        return `${c.code}001P`;
      case '10500206':
        return `取水（浙${c.county.cityName.slice(0, 1)}）字〔${year}〕第${serial}号`;
      default:
        return `浙AA${c.county.areaCode.slice(1)}${serial}`;
    }
  }, c.status === '存续' ? undefined : 'REVOKED');
}

function genericFacts(
  ds: Dataset,
  resource: CatalogResource,
  subject: Subject,
  rng: Rng,
  earliest: number,
  years: number,
  number: (issuedDay: number) => string,
  forced?: CertificateStatus,
): CertificateFacts {
  let issuedDay: number;
  let validToDay = -1;
  let expired = false;
  if (years > 0) ({ issuedDay, validToDay, expired } = term(rng, earliest, years, 0.06));
  else issuedDay = between(rng, earliest, AS_OF_DAY - 1);
  const ctx = new RecordContext(ds, resource, subject);
  return {
    number: number(issuedDay),
    issuedDay,
    validFromDay: issuedDay,
    validToDay,
    status: forced ?? (expired ? 'EXPIRED' : rng.chance(0.02) ? 'REVOKED' : 'VALID'),
    version: rng.chance(0.05) ? 2 : 1,
    content: genericValues(ctx, resource.items.slice(15)),
  };
}

/** A certificate as the issuer API answers it. */
export type CertificateRecord = {
  holderCode: string;
  certificateId: string;
  number: string;
  name: string;
  typeCode: string;
  holder: { name: string; code: string; codeType: '111' | '001' };
  issuedOn: string;
  validFrom: string;
  validTo: string | null;
  issuer: { name: string; code: string };
  regionCode: string;
  status: CertificateStatus;
  statusName: string;
  version: string;
  content: Record<string, unknown>;
};

const STATUS_NAMES: Record<CertificateStatus, string> = { VALID: '有效', REVOKED: '注销', EXPIRED: '过期' };

/** The certificate record of a resource about a subject (JSON as the issuer API answers it), or null. */
export function certificateRecord(ds: Dataset, resource: CatalogResource, subjectId: string): CertificateRecord | null {
  if (!resource.certificate) return null;
  const holderType = resource.certificate.holderType;
  let facts: CertificateFacts | null;
  let holder: { index: number; name: string; code: string; county: string };
  if (holderType === 'PERSON') {
    const index = ds.population.indexOf(subjectId);
    if (index < 0) return null;
    const p = ds.population.person(index);
    facts = personFacts(ds, resource, p);
    holder = { index, name: p.name, code: p.id, county: p.county.code };
  } else {
    const index = ds.companies.indexOf(subjectId);
    if (index < 0) return null;
    const c = ds.companies.company(index);
    facts = companyFacts(ds, resource, c);
    holder = { index, name: c.name, code: c.code, county: c.county.code };
  }
  if (!facts) return null;
  const issuer = ds.catalog.department(resource.providerCode);
  const typeCode = resource.certificate.typeCode;
  const certificateId = buildCertificateId({ typeCode, issuerCode: issuer.creditCode, serial: serialOf(ds, typeCode, holder.index, facts.issuedDay), version: facts.version });
  return {
    holderCode: holder.code,
    certificateId,
    number: facts.number,
    name: resource.name,
    typeCode,
    holder: { name: holder.name, code: holder.code, codeType: holderType === 'PERSON' ? '111' : '001' },
    issuedOn: isoDate(facts.issuedDay),
    validFrom: isoDate(facts.validFromDay),
    validTo: facts.validToDay < 0 ? null : isoDate(facts.validToDay),
    issuer: { name: issuer.name, code: issuer.creditCode },
    regionCode: holder.county,
    status: facts.status,
    statusName: facts.status === 'REVOKED' && holderType === 'LEGAL_ENTITY' ? '吊销' : STATUS_NAMES[facts.status],
    version: String(facts.version).padStart(3, '0'),
    content: facts.content,
  };
}

/** The certificate a 证照标识 names, or null if it is malformed, unknown or not this dataset's. */
export function certificateById(ds: Dataset, certificateId: string): CertificateRecord | null {
  const parsed = parseCertificateId(certificateId);
  if (!parsed.ok) return null;
  const resource = certificateResources(ds).find((r) => r.certificate!.typeCode === parsed.typeCode);
  if (!resource) return null;
  const holder = holderOfSerial(ds, parsed.typeCode, parsed.serial);
  if (holder < 0) return null;
  let subjectId: string;
  if (resource.certificate!.holderType === 'PERSON') {
    if (holder >= ds.population.size) return null;
    subjectId = ds.population.idOf(holder);
  } else {
    if (holder >= ds.companies.size) return null;
    subjectId = ds.companies.company(holder).code;
  }
  const record = certificateRecord(ds, resource, subjectId);
  return record && record.certificateId === parsed.normalized ? record : null;
}

function inverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}
