import { AlertRepository } from '../../src/audit/alert.repository.js';
import { AlertEvaluator } from '../../src/audit/alerts.js';
import { AuditWriter } from '../../src/audit/audit-writer.js';
import { signDevToken } from '../../src/auth/dev-tokens.js';
import { Role } from '../../src/auth/principal.js';
import { statusNow, type CertificatePayload } from '../../src/certificates/document.js';
import { FixedClock } from '../../src/common/clock.js';
import { addWorkingDays, chinaDate } from '../../src/common/working-days.js';
import { GrantsService } from '../../src/grants/grants.service.js';
import { GrantScope } from '../../src/grants/grant.types.js';
import { lookup } from '../audit/support.js';
import { shippedResource } from '../catalog/support.js';
import { bearer } from '../support/auth.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const CONSUMER = 'HZXH-XZFWZX';
const ITEM = '101001/000001/002';
const PLATFORM = { sub: 'platform-admin', dept: 'ZJ-DSJJ', roles: [Role.ADMIN] };
const SECOND = 1000;
const HOLIDAYS = '2030-10-01,2030-10-02,2030-10-03,2030-10-04,2030-10-07,2031-01-01';

/** The instants at which date arithmetic used to go wrong; each behaviour below runs at every one. */
const INSTANTS: [string, string][] = [
  ['on a Sunday', '2030-12-01T10:00:00+08:00'],
  ['on a public holiday (国庆)', '2030-10-01T10:00:00+08:00'],
  ['at 23:59:59 China time', '2030-12-04T23:59:59+08:00'],
  ["on New Year's Eve, 23:59:59 China time", '2030-12-31T23:59:59+08:00'],
];

/** The end of the China calendar day of `instant` (its last millisecond). */
function endOfChinaDay(instant: Date): Date {
  return new Date(new Date(`${chinaDate(instant)}T00:00:00+08:00`).getTime() + 86_400_000 - 1);
}

/**
 * Every rule that depends on "now" takes it from the hub's one Clock. A hub held at each awkward
 * instant: grant expiry, token expiry, certificate expiry and due dates come out the same on any
 * day the suite runs (review deadlines at these instants: test/grants/applications.test.ts).
 */
describe.each(INSTANTS)('%s', (_when, at) => {
  const clock = new FixedClock(at);
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ SHAREHUB_HOLIDAYS: HOLIDAYS }, { seedCatalog: true, clock });
  });
  afterAll(() => hub.close());
  beforeEach(() => clock.set(at));

  const tokenAt = (ttlSeconds: number) =>
    bearer(signDevToken(hub.config.dataDir, hub.config.auth, { dept: CONSUMER, roles: [Role.CONSUMER], ttlSeconds, issuedAt: clock.now() }));
  const activeGrants = async () => {
    const answer = await hub.gql<{ grants: { edges: { node: { id: string } }[] } }>(
      'query($f: GrantFilterInput) { grants(filter: $f, first: 50) { edges { node { id } } } }',
      { f: { consumerDept: CONSUMER, activeOnly: true } },
      tokenAt(3600),
    );
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data!.grants.edges.map((edge) => edge.node.id);
  };

  it('a grant is active until its last second and not one second after', async () => {
    const grants = hub.app.get(GrantsService);
    const until = new Date(clock.nowMs() + SECOND);
    await expect(
      grants.grantDirectly(PLATFORM, 'req-past', { consumerDept: CONSUMER, itemCodes: [ITEM], scope: GrantScope.READ, unmasked: false, purpose: '办件', validUntil: clock.now() }),
    ).rejects.toThrow('validUntil: must be in the future');
    const [granted] = await grants.grantDirectly(PLATFORM, 'req-now', { consumerDept: CONSUMER, itemCodes: [ITEM], scope: GrantScope.READ, unmasked: false, purpose: '办件', validUntil: until });
    expect(await activeGrants()).toContain(granted.id);
    clock.advance(SECOND - 1);
    expect(await activeGrants()).toContain(granted.id);
    clock.advance(1);
    expect(await activeGrants()).not.toContain(granted.id);
  });

  it('a token is accepted until its expiry (plus the allowed skew) at the hub clock, refused after', async () => {
    const token = tokenAt(60);
    const ask = async () => (await hub.gql('{ grants(first: 1) { totalCount } }', {}, token)).body.errors?.[0]?.extensions?.code;
    expect(await ask()).toBeUndefined();
    clock.advance((60 + hub.config.auth.clockSkewSeconds - 1) * SECOND);
    expect(await ask()).toBeUndefined();
    clock.advance(2 * SECOND);
    expect(await ask()).toBe('UNAUTHENTICATED');
  });

  it('a certificate valid to today is VALID until the end of the China day and EXPIRED at the next', () => {
    const payload = { validTo: chinaDate(clock.now()), status: 'VALID' } as unknown as CertificatePayload;
    expect(statusNow(payload, chinaDate(clock.now()), false)).toBe('VALID');
    clock.set(endOfChinaDay(clock.now()));
    expect(statusNow(payload, chinaDate(clock.now()), false)).toBe('VALID');
    clock.advance(1);
    expect(statusNow(payload, chinaDate(clock.now()), false)).toBe('EXPIRED');
  });

  it('a resource published without a date is dated on the China day of the hub clock', async () => {
    const source = shippedResource('101003/000001');
    const code = '101003/000901';
    const input = { ...source, code, relatedResourceCodes: [], publishedAt: null, items: source.items.map((entry) => ({ ...entry, code: `${code}/${entry.code.slice(-3)}` })) };
    const admin = bearer(signDevToken(hub.config.dataDir, hub.config.auth, { dept: 'ZJ-DSJJ', roles: [Role.ADMIN], issuedAt: clock.now() }));
    const published = await hub.gql<{ publishResource: { publishedAt: string } }>(
      'mutation ($input: PublishResourceInput!) { publishResource(input: $input) { publishedAt } }',
      { input },
      admin,
    );
    expect(published.body.errors).toBeUndefined();
    expect(published.body.data!.publishResource.publishedAt).toBe(chinaDate(new Date(at)));
  });

  it('a due date counts working days from the China day, skipping weekends and holidays', () => {
    const calendar = { holidays: new Set(HOLIDAYS.split(',')), workingWeekends: new Set<string>() };
    const due = addWorkingDays(clock.now(), 1, calendar);
    expect(due.getTime()).toBeGreaterThan(clock.nowMs());
    const dueDay = chinaDate(due);
    expect(dueDay > chinaDate(clock.now())).toBe(true);
    expect(calendar.holidays.has(dueDay)).toBe(false);
    expect([0, 6]).not.toContain(new Date(`${dueDay}T00:00:00Z`).getUTCDay());
    expect(due).toEqual(endOfChinaDay(due));
  });
});

/**
 * The off-hours rule reads the time the database recorded each audit event (the evidence's own
 * clock, one order across replicas). It is made independent of the day the suite runs by the
 * calendar: a public holiday today is off hours at any hour, and a calendar of all hours of all
 * days has none.
 */
describe('off-hours alerts on any day', () => {
  const chinaDays = () => [chinaDate(new Date()), chinaDate(new Date(Date.now() + 60_000))];

  async function offHoursAlerts(env: Record<string, string>): Promise<number> {
    const hub = await startTestHub({ SHAREHUB_AUDIT_ALERT_INTERVAL_MS: '0', ...env });
    try {
      await hub.app.get(AuditWriter).record(lookup({ principal: { sub: 'night-clerk', dept: CONSUMER, roles: [Role.CONSUMER] } }));
      await hub.app.get(AlertEvaluator).catchUp();
      const { alerts } = await hub.app.get(AlertRepository).page(undefined, undefined, 50);
      return alerts.filter((alert) => alert.rule === 'OFF_HOURS').length;
    } finally {
      await hub.close();
    }
  }

  it('a public holiday is off hours all day', async () => {
    expect(await offHoursAlerts({ SHAREHUB_HOLIDAYS: chinaDays().join(','), SHAREHUB_AUDIT_WORKING_HOURS: '00:00-24:00', SHAREHUB_AUDIT_WORKING_DAYS: '1-7' })).toBe(1);
  });

  it('with every hour of every day working, nothing is off hours', async () => {
    expect(await offHoursAlerts({ SHAREHUB_AUDIT_WORKING_HOURS: '00:00-24:00', SHAREHUB_AUDIT_WORKING_DAYS: '1-7' })).toBe(0);
  });
});
