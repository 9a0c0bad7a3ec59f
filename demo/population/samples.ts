/**
 * The synthetic subjects the demo prints for its matters (一件事): a married couple owning a home
 * (不动产转移登记, 公积金提取), a newborn with both parents (新生儿出生一件事) and a company with
 * its legal representative (企业开办一件事). Deterministic: the first fitting subjects of the dataset.
 */
import { certificateRecord, certificateResources } from './certificates.js';
import type { Dataset } from './dataset.js';
import { birthCertificateNumber, propertyOf } from './records.js';

export interface DemoSubjects {
  couple: { id: string; name: string; spouseId: string; spouseName: string };
  newborn: { id: string; name: string; birthDate: string; fatherId: string; fatherName: string; motherId: string };
  company: { id: string; name: string; legalRepId: string; legalRepName: string };
}

const SCAN_LIMIT = 50_000;

export function demoSubjects(ds: Dataset): DemoSubjects {
  const types = new Map(certificateResources(ds).map((r) => [r.code.slice(0, 8), r]));
  const validCertificate = (type: string, id: string) => certificateRecord(ds, types.get(type)!, id)?.status === 'VALID';
  const population = ds.population;
  const limit = Math.min(population.size, SCAN_LIMIT);

  let couple: DemoSubjects['couple'] | undefined;
  const first = population.sampleMarriedPerson();
  for (let k = 0; k < limit && !couple; k++) {
    const i = (first + k) % population.size;
    const p = population.person(i);
    if (p.deceased || p.spouseIndex < 0 || p.headIndex !== i || !propertyOf(ds, i)) continue;
    if (!validCertificate('10500106', p.id) || !validCertificate('10500102', p.id)) continue;
    const spouse = population.person(p.spouseIndex);
    couple = { id: p.id, name: p.name, spouseId: spouse.id, spouseName: spouse.name };
  }

  let newborn: DemoSubjects['newborn'] | undefined;
  let youngest = -Infinity;
  for (let i = 0; i < limit; i++) {
    const p = population.person(i);
    if (p.birthDay <= youngest || p.deceased || p.fatherIndex < 0 || p.motherIndex < 0 || !birthCertificateNumber(ds, p)) continue;
    const father = population.person(p.fatherIndex);
    if (father.spouseIndex !== p.motherIndex || father.deceased || !validCertificate('10500107', p.id)) continue;
    youngest = p.birthDay;
    newborn = { id: p.id, name: p.name, birthDate: p.birthDate, fatherId: father.id, fatherName: father.name, motherId: population.person(p.motherIndex).id };
  }

  let company: DemoSubjects['company'] | undefined;
  for (let j = 0; j < ds.companies.size && !company; j++) {
    const c = ds.companies.company(j);
    if (c.kind !== '1' || c.status !== '存续' || !validCertificate('10500201', c.code)) continue;
    const rep = population.person(c.legalRepIndex);
    company = { id: c.code, name: c.name, legalRepId: rep.id, legalRepName: rep.name };
  }
  if (!couple || !newborn || !company) throw new Error('the synthetic dataset has no couple with a home, newborn with parents or company for the demo matters');
  return { couple, newborn, company };
}
