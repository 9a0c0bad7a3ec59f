import { startCatalogHub, type CatalogHub } from './support.js';

type Node = Record<string, unknown>;
const DATASET_ID = (base: string, code: string) => `${base}/catalog/resources/${encodeURIComponent(code)}`;

describe('GET /catalog/dcat.jsonld (DCAT-AP 3)', () => {
  let c: CatalogHub;
  let catalog: Node;
  let datasets: Node[];
  beforeAll(async () => {
    c = await startCatalogHub();
    const response = await fetch(`${c.hub.url}/catalog/dcat.jsonld`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    catalog = (await response.json()) as Node;
    datasets = catalog['dcat:dataset'] as Node[];
  });
  afterAll(() => c.hub.close());

  it('is a dcat:Catalog with the standard namespaces, published by the platform, without a token', () => {
    expect(catalog['@context']).toMatchObject({
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      foaf: 'http://xmlns.com/foaf/0.1/',
    });
    expect(catalog['@type']).toBe('dcat:Catalog');
    expect(catalog['dct:title']).toEqual({ '@language': 'zh', '@value': expect.any(String) });
    expect(catalog['dct:publisher']).toMatchObject({ '@type': 'foaf:Organization', 'foaf:name': { '@language': 'zh', '@value': '浙江省大数据发展管理局' } });
  });

  it('has one dcat:Dataset per published resource (drafts left out), each with the mandatory and recommended properties', () => {
    expect(datasets).toHaveLength(264);
    expect(datasets.map((dataset) => dataset['dct:identifier'])).not.toContain('101002/000002'); // a draft
    for (const dataset of datasets) {
      expect(dataset['@type']).toBe('dcat:Dataset');
      expect(dataset['@id']).toBe(DATASET_ID(c.hub.url, dataset['dct:identifier'] as string));
      expect(dataset['dct:title']).toEqual({ '@language': 'zh', '@value': expect.any(String) });
      expect(dataset['dct:description']).toEqual({ '@language': 'zh', '@value': expect.any(String) });
      expect((dataset['dct:publisher'] as Node)['foaf:name']).toEqual({ '@language': 'zh', '@value': expect.any(String) });
      expect((dataset['dcat:keyword'] as Node[]).length).toBeGreaterThan(0);
      expect((dataset['dcat:theme'] as Node[])[0]['@id']).toMatch(/^http:\/\/publications\.europa\.eu\/resource\/authority\/data-theme\/[A-Z]{4}$/);
      expect((dataset['dct:accessRights'] as Node)['@id']).toMatch(/\/access-right\/(PUBLIC|RESTRICTED|NON_PUBLIC)$/);
      expect((dataset['dct:issued'] as Node)['@type']).toBe('xsd:date');
      const distributions = dataset['dcat:distribution'] as Node[];
      expect(distributions).toHaveLength(1);
      expect(distributions[0]['@type']).toBe('dcat:Distribution');
      expect((distributions[0]['dcat:accessURL'] as Node)['@id']).toBe(`${c.hub.url}/graphql`);
    }
  });

  it('maps a resource’s metadata: publisher, theme, share type → access rights, update cycle, method', () => {
    const household = datasets.find((dataset) => dataset['dct:identifier'] === '101001/000001')!;
    expect(household).toMatchObject({
      'dct:title': { '@language': 'zh', '@value': '居民户籍信息' },
      'dct:publisher': { '@id': `${c.hub.url}/catalog/departments/ZJ-GAT`, 'dct:identifier': '11330000001471314Q' },
      'dct:accessRights': { '@id': 'http://publications.europa.eu/resource/authority/access-right/RESTRICTED' },
      'dct:rights': { 'rdfs:label': { '@language': 'zh', '@value': '有条件共享：仅限办理户籍、身份核验相关政务服务事项使用' } },
      'dct:accrualPeriodicity': { '@id': 'http://publications.europa.eu/resource/authority/frequency/CONT' },
      'dct:issued': { '@value': '2026-06-16', '@type': 'xsd:date' },
      'dcat:version': '1',
    });
    expect(household['dcat:theme']).toEqual([
      { '@id': 'http://publications.europa.eu/resource/authority/data-theme/SOCI' },
      expect.objectContaining({ '@type': 'skos:Concept', 'skos:notation': '101001', 'skos:prefLabel': { '@language': 'zh', '@value': '基础/人口/户籍' } }),
    ]);
    expect(household['dcat:keyword']).toContainEqual({ '@language': 'zh', '@value': '公民身份号码' });
    expect(household['dct:relation']).toContainEqual({ '@id': DATASET_ID(c.hub.url, '101002/000001') });
    expect((household['dcat:distribution'] as Node[])[0]).toMatchObject({
      'dct:title': { '@language': 'zh', '@value': '共享平台方式（接口）' },
      'dcat:mediaType': { '@id': 'https://www.iana.org/assignments/media-types/application/json' },
    });

    const notShared = datasets.find((dataset) => dataset['dct:identifier'] === '202002/000001')!;
    expect((notShared['dct:accessRights'] as Node)['@id']).toMatch(/NON_PUBLIC$/);
    const open = datasets.find((dataset) => (dataset['dct:accessRights'] as Node)['@id'] === 'http://publications.europa.eu/resource/authority/access-right/PUBLIC');
    expect(open).toBeDefined();
  });
});
