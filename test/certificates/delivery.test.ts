import { parseCertificateId } from '../../src/common/identifiers/index.js';
import { Role } from '../../src/auth/principal.js';
import { documentDigest } from '../../src/certificates/document.js';
import { bearer, tokenFor } from '../support/auth.js';
import { CONSUMER, FOOD, HUKOU, LICENCE, PURPOSE, startCertificateWorld, type CertificateGql, type CertificateWorld } from './support.js';

interface AuditRow {
  kind: string;
  action: string | null;
  outcome: string | null;
  case_no: string | null;
  subject_masked: string | null;
  items_requested: string[];
  items_released: string[];
  items_denied: { itemCode: string; reason: string }[];
  resources: string[];
  receipt_hash: string | null;
  target: string | null;
  reason: string | null;
  details: Record<string, unknown> | null;
}

describe('electronic certificates on the demo issuer: delivery, seal, verification, revocation', () => {
  let world: CertificateWorld;
  let company: { id: string; record: Record<string, unknown> };
  let licence: CertificateGql;

  beforeAll(async () => {
    world = await startCertificateWorld();
    // The window may read every field of 营业执照, and of 居民户口簿 unmasked; nothing of 食品经营许可证.
    await world.grant(await world.itemsOf(LICENCE), false);
    await world.grant(await world.itemsOf(HUKOU), true);
    company = world.holderWith(LICENCE, 'VALID');
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  async function auditFor(requestKind: string, where = ''): Promise<AuditRow[]> {
    return world.hub.database.query<AuditRow & Record<string, unknown>>(
      `SELECT kind, action, outcome, case_no, subject_masked, items_requested, items_released, items_denied, resources, receipt_hash, target, reason, details
       FROM audit_event WHERE kind = $1 ${where} ORDER BY leaf_index`,
      [requestKind],
    );
  }

  it('delivers a company\'s 营业执照 sealed by 省市场监管局, with metadata and content from the issuer', async () => {
    const { list, errors } = await world.certificates({ type: 'LEGAL_ENTITY', id: company.id }, ['营业执照']);
    expect(errors).toBeUndefined();
    expect(list).toHaveLength(1);
    licence = list[0];
    const record = company.record as { certificateId: string; number: string; holder: { name: string }; issuer: { code: string }; validTo: string | null; content: Record<string, unknown> };
    expect(licence).toMatchObject({
      resourceCode: LICENCE,
      typeName: '营业执照',
      delivery: 'DELIVERED',
      reason: null,
      identifier: record.certificateId,
      number: record.number,
      holder: { name: record.holder.name, code: company.id, codeType: '001' },
      issuer: { code: record.issuer.code, department: 'ZJ-SCJGJ' },
      status: 'VALID',
    });
    expect(licence.holder!.name).toMatch(/[\u4e00-\u9fa5]/);
    expect(parseCertificateId(licence.identifier!)).toMatchObject({ ok: true, typeCode: '11330000001101508H001', issuerCode: record.issuer.code });
    const legalRep = licence.content!.find((f) => f.name === '法定代表人');
    expect(legalRep).toMatchObject({ value: record.content.legalRepresentative, masked: false });
    expect(licence.document!.split('.')).toHaveLength(3);
    expect(licence.keyId).toMatch(/^[0-9a-f]{16}$/);
    const header = JSON.parse(Buffer.from(licence.document!.split('.')[0], 'base64url').toString());
    expect(header).toEqual({ alg: 'EdDSA', kid: licence.keyId, typ: 'sharehub-certificate+jws' });
  });

  it('seals the canonical JSON of metadata and content (keys sorted at every depth)', () => {
    const payloadText = Buffer.from(licence.document!.split('.')[1], 'base64url').toString('utf8');
    const payload = JSON.parse(payloadText);
    const canonical = (value: unknown): unknown =>
      Array.isArray(value) ? value.map(canonical) : value && typeof value === 'object' ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])])) : value;
    expect(payloadText).toBe(JSON.stringify(canonical(payload)));
    expect(payload).toMatchObject({ v: 'sharehub-certificate/v1', identifier: licence.identifier, delivery: { consumerDept: CONSUMER, caseNo: PURPOSE.caseNo } });
  });

  it('verifies as valid, without a token', async () => {
    const verification = await world.verify(licence.document!);
    expect(verification).toMatchObject({
      signatureValid: true,
      tampered: false,
      reason: null,
      keyId: licence.keyId,
      identifier: licence.identifier,
      identifierValid: true,
      status: 'VALID',
      revokedAt: null,
      typeName: '营业执照',
      issuer: { department: 'ZJ-SCJGJ' },
    });
  });

  it('detects one flipped character of the content as tampering', async () => {
    const [header, payload, signature] = licence.document!.split('.');
    const text = Buffer.from(payload, 'base64url').toString('utf8');
    const legalRep = licence.content!.find((f) => f.name === '法定代表人')!.value!;
    const altered = text.replace(JSON.stringify(legalRep), JSON.stringify(`${legalRep.slice(0, -1)}${legalRep.endsWith('伟') ? '强' : '伟'}`));
    expect(altered).not.toBe(text);
    const forged = `${header}.${Buffer.from(altered).toString('base64url')}.${signature}`;
    expect(await world.verify(forged)).toMatchObject({ signatureValid: false, tampered: true, status: null, reason: expect.stringMatching(/altered/) });

    // One character of the encoded payload, even where it no longer decodes to JSON.
    const index = Math.floor(payload.length / 2);
    const flipped = `${header}.${payload.slice(0, index)}${payload[index] === 'A' ? 'B' : 'A'}${payload.slice(index + 1)}.${signature}`;
    expect(await world.verify(flipped)).toMatchObject({ signatureValid: false, tampered: true });
    // Not a document at all is not "tampered".
    expect(await world.verify('hello')).toMatchObject({ signatureValid: false, tampered: false, reason: expect.stringMatching(/Not a certificate/) });
  });

  it('commits a CERTIFICATE audit event with the document hash before releasing', async () => {
    const events = await auditFor('CERTIFICATE');
    const event = events.find((e) => e.receipt_hash === documentDigest(licence.document!));
    expect(event).toBeDefined();
    expect(event).toMatchObject({ outcome: 'OK', case_no: PURPOSE.caseNo, resources: [LICENCE], items_denied: [] });
    expect(event!.items_released).toHaveLength((await world.itemsOf(LICENCE)).length);
    expect(event!.subject_masked).not.toContain(company.id);
  });

  it('refuses a type without a grant, per type, with the policy reason — and audits the refusal', async () => {
    const holder = world.holderWith(FOOD, 'VALID');
    const { list, errors } = await world.certificates({ type: 'LEGAL_ENTITY', id: holder.id }, [LICENCE, '食品经营许可证']);
    expect(errors).toBeUndefined();
    const byType = Object.fromEntries(list.map((c) => [c.resourceCode, c]));
    expect(byType[LICENCE].delivery).toBe('DELIVERED');
    expect(byType[FOOD]).toMatchObject({ delivery: 'REFUSED', reason: 'NO_GRANT', document: null, identifier: null, content: null });
    const events = await auditFor('CERTIFICATE', `AND resources @> ARRAY['${FOOD}']`);
    const event = events[events.length - 1];
    expect(event.outcome).toBe('PARTIAL');
    const foodItems = await world.itemsOf(FOOD);
    expect(event.items_denied.map((d) => d.itemCode).sort()).toEqual(foodItems);
    expect(new Set(event.items_denied.map((d) => d.reason))).toEqual(new Set(['NO_GRANT']));
    expect(event.items_released.some((code) => code.startsWith(FOOD))).toBe(false);

    // Only the ungranted type: nothing released, outcome DENIED, still audited.
    const onlyFood = await world.certificates({ type: 'LEGAL_ENTITY', id: holder.id }, [FOOD]);
    expect(onlyFood.list).toEqual([expect.objectContaining({ delivery: 'REFUSED', reason: 'NO_GRANT' })]);
    const last = (await auditFor('CERTIFICATE')).pop()!;
    expect(last).toMatchObject({ outcome: 'DENIED', items_released: [], resources: [FOOD] });
  });

  it('refuses a type granted only in part: a certificate is released whole or not at all', async () => {
    const hukou = await world.itemsOf(HUKOU);
    const person = world.holderWith(HUKOU, 'VALID');
    // A second window with grants on some fields of 居民户口簿 only.
    const partial = 'HZ-GAJ';
    const granted = await world.hub.gql(
      'mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id } }',
      { input: { consumerDept: partial, itemCodes: hukou.slice(0, 10), purpose: 'part', validUntil: new Date(Date.now() + 86_400_000).toISOString() } },
      world.admin,
    );
    expect(granted.body.errors).toBeUndefined();
    const window = bearer(tokenFor(world.hub, { dept: partial, roles: [Role.CONSUMER] }));
    const { list } = await world.certificates({ type: 'PERSON', id: person.id }, [HUKOU], window);
    expect(list[0]).toMatchObject({ delivery: 'REFUSED', reason: 'NO_GRANT', message: expect.stringMatching(/whole or not at all/) });
  });

  it('delivers a person\'s 居民户口簿 in Chinese, with the unmasked grant', async () => {
    const person = world.holderWith(HUKOU, 'VALID');
    const { list } = await world.certificates({ type: 'PERSON', id: person.id }, ['居民户口簿']);
    expect(list[0]).toMatchObject({ delivery: 'DELIVERED', holder: { name: (person.record.holder as { name: string }).name, code: person.id, codeType: '111' }, issuer: { department: 'ZJ-GAT' } });
    expect(list[0].content!.every((f) => !f.masked)).toBe(true);
    expect((await world.verify(list[0].document!)).signatureValid).toBe(true);
  });

  it('lists every type of the holder\'s kind when no types are named: delivered, refused or not held', async () => {
    const person = world.holderWith(HUKOU, 'VALID');
    const { list, errors } = await world.certificates({ type: 'PERSON', id: person.id });
    expect(errors).toBeUndefined();
    const types = (await world.hub.gql<{ certificateTypes: { resourceCode: string; holderType: string }[] }>('{ certificateTypes { resourceCode holderType } }', {}, world.consumer)).body.data!
      .certificateTypes.filter((t) => t.holderType === 'PERSON');
    expect(list.map((c) => c.resourceCode).sort()).toEqual(types.map((t) => t.resourceCode).sort());
    expect(list.find((c) => c.resourceCode === HUKOU)!.delivery).toBe('DELIVERED');
    expect(list.filter((c) => c.resourceCode !== HUKOU).every((c) => c.delivery === 'REFUSED' && c.reason === 'NO_GRANT')).toBe(true);
  });

  it('says NOT_HELD when the issuer has no such certificate, and rejects a bad holder or type up front', async () => {
    const unknownCompany = '91330106MA27ABC166'; // valid check character, not in the synthetic register
    const { list } = await world.certificates({ type: 'LEGAL_ENTITY', id: unknownCompany }, [LICENCE]);
    expect(list[0]).toMatchObject({ delivery: 'NOT_HELD', reason: 'NOT_FOUND' });
    const bad = await world.certificates({ type: 'LEGAL_ENTITY', id: '91330106MA27ABC167' }, [LICENCE]);
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'holder.id' } });
    const wrongKind = await world.certificates({ type: 'LEGAL_ENTITY', id: company.id }, [HUKOU]);
    expect(wrongKind.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'types' } });
    const unknownType = await world.certificates({ type: 'LEGAL_ENTITY', id: company.id }, ['驾照']);
    expect(unknownType.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'types' } });
    const noPurpose = await world.hub.gql(
      'query($h: SubjectInput!, $p: PurposeInput!) { certificates(holder: $h, purpose: $p) { delivery } }',
      { h: { type: 'LEGAL_ENTITY', id: company.id }, p: { caseNo: ' ', matter: '变更' } },
      world.consumer,
    );
    expect(noPurpose.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'purpose.caseNo' });
  });

  it('lets only a consumer fetch certificates', async () => {
    const provider = bearer(tokenFor(world.hub, { dept: 'ZJ-SCJGJ', roles: [Role.PROVIDER] }));
    const asProvider = await world.certificates({ type: 'LEGAL_ENTITY', id: company.id }, [LICENCE], provider);
    expect(asProvider.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const anonymous = await world.certificates({ type: 'LEGAL_ENTITY', id: company.id }, [LICENCE], {});
    expect(anonymous.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('revokes through the issuer department: verification then says REVOKED, and new deliveries too', async () => {
    const revoke = 'mutation($id: String!, $reason: String!) { revokeCertificate(identifier: $id, reason: $reason) { identifier issuer reason revokedAt revokedBy } }';
    const otherProvider = bearer(tokenFor(world.hub, { dept: 'ZJ-GAT', roles: [Role.PROVIDER] }));
    expect((await world.hub.gql(revoke, { id: licence.identifier, reason: '企业注销' }, otherProvider)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await world.hub.gql(revoke, { id: licence.identifier, reason: '企业注销' }, world.consumer)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await world.hub.gql(revoke, { id: licence.identifier, reason: ' ' }, world.admin)).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const issuer = bearer(tokenFor(world.hub, { dept: 'ZJ-SCJGJ', roles: [Role.PROVIDER], sub: 'scjgj-registrar' }));
    const revoked = await world.hub.gql<{ revokeCertificate: Record<string, string> }>(revoke, { id: licence.identifier!.toLowerCase(), reason: '营业执照被依法吊销' }, issuer);
    expect(revoked.body.errors).toBeUndefined();
    expect(revoked.body.data!.revokeCertificate).toMatchObject({ identifier: licence.identifier, issuer: 'ZJ-SCJGJ', reason: '营业执照被依法吊销', revokedBy: 'ZJ-SCJGJ/scjgj-registrar' });
    expect((await world.hub.gql(revoke, { id: licence.identifier, reason: 'again' }, world.admin)).body.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const verification = await world.verify(licence.document!);
    expect(verification).toMatchObject({ signatureValid: true, tampered: false, status: 'REVOKED', revokedAt: expect.any(String) });
    const again = await world.certificates({ type: 'LEGAL_ENTITY', id: company.id }, [LICENCE]);
    expect(again.list[0]).toMatchObject({ delivery: 'DELIVERED', status: 'REVOKED' });

    const [event] = await auditFor('ADMIN', `AND action = 'CERTIFICATE_REVOKE'`);
    expect(event).toMatchObject({ target: licence.identifier, reason: '营业执照被依法吊销', details: { issuer: 'ZJ-SCJGJ', typeCode: '11330000001101508H001' } });
    // The revocation table is append-only.
    await expect(world.hub.database.query('DELETE FROM certificate_revocations')).rejects.toThrow(/permanent/);
  });

  it('delivers certificates the issuer itself has revoked or let expire with that status', async () => {
    await world.grant(await world.itemsOf(FOOD), false);
    const expired = world.holderWith(FOOD, 'EXPIRED');
    const { list } = await world.certificates({ type: 'LEGAL_ENTITY', id: expired.id }, [FOOD]);
    expect(list[0]).toMatchObject({ delivery: 'DELIVERED', status: 'EXPIRED' });
    expect((await world.verify(list[0].document!)).status).toBe('EXPIRED');
    const revoked = world.holderWith(LICENCE, 'REVOKED');
    const result = await world.certificates({ type: 'LEGAL_ENTITY', id: revoked.id }, [LICENCE]);
    expect(result.list[0]).toMatchObject({ delivery: 'DELIVERED', status: 'REVOKED' });
    expect((await world.verify(result.list[0].document!)).status).toBe('REVOKED');
  });
});
