import { Role } from '../../src/auth/principal.js';
import { SourceBindingService } from '../../src/sources/binding.service.js';
import { validateBinding } from '../../src/sources/binding.js';
import { bearer, tokenFor } from '../support/auth.js';
import { FOOD, LICENCE, PURPOSE, startCertificateWorld, type CertificateWorld } from '../certificates/support.js';

const FRONT_DB = 'postgres://front_reader:front-secret-pass@127.0.0.1:5432/front_mz';

/**
 * Certificates go through the one release pipeline and its decision point, by GraphQL and by the
 * printable-copy route alike; the catalogue's exports reveal nothing of how sources are reached.
 */
describe('certificate refusals and catalogue exports', () => {
  let world: CertificateWorld;
  let company: { id: string; record: Record<string, unknown> };
  let sqlResource: string;

  beforeAll(async () => {
    world = await startCertificateWorld({ FRONT_TEST_MZ: FRONT_DB });
    await world.grant(await world.itemsOf(LICENCE), false);
    company = world.holderWith(FOOD, 'VALID', 2);
    // A front-database binding as well, so the exports have a connection string to leak.
    const [row] = await world.hub.database.query(`SELECT r.code FROM resources r WHERE r.code LIKE '10100%' AND r.status = 'PUBLISHED' ORDER BY r.code DESC LIMIT 1`);
    sqlResource = row.code;
    const items = (await world.hub.database.query('SELECT code FROM data_items WHERE resource_code = $1', [sqlResource])).map((r) => r.code as string);
    const binding = validateBinding(
      { resourceCode: sqlResource, adapter: 'sql', connectionRef: 'FRONT_TEST_MZ', query: 'SELECT * FROM mz_front.records WHERE id = $1', fields: Object.fromEntries(items.map((c: string, i: number) => [c, `col_${i}`])) },
      items,
      (name) => world.hub.config.sources.settings[name],
    );
    await world.hub.app.get(SourceBindingService).bind([binding]);
  }, 180_000);
  afterAll(() => world?.close());

  async function copy(identifier: string, headers: Record<string, string>) {
    const response = await fetch(`${world.hub.url}/certificates/${encodeURIComponent(identifier)}.pdf?${new URLSearchParams(PURPOSE)}`, { headers });
    const bytes = Buffer.from(await response.arrayBuffer());
    return { status: response.status, bytes, text: bytes.toString('utf8') };
  }

  it('refuses a certificate of an ungranted type through GraphQL (REFUSED NO_GRANT, no document) and audits it', async () => {
    const { list, errors } = await world.certificates({ type: 'LEGAL_ENTITY', id: company.id }, [FOOD, LICENCE]);
    expect(errors).toBeUndefined();
    const byType = Object.fromEntries(list.map((c) => [c.resourceCode, c]));
    expect(byType[FOOD]).toMatchObject({ delivery: 'REFUSED', reason: 'NO_GRANT', document: null, content: null, identifier: null });
    expect(byType[LICENCE].delivery).toBe('DELIVERED');
    const auditor = bearer(tokenFor(world.hub, { dept: 'ZJ-DSJJ', roles: [Role.AUDITOR] }));
    const events = await world.hub.gql<{ auditEvents: { edges: { node: { itemsDenied: { reason: string }[]; resources: string[] } }[] } }>(
      `{ auditEvents(first: 10, filter: { kind: CERTIFICATE, resourceCode: "${FOOD}" }) { edges { node { itemsDenied { reason } resources } } } }`,
      {},
      auditor,
    );
    const nodes = events.body.data!.auditEvents.edges.map((e) => e.node);
    expect(nodes).toHaveLength(1);
    expect(nodes[0].resources).toEqual([FOOD, LICENCE]);
    expect(new Set(nodes[0].itemsDenied.map((d) => d.reason))).toEqual(new Set(['NO_GRANT']));
  });

  it('refuses the printable copy of an ungranted type (403), and releases a granted one', async () => {
    const food = await copy(company.record.certificateId as string, world.consumer);
    expect(food.status).toBe(403);
    expect(food.text).toMatch(/NO_GRANT/);
    expect(food.text).not.toMatch(/%PDF/);
    const licence = world.holderWith(LICENCE, 'VALID', 2).record.certificateId as string;
    const granted = await copy(licence, world.consumer);
    expect(granted.status).toBe(200);
    expect(granted.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('refuses another department the printable copy of a certificate this department may have (403)', async () => {
    const licence = world.holderWith(LICENCE, 'VALID', 2).record.certificateId as string;
    const otherConsumer = bearer(tokenFor(world.hub, { dept: 'HZ-XZFWZX', roles: [Role.CONSUMER], sub: 'other-window' }));
    const refused = await copy(licence, otherConsumer);
    expect(refused.status).toBe(403);
    expect(refused.text).toMatch(/NO_GRANT/);
    expect((await copy(licence, world.consumer)).status).toBe(200);
  });

  it('exports the catalogue (CSV and DCAT) without any source endpoint, connection string or credential name', async () => {
    const csv = await fetch(`${world.hub.url}/catalog/export.csv`, { headers: world.consumer });
    const dcat = await fetch(`${world.hub.url}/catalog/dcat.jsonld`);
    expect(csv.status).toBe(200);
    expect(dcat.status).toBe(200);
    const texts = { csv: await csv.text(), dcat: await dcat.text() };
    expect(texts.csv).toContain(LICENCE);
    expect(texts.csv).toContain(sqlResource);
    expect(texts.dcat).toContain(LICENCE);
    const secrets = [
      `127.0.0.1:${world.issuer.port}`,
      '/certificates/by-id',
      'SOURCE_DZZZ',
      'DEMO_SOURCE_KEY',
      'cert-test-key',
      'FRONT_TEST_MZ',
      'front-secret-pass',
      'front_reader',
      'postgres://',
      'mz_front.records',
      'credentialRef',
      'connectionRef',
    ];
    for (const [name, text] of Object.entries(texts)) {
      for (const secret of secrets) expect({ name, leaks: text.includes(secret) ? secret : null }).toEqual({ name, leaks: null });
    }
  });
});
