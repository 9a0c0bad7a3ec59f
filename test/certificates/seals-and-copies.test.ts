import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fontkit from '@pdf-lib/fontkit';
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { Role } from '../../src/auth/principal.js';
import { QR_PREFIX } from '../../src/certificates/certificate-pdf.js';
import { checkSeal, documentDigest, type SealKeySet } from '../../src/certificates/document.js';
import { ATTACHMENT_NAME, pdfAttachments } from '../../src/certificates/pdf-attachment.js';
import { bearer, tokenFor } from '../support/auth.js';
import { FOOD, HUKOU, LICENCE, PURPOSE, pdfQrCodes, pdfText, startCertificateWorld, type CertificateGql, type CertificateWorld } from './support.js';

const run = promisify(execFile);
const VERIFY_CLI = 'dist/src/cli/verify-cert.js';

/** Runs the offline verifier (the built one: `npm run verify-cert`); its exit code and output. */
async function verifyOffline(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [VERIFY_CLI, ...args], { env: { PATH: process.env.PATH ?? '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('seals (published keys, rotation, offline verification) and printable copies', () => {
  let world: CertificateWorld;
  let licence: CertificateGql;
  let company: { id: string; record: Record<string, unknown> };
  let dir: string;

  beforeAll(async () => {
    world = await startCertificateWorld();
    await world.grant(await world.itemsOf(LICENCE), false);
    await world.grant(await world.itemsOf(HUKOU), true);
    company = world.holderWith(LICENCE, 'VALID', 3);
    licence = (await world.certificates({ type: 'LEGAL_ENTITY', id: company.id }, [LICENCE])).list[0];
    expect(licence.delivery).toBe('DELIVERED');
    dir = mkdtempSync(join(tmpdir(), 'sharehub-certs-'));
  }, 120_000);
  afterAll(async () => {
    await world?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function seals(): Promise<{ text: string; set: SealKeySet; headers: Headers }> {
    const response = await fetch(`${world.hub.url}/.well-known/sharehub/seals.json`);
    expect(response.status).toBe(200);
    const text = await response.text();
    return { text, set: JSON.parse(text) as SealKeySet, headers: response.headers };
  }

  async function copy(identifier: string, query: Record<string, string> = PURPOSE, headers: Record<string, string> = world.consumer) {
    const url = `${world.hub.url}/certificates/${encodeURIComponent(identifier)}.pdf?${new URLSearchParams(query)}`;
    const response = await fetch(url, { headers });
    return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
  }

  it('publishes every issuer\'s public seal key, with department and validity, without a token', async () => {
    const { text, set, headers } = await seals();
    expect(headers.get('content-type')).toMatch(/application\/json/);
    const departments = set.keys.map((k) => k.dept);
    for (const dept of ['ZJ-GAT', 'ZJ-SCJGJ', 'ZJ-MZT', 'ZJ-ZRZYT', 'ZJ-WSJKW', 'ZJ-SFT']) expect(departments).toContain(dept);
    const scjgj = set.keys.find((k) => k.dept === 'ZJ-SCJGJ')!;
    expect(scjgj).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: licence.keyId, alg: 'EdDSA', use: 'sig', deptName: '浙江省市场监督管理局', creditCode: licence.issuer!.code, validUntil: null });
    expect(Date.parse(scjgj.validFrom)).not.toBeNaN();
    expect(set.keys.every((k) => !('d' in k))).toBe(true);
    expect(text).not.toMatch(/PRIVATE/);
  });

  it('keeps the private keys in the data dir (mode 0600), never in an answer', async () => {
    const keysDir = join(world.hub.config.dataDir, 'keys');
    const files = readdirSync(keysDir).filter((f) => f.startsWith('seal-'));
    expect(files).toContain('seal-ZJ-SCJGJ-1.pem');
    const pem = readFileSync(join(keysDir, 'seal-ZJ-SCJGJ-1.pem'), 'utf8');
    expect(statSync(join(keysDir, 'seal-ZJ-SCJGJ-1.pem')).mode & 0o777).toBe(0o600);
    const secret = pem.split('\n').filter((line) => line && !line.startsWith('-----')).join('');
    const answers = [(await seals()).text, JSON.stringify(licence), JSON.stringify(await world.verify(licence.document!))];
    for (const answer of answers) {
      expect(answer).not.toContain(secret);
      expect(answer).not.toMatch(/PRIVATE KEY/);
    }
  });

  it('verifies offline with seals.json alone (npm run verify-cert), and catches tampering', async () => {
    const sealsFile = join(dir, 'seals.json');
    writeFileSync(sealsFile, (await seals()).text);
    const documentFile = join(dir, 'licence.jws');
    writeFileSync(documentFile, licence.document!);
    const ok = await verifyOffline(documentFile, '--seals', sealsFile, '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ signatureValid: true, tampered: false, identifier: licence.identifier, identifierValid: true, status: 'VALID', sealedBy: { department: 'ZJ-SCJGJ' } });
    const human = await verifyOffline(documentFile, '--seals', sealsFile);
    expect(human.stdout).toMatch(/电子印章 有效: 浙江省市场监督管理局/);

    const [header, payload, signature] = licence.document!.split('.');
    const text = Buffer.from(payload, 'base64url').toString('utf8').replace(licence.number!, `${licence.number!.slice(0, -1)}${licence.number!.endsWith('1') ? '2' : '1'}`);
    const tamperedFile = join(dir, 'tampered.jws');
    writeFileSync(tamperedFile, `${header}.${Buffer.from(text).toString('base64url')}.${signature}`);
    const tampered = await verifyOffline(tamperedFile, '--seals', sealsFile, '--json');
    expect(tampered.code).toBe(1);
    expect(JSON.parse(tampered.stdout)).toMatchObject({ signatureValid: false, tampered: true });

    expect((await verifyOffline(documentFile, '--seals', join(dir, 'missing.json'))).code).toBe(2);
    expect((await verifyOffline(sealsFile, '--seals', sealsFile, '--json')).code).toBe(1);
  });

  it('prints a one-page PDF in Chinese with the issuer, the seal key and a decodable QR code', async () => {
    const printed = await copy(licence.identifier!);
    expect(printed.status).toBe(200);
    expect(printed.headers.get('content-type')).toBe('application/pdf');
    expect(printed.headers.get('cache-control')).toBe('no-store');
    const pdf = await PDFDocument.load(printed.bytes);
    expect(pdf.getPageCount()).toBe(1);

    const text = (await pdfText(printed.bytes)).replace(/\s+/g, '');
    const holderName = licence.holder!.name!;
    expect(holderName).toMatch(/^[\u4e00-\u9fa5（）()]+$/);
    expect(text).toContain(holderName);
    expect(text).toContain('营业执照');
    expect(text).toContain('浙江省市场监督管理局');
    expect(text).toContain(licence.keyId!);
    expect(text).toContain(licence.identifier!);
    expect(text).toContain(PURPOSE.caseNo);
    expect(text).toContain(licence.content!.find((f) => f.name === '法定代表人')!.value!);

    const attachments = await pdfAttachments(printed.bytes);
    const document = Buffer.from(attachments.get(ATTACHMENT_NAME)!).toString('utf8');
    const { set } = await seals();
    const check = await checkSeal(document, (kid) => set.keys.find((k) => k.kid === kid));
    expect(check).toMatchObject({ signatureValid: true, tampered: false });
    expect(check.payload!.identifier).toBe(licence.identifier);

    const codes = await pdfQrCodes(printed.bytes);
    expect(codes).toEqual([`${QR_PREFIX}${licence.identifier}:${licence.keyId}:${documentDigest(document)}`]);

    // The copy is audited like the GraphQL call, with the purpose from the query string.
    const [event] = await world.hub.database.query<{ outcome: string; case_no: string; matter: string; receipt_hash: string }>(
      `SELECT outcome, case_no, matter, receipt_hash FROM audit_event WHERE kind = 'CERTIFICATE' AND receipt_hash = $1`,
      [documentDigest(document)],
    );
    expect(event).toMatchObject({ outcome: 'OK', case_no: PURPOSE.caseNo, matter: PURPOSE.matter });

    // The offline verifier reads the PDF's attachment.
    const pdfFile = join(dir, 'licence.pdf');
    writeFileSync(pdfFile, printed.bytes);
    const sealsFile = join(dir, 'seals-now.json');
    writeFileSync(sealsFile, JSON.stringify(set));
    const offline = await verifyOffline(pdfFile, '--seals', sealsFile, '--json');
    expect(offline.code).toBe(0);
    expect(JSON.parse(offline.stdout)).toMatchObject({ signatureValid: true, identifier: licence.identifier });
  });

  it('embeds a CJK font subset whose every glyph decodes (the subset padding works)', async () => {
    const printed = await copy(licence.identifier!);
    const pdf = await PDFDocument.load(printed.bytes);
    const fonts: Buffer[] = [];
    for (const [, object] of pdf.context.enumerateIndirectObjects()) {
      if (object instanceof PDFDict && object.get(PDFName.of('Type')) === PDFName.of('FontDescriptor')) {
        const stream = object.lookup(PDFName.of('FontFile2'));
        if (stream instanceof PDFRawStream) fonts.push(Buffer.from(decodePDFRawStream(stream).decode()));
      }
    }
    expect(fonts).toHaveLength(1);
    const font = fontkit.create(fonts[0]);
    expect(font.numGlyphs).toBeGreaterThan(100);
    let drawn = 0;
    for (let id = 1; id < font.numGlyphs; id++) if ((font.getGlyph(id).path as unknown as { commands: unknown[] }).commands.length > 0) drawn += 1;
    expect(drawn).toBeGreaterThan(font.numGlyphs * 0.9);
  });

  it('prints a person\'s 居民户口簿 with the holder\'s name', async () => {
    const person = world.holderWith(HUKOU, 'VALID', 5);
    const identifier = (person.record as { certificateId: string }).certificateId;
    const printed = await copy(identifier);
    expect(printed.status).toBe(200);
    const text = (await pdfText(printed.bytes)).replace(/\s+/g, '');
    expect(text).toContain((person.record.holder as { name: string }).name);
    expect(text).toContain('居民户口簿');
    expect(text).toContain('省公安厅'.slice(1));
    expect((await pdfQrCodes(printed.bytes))[0]).toMatch(new RegExp(`^${QR_PREFIX}${identifier.replaceAll('.', '\\.')}:`));
  });

  it('refuses copies without a token, without a purpose, of a bad, unknown or ungranted certificate', async () => {
    expect((await copy(licence.identifier!, PURPOSE, {})).status).toBe(401);
    const auditor = bearer(tokenFor(world.hub, { dept: 'ZJ-DSJJ', roles: [Role.AUDITOR] }));
    expect((await copy(licence.identifier!, PURPOSE, auditor)).status).toBe(403);
    expect((await copy(licence.identifier!, { matter: PURPOSE.matter })).status).toBe(400);
    const bad = licence.identifier!.slice(0, -1) + (licence.identifier!.endsWith('0') ? '1' : '0');
    const badAnswer = await copy(bad);
    expect(badAnswer.status).toBe(400);
    expect(JSON.parse(Buffer.from(badAnswer.bytes).toString())).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
    // A well-formed identifier of the licence type that the issuer never issued.
    const { buildCertificateId, parseCertificateId } = await import('../../src/common/identifiers/index.js');
    const parts = parseCertificateId(licence.identifier!);
    if (!parts.ok) throw new Error('licence identifier does not parse');
    const unknown = buildCertificateId({ typeCode: parts.typeCode, issuerCode: parts.issuerCode, serial: '209999999999', version: 1 });
    expect((await copy(unknown)).status).toBe(404);
    const food = world.holderWith(FOOD, 'VALID');
    const refused = await copy((food.record as { certificateId: string }).certificateId);
    expect(refused.status).toBe(403);
    expect(JSON.parse(Buffer.from(refused.bytes).toString())).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN', reason: 'NO_GRANT' } }] });
  });

  it('rotates a seal key: new documents carry the new kid, old ones still verify, online and offline', async () => {
    const rotate = 'mutation($d: String!) { rotateSealKey(department: $d) { kid department seq alg validFrom validUntil } }';
    expect((await world.hub.gql(rotate, { d: 'ZJ-SCJGJ' }, world.consumer)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const rotated = await world.hub.gql<{ rotateSealKey: { kid: string; seq: number; validUntil: string | null } }>(rotate, { d: 'ZJ-SCJGJ' }, world.admin);
    expect(rotated.body.errors).toBeUndefined();
    const next = rotated.body.data!.rotateSealKey;
    expect(next).toMatchObject({ seq: 2, validUntil: null });
    expect(next.kid).not.toBe(licence.keyId);

    const { set } = await seals();
    const old = set.keys.find((k) => k.kid === licence.keyId)!;
    expect(old.validUntil).not.toBeNull();
    expect(set.keys.find((k) => k.kid === next.kid)).toMatchObject({ dept: 'ZJ-SCJGJ', validUntil: null });

    const fresh = (await world.certificates({ type: 'LEGAL_ENTITY', id: company.id }, [LICENCE])).list[0];
    expect(fresh.keyId).toBe(next.kid);
    expect(await world.verify(fresh.document!)).toMatchObject({ signatureValid: true, keyId: next.kid });
    expect(await world.verify(licence.document!)).toMatchObject({ signatureValid: true, keyId: licence.keyId, status: 'VALID' });
    expect((await checkSeal(licence.document!, (kid) => set.keys.find((k) => k.kid === kid))).signatureValid).toBe(true);

    const [event] = await world.hub.database.query<{ target: string; details: { kid: string } }>(`SELECT target, details FROM audit_event WHERE kind = 'ADMIN' AND action = 'SEAL_KEY_ROTATE'`);
    expect(event).toMatchObject({ target: 'ZJ-SCJGJ', details: { kid: next.kid } });
    expect((await world.hub.gql(rotate, { d: 'ZJ-NOPE' }, world.admin)).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('does not accept a seal of one department on another department\'s certificate', async () => {
    const person = world.holderWith(HUKOU, 'VALID');
    const hukou = (await world.certificates({ type: 'PERSON', id: person.id }, [HUKOU])).list[0];
    const [, payload] = hukou.document!.split('.');
    const [header, , signature] = licence.document!.split('.');
    // A 省市场监管局 header and signature on 公安's payload: the signature does not match.
    expect(await world.verify(`${header}.${payload}.${signature}`)).toMatchObject({ signatureValid: false, tampered: true });
  });
});
