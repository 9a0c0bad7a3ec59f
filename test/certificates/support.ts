import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import jsQRModule from 'jsqr';
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib';
import { Dataset, certificateRecord, certificateResources, type CatalogResource } from '../../demo/population/index.js';
import { routesOf } from '../../demo/sources/definitions.js';
import { startSourceServer, type SourceServer } from '../../demo/sources/http-source.js';
import { Role } from '../../src/auth/principal.js';
import { SourceBindingService } from '../../src/sources/binding.service.js';
import { bearer, tokenFor } from '../support/auth.js';
import { startTestHub, type TestHub } from '../support/hub.js';

export const CONSUMER = 'HZXH-XZFWZX';
export const PURPOSE = { caseNo: 'XH-2026-000777', matter: '企业变更登记' };
export const LICENCE = '10500201/000001'; // 营业执照 (省市场监管局)
export const FOOD = '10500202/000001'; // 食品经营许可证 (省市场监管局)
export const HUKOU = '10500101/000001'; // 居民户口簿 (省公安厅)
const API_KEY = 'cert-test-key';

export const CERTIFICATE_FIELDS = `
  resourceCode typeName typeCode delivery reason message identifier number
  holder { name code codeType } issuedOn validFrom validTo issuer { name code department } regionCode status
  content { itemCode name value masked } document keyId asOf`;

export const CERTIFICATES = `query Certs($holder: SubjectInput!, $types: [String!], $purpose: PurposeInput!) {
  certificates(holder: $holder, types: $types, purpose: $purpose) { ${CERTIFICATE_FIELDS} }
}`;

export const VERIFY = `query Verify($document: String!) {
  verifyCertificate(document: $document) {
    signatureValid tampered reason keyId issuer { name code department } identifier identifierValid identifierProblem
    status revokedAt typeName number validTo sealedAt
  }
}`;

export interface CertificateGql {
  resourceCode: string;
  typeName: string;
  typeCode: string;
  delivery: 'DELIVERED' | 'REFUSED' | 'NOT_HELD' | 'UNAVAILABLE';
  reason: string | null;
  message: string | null;
  identifier: string | null;
  number: string | null;
  holder: { name: string | null; code: string | null; codeType: string | null } | null;
  issuedOn: string | null;
  validFrom: string | null;
  validTo: string | null;
  issuer: { name: string | null; code: string; department: string } | null;
  regionCode: string | null;
  status: 'VALID' | 'REVOKED' | 'EXPIRED' | null;
  content: { itemCode: string; name: string; value: string | null; masked: boolean }[] | null;
  document: string | null;
  keyId: string | null;
  asOf: string | null;
}

export interface VerificationGql {
  signatureValid: boolean;
  tampered: boolean;
  reason: string | null;
  keyId: string | null;
  issuer: { name: string | null; code: string; department: string } | null;
  identifier: string | null;
  identifierValid: boolean | null;
  identifierProblem: string | null;
  status: 'VALID' | 'REVOKED' | 'EXPIRED' | null;
  revokedAt: string | null;
  typeName: string | null;
  number: string | null;
  validTo: string | null;
  sealedAt: string | null;
}

export interface CertificateWorld {
  hub: TestHub;
  dataset: Dataset;
  issuer: SourceServer;
  consumer: Record<string, string>;
  admin: Record<string, string>;
  resource(code: string): CatalogResource;
  /** A holder whose certificate of this type has this status at the issuer. */
  holderWith(code: string, status?: 'VALID' | 'REVOKED' | 'EXPIRED', skip?: number): { id: string; record: Record<string, unknown> };
  itemsOf(code: string): Promise<string[]>;
  grant(itemCodes: string[], unmasked: boolean): Promise<void>;
  certificates(holder: { type: 'PERSON' | 'LEGAL_ENTITY'; id: string }, types?: string[], headers?: Record<string, string>): Promise<{ list: CertificateGql[]; errors?: unknown[] }>;
  verify(document: string): Promise<VerificationGql>;
  close(): Promise<void>;
}

/**
 * A hub on a fresh database with the shipped catalogue, the demo's certificate issuer API
 * (demo/sources, 电子证照 颁发与查验) running in this process on a loopback port and bound by the
 * demo's own bindings (data/bindings/demo.json), and grants made by an admin through GraphQL.
 */
export async function startCertificateWorld(env: Record<string, string> = {}): Promise<CertificateWorld> {
  const dataset = new Dataset({ persons: 2_000, companies: 400 });
  const issuer = await startSourceServer({ name: 'dzzz', routes: routesOf('dzzz', dataset), apiKey: API_KEY, host: '127.0.0.1', port: 0 });
  const hub = await startTestHub(
    {
      SOURCE_DZZZ: `http://127.0.0.1:${issuer.port}`,
      DEMO_SOURCE_KEY: API_KEY,
      SHAREHUB_CERT_LOOKUP_ENDPOINT: '{SOURCE_DZZZ}/certificates/by-id/{id}',
      SHAREHUB_PRINCIPAL_RATE_PER_SECOND: '10000',
      SHAREHUB_PRINCIPAL_BURST: '10000',
      ...env,
    },
    { seedCatalog: true },
  );
  const bindings = (JSON.parse(readFileSync('data/bindings/demo.json', 'utf8')) as { resourceCode: string }[]).filter((b) => b.resourceCode.startsWith('105'));
  await hub.app.get(SourceBindingService).bind(bindings);
  const admin = bearer(tokenFor(hub, { dept: 'ZJ-DSJJ', roles: [Role.ADMIN], sub: 'platform-admin' }));
  const consumer = bearer(tokenFor(hub, { dept: CONSUMER, roles: [Role.CONSUMER], sub: 'xh-window-03', name: '陈晓燕' }));
  const resources = new Map(certificateResources(dataset).map((r) => [r.code, r]));
  const resource = (code: string) => {
    const found = resources.get(code);
    if (!found) throw new Error(`no certificate resource ${code}`);
    return found;
  };
  const world: CertificateWorld = {
    hub,
    dataset,
    issuer,
    consumer,
    admin,
    resource,
    holderWith(code, status = 'VALID', skip = 0) {
      const r = resource(code);
      const count = r.certificate!.holderType === 'PERSON' ? dataset.population.size : dataset.companies.size;
      let seen = 0;
      for (let i = 0; i < count; i++) {
        const id = r.certificate!.holderType === 'PERSON' ? dataset.population.idOf(i) : dataset.companies.company(i).code;
        const record = certificateRecord(dataset, r, id);
        if (record && record.status === status && seen++ >= skip) return { id, record };
      }
      throw new Error(`no ${status} ${r.name} among the synthetic holders`);
    },
    async itemsOf(code) {
      const rows: { code: string }[] = await hub.database.query('SELECT code FROM data_items WHERE resource_code = $1 ORDER BY code', [code]);
      return rows.map((row) => row.code);
    },
    async grant(itemCodes, unmasked) {
      const response = await hub.gql(
        'mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id } }',
        { input: { consumerDept: CONSUMER, itemCodes, purpose: '一窗受理 电子证照调取', unmasked, validUntil: new Date(Date.now() + 86_400_000).toISOString() } },
        admin,
      );
      if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
    },
    async certificates(holder, types, headers = consumer) {
      const response = await hub.gql<{ certificates: CertificateGql[] }>(CERTIFICATES, { holder, types, purpose: PURPOSE }, headers);
      return { list: response.body.data?.certificates ?? [], errors: response.body.errors };
    },
    async verify(document) {
      const response = await hub.gql<{ verifyCertificate: VerificationGql }>(VERIFY, { document });
      if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
      return response.body.data!.verifyCertificate;
    },
    async close() {
      await hub.close();
      await issuer.close();
    },
  };
  return world;
}

/** Every line of text on a PDF's pages, extracted by pdf.js (its legacy build runs on Node). */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= document.numPages; n++) {
      const content = await (await document.getPage(n)).getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join('\n'));
    }
    return pages.join('\n');
  } finally {
    await document.destroy();
  }
}

/**
 * Decodes the QR codes drawn on a PDF: each grey image's pixels (FlateDecode, one pixel per
 * module) read back, scaled up as a viewer would draw them, and scanned by jsQR.
 */
export async function pdfQrCodes(bytes: Uint8Array): Promise<string[]> {
  const pdf = await PDFDocument.load(bytes);
  const found: string[] = [];
  const SCALE = 8;
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    const dict: PDFDict = object.dict;
    if (dict.get(PDFName.of('Subtype')) !== PDFName.of('Image') || dict.get(PDFName.of('ColorSpace')) !== PDFName.of('DeviceGray')) continue;
    const width = (dict.get(PDFName.of('Width')) as PDFNumber).asNumber();
    const height = (dict.get(PDFName.of('Height')) as PDFNumber).asNumber();
    const grey = inflateSync(object.contents);
    const rgba = new Uint8ClampedArray(width * SCALE * height * SCALE * 4);
    for (let y = 0; y < height * SCALE; y++) {
      for (let x = 0; x < width * SCALE; x++) {
        const value = grey[Math.floor(y / SCALE) * width + Math.floor(x / SCALE)];
        rgba.set([value, value, value, 255], (y * width * SCALE + x) * 4);
      }
    }
    const code = jsQRModule.default(rgba, width * SCALE, height * SCALE);
    if (code) found.push(code.data);
  }
  return found;
}
