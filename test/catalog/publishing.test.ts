import { CatalogRepository } from '../../src/catalog/catalog.repository.js';
import { DepartmentRepository } from '../../src/catalog/department.repository.js';
import type { ResourceRecord } from '../../src/catalog/model.js';
import { shippedResource, startCatalogHub, type CatalogHub } from './support.js';

const PUBLISH = `mutation ($input: PublishResourceInput!) {
  publishResource(input: $input) { code version status statusLabel summary publishedAt itemCount items { code name } }
}`;
const RETIRE = `mutation ($code: String!, $reason: String!) {
  retireResource(code: $code, reason: $reason) { code version status retireReason retiredAt }
}`;
const VERSIONS = `query ($code: String!) {
  resource(code: $code) { version status summary versions { version publishedAt status summary items { code name } } }
}`;

type Input = Record<string, unknown> & { items: Record<string, unknown>[] };

/** A shipped resource as a publish input (same shape), with changes. */
function input(code: string, changes: Record<string, unknown> = {}): Input {
  const record: ResourceRecord = shippedResource(code);
  return { ...record, ...changes } as unknown as Input;
}

/** A new resource built from a shipped one under a new code. */
function newResource(template: string, code: string, changes: Record<string, unknown> = {}): Input {
  const source = shippedResource(template);
  return {
    ...source,
    code,
    relatedResourceCodes: [],
    items: source.items.map((item) => ({ ...item, code: `${code}/${item.code.slice(-3)}` })),
    ...changes,
  } as unknown as Input;
}

describe('publishing and retiring resources', () => {
  let c: CatalogHub;
  beforeAll(async () => {
    c = await startCatalogHub();
  });
  afterAll(() => c.hub.close());

  it('is for admins only', async () => {
    const anonymous = await c.hub.gql(PUBLISH, { input: input('101003/000001') });
    expect(anonymous.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const consumer = await c.asConsumer(PUBLISH, { input: input('101003/000001') });
    expect(consumer.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const retire = await c.asConsumer(RETIRE, { code: '101003/000001', reason: 'x' });
    expect(retire.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  describe('validation (BAD_USER_INPUT naming the field)', () => {
    const base = () => newResource('101003/000001', '101003/000900');
    const cases: [string, () => Input, string][] = [
      ['a malformed code', () => ({ ...base(), code: '10100/000001' }), 'code'],
      ['a 9-digit classification', () => ({ ...base(), code: '101003001/000001' }), 'code'],
      ['a code outside its classification', () => ({ ...base(), code: '101004/000900' }), 'code'],
      ['a name over 50 characters', () => ({ ...base(), name: '婚'.repeat(51) }), 'name'],
      ['a summary over 256 characters', () => ({ ...base(), summary: '要'.repeat(257) }), 'summary'],
      ['a conditional resource without conditions', () => ({ ...base(), shareCondition: null }), 'shareCondition'],
      ['a conditional resource whose condition is 无条件', () => ({ ...base(), shareCondition: '无条件' }), 'shareCondition'],
      ['a not-shared resource without a legal basis', () => ({ ...base(), shareType: 'NOT_SHARED', shareCondition: '暂不共享' }), 'shareCondition'],
      ['a not-shared resource open to the public', () => ({ ...base(), shareType: 'NOT_SHARED', shareCondition: '依据《中华人民共和国保守国家秘密法》不予共享', openToPublic: true, openCondition: '开放' }), 'openToPublic'],
      ['an open resource without an open condition', () => ({ ...base(), openToPublic: true, openCondition: null }), 'openCondition'],
      ['an open condition on a closed resource', () => ({ ...base(), openToPublic: false, openCondition: '开放' }), 'openCondition'],
      ['a provider that is a consumer department', () => ({ ...base(), providerCode: 'HZ-GAJ' }), 'providerCode'],
      ['a provider that does not exist', () => ({ ...base(), providerCode: 'ZJ-NOPE' }), 'providerCode'],
      ['a path that does not fit the classification', () => ({ ...base(), category: { code: '101003', path: ['基础', '法人', '婚姻家庭'] } }), 'category.path'],
      ['a path of the wrong depth', () => ({ ...base(), category: { code: '101003', path: ['基础', '人口', '婚姻家庭', '细目'] } }), 'category.path'],
      ['an impossible date', () => ({ ...base(), publishedAt: '2026-02-30' }), 'publishedAt'],
      ['an unknown related resource', () => ({ ...base(), relatedResourceCodes: ['101001/999999'] }), 'relatedResourceCodes'],
      ['a resource related to itself', () => ({ ...base(), relatedResourceCodes: ['101003/000900'] }), 'relatedResourceCodes'],
      ['no items', () => ({ ...base(), items: [] }), 'items'],
      ['an item code of another resource', () => ({ ...base(), items: [{ ...base().items[0], code: '101003/000001/001' }] }), 'items.0.code'],
      ['a duplicate item code', () => ({ ...base(), items: [base().items[0], base().items[0]] }), 'items.1.code'],
      ['a sensitivity of 5', () => ({ ...base(), items: [{ ...base().items[0], sensitivity: 5 }] }), 'items.0.sensitivity'],
      ['an item name over 50 characters', () => ({ ...base(), items: [{ ...base().items[0], name: '名'.repeat(51) }] }), 'items.0.name'],
      ['status RETIRED (use retireResource)', () => ({ ...base(), status: 'RETIRED' }), 'status'],
      ['a certificate on a non-certificate resource', () => ({ ...base(), certificate: { typeCode: '11330000000792175Y001', holderType: 'PERSON' } }), 'certificate'],
    ];
    it.each(cases)('refuses %s', async (_, build, field) => {
      const response = await c.asAdmin(PUBLISH, { input: build() });
      expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(response.body.errors?.[0].message).toContain(field);
    });

    it('refuses unknown enumeration values before execution', async () => {
      const response = await c.asAdmin(PUBLISH, { input: { ...base(), shareType: 'SOMETIMES' } });
      expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('left nothing behind', async () => {
      const response = await c.asConsumer<{ resource: null }>('{ resource(code: "101003/000900") { code } }');
      expect(response.body.data!.resource).toBeNull();
    });
  });

  it('creates a new resource as version 1, with 无条件 as the condition of an unconditional one', async () => {
    const response = await c.asAdmin<{ publishResource: Record<string, unknown> }>(
      `mutation ($input: PublishResourceInput!) { publishResource(input: $input) { code version status shareCondition publishedAt itemCount } }`,
      { input: newResource('104004/000001', '104004/000900', { shareCondition: null, publishedAt: null }) },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.publishResource).toMatchObject({ code: '104004/000900', version: 1, status: 'PUBLISHED', shareCondition: '无条件' });
    expect(response.body.data!.publishResource.publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('makes a change to a published resource a new version and keeps the old one readable', async () => {
    const code = '101003/000001';
    const original = input(code);
    const changed = { ...original, summary: `${original.summary}（修订）`, publishedAt: '2026-11-20', items: original.items.slice(0, -1) };
    const removedItem = original.items.at(-1)!.code as string;

    const published = await c.asAdmin<{ publishResource: Record<string, unknown> }>(PUBLISH, { input: changed });
    expect(published.body.errors).toBeUndefined();
    expect(published.body.data!.publishResource).toMatchObject({ code, version: 2, status: 'PUBLISHED', publishedAt: '2026-11-20', itemCount: original.items.length - 1 });

    const { body } = await c.asConsumer<{ resource: { version: number; versions: { version: number; publishedAt: string; summary: string; items: { code: string }[] }[] } }>(VERSIONS, { code });
    expect(body.data!.resource.version).toBe(2);
    expect(body.data!.resource.versions.map((v) => [v.version, v.publishedAt])).toEqual([
      [2, '2026-11-20'],
      [1, original.publishedAt],
    ]);
    expect(body.data!.resource.versions[1].summary).toBe(original.summary);
    expect(body.data!.resource.versions[1].items.map((item) => item.code)).toContain(removedItem);
    // Item codes stay; the removed item is gone from the current catalogue.
    const item = await c.asConsumer<{ kept: { code: string } | null; removed: null }>(
      `{ kept: dataItem(code: "${original.items[0].code}") { code } removed: dataItem(code: "${removedItem}") { code } }`,
    );
    expect(item.body.data).toEqual({ kept: { code: original.items[0].code }, removed: null });

    // Publishing the same content again (publishedAt omitted) changes nothing.
    const again = await c.asAdmin<{ publishResource: { version: number; publishedAt: string } }>(PUBLISH, { input: { ...changed, publishedAt: null } });
    expect(again.body.data!.publishResource).toMatchObject({ version: 2, publishedAt: '2026-11-20' });
  });

  it('edits a draft in place, publishes it without a new version, and refuses to turn it back into a draft', async () => {
    const code = '101001/000900';
    const draft = newResource('101001/000001', code, { status: 'DRAFT', publishedAt: '2026-12-01' });
    expect((await c.asAdmin<{ publishResource: { version: number; status: string } }>(PUBLISH, { input: draft })).body.data!.publishResource).toMatchObject({ version: 1, status: 'DRAFT' });
    const edited = await c.asAdmin<{ publishResource: { version: number; summary: string } }>(PUBLISH, { input: { ...draft, summary: '草稿修改' } });
    expect(edited.body.data!.publishResource).toMatchObject({ version: 1, summary: '草稿修改' });
    const published = await c.asAdmin<{ publishResource: { version: number; status: string; statusLabel: string } }>(PUBLISH, {
      input: { ...draft, summary: '草稿修改', status: 'PUBLISHED' },
    });
    expect(published.body.data!.publishResource).toMatchObject({ version: 1, status: 'PUBLISHED', statusLabel: '已发布' });
    const back = await c.asAdmin(PUBLISH, { input: { ...draft, status: 'DRAFT' } });
    expect(back.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
    const { body } = await c.asConsumer<{ resource: { versions: { version: number; status: string }[] } }>(VERSIONS, { code });
    expect(body.data!.resource.versions).toEqual([expect.objectContaining({ version: 1, status: 'PUBLISHED' })]);
  });

  it('retires a resource with a reason, keeps it and its versions readable, and tells the access check', async () => {
    const code = '309001/000001';
    const retired = await c.asAdmin<{ retireResource: Record<string, unknown> }>(RETIRE, { code, reason: '职能调整，资源停止提供' });
    expect(retired.body.errors).toBeUndefined();
    expect(retired.body.data!.retireResource).toMatchObject({ code, version: 1, status: 'RETIRED', retireReason: '职能调整，资源停止提供' });
    expect(retired.body.data!.retireResource.retiredAt).toEqual(expect.any(String));

    const access = await c.hub.app.get(CatalogRepository).findItemsForAccess([`${code}/001`]);
    expect(access[0]).toMatchObject({ resourceStatus: 'RETIRED', resourceVersion: 1 });

    const again = await c.asAdmin(RETIRE, { code, reason: '再次' });
    expect(again.body.errors?.[0].extensions?.code).toBe('CONFLICT');
    const unknown = await c.asAdmin(RETIRE, { code: '309001/999999', reason: '无' });
    expect(unknown.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const blank = await c.asAdmin(RETIRE, { code: '309001/000002', reason: '  ' });
    expect(blank.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });

    // Publishing it again brings it back as a new version.
    const republished = await c.asAdmin<{ publishResource: { version: number; status: string } }>(PUBLISH, { input: input(code) });
    expect(republished.body.data!.publishResource).toMatchObject({ version: 2, status: 'PUBLISHED' });
    const { body } = await c.asConsumer<{ resource: { versions: { version: number }[] } }>(VERSIONS, { code });
    expect(body.data!.resource.versions.map((v) => v.version)).toEqual([2, 1]);
  });

  it('answers findItemsForAccess for existing items only, with the current version', async () => {
    const items = await c.hub.app.get(CatalogRepository).findItemsForAccess(['101001/000001/001', '10500201/000001/001', '101001/000001/999', 'garbage']);
    expect(items).toEqual([
      {
        itemCode: '101001/000001/001',
        itemName: '公民身份号码',
        dataType: 'C',
        maskRule: 'ID_NUMBER',
        sensitivity: 4,
        resourceCode: '101001/000001',
        resourceName: '居民户籍信息',
        resourceVersion: 1,
        shareType: 'CONDITIONAL',
        resourceStatus: 'PUBLISHED',
        providerCode: 'ZJ-GAT',
        subjectType: 'PERSON',
        shareMethod: 'API',
      },
      expect.objectContaining({ itemCode: '10500201/000001/001', providerCode: 'ZJ-SCJGJ', subjectType: 'LEGAL_ENTITY' }),
    ]);
    expect(await c.hub.app.get(CatalogRepository).findItemsForAccess([])).toEqual([]);
  });

  it('finds and disables departments through DepartmentRepository', async () => {
    const departments = c.hub.app.get(DepartmentRepository);
    expect(await departments.findByCode('ZJ-GAT')).toEqual({
      code: 'ZJ-GAT',
      name: '浙江省公安厅',
      shortName: '省公安厅',
      kind: 'PROVIDER',
      level: 'PROVINCE',
      regionCode: '330000',
      creditCode: '11330000001471314Q',
      enabled: true,
    });
    expect(await departments.findByCode('ZJ-NOPE')).toBeUndefined();
    await departments.setEnabled('HZ-GAJ', false);
    expect((await departments.findByCode('HZ-GAJ'))?.enabled).toBe(false);
    await departments.setEnabled('HZ-GAJ', true);
    await expect(departments.setEnabled('ZJ-NOPE', false)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
