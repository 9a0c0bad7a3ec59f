import { readFileSync } from 'node:fs';
import { loadCatalog } from '../../demo/population/index.js';
import { servingOf } from '../../demo/sources/definitions.js';

interface Material {
  code: string;
  name: string;
  kind: 'DATA' | 'CERTIFICATE' | 'SUBMIT';
  role: string;
  required: boolean;
  itemCodes?: string[];
  certificateType?: string;
}
interface Matter {
  code: string;
  name: string;
  bundle: boolean;
  department: string;
  applicantType: 'PERSON' | 'LEGAL_ENTITY';
  legalBasis: string;
  derivations: { role: string; fromMaterial: string; itemCodes: string[] }[];
  materials: Material[];
}
interface Resource {
  code: string;
  providerCode: string;
  subjectType: string;
  shareType: string;
  status: string;
  certificate?: { typeCode: string };
  items: { code: string }[];
}

const matters = JSON.parse(readFileSync('data/matters/matters.json', 'utf8')) as Matter[];
const resources = new Map((JSON.parse(readFileSync('data/catalog/resources.json', 'utf8')) as Resource[]).map((r) => [r.code, r]));
const departments = new Set((JSON.parse(readFileSync('data/catalog/departments.json', 'utf8')) as { code: string }[]).map((d) => d.code));
const bindings = new Map((JSON.parse(readFileSync('data/bindings/demo.json', 'utf8')) as { resourceCode: string; fields: Record<string, string> }[]).map((b) => [b.resourceCode, b]));
const served = new Map(loadCatalog().served.map((r) => [r.code, r]));

/** Which resource a material resolves to, with the problems found on the way. */
function resolve(matter: Matter, material: Material): { resource?: Resource; problems: string[] } {
  const problems: string[] = [];
  const code = material.kind === 'DATA' ? material.itemCodes![0].replace(/\/\d{3}$/, '') : material.certificateType!;
  const resource = resources.get(code);
  if (!resource) return { problems: [`${code} is not in the shipped catalogue`] };
  const wantedType = material.role === 'APPLICANT' ? matter.applicantType : 'PERSON';
  if (resource.subjectType !== wantedType) problems.push(`${code} is about ${resource.subjectType}, the ${material.role} is ${wantedType}`);
  if (resource.status !== 'PUBLISHED' || resource.shareType === 'NOT_SHARED') problems.push(`${code} is ${resource.status}/${resource.shareType}: not shareable`);
  if (material.kind === 'CERTIFICATE' && !resource.certificate) problems.push(`${code} is not a certificate type`);
  if (material.kind === 'DATA') {
    const items = new Set(resource.items.map((i) => i.code));
    for (const item of material.itemCodes!) if (!items.has(item)) problems.push(`${item} is not an item of ${code} (one resource per material)`);
  }
  // The demo sources answer it: a demo source serves the resource, and the demo binding maps every item the material needs.
  const binding = bindings.get(code);
  if (!served.has(code) || !binding) problems.push(`no demo source answers ${code}`);
  else {
    const needed = material.kind === 'DATA' ? material.itemCodes! : resource.items.map((i) => i.code);
    const unmapped = needed.filter((item) => !binding.fields[item]);
    if (unmapped.length) problems.push(`the demo binding of ${code} does not map ${unmapped.join(', ')}`);
    const serving = servingOf(served.get(code)!);
    if (material.kind === 'CERTIFICATE' && serving.kind !== 'certificate') problems.push(`${code} is not served by the demo certificate issuer`);
  }
  return { resource, problems };
}

describe('the shipped matter catalogue (data/matters)', () => {
  it('has at least 30 matters with code, lead department and legal basis, at least 10 of them multi-department 一件事 bundles', () => {
    expect(matters.length).toBeGreaterThanOrEqual(30);
    expect(new Set(matters.map((m) => m.code)).size).toBe(matters.length);
    for (const m of matters) {
      expect(m.code).toMatch(/^[A-Z]{2,3}(-[A-Z]{2,8})?-\d{3}$/);
      expect(departments.has(m.department)).toBe(true);
      expect(m.legalBasis).toMatch(/《.+》|国发/);
      expect(m.name).toMatch(/[\u4e00-\u9fa5]/);
    }
    const multiDepartment = (m: Matter) => new Set(m.materials.flatMap((material) => (material.kind === 'SUBMIT' ? [] : [resolve(m, material).resource?.providerCode]))).size;
    const bundles = matters.filter((m) => m.bundle);
    expect(bundles.length).toBeGreaterThanOrEqual(10);
    for (const bundle of bundles) expect({ code: bundle.code, departments: multiDepartment(bundle) >= 2 }).toEqual({ code: bundle.code, departments: true });
    for (const name of ['出生', '身后', '企业开办', '不动产转移', '不动产抵押', '退休', '入学', '公积金提取', '残疾人两项补贴']) {
      expect(matters.some((m) => m.name.includes(name))).toBe(true);
    }
  });

  it('resolves every DATA and CERTIFICATE material to items or a certificate type of the shipped catalogue that the demo sources answer', () => {
    const problems = matters.flatMap((m) =>
      m.materials.filter((material) => material.kind !== 'SUBMIT').flatMap((material) => resolve(m, material).problems.map((p) => `${m.code} ${material.code} ${material.name}: ${p}`)),
    );
    expect(problems).toEqual([]);
    const counted = matters.flatMap((m) => m.materials.filter((material) => material.kind !== 'SUBMIT'));
    expect(counted.length).toBeGreaterThan(150);
    expect(counted.filter((material) => material.kind === 'CERTIFICATE').length).toBeGreaterThanOrEqual(15);
  });

  it('derives related subjects only from an earlier DATA material about the applicant that carries the identifier', () => {
    for (const m of matters) {
      for (const d of m.derivations) {
        const source = m.materials.find((material) => material.code === d.fromMaterial);
        expect({ matter: m.code, kind: source?.kind, role: source?.role }).toEqual({ matter: m.code, kind: 'DATA', role: 'APPLICANT' });
        for (const item of d.itemCodes) expect(source!.itemCodes).toContain(item);
        // Every material about the derived role can then be fetched in the same case.
        expect(m.materials.some((material) => material.role === d.role)).toBe(true);
      }
    }
    const derived = matters.flatMap((m) => m.derivations.map((d) => d.role));
    expect(derived).toEqual(expect.arrayContaining(['SPOUSE', 'LEGAL_REPRESENTATIVE']));
  });
});
