import { startCatalogHub, type CatalogHub } from './support.js';

interface Edge<T> {
  cursor: string;
  node: T;
}
interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}
interface ItemNode {
  code: string;
  name: string;
  resourceName: string;
}

const ITEMS = `query ($filter: DataItemFilter, $first: Int, $after: String) {
  dataItems(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { code name resourceName } }
  }
}`;

const RESOURCES = `query ($filter: ResourceFilter, $first: Int, $after: String) {
  resources(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { code name shareType provider { code } } }
  }
}`;

describe('catalogue queries on the shipped catalogue', () => {
  let c: CatalogHub;
  beforeAll(async () => {
    c = await startCatalogHub();
  });
  afterAll(() => c.hub.close());

  it('needs a token', async () => {
    const response = await c.hub.gql('{ catalogStats { resources } }');
    expect(response.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('reports 29 provider units and at least 2,600 data items in catalogStats', async () => {
    const { body } = await c.asConsumer<{ catalogStats: Record<string, unknown> & { byShareType: { shareType: string; shareTypeLabel: string; resources: number }[]; byDepartment: { departmentCode: string; resources: number; dataItems: number }[] } }>(
      '{ catalogStats { departments providers resources dataItems byShareType { shareType shareTypeLabel resources dataItems } byDepartment { departmentCode departmentName resources dataItems } } }',
    );
    const stats = body.data!.catalogStats;
    expect(stats.providers).toBe(29);
    expect(stats.departments).toBe(37);
    expect(stats.resources).toBe(269);
    expect(stats.dataItems).toBe(2705);
    expect(stats.byShareType).toContainEqual({ shareType: 'UNCONDITIONAL', shareTypeLabel: '无条件共享', resources: 95, dataItems: expect.any(Number) });
    expect(stats.byDepartment).toHaveLength(29);
    expect(stats.byDepartment.find((row) => row.departmentCode === 'ZJ-GAT')).toMatchObject({ resources: 27, dataItems: 338 });
  });

  it('lists departments by kind, with Chinese labels', async () => {
    const { body } = await c.asConsumer<{ providers: { code: string }[]; department: Record<string, unknown> }>(
      '{ providers: departments(kind: PROVIDER) { code } department(code: "ZJ-GAT") { code name kind kindLabel level levelLabel regionCode regionName creditCode enabled } }',
    );
    expect(body.data!.providers).toHaveLength(29);
    expect(body.data!.department).toEqual({
      code: 'ZJ-GAT',
      name: '浙江省公安厅',
      kind: 'PROVIDER',
      kindLabel: '提供部门',
      level: 'PROVINCE',
      levelLabel: '省级',
      regionCode: '330000',
      regionName: '浙江省',
      creditCode: '11330000001471314Q',
      enabled: true,
    });
  });

  it('gives every resource every 编制指南 field', async () => {
    const fields = `code name providerCode category { code path } summary format formatLabel shareType shareTypeLabel shareCondition
      shareMethod shareMethodLabel openToPublic openCondition updateCycle updateCycleLabel publishedAt relatedResourceCodes
      subjectType subjectTypeLabel status version itemCount`;
    let after: string | null = null;
    let seen = 0;
    do {
      const response: { body: { data?: { resources: Connection<Record<string, unknown>> } | null } } = await c.asConsumer(
        `query ($first: Int, $after: String) { resources(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${fields} } } } }`,
        { first: 100, after },
      );
      const page: Connection<Record<string, unknown>> = response.body.data!.resources;
      for (const { node } of page.edges) {
        seen++;
        for (const key of ['name', 'providerCode', 'summary', 'format', 'formatLabel', 'shareType', 'shareTypeLabel', 'shareCondition', 'shareMethod', 'shareMethodLabel', 'updateCycle', 'updateCycleLabel', 'subjectType', 'status']) {
          expect(typeof node[key] === 'string' && (node[key] as string).length > 0).toBe(true);
        }
        expect(node.publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect((node.category as { path: string[] }).path.length).toBeGreaterThanOrEqual(3);
        expect(Array.from(node.name as string).length).toBeLessThanOrEqual(50);
        expect(Array.from(node.summary as string).length).toBeLessThanOrEqual(256);
        expect(node.itemCount as number).toBeGreaterThan(0);
        expect(typeof node.openToPublic).toBe('boolean');
        if (node.openToPublic) expect(node.openCondition).toEqual(expect.any(String));
        else expect(node.openCondition).toBeNull();
      }
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toBe(269);
  });

  it('returns one resource with its items, labels and versions', async () => {
    const { body } = await c.asConsumer<{ resource: Record<string, unknown> & { items: Record<string, unknown>[]; versions: { version: number; publishedAt: string }[] } }>(
      `{ resource(code: "101001/000001") { code name shareType shareTypeLabel shareMethodLabel updateCycleLabel formatLabel
           items { code name dataType dataTypeLabel sensitivity maskRule resourceCode } versions { version publishedAt status } } }`,
    );
    const resource = body.data!.resource;
    expect(resource).toMatchObject({ code: '101001/000001', name: '居民户籍信息', shareType: 'CONDITIONAL', shareTypeLabel: '有条件共享', shareMethodLabel: '共享平台方式（接口）', updateCycleLabel: '实时', formatLabel: '服务接口' });
    expect(resource.items[0]).toEqual({ code: '101001/000001/001', name: '公民身份号码', dataType: 'C', dataTypeLabel: '字符型', sensitivity: 4, maskRule: 'ID_NUMBER', resourceCode: '101001/000001' });
    expect(resource.versions).toEqual([{ version: 1, publishedAt: '2026-06-16', status: 'PUBLISHED' }]);
  });

  it('returns null for unknown codes, and a data item with its resource', async () => {
    const { body } = await c.asConsumer<{ none: null; item: Record<string, unknown> }>(
      '{ none: resource(code: "101001/999999") { code } item: dataItem(code: "10500201/000001/001") { name resource { name provider { code } } } }',
    );
    expect(body.data!.none).toBeNull();
    expect(body.data!.item).toEqual({ name: '统一社会信用代码', resource: { name: '营业执照', provider: { code: 'ZJ-SCJGJ' } } });
  });

  describe('keyword search', () => {
    it('身份 finds 公民身份号码 first', async () => {
      const { body } = await c.asConsumer<{ dataItems: Connection<ItemNode> }>(ITEMS, { filter: { keyword: '身份' }, first: 5 });
      const page = body.data!.dataItems;
      expect(page.edges.map((edge) => edge.node.name)).toEqual(Array(5).fill('公民身份号码'));
      expect(page.edges[0].node.code).toBe('101001/000001/001');
      expect(page.totalCount).toBeGreaterThan(200);
    });

    it('婚姻 finds the marriage resources, name matches first', async () => {
      const { body } = await c.asConsumer<{ resources: Connection<{ code: string; name: string }> }>(RESOURCES, { filter: { keyword: '婚姻' } });
      const names = body.data!.resources.edges.map((edge) => edge.node.name);
      expect(names[0]).toBe('婚姻登记信息');
      // Then resources that only have a 婚姻 item (居民户籍信息 has 婚姻状况).
      expect(names).toContain('居民户籍信息');
    });

    it('营业执照 finds the business-licence items first', async () => {
      const { body } = await c.asConsumer<{ dataItems: Connection<ItemNode> }>(ITEMS, { filter: { keyword: '营业执照' }, first: 30 });
      const edges = body.data!.dataItems.edges;
      const licence = edges.filter((edge) => edge.node.resourceName === '营业执照');
      expect(licence.length).toBeGreaterThanOrEqual(20);
      expect(edges.slice(0, licence.length).every((edge) => edge.node.resourceName === '营业执照')).toBe(true);
      expect(edges[0].node).toMatchObject({ code: '10500201/000001/001', name: '统一社会信用代码' });
    });

    it('ranks name matches above summary matches', async () => {
      const { body } = await c.asConsumer<{ resources: Connection<{ name: string }> }>(RESOURCES, { filter: { keyword: '身份' }, first: 100 });
      const names = body.data!.resources.edges.map((edge) => edge.node.name);
      const lastNameMatch = names.map((name) => name.includes('身份')).lastIndexOf(true);
      const firstOther = names.findIndex((name) => !name.includes('身份'));
      expect(lastNameMatch).toBeLessThan(firstOther);
      expect(names.slice(0, 2).sort()).toEqual(['居民身份证信息', '身份证件挂失申报信息'].sort());
    });

    it('matches ASCII case-insensitively, one character, and nothing', async () => {
      const one = await c.asConsumer<{ dataItems: Connection<ItemNode> }>(ITEMS, { filter: { keyword: '证' }, first: 3 });
      expect(one.body.data!.dataItems.edges).toHaveLength(3);
      expect(one.body.data!.dataItems.edges.every((edge) => (edge.node.name + edge.node.resourceName).includes('证'))).toBe(true);
      const none = await c.asConsumer<{ dataItems: Connection<ItemNode> }>(ITEMS, { filter: { keyword: '量子纠缠' } });
      expect(none.body.data!.dataItems).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
      const gb = await c.asConsumer<{ dataItems: Connection<ItemNode> }>(ITEMS, { filter: { keyword: 'gb/t 2261' } });
      expect(gb.body.data!.dataItems.totalCount).toBeGreaterThan(0);
    });

    it('combines a keyword with filters', async () => {
      const { body } = await c.asConsumer<{ dataItems: Connection<ItemNode> }>(ITEMS, {
        filter: { keyword: '身份', departmentCode: 'ZJ-MZT', shareType: 'CONDITIONAL', category: '基础/人口' },
        first: 100,
      });
      const edges = body.data!.dataItems.edges;
      expect(edges.length).toBeGreaterThan(0);
      expect(edges.every((edge) => edge.node.code.startsWith('101'))).toBe(true);
      expect(body.data!.dataItems.totalCount).toBe(edges.length);
    });
  });

  describe('pagination', () => {
    async function walk(query: string, root: 'dataItems' | 'resources', filter: Record<string, unknown>, first: number): Promise<{ codes: string[]; total: number; pages: number }> {
      const codes: string[] = [];
      let after: string | null = null;
      let total = 0;
      let pages = 0;
      do {
        const response: { body: { data?: Record<string, Connection<{ code: string }>> | null } } = await c.asConsumer(query, { filter, first, after });
        const page: Connection<{ code: string }> = response.body.data![root];
        total = page.totalCount;
        pages++;
        expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
        codes.push(...page.edges.map((edge) => edge.node.code));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      return { codes, total, pages };
    }

    it('walks every data item in code order without duplicates or gaps', async () => {
      const { codes, total, pages } = await walk(ITEMS, 'dataItems', {}, 100);
      expect(total).toBe(2705);
      expect(pages).toBe(28);
      expect(new Set(codes).size).toBe(2705);
      expect([...codes].sort()).toEqual(codes);
    });

    it('walks a keyword search in rank order without duplicates or gaps', async () => {
      const all = await c.asConsumer<{ dataItems: Connection<ItemNode> }>(ITEMS, { filter: { keyword: '身份' }, first: 100 });
      const { codes, total } = await walk(ITEMS, 'dataItems', { keyword: '身份' }, 7);
      expect(codes).toHaveLength(total);
      expect(new Set(codes).size).toBe(total);
      expect(codes.slice(0, 100)).toEqual(all.body.data!.dataItems.edges.map((edge) => edge.node.code));
    });

    it('keeps cursors stable when resources are inserted between pages', async () => {
      const first = await c.asConsumer<{ resources: Connection<{ code: string }> }>(RESOURCES, { filter: { departmentCode: 'ZJ-CL' }, first: 2 });
      const page1 = first.body.data!.resources;
      // A new resource sorting before the cursor (10500111/000001), and one after it.
      const { shippedResource } = await import('./support.js');
      for (const [template, code] of [['101008/000001', '101008/000000'], ['203006/000001', '203006/999999']]) {
        const source = shippedResource(template);
        const response = await c.asAdmin('mutation ($input: PublishResourceInput!) { publishResource(input: $input) { code } }', {
          input: {
            ...source,
            code,
            relatedResourceCodes: [],
            items: source.items.map((item) => ({ ...item, code: `${code}/${item.code.slice(-3)}` })),
          },
        });
        expect(response.body.errors).toBeUndefined();
      }
      const second = await c.asConsumer<{ resources: Connection<{ code: string }> }>(RESOURCES, {
        filter: { departmentCode: 'ZJ-CL' },
        first: 100,
        after: page1.pageInfo.endCursor,
      });
      const codes = [...page1.edges, ...second.body.data!.resources.edges].map((edge) => edge.node.code);
      expect(new Set(codes).size).toBe(codes.length);
      expect(page1.edges.map((edge) => edge.node.code)).toEqual(['101008/000001', '10500111/000001']);
      expect(codes).toContain('203006/999999');
      expect(codes).not.toContain('101008/000000');
      expect(codes).toHaveLength(5 + 1);
    });

    it('refuses first above 100, a negative first, and a foreign cursor with BAD_USER_INPUT', async () => {
      const big = await c.asConsumer(ITEMS, { first: 101 });
      expect(big.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
      const negative = await c.asConsumer(ITEMS, { first: -1 });
      expect(negative.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
      const garbage = await c.asConsumer(ITEMS, { after: 'not-a-cursor' });
      expect(garbage.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      const plain = await c.asConsumer<{ dataItems: Connection<ItemNode> }>(ITEMS, { first: 1 });
      const mixed = await c.asConsumer(ITEMS, { filter: { keyword: '身份' }, after: plain.body.data!.dataItems.pageInfo.endCursor });
      expect(mixed.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      const long = await c.asConsumer(ITEMS, { filter: { keyword: '长'.repeat(51) } });
      expect(long.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    });
  });

  describe('filters', () => {
    it('filters resources by department, share type, subject type, status and category', async () => {
      const cases: [Record<string, unknown>, (node: Record<string, unknown>) => boolean, number][] = [
        [{ departmentCode: 'ZJ-GAT' }, (node) => (node.provider as { code: string }).code === 'ZJ-GAT', 27],
        [{ shareType: 'NOT_SHARED' }, (node) => node.shareType === 'NOT_SHARED', 8],
        [{ status: 'DRAFT' }, () => true, 5],
        [{ category: '105' }, (node) => (node.code as string).startsWith('105'), 18],
        [{ category: '基础/电子证照' }, (node) => (node.code as string).startsWith('105'), 18],
        [{ subjectType: 'OTHER' }, () => true, 34],
      ];
      for (const [filter, check, count] of cases) {
        const { body } = await c.asConsumer<{ resources: Connection<Record<string, unknown>> }>(RESOURCES, { filter, first: 100 });
        expect({ filter, total: body.data!.resources.totalCount }).toEqual({ filter, total: count });
        expect(body.data!.resources.edges.every((edge) => check(edge.node))).toBe(true);
      }
    });

    it('filters resources by share method (共享方式) and highest item sensitivity (最高敏感级), and items by their resource', async () => {
      const query = `query ($filter: ResourceFilter) {
        resources(filter: $filter, first: 100) { totalCount edges { node { code shareMethod items { sensitivity } } } }
      }`;
      type Node = { code: string; shareMethod: string; items: { sensitivity: number }[] };
      const highest = (node: Node) => Math.max(...node.items.map((item) => item.sensitivity));
      const list = async (filter: Record<string, unknown>) => (await c.asConsumer<{ resources: Connection<Node> }>(query, { filter })).body.data!.resources;

      const files = await list({ shareMethod: 'FILE' });
      expect(files.totalCount).toBe(14);
      expect(files.edges.map((edge) => edge.node.shareMethod)).toEqual(Array(14).fill('FILE'));

      const sensitive = await list({ highestSensitivity: 3 });
      expect(sensitive.totalCount).toBe(8);
      expect(sensitive.edges.map((edge) => highest(edge.node))).toEqual(Array(8).fill(3));

      const both = await list({ shareMethod: 'TABLE', highestSensitivity: 3 });
      expect(both.edges.map((edge) => edge.node.code)).toEqual(['211004/000001', '212002/000001', '310001/000003', '323001/000001', '328001/000001']);

      const items = await c.asConsumer<{ dataItems: Connection<ItemNode> }>(ITEMS, { filter: { shareMethod: 'MEDIA' }, first: 100 });
      expect(items.body.data!.dataItems.totalCount).toBe(18);
      expect(new Set(items.body.data!.dataItems.edges.map((edge) => edge.node.code.split('/').slice(0, 2).join('/')))).toEqual(new Set(['103005/000001', '328001/000003']));

      const refused = await c.asConsumer(query, { filter: { highestSensitivity: 5 } });
      expect(refused.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });
});
