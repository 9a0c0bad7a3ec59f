/**
 * Who the load test plays and what they ask: consumer departments (service windows) with
 * grants, the department whose grant gets revoked, an auditor and an admin; and the mix of
 * operations, each with how to read what its response released.
 */
import { readFileSync } from 'node:fs';
import { certificateRecord, certificateResources, Dataset } from '../demo/population/index.js';

export const PURPOSE = { caseNo: 'LT-2026-000001', matter: '负载测试 一窗受理' };

const GAT = ['101001/000001/002', '101001/000001/004', '101001/000001/005', '101001/000001/006', '101001/000001/014'];
const MZ = ['101003/000001/002', '101003/000001/003'];
const RLSBT = ['101007/000001/003', '101007/000001/004'];
const ZRZYT = ['103002/000001/003', '103002/000001/005', '103002/000001/006'];
const SCJGJ = ['102001/000001/002', '102001/000001/003', '102001/000001/004', '102001/000001/013'];
export const LICENCE = '10500201/000001'; // 营业执照, from the 电子证照 issuer

/** Two city/county windows that keep their grants; 上城区's grant on 姓名 is revoked mid-run. */
export const CONSUMERS = ['HZ-XZFWZX', 'HZXH-XZFWZX'];
export const REVOKED_CONSUMER = 'HZSC-XZFWZX';
export const REVOKED_ITEM = GAT[0];

export interface Released {
  /** The request id the audit event carries (a batch's subjects are `<id>#<index>`). */
  auditRequestId: string;
  items: string[];
}

export interface Reading {
  released: Released[];
  /** Resources that failed (a failing source), counted as an unsuccessful answer. */
  sourceFailures: number;
}

export interface Operation {
  name: string;
  weight: number;
  /** Token role: a consumer window, the revoked department's window, or the auditor. */
  as: 'consumer' | 'revoked-consumer' | 'auditor';
  /** A fixed replica (the revoked department is served by B, while the revoke goes to A). */
  replica?: 'B';
  request(pick: Picker): { query: string; variables: Record<string, unknown> };
  read(data: Record<string, unknown>, requestId: string): Reading;
}

export interface Picker {
  person(): { id: string; name: string };
  persons(n: number): string[];
  company(): string;
  keyword(): string;
  coin(): boolean;
}

type Value = { itemCode: string };
type LookupData = { values: Value[]; failures: unknown[] };

const readLookup = (result: LookupData, auditRequestId: string): Reading => ({
  released: result.values.length ? [{ auditRequestId, items: result.values.map((v) => v.itemCode) }] : [],
  sourceFailures: result.failures.length,
});

const LOOKUP = `query($s: SubjectInput!, $i: [String!]!, $p: PurposeInput!) {
  lookup(subject: $s, itemCodes: $i, purpose: $p) { requestId values { itemCode value } denied { itemCode reason } failures { resourceCode code } receipt } }`;

export const OPERATIONS: Operation[] = [
  {
    name: 'lookup, 4 departments',
    weight: 30,
    as: 'consumer',
    request: (pick) => ({ query: LOOKUP, variables: { s: { type: 'PERSON', id: pick.person().id }, i: [...GAT, ...MZ, ...RLSBT, ...ZRZYT], p: PURPOSE } }),
    read: (data, id) => readLookup(data.lookup as LookupData, id),
  },
  {
    name: 'lookup, company',
    weight: 10,
    as: 'consumer',
    request: (pick) => ({ query: LOOKUP, variables: { s: { type: 'LEGAL_ENTITY', id: pick.company() }, i: SCJGJ, p: PURPOSE } }),
    read: (data, id) => readLookup(data.lookup as LookupData, id),
  },
  {
    name: 'verify',
    weight: 15,
    as: 'consumer',
    request: (pick) => {
      const person = pick.person();
      return {
        query: `query($s: SubjectInput!, $c: [ClaimInput!]!, $p: PurposeInput!) {
          verify(subject: $s, claims: $c, purpose: $p) { results { itemCode match } failures { code } } }`,
        variables: { s: { type: 'PERSON', id: person.id }, c: [{ itemCode: GAT[0], value: pick.coin() ? person.name : '张三丰' }, { itemCode: RLSBT[1], value: '参保缴费' }], p: PURPOSE },
      };
    },
    read: (data, id) => {
      const result = data.verify as { results: { itemCode: string }[]; failures: unknown[] };
      return { released: result.results.length ? [{ auditRequestId: id, items: result.results.map((r) => r.itemCode) }] : [], sourceFailures: result.failures.length };
    },
  },
  {
    name: 'lookupBatch, 10 persons',
    weight: 5,
    as: 'consumer',
    request: (pick) => ({
      query: `query($s: [SubjectInput!]!, $i: [String!]!, $p: PurposeInput!) {
        lookupBatch(subjects: $s, itemCodes: $i, purpose: $p) { values { itemCode } failures { code } } }`,
      variables: { s: pick.persons(10).map((id) => ({ type: 'PERSON', id })), i: [...GAT, ...RLSBT], p: PURPOSE },
    }),
    read: (data, id) => {
      const results = data.lookupBatch as LookupData[];
      const readings = results.map((result, i) => readLookup(result, `${id}#${i}`));
      return { released: readings.flatMap((r) => r.released), sourceFailures: readings.reduce((sum, r) => sum + r.sourceFailures, 0) };
    },
  },
  {
    name: 'certificates (营业执照)',
    weight: 10,
    as: 'consumer',
    request: (pick) => ({
      query: `query($h: SubjectInput!, $t: [String!], $p: PurposeInput!) { certificates(holder: $h, types: $t, purpose: $p) { delivery reason identifier } }`,
      variables: { h: { type: 'LEGAL_ENTITY', id: pick.company() }, t: [LICENCE], p: PURPOSE },
    }),
    read: (data, id) => {
      const certificates = data.certificates as { delivery: string }[];
      const delivered = certificates.some((c) => c.delivery === 'DELIVERED');
      return { released: delivered ? [{ auditRequestId: id, items: licenceItems() }] : [], sourceFailures: certificates.filter((c) => c.delivery === 'UNAVAILABLE').length };
    },
  },
  {
    name: 'catalogue search',
    weight: 10,
    as: 'consumer',
    request: (pick) => ({
      query: 'query($f: DataItemFilter) { dataItems(filter: $f, first: 20) { edges { node { code name } } } }',
      variables: { f: { keyword: pick.keyword() } },
    }),
    read: () => ({ released: [], sourceFailures: 0 }),
  },
  {
    name: 'auditor: auditEvents',
    weight: 4,
    as: 'auditor',
    request: () => ({
      query: 'query($f: AuditEventFilter) { auditEvents(filter: $f, first: 20) { edges { node { requestId kind } } } }',
      variables: { f: { consumerDept: CONSUMERS[0] } },
    }),
    read: () => ({ released: [], sourceFailures: 0 }),
  },
  {
    name: 'auditor: subjectAccessLog',
    weight: 2,
    as: 'auditor',
    request: (pick) => ({
      query: 'query($s: SubjectInput!) { subjectAccessLog(subject: $s, first: 10) { edges { node { requestId consumerDept } } } }',
      variables: { s: { type: 'PERSON', id: pick.person().id } },
    }),
    // Who read whose data is itself personal data: the auditor's read is an audited event.
    read: (_data, id) => ({ released: [{ auditRequestId: id, items: [] }], sourceFailures: 0 }),
  },
  {
    name: 'lookup, revoked dept (on B)',
    weight: 14,
    as: 'revoked-consumer',
    replica: 'B',
    request: (pick) => ({ query: LOOKUP, variables: { s: { type: 'PERSON', id: pick.person().id }, i: GAT, p: PURPOSE } }),
    read: (data, id) => readLookup(data.lookup as LookupData, id),
  },
];

/** Items granted per consumer at setup: enough for every operation above. */
export function grantedItems(): { consumerDept: string; itemCodes: string[] }[] {
  const everything = [...GAT, ...MZ, ...RLSBT, ...ZRZYT, ...SCJGJ, ...licenceItems()];
  return [...CONSUMERS.map((consumerDept) => ({ consumerDept, itemCodes: everything })), { consumerDept: REVOKED_CONSUMER, itemCodes: GAT }];
}

let licence: string[] | undefined;
function licenceItems(): string[] {
  licence ??= (JSON.parse(readFileSync('data/catalog/resources.json', 'utf8')) as { code: string; items: { code: string }[] }[])
    .find((r) => r.code === LICENCE)!
    .items.map((i) => i.code);
  return licence;
}

const KEYWORDS = ['婚姻', '社会保险', '不动产', '营业执照', '户籍', '公积金', '出生', '学历', '车辆', '纳税'];

/** Subjects from the demo sources' own dataset (same seed): real persons and companies with valid licences. */
export function picker(dataset: Dataset, random: () => number): Picker {
  const licenceResource = certificateResources(dataset).find((r) => r.code === LICENCE)!;
  const companies: string[] = [];
  for (let j = 0; j < dataset.companies.size && companies.length < 200; j++) {
    const code = dataset.companies.company(j).code;
    if (certificateRecord(dataset, licenceResource, code)?.status === 'VALID') companies.push(code);
  }
  const index = (n: number) => Math.floor(random() * n);
  const size = dataset.population.size;
  return {
    person: () => {
      const person = dataset.population.person(index(size));
      return { id: person.id, name: person.name };
    },
    persons: (n) => Array.from({ length: n }, () => dataset.population.idOf(index(size))),
    company: () => companies[index(companies.length)],
    keyword: () => KEYWORDS[index(KEYWORDS.length)],
    coin: () => random() < 0.5,
  };
}
