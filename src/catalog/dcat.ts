/**
 * The published catalogue as DCAT-AP 3 JSON-LD (https://semiceu.github.io/DCAT-AP/releases/3.0.0/),
 * for CKAN-style harvesters (ckanext-dcat reads JSON-LD): one dcat:Dataset per published
 * resource, with EU controlled vocabularies for theme, access rights and frequency, and the
 * 编制指南 values (分类, 共享类型/条件, 共享方式) as language-tagged Chinese text.
 */
import {
  SHARE_METHOD_LABELS,
  SHARE_TYPE_LABELS,
  FORMAT_LABELS,
  ShareType,
  UpdateCycle,
  type Department,
  type ResourceRecord,
  type StoredResource,
} from './model.js';

const EU = 'http://publications.europa.eu/resource/authority';

export const DCAT_CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
};

/** 项 (and class 3) → EU data theme. */
const THEMES: Record<string, string> = {
  '101': 'SOCI',
  '102': 'ECON',
  '103': 'ENVI',
  '104': 'ECON',
  '105': 'GOVE',
  '201': 'GOVE',
  '202': 'HEAL',
  '203': 'SOCI',
  '204': 'HEAL',
  '205': 'JUST',
  '206': 'ECON',
  '207': 'ENER',
  '208': 'ECON',
  '209': 'REGI',
  '210': 'GOVE',
  '211': 'ENVI',
  '212': 'JUST',
};

const FREQUENCIES: Record<UpdateCycle, string> = {
  REALTIME: 'CONT',
  DAILY: 'DAILY',
  WEEKLY: 'WEEKLY',
  MONTHLY: 'MONTHLY',
  QUARTERLY: 'QUARTERLY',
  HALF_YEARLY: 'BIANNUAL',
  YEARLY: 'ANNUAL',
  OTHER: 'OTHER',
};

/**
 * 共享类型 → EU access right: 无条件/有条件共享 go to government departments only (RESTRICTED)
 * unless the resource is also open to the public (PUBLIC); 不予共享 is NON_PUBLIC.
 */
function accessRight(record: ResourceRecord): string {
  if (record.shareType === ShareType.NOT_SHARED) return `${EU}/access-right/NON_PUBLIC`;
  return `${EU}/access-right/${record.openToPublic ? 'PUBLIC' : 'RESTRICTED'}`;
}

const zh = (value: string) => ({ '@language': 'zh', '@value': value });

function agent(base: string, department: Department) {
  return {
    '@id': `${base}/catalog/departments/${encodeURIComponent(department.code)}`,
    '@type': 'foaf:Organization',
    'foaf:name': zh(department.name),
    'dct:identifier': department.creditCode,
  };
}

export function datasetId(base: string, code: string): string {
  return `${base}/catalog/resources/${encodeURIComponent(code)}`;
}

function dataset(base: string, record: ResourceRecord, resource: StoredResource) {
  const id = datasetId(base, record.code);
  const keywords = [...new Set([...record.category.path.slice(1), ...record.items.map((item) => item.name)])];
  return {
    '@id': id,
    '@type': 'dcat:Dataset',
    'dct:identifier': record.code,
    'dct:title': zh(record.name),
    'dct:description': zh(record.summary),
    'dct:publisher': agent(base, resource.provider),
    'dcat:contactPoint': { '@type': 'vcard:Organization', 'vcard:fn': resource.provider.name },
    'dcat:keyword': keywords.map(zh),
    'dcat:theme': [
      { '@id': `${EU}/data-theme/${THEMES[record.category.code.slice(0, 3)] ?? 'GOVE'}` },
      {
        '@id': `${base}/catalog/categories/${record.category.code}`,
        '@type': 'skos:Concept',
        'skos:notation': record.category.code,
        'skos:prefLabel': zh(record.category.path.join('/')),
      },
    ],
    'dct:accessRights': { '@id': accessRight(record) },
    'dct:rights': {
      '@type': 'dct:RightsStatement',
      'rdfs:label': zh(`${SHARE_TYPE_LABELS[record.shareType]}：${record.shareCondition}`),
    },
    'dct:issued': { '@value': record.publishedAt, '@type': 'xsd:date' },
    'dct:accrualPeriodicity': { '@id': `${EU}/frequency/${FREQUENCIES[record.updateCycle]}` },
    'dcat:version': String(resource.version),
    ...(record.relatedResourceCodes.length ? { 'dct:relation': record.relatedResourceCodes.map((code) => ({ '@id': datasetId(base, code) })) } : {}),
    'dcat:distribution': [
      {
        '@id': `${id}#distribution`,
        '@type': 'dcat:Distribution',
        'dct:title': zh(SHARE_METHOD_LABELS[record.shareMethod]),
        'dcat:accessURL': { '@id': `${base}/graphql` },
        'dct:format': { '@type': 'dct:MediaTypeOrExtent', 'rdfs:label': zh(FORMAT_LABELS[record.format]) },
        ...(record.shareMethod === 'API' ? { 'dcat:mediaType': { '@id': 'https://www.iana.org/assignments/media-types/application/json' } } : {}),
        'dct:accessRights': { '@id': accessRight(record) },
      },
    ],
  };
}

/** The catalogue document; `base` is the hub's public origin (e.g. https://hub.example). */
export function buildDcatCatalog(
  base: string,
  resources: readonly { record: ResourceRecord; resource: StoredResource }[],
  platform: Department | undefined,
): Record<string, unknown> {
  return {
    '@context': DCAT_CONTEXT,
    '@id': `${base}/catalog/dcat.jsonld`,
    '@type': 'dcat:Catalog',
    'dct:title': zh('公共数据共享目录'),
    'dct:description': zh('省级政务信息资源共享目录（已发布的信息资源），依据《政务信息资源目录编制指南（试行）》编制。'),
    'dct:language': { '@id': `${EU}/language/ZHO` },
    ...(platform ? { 'dct:publisher': agent(base, platform) } : {}),
    'dcat:dataset': resources.map(({ record, resource }) => dataset(base, record, resource)),
  };
}
