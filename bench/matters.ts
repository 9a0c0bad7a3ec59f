import { readFileSync } from 'node:fs';
import { PERSON_ITEMS, lookupShape } from './exchange.js';
import { cpuNote, gql, graphqlLoad, httpRow, load, type HttpLoad, type RequestShape, type Row } from './lib.js';

const CONSUMER = 'HZ-XZFWZX';
/** 退休一件事: seven fetchable materials held by 公安, 人社, 医保 and 公积金 (no consent, no derivation). */
const MATTER = 'YJS-004';
/**
 * Cases in flight at once. Each case calls up to three materials of one source at a time, and the
 * hub's bulkhead refuses a source's 65th concurrent call (SHAREHUB_SOURCE_MAX_CONCURRENCY): at 50
 * connections refused materials made the row measure the bulkhead. Ten windows at once stay under it.
 */
const CASE_CONNECTIONS = 10;

const PREPARE = `mutation($input: PrepareCaseInput!) { prepareCase(input: $input) { caseId exempted mustSubmit materials { code status reason message department values { itemCode value } } } }`;

type Bundle = { exempted: number; materials: { status: string; department: string | null }[] };

/** What a prepareCase bench needs: the chosen applicant, its bundle as first prepared, and the request. */
export interface PreparedMatter {
  person: string;
  bundle: Bundle;
  request: HttpLoad;
}

/**
 * Binds the demo sources, grants the consumer matter YJS-004 and the person items, and picks the
 * first demo person whose bundle obtains materials from all four departments.
 */
export async function prepareMatter(hubUrl: string, tokens: { admin: string; consumer: string }, persons: string[]): Promise<PreparedMatter> {
  await gql(hubUrl, tokens.admin, 'mutation($b: String!) { bindSources(bindingsJson: $b) }', { b: readFileSync('data/bindings/demo.json', 'utf8') });
  await gql(hubUrl, tokens.admin, 'mutation($d: String!, $m: String!, $v: DateTime!) { grantMatter(consumerDept: $d, matterCode: $m, validUntil: $v) { grantIds } }', {
    d: CONSUMER,
    m: MATTER,
    v: new Date(Date.now() + 86_400_000).toISOString(),
  });
  await gql(hubUrl, tokens.admin, 'mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id } }', {
    input: { consumerDept: CONSUMER, itemCodes: PERSON_ITEMS, purpose: '基准测试', validUntil: new Date(Date.now() + 86_400_000).toISOString() },
  });
  const input = (id: string) => ({ matterCode: MATTER, caseNo: 'BENCH-2026-0014', applicant: { type: 'PERSON', id } });
  for (const id of persons) {
    const bundle = (await gql(hubUrl, tokens.consumer, PREPARE, { input: input(id) })).prepareCase as Bundle;
    if (new Set(bundle.materials.filter((m) => m.status === 'OBTAINED').map((m) => m.department)).size >= 4) {
      const obtained = bundle.exempted;
      return {
        person: id,
        bundle,
        request: {
          ...graphqlLoad(hubUrl, tokens.consumer, PREPARE, { input: input(id) }),
          // A served bundle obtains what the first one did; a refused or failed one is cheaper.
          verifyBody: (body) => !body.includes('"errors"') && body.includes(`"exempted":${obtained},`),
        },
      };
    }
  }
  throw new Error(`no demo person among ${persons.length} obtains ${MATTER} from four departments`);
}

/** The prepared case bundle as a bench shape: CASE_CONNECTIONS at once, reported per case. */
export function caseShape(matter: PreparedMatter): RequestShape {
  return {
    label: `prepareCase ${MATTER}, 4 departments, ${CASE_CONNECTIONS} connections`,
    target: (url) => ({ ...matter.request, url: `${url}/graphql` }),
    connections: CASE_CONNECTIONS,
    per: { unit: 'case', count: 1 },
  };
}

/**
 * prepareCase for a 4-department matter beside the 1-source lookup, same run: each bundle is seven
 * audited releases through the exchange (four departments in parallel), a bundle receipt and a case
 * record. The subject is the first demo person whose bundle obtains materials from all four.
 */
export async function matterRows(hubUrl: string, tokens: { admin: string; consumer: string }, persons: string[], pids: { hub?: number } = {}): Promise<Row[]> {
  const chosen = await prepareMatter(hubUrl, tokens, persons);
  const lookup = await load(lookupShape(tokens.consumer, chosen.person).target(hubUrl), undefined, undefined, { hub: pids.hub });
  const shape = caseShape(chosen);
  const bundles = await load(shape.target(hubUrl), undefined, shape.connections, { hub: pids.hub });
  const fetched = chosen.bundle.materials.filter((m) => m.department).length;
  return [
    httpRow('hub lookup, 5 items, 1 source (beside prepareCase)', lookup, cpuNote(lookup)),
    httpRow(
      `hub prepareCase ${MATTER} 退休一件事, 4 departments, ${CASE_CONNECTIONS} connections`,
      bundles,
      `${fetched} materials fetched (${chosen.bundle.exempted} obtained) = ${fetched} audit events per case; ${Math.round(bundles.requestsPerSecond * fetched)} releases/s; hub CPU µs/case ${bundles.cpuPerRequest.hub} (goal ≤ 1,500); ${cpuNote(bundles)}`,
    ),
  ];
}
