import { bearer, tokenFor } from '../support/auth.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { Role } from '../../src/auth/principal.js';

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

type Application = { id: string; providerDept: string; status: string; dueAt: string; overdue: boolean; items: { itemCode: string; decision: string }[] };

describe('access applications', () => {
  let hub: TestHub;
  let consumer: Record<string, string>;
  let provider: Record<string, string>;
  beforeAll(async () => {
    hub = await startTestHub({}, { seedCatalog: true });
    consumer = bearer(tokenFor(hub, { dept: CONSUMER, roles: [Role.CONSUMER], sub: 'xh-window-07', name: '王小明' }));
    provider = bearer(tokenFor(hub, { dept: 'ZJ-GAT', roles: [Role.PROVIDER], sub: 'gat-reviewer' }));
  });
  afterAll(() => hub.close());

  it('grants unconditional items at once, queues conditional ones 10 working days out, refuses not-shared ones; the provider approves', async () => {
    const validUntil = new Date(Date.now() + 365 * 86_400_000).toISOString();
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
    // 10 working days: at least 14 calendar days ahead (two weekends), at most 16.
    const days = (Date.parse(police.dueAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13);
    expect(days).toBeLessThan(17);
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
    const validUntil = new Date(Date.now() + 30 * 86_400_000).toISOString();
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
    const validUntil = new Date(Date.now() + 86_400_000).toISOString();
    const unknown = await hub.gql(APPLY, { input: { itemCodes: ['999999/000001/001'], purpose: '测试', legalBasis: '测试依据', validUntil } }, consumer);
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'itemCodes', unknownItems: ['999999/000001/001'] });
    const malformed = await hub.gql(APPLY, { input: { itemCodes: ['../etc'], purpose: '测试', legalBasis: '测试依据', validUntil } }, consumer);
    expect(malformed.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'itemCodes' });
    const past = await hub.gql(APPLY, { input: { itemCodes: [CONDITIONAL_ITEM], purpose: '测试', legalBasis: '测试依据', validUntil: '2020-01-01T00:00:00Z' } }, consumer);
    expect(past.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'validUntil' });
  });
});
