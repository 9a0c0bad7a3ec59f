import { readFileSync } from 'node:fs';
import { cpuNote, gql, graphqlLoad, httpRow, load, type HttpLoad, type RequestShape, type Row } from './lib.js';

const CONSUMER = 'HZ-XZFWZX';
export const PERSON_ITEMS = ['101001/000001/002', '101001/000001/004', '101001/000001/005', '101001/000001/006', '101001/000001/014'];
export const THREE_DEPARTMENTS = [...PERSON_ITEMS, '101003/000001/002', '101003/000001/003', '101007/000001/003', '101007/000001/004'];
const PURPOSE = { caseNo: 'BENCH-2026-0001', matter: '基准测试' };

/**
 * A lookup response that released at least `values` non-null values with a receipt and no error:
 * what a served lookup looks like (a denied, refused or rate-limited one is cheaper).
 */
export function verifiesLookup(values: number): (body: string) => boolean {
  return (body) => !body.includes('"errors"') && body.includes('"receipt":"ey') && body.split('"value":"').length - 1 >= values;
}

/** Source CPU per request over hub CPU per request: the ratio that does not move with the machine's other load. */
function cpuRatio(direct: number | undefined, hub: number | undefined): string {
  return direct && hub ? (direct / hub).toFixed(2) : 'n/a';
}

/** Binds the demo sources and grants the consumer the benchmarked items (before any lookup row). */
export async function prepareExchange(hubUrl: string, adminToken: string): Promise<void> {
  await gql(hubUrl, adminToken, 'mutation($b: String!) { bindSources(bindingsJson: $b) }', { b: readFileSync('data/bindings/demo.json', 'utf8') });
  await gql(hubUrl, adminToken, 'mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id } }', {
    input: { consumerDept: CONSUMER, itemCodes: THREE_DEPARTMENTS, purpose: '基准测试', validUntil: new Date(Date.now() + 86_400_000).toISOString() },
  });
}

/** The benchmarked lookup of one person, as an autocannon target. */
function lookupRequest(hubUrl: string, token: string, person: string, itemCodes: string[]): HttpLoad {
  return graphqlLoad(
    hubUrl,
    token,
    'query($s: SubjectInput!, $i: [String!]!, $p: PurposeInput!) { lookup(subject: $s, itemCodes: $i, purpose: $p) { values { itemCode value } denied { itemCode } failures { code } receipt } }',
    { s: { type: 'PERSON', id: person }, i: itemCodes, p: PURPOSE },
  );
}

const BATCH_SUBJECTS = 100;
/** A lookupBatch of 100 is 100 lookups' work per request: 10 connections keep the hub busy. */
const BATCH_CONNECTIONS = 10;

/** lookupBatch of the first 100 demo persons × the 5 person items, as an autocannon target. */
function lookupBatchRequest(hubUrl: string, token: string, persons: string[]): HttpLoad {
  return {
    ...graphqlLoad(
      hubUrl,
      token,
      'query($s: [SubjectInput!]!, $i: [String!]!, $p: PurposeInput!) { lookupBatch(subjects: $s, itemCodes: $i, purpose: $p) { values { value } receipt } }',
      { s: persons.slice(0, BATCH_SUBJECTS).map((id) => ({ type: 'PERSON', id })), i: PERSON_ITEMS, p: PURPOSE },
    ),
    // Every subject's result carries its own receipt: a served batch has 100 of them.
    verifyBody: (body) => !body.includes('"errors"') && body.split('"receipt":"ey').length - 1 === BATCH_SUBJECTS,
  };
}

/** The 5-item lookup of one person (one source), checked for its values and receipt. */
export function lookupShape(token: string, person: string): RequestShape {
  return { label: 'lookup, 5 items, 1 source', target: (url) => ({ ...lookupRequest(url, token, person, PERSON_ITEMS), verifyBody: verifiesLookup(PERSON_ITEMS.length) }), per: { unit: 'lookup', count: 1 } };
}

/** The 9-item lookup of one person from three departments' sources. */
export function threeDepartmentShape(token: string, person: string): RequestShape {
  return { label: 'lookup, 9 items, 3 departments', target: (url) => ({ ...lookupRequest(url, token, person, THREE_DEPARTMENTS), verifyBody: verifiesLookup(PERSON_ITEMS.length) }), per: { unit: 'lookup', count: 1 } };
}

/** The lookupBatch of 100 persons, reported per subject. */
export function lookupBatchShape(token: string, persons: string[]): RequestShape {
  return { label: `lookupBatch, ${BATCH_SUBJECTS} persons, ${BATCH_CONNECTIONS} connections`, target: (url) => lookupBatchRequest(url, token, persons), connections: BATCH_CONNECTIONS, per: { unit: 'subject', count: BATCH_SUBJECTS } };
}

/**
 * The headline: the same 5-item person lookup (a) straight from the 公安 demo source and (b)
 * through the hub — JWT, policy, masking, receipt and a committed audit event — same run; then a
 * 3-department lookup (公安 HTTP, 民政 SQL front database, 人社 HTTP) and lookupBatch of 100.
 */
export async function exchangeRows(
  hubUrl: string,
  tokens: { admin: string; consumer: string },
  sources: { env: Record<string, string>; persons: string[] },
  pids: { hub?: number; gat?: number } = {},
): Promise<Row[]> {
  await prepareExchange(hubUrl, tokens.admin);
  const person = sources.persons[0];
  const direct = await load(
    { url: `${sources.env.SOURCE_GAT}/population/persons/${person}`, headers: { 'x-api-key': sources.env.DEMO_SOURCE_KEY }, verifyBody: (body) => body.includes(person) },
    undefined,
    undefined,
    { 公安: pids.gat },
  );
  const viaHub = await load(lookupShape(tokens.consumer, person).target(hubUrl), undefined, undefined, { hub: pids.hub, 公安: pids.gat }, hubUrl);
  const three = await load(threeDepartmentShape(tokens.consumer, person).target(hubUrl), undefined, undefined, { hub: pids.hub }, hubUrl);
  const batchShape = lookupBatchShape(tokens.consumer, sources.persons);
  const batch = await load(batchShape.target(hubUrl), undefined, batchShape.connections, { hub: pids.hub }, hubUrl);
  return [
    httpRow('demo 公安 source, direct', direct, cpuNote(direct)),
    httpRow(
      'hub lookup, 5 items, 1 source',
      viaHub,
      `ratio hub/direct ${(viaHub.requestsPerSecond / direct.requestsPerSecond).toFixed(2)} (goal ≥ 0.25; by CPU per request ${cpuRatio(direct.cpuPerRequest.公安, viaHub.cpuPerRequest.hub)}); hub CPU goal ≤ 300 µs, p99 ≤ 50 ms and ≤ 4 × p50 (now ${(viaHub.p99Ms / Math.max(viaHub.p50Ms, 0.01)).toFixed(1)} ×); ${cpuNote(viaHub)} (+ PostgreSQL for the audit commit)`,
    ),
    httpRow('hub lookup, 9 items, 3 departments', three, `公安 HTTP + 民政 SQL + 人社 HTTP; hub CPU goal ≤ 600 µs; ${cpuNote(three)}`),
    httpRow(
      `hub lookupBatch, ${BATCH_SUBJECTS} persons × 5 items`,
      batch,
      `${Math.round(batch.requestsPerSecond * BATCH_SUBJECTS)} subjects/s, ${BATCH_CONNECTIONS} conns; hub CPU µs/subject ${Math.round(batch.cpuPerRequest.hub / BATCH_SUBJECTS)} (goal ≤ 60); ${cpuNote(batch)}`,
    ),
  ];
}
