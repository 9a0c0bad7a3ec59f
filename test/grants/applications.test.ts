import { bearer, tokenFor } from '../support/auth.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { Role } from '../../src/auth/principal.js';
import { FixedClock } from '../../src/common/clock.js';

const CONSUMER = 'HZXH-XZFWZX';
const UNCONDITIONAL_ITEM = '102001/000002/002'; // 省市场监管局 · 企业变更登记信息 · 企业名称
const CONDITIONAL_ITEM = '101001/000001/002'; // 省公安厅 · 居民户籍信息 · 姓名
const NOT_SHARED_ITEM = '301003/000003/002'; // 省公安厅 · 重点人员管控信息 · 姓名

const APPLY = `mutation Apply($input: ApplyForAccessInput!) {
  applyForAccess(input: $input) { id providerDept status dueAt overdue items { itemCode decision } }
}`;
const REVIEW = `mutation Review($input: ReviewAccessApplicationInput!) {
  reviewAccessApplication(input: $input) { id status decidedBy decisionReason items { itemCode decision } }
}`;
const MY_ACCESS = '{ myAccess { resourceCode providerDept items { itemCode scope unmasked grantId } } }';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** 10:00 China time on the first Wednesday after today (grants stay valid against the real clock). */
function nextWednesdayMorning(): Date {
  const todayCst = new Date(Date.now() + 8 * HOUR);
  const midnightCst = Date.UTC(todayCst.getUTCFullYear(), todayCst.getUTCMonth(), todayCst.getUTCDate()) - 8 * HOUR;
  const daysAhead = ((3 - todayCst.getUTCDay() + 7) % 7) || 7;
  return new Date(midnightCst + daysAhead * DAY + 10 * HOUR);
}

/** The end (23:59:59.999) of a China-time calendar day. */
function endOfChinaDay(date: string): string {
  return new Date(Date.parse(`${date}T23:59:59.999+08:00`)).toISOString();
}

type Application = { id: string; providerDept: string; status: string; dueAt: string; overdue: boolean; items: { itemCode: string; decision: string }[] };

describe('access applications', () => {
  let hub: TestHub;
  let consumer: Record<string, string>;
  let provider: Record<string, string>;
  const clock = new FixedClock(nextWednesdayMorning());
  beforeAll(async () => {
    hub = await startTestHub({}, { seedCatalog: true, clock });
    consumer = bearer(tokenFor(hub, { dept: CONSUMER, roles: [Role.CONSUMER], sub: 'xh-window-07', name: '王小明' }));
    provider = bearer(tokenFor(hub, { dept: 'ZJ-GAT', roles: [Role.PROVIDER], sub: 'gat-reviewer' }));
  });
  afterAll(() => hub.close());

  it('grants unconditional items at once, queues conditional ones 10 working days out, refuses not-shared ones; the provider approves', async () => {
    const submitted = clock.now();
    const validUntil = new Date(submitted.getTime() + 365 * DAY).toISOString();
    const applied = await hub.gql<{ applyForAccess: Application[] }>(
      APPLY,
      { input: { itemCodes: [UNCONDITIONAL_ITEM, CONDITIONAL_ITEM, NOT_SHARED_ITEM], purpose: '办理不动产登记', legalBasis: '《不动产登记暂行条例》', validUntil } },
      consumer,
    );
    expect(applied.body.errors).toBeUndefined();
    const applications = applied.body.data!.applyForAccess;
    expect(applications.map((a) => a.providerDept).sort()).toEqual(['ZJ-GAT', 'ZJ-SCJGJ']);
    const market = applications.find((a) => a.providerDept === 'ZJ-SCJGJ')!;
    const police = applications.find((a) => a.providerDept === 'ZJ-GAT')!;
    expect(market).toMatchObject({ status: 'APPROVED', items: [{ itemCode: UNCONDITIONAL_ITEM, decision: 'APPROVED' }] });
    expect(police.status).toBe('PENDING');
    expect(police.items).toEqual([
      { itemCode: CONDITIONAL_ITEM, decision: 'PENDING' },
      { itemCode: NOT_SHARED_ITEM, decision: 'NOT_SHAREABLE' },
    ]);
    // Submitted on a Wednesday (no holidays configured): 10 working days end on the Wednesday two weeks later.
    const dueDay = new Date(submitted.getTime() + 14 * DAY + 8 * HOUR).toISOString().slice(0, 10);
    expect(police.dueAt).toBe(endOfChinaDay(dueDay));
    expect(police.overdue).toBe(false);

    let access = await hub.gql<{ myAccess: { items: { itemCode: string }[] }[] }>(MY_ACCESS, {}, consumer);
    expect(access.body.data!.myAccess.flatMap((r) => r.items.map((i) => i.itemCode))).toEqual([UNCONDITIONAL_ITEM]);

    const reviewed = await hub.gql<{ reviewAccessApplication: Application & { decidedBy: string } }>(REVIEW, { input: { id: police.id, decision: 'APPROVE' } }, provider);
    expect(reviewed.body.errors).toBeUndefined();
    expect(reviewed.body.data!.reviewAccessApplication).toMatchObject({
      status: 'PARTIALLY_APPROVED',
      decidedBy: 'gat-reviewer',
      items: [
        { itemCode: CONDITIONAL_ITEM, decision: 'APPROVED' },
        { itemCode: NOT_SHARED_ITEM, decision: 'NOT_SHAREABLE' },
      ],
    });

    access = await hub.gql(MY_ACCESS, {}, consumer);
    expect(access.body.data!.myAccess.flatMap((r) => r.items.map((i) => i.itemCode)).sort()).toEqual([CONDITIONAL_ITEM, UNCONDITIONAL_ITEM].sort());
  });

  it('requires a reason to refuse, and only the providing department (or an admin) may review', async () => {
    const validUntil = new Date(clock.nowMs() + 30 * DAY).toISOString();
    const applied = await hub.gql<{ applyForAccess: Application[] }>(
      APPLY,
      { input: { itemCodes: ['101002/000001/002'], purpose: '核验身份', legalBasis: '《居民身份证法》', validUntil } },
      consumer,
    );
    const id = applied.body.data!.applyForAccess[0].id;
    const noReason = await hub.gql(REVIEW, { input: { id, decision: 'REJECT' } }, provider);
    expect(noReason.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const otherProvider = bearer(tokenFor(hub, { dept: 'ZJ-MZT', roles: [Role.PROVIDER] }));
    const wrongProvider = await hub.gql(REVIEW, { input: { id, decision: 'APPROVE' } }, otherProvider);
    expect(wrongProvider.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const rejected = await hub.gql<{ reviewAccessApplication: Application & { decisionReason: string } }>(
      REVIEW,
      { input: { id, decision: 'REJECT', reason: '申请事项与共享条件不符' } },
      provider,
    );
    expect(rejected.body.data!.reviewAccessApplication).toMatchObject({ status: 'REJECTED', decisionReason: '申请事项与共享条件不符' });
    const again = await hub.gql(REVIEW, { input: { id, decision: 'APPROVE' } }, provider);
    expect(again.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('refuses unknown item codes and malformed input with BAD_USER_INPUT naming the field', async () => {
    const validUntil = new Date(clock.nowMs() + DAY).toISOString();
    const unknown = await hub.gql(APPLY, { input: { itemCodes: ['999999/000001/001'], purpose: '测试', legalBasis: '测试依据', validUntil } }, consumer);
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'itemCodes', unknownItems: ['999999/000001/001'] });
    const malformed = await hub.gql(APPLY, { input: { itemCodes: ['../etc'], purpose: '测试', legalBasis: '测试依据', validUntil } }, consumer);
    expect(malformed.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'itemCodes' });
    const past = await hub.gql(APPLY, { input: { itemCodes: [CONDITIONAL_ITEM], purpose: '测试', legalBasis: '测试依据', validUntil: '2020-01-01T00:00:00Z' } }, consumer);
    expect(past.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'validUntil' });
  });
});

/**
 * Review deadlines at awkward instants, each on a hub whose clock stands there: the outcome is the
 * same whatever day the suite runs. Only conditional items are applied for, so nothing here reads
 * the real clock.
 */
describe('review deadlines at fixed instants (China time)', () => {
  const clock = new FixedClock('2030-12-04T10:00:00+08:00');
  let hub: TestHub;
  let consumer: Record<string, string>;
  beforeAll(async () => {
    hub = await startTestHub(
      {
        // 国庆 2030 and New Year's Day 2031; Saturday 12 October is a make-up working day (调休).
        SHAREHUB_HOLIDAYS: '2030-10-01,2030-10-02,2030-10-03,2030-10-04,2030-10-07,2031-01-01',
        SHAREHUB_WORKING_WEEKENDS: '2030-10-12',
      },
      { seedCatalog: true, clock },
    );
    consumer = bearer(tokenFor(hub, { dept: CONSUMER, roles: [Role.CONSUMER], sub: 'xh-window-08' }));
  });
  afterAll(() => hub.close());

  async function applyAt(instant: string): Promise<Application> {
    clock.set(instant);
    const validUntil = new Date(clock.nowMs() + 30 * DAY).toISOString();
    const applied = await hub.gql<{ applyForAccess: Application[] }>(
      APPLY,
      { input: { itemCodes: [CONDITIONAL_ITEM], purpose: '办理户籍业务', legalBasis: '《户口登记条例》', validUntil } },
      consumer,
    );
    expect(applied.body.errors).toBeUndefined();
    return applied.body.data!.applyForAccess[0];
  }

  it.each([
    ['on a Sunday', '2030-12-01T10:00:00+08:00', '2030-12-13'],
    ['on a public holiday, across a make-up working Saturday', '2030-10-01T10:00:00+08:00', '2030-10-18'],
    ['at 23:59:59 China time (the last second of a Wednesday there)', '2030-12-04T23:59:59+08:00', '2030-12-18'],
    ['at 00:00:00 China time (already Thursday there, still Wednesday in UTC)', '2030-12-05T00:00:00+08:00', '2030-12-19'],
    ["on New Year's Eve, 23:59:59 China time, before a New Year holiday", '2030-12-31T23:59:59+08:00', '2031-01-15'],
  ])('%s: due at the end of the 10th working day', async (_when, instant, dueDay) => {
    const application = await applyAt(instant);
    expect(application.dueAt).toBe(endOfChinaDay(dueDay));
    expect(application.overdue).toBe(false);
  });

  it('is overdue from the first instant after its due day, not before', async () => {
    const application = await applyAt('2030-12-04T10:00:00+08:00');
    const OVERDUE = `{ accessApplications(first: 50) { edges { node { id overdue } } } }`;
    const overdue = async () => {
      const listed = await hub.gql<{ accessApplications: { edges: { node: { id: string; overdue: boolean } }[] } }>(OVERDUE, {}, consumer);
      expect(listed.body.errors).toBeUndefined();
      return listed.body.data!.accessApplications.edges.find((e) => e.node.id === application.id)!.node.overdue;
    };
    clock.set('2030-12-18T23:59:59.999+08:00');
    expect(await overdue()).toBe(false);
    clock.set('2030-12-19T00:00:00+08:00');
    expect(await overdue()).toBe(true);
  });
});
