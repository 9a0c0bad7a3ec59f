import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { certificateRecord, certificateResources, type Dataset } from '../demo/population/index.js';
import { checkSeal, type SealKeySet } from '../src/certificates/document.js';
import { perSecond } from './auth.js';
import { gql, httpRow, load, type Row } from './lib.js';

const CONSUMER = 'HZ-XZFWZX';
const LICENCE = '10500201/000001'; // 营业执照
const PURPOSE = { caseNo: 'BENCH-2026-0007', matter: '基准测试 电子证照' };
const HOLDERS = 50;

/**
 * What the bench hub (NODE_ENV=production) needs for certificates, to spread into its env: a
 * seal key folder with one Ed25519 key per issuing department of the catalogue (made up here,
 * mode 0600 — production never creates seal keys), and the issuers' lookup by 证照标识 on the
 * demo 电子证照 source (for the printable copy).
 */
export function certificateBenchEnv(dir: string): Record<string, string> {
  const folder = join(dir, 'seal-keys');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const resources = JSON.parse(readFileSync('data/catalog/resources.json', 'utf8')) as { providerCode: string; certificate?: unknown }[];
  for (const dept of new Set(resources.filter((r) => r.certificate).map((r) => r.providerCode))) {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
    writeFileSync(join(folder, `seal-${dept}-1.pem`), pem, { mode: 0o600 });
  }
  return { SHAREHUB_SEAL_KEY_DIR: folder, SHAREHUB_CERT_LOOKUP_ENDPOINT: '{SOURCE_DZZZ}/certificates/by-id/{id}' };
}

const CERTIFICATES = `query($h: SubjectInput!, $t: [String!], $p: PurposeInput!) {
  certificates(holder: $h, types: $t, purpose: $p) { delivery status identifier keyId document content { name value } }
}`;

/**
 * Electronic certificates against the demo 电子证照 issuer, on the production-mode bench hub
 * (started with certificateBenchEnv): fetch + seal of a company's 营业执照 through GraphQL
 * (policy, issuer call, Ed25519 seal, committed audit event), verification through
 * verifyCertificate and offline (seals.json, one core), and the printable PDF copy.
 */
export async function certificateRows(
  hubUrl: string,
  tokens: { admin: string; consumer: string },
  sources: { env: Record<string, string>; dataset: Dataset },
): Promise<Row[]> {
  await gql(hubUrl, tokens.admin, 'mutation($b: String!) { bindSources(bindingsJson: $b) }', { b: readFileSync('data/bindings/demo.json', 'utf8') });
  const items = (JSON.parse(readFileSync('data/catalog/resources.json', 'utf8')) as { code: string; items: { code: string }[] }[]).find((r) => r.code === LICENCE)!.items.map((i) => i.code);
  await gql(hubUrl, tokens.admin, 'mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id } }', {
    input: { consumerDept: CONSUMER, itemCodes: items, purpose: '基准测试 电子证照', validUntil: new Date(Date.now() + 86_400_000).toISOString() },
  });

  const licence = certificateResources(sources.dataset).find((r) => r.code === LICENCE)!;
  const companies: string[] = [];
  for (let j = 0; j < sources.dataset.companies.size && companies.length < HOLDERS; j++) {
    const code = sources.dataset.companies.company(j).code;
    if (certificateRecord(sources.dataset, licence, code)?.status === 'VALID') companies.push(code);
  }
  const request = (company: string) => ({
    method: 'POST' as const,
    path: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.consumer}` },
    body: JSON.stringify({ query: CERTIFICATES, variables: { h: { type: 'LEGAL_ENTITY', id: company }, t: [LICENCE], p: PURPOSE } }),
  });
  const first = ((await gql(hubUrl, tokens.consumer, CERTIFICATES, { h: { type: 'LEGAL_ENTITY', id: companies[0] }, t: [LICENCE], p: PURPOSE })).certificates as {
    delivery: string;
    identifier: string;
    document: string;
  }[])[0];
  if (first.delivery !== 'DELIVERED') throw new Error(`bench certificate not delivered: ${JSON.stringify(first)}`);

  const fetchAndSeal = await load({ url: hubUrl, requests: companies.map(request) });
  const verifyOnline = await load({
    url: `${hubUrl}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'query($d: String!) { verifyCertificate(document: $d) { signatureValid tampered status } }', variables: { d: first.document } }),
  });
  const seals = (await (await fetch(`${hubUrl}/.well-known/sharehub/seals.json`)).json()) as SealKeySet;
  const keys = new Map(seals.keys.map((k) => [k.kid, k]));
  const offline = await perSecond(async () => {
    if (!(await checkSeal(first.document, (kid) => keys.get(kid))).signatureValid) throw new Error('offline verification failed');
  });
  const pdf = await load(
    {
      url: `${hubUrl}/certificates/${first.identifier}.pdf?${new URLSearchParams(PURPOSE)}`,
      headers: { authorization: `Bearer ${tokens.consumer}` },
    },
    undefined,
    4,
  );
  return [
    httpRow('certificate fetch + seal, 营业执照', fetchAndSeal, `policy + 电子证照 source + Ed25519 seal + audit; ${companies.length} companies`),
    httpRow('verifyCertificate (GraphQL, no token)', verifyOnline, 'seal + 证照标识 + revocation lookup'),
    { name: 'certificate verification, offline', value: `${Math.round(offline)} /s`, note: `${(1e6 / offline).toFixed(0)} µs each, seals.json only, one core` },
    httpRow('printable copy (PDF, CJK subset + QR)', pdf, '4 conns; CPU-bound rendering'),
  ];
}
