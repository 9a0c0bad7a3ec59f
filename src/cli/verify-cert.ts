/**
 * `npm run verify-cert -- <file.jws|file.pdf> [--seals seals.json] [--json]`: checks a certificate
 * document, or the one attached to a printable copy, against the issuers' published seal keys —
 * offline: no hub, no database, only seals.json (downloaded once from
 * GET /.well-known/sharehub/seals.json). Exit code: 0 sealed and VALID, 3 sealed but REVOKED or
 * EXPIRED, 1 not validly sealed (tampered, unknown key, not a certificate), 2 usage error.
 * A revocation made through the hub after seals.json was downloaded is not known offline:
 * verifyCertificate answers that.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkSeal, statusNow, type SealJwk, type SealKeySet } from '../certificates/document.js';
import { ATTACHMENT_NAME, pdfAttachments } from '../certificates/pdf-attachment.js';
import { chinaDate } from '../common/working-days.js';

const USAGE = 'usage: npm run verify-cert -- <file.jws|file.pdf> [--seals seals.json] [--json]';
const STATUS_NAMES = { VALID: '有效', REVOKED: '已注销', EXPIRED: '已过期' } as const;

class UsageError extends Error {}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { seals: { type: 'string' }, json: { type: 'boolean', default: false } } });
  if (positionals.length !== 1) throw new UsageError(USAGE);
  const file = positionals[0];
  const sealsFile = values.seals ?? 'seals.json';
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  if (!existsSync(sealsFile)) throw new UsageError(`no seals file ${sealsFile}: download it once, e.g. curl -s <hub>/.well-known/sharehub/seals.json -o seals.json`);
  const keys = readSeals(sealsFile);

  const bytes = readFileSync(file);
  let document: string;
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    const attached = (await pdfAttachments(bytes)).get(ATTACHMENT_NAME);
    if (!attached) throw new UsageError(`${file} is a PDF without an attached ${ATTACHMENT_NAME}: not a sharehub printable copy`);
    document = Buffer.from(attached).toString('utf8').trim();
  } else document = bytes.toString('utf8').trim();

  const check = await checkSeal(document, (kid) => keys.get(kid));
  const payload = check.payload;
  const status = check.signatureValid && payload ? statusNow(payload, chinaDate(new Date()), false) : null;
  const result = {
    file,
    signatureValid: check.signatureValid,
    tampered: check.tampered,
    reason: check.reason,
    keyId: check.keyId,
    sealedBy: check.key ? { department: check.key.dept, name: check.key.deptName, creditCode: check.key.creditCode } : null,
    identifier: payload?.identifier ?? null,
    identifierValid: check.identifierValid,
    identifierProblem: check.identifierProblem,
    status,
    certificate: payload ? { name: payload.name, number: payload.number, holder: payload.holder?.name ?? null, validTo: payload.validTo, sealedAt: payload.sealedAt } : null,
    revocationChecked: false,
  };
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(`${file}`);
    if (check.signatureValid) {
      console.log(`  电子印章 有效: ${check.key!.deptName} (${check.key!.dept}, ${check.key!.creditCode}), key ${check.keyId}`);
    } else console.log(`  电子印章 无效${check.tampered ? ' — 内容已被篡改 (tampered)' : ''}: ${check.reason}`);
    if (payload) {
      console.log(`  ${payload.name ?? '?'} ${payload.number ?? ''} — 持证主体 ${payload.holder?.name ?? '?'}`);
      console.log(`  证照标识 ${payload.identifier} — 校验位 ${check.identifierValid ? '正确' : `错误: ${check.identifierProblem}`}`);
    }
    if (status) console.log(`  状态 ${status} ${STATUS_NAMES[status]} (sealed ${payload!.sealedAt}; revocations after ${sealsFile} was downloaded are checked online by verifyCertificate)`);
  }
  if (!check.signatureValid) return 1;
  return status === 'VALID' ? 0 : 3;
}

function readSeals(file: string): Map<string, SealJwk> {
  let set: SealKeySet;
  try {
    set = JSON.parse(readFileSync(file, 'utf8')) as SealKeySet;
  } catch {
    throw new UsageError(`${file} is not JSON`);
  }
  if (!set || !Array.isArray(set.keys)) throw new UsageError(`${file} is not a seal key set ({"keys": [...]})`);
  return new Map(set.keys.filter((key) => key && typeof key.kid === 'string').map((key) => [key.kid, key]));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`sharehub verify-cert: ${(error as Error).message}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
