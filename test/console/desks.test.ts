import { generateKeyPairSync, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Browser, Page } from 'playwright-core';
import { bearer } from '../support/auth.js';
import { ARTIFACTS, launchBrowser, newPage, pageErrors, screenshot, seriousAxeViolations } from './browser.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN, AUDITOR, CLERK, startConsoleHub, type ConsoleHub } from './console-hub.js';

// The console in a real browser (Debian's Chromium) against a real hub with the demo sources.

const HELD_BACK_ITEM = '101001/000001/003'; // 曾用名: not granted to the window at the start

let console_: ConsoleHub;
let browser: Browser;
let clerk: Page;
let personId: string;

beforeAll(async () => {
  [console_, browser] = await Promise.all([startConsoleHub(), launchBrowser()]);
  personId = console_.sources.samplePerson.id;
  clerk = await newPage(browser);
}, 120_000);

afterEach(() => {
  if (pageErrors.length) process.stderr.write(`browser errors:\n${pageErrors.splice(0).join('\n')}\n`);
});

afterAll(async () => {
  await browser?.close();
  await console_?.close();
});

async function clerkLookup(page: Page, itemCode: string, caseNo: string): Promise<void> {
  await page.getByRole('tab', { name: '单项查询与核验' }).click();
  const panel = page.getByRole('tabpanel', { name: '单项查询与核验' });
  await panel.getByLabel('办件编号').fill(caseNo);
  await panel.getByLabel('申请人证件号').fill(personId);
  const picker = panel.getByLabel('信息项', { exact: true });
  await picker.click();
  await page.keyboard.type(itemCode);
  await page.locator('.ant-select-tree-treenode', { hasText: itemCode }).first().locator('.ant-select-tree-checkbox').click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: '查 询' }).or(page.getByRole('button', { name: '查询' })).first().click();
  await page.getByTestId('lookup-result').waitFor();
}

/** Presses Tab until the focused element matches (at most `max` times): reachable by keyboard. */
async function tabTo(page: Page, matches: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`(() => { const el = document.activeElement; return !!el && el.matches(${JSON.stringify(matches)}); })()`)) return;
  }
  throw new Error(`${matches} is not reachable with Tab`);
}

describe('console', () => {
  it('signs the clerk in from the fragment link, shows who is signed in, and looks up a person', async () => {
    await clerk.goto(console_.link(CLERK));
    await clerk.getByTestId('signed-in').getByText('王小明').waitFor();
    expect(clerk.url()).not.toContain('token=');
    await clerk.getByTestId('signed-in').getByText('西湖区行政服务中心').waitFor();

    await clerk.getByRole('tab', { name: '单项查询与核验' }).click();
    await clerk.getByRole('tabpanel', { name: '单项查询与核验' }).getByLabel('申请人证件号').fill(personId.slice(0, 17) + (personId.endsWith('0') ? '1' : '0'));
    await clerk.getByText('校验码不正确').waitFor();

    await clerkLookup(clerk, '101003/000001', 'XH-2026-000001');
    const result = clerk.getByTestId('lookup-result');
    await result.locator('[data-status="已获取"]').first().waitFor();
    await expect(result.textContent()).resolves.toContain('请求编号');
    await screenshot(clerk, 'window-desk');
    expect(await seriousAxeViolations(clerk)).toEqual([]);
  }, 60_000);

  it('the clerk prepares a 不动产转移登记 case: a derived spouse, a sealed certificate, the printed material list', async () => {
    const couple = console_.sources.samples.couple;
    await clerk.getByRole('tab', { name: '一件事办理' }).click();
    const panel = clerk.getByRole('tabpanel', { name: '一件事办理' });
    const started = performance.now();
    await panel.getByLabel('办理事项').click();
    await clerk.keyboard.type('二手房 过户');
    await clerk.locator('.ant-select-item-option', { hasText: '不动产转移登记（' }).first().click();
    await panel.getByText('设定依据').waitFor();
    await panel.getByLabel('办件编号').fill('XH-2026-000200');
    await panel.getByLabel('申请人证件号').fill(couple.id);
    await panel.getByLabel('授权书编号').fill('SQ-2026-000200');
    await panel.getByRole('button', { name: /获取材料/ }).click();
    const bundle = clerk.getByTestId('case-bundle');
    await bundle.waitFor();
    const [pdf] = await Promise.all([
      clerk.waitForResponse((response) => /\/cases\/[^/]+\/materials\.pdf$/.test(response.url())),
      bundle.getByRole('button', { name: /打印材料清单/ }).click(),
    ]);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    const flowMs = Math.round(performance.now() - started);
    writeFileSync(join(ARTIFACTS, 'clerk-flow.txt'), `matter search to printed material list: ${flowMs} ms\n`);

    const spouse = bundle.locator('tr', { hasText: '配偶' }).filter({ hasText: '婚姻' });
    await expect(spouse.count()).resolves.toBeGreaterThanOrEqual(1);
    await expect(bundle.locator('[data-status="已获取"]').count()).resolves.toBeGreaterThanOrEqual(4);
    const certificate = bundle.locator('tr', { hasText: '不动产权证书' }).first();
    await certificate.locator('[data-status="已获取"]').waitFor();
    await expect(certificate.getByRole('button', { name: /查看证照/ }).count()).resolves.toBe(1);
    await screenshot(clerk, 'window-case');
    expect(await seriousAxeViolations(clerk)).toEqual([]);
    for (const popup of clerk.context().pages().filter((page) => page !== clerk)) await popup.close();
  }, 60_000);

  it('the clerk opens the case record again: statuses, departments and times, no values; an unknown case ID is refused in Chinese', async () => {
    const couple = console_.sources.samples.couple;
    const bundle = clerk.getByTestId('case-bundle');
    const caseId = (await bundle.locator('.ant-typography code').first().textContent())!.trim();
    await bundle.getByRole('button', { name: /查看办件记录/ }).click();
    const panel = clerk.getByRole('tabpanel', { name: '办件记录' });
    const record = panel.getByTestId('case-record');
    await record.waitFor();
    await expect(record.textContent()).resolves.toContain('XH-2026-000200');
    await expect(record.textContent()).resolves.toContain(caseId);
    await expect(record.locator('[data-status="已获取"]').count()).resolves.toBeGreaterThanOrEqual(4);
    const certificate = record.locator('tr', { hasText: '不动产权证书' }).first();
    await certificate.locator('[data-status="已获取"]').waitFor();
    await expect(certificate.textContent()).resolves.toContain('省自然资源厅（ZJ-ZRZYT）');
    const text = (await record.textContent())!;
    expect(text).not.toContain(couple.name);
    expect(text).not.toContain(couple.id);
    await screenshot(clerk, 'window-case-record');
    expect(await seriousAxeViolations(clerk)).toEqual([]);

    const unknown = randomUUID();
    const input = panel.getByLabel('办件 ID');
    await input.fill(unknown);
    await input.press('Enter');
    const refusal = panel.getByRole('alert');
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toBe(`未找到办件 ${unknown}：请核对办件 ID（只能查看本部门的办件）（NOT_FOUND）`);
    await expect(record.count()).resolves.toBe(0);
    await clerk.getByRole('tab', { name: '一件事办理' }).click();
  }, 60_000);

  it('an admin approves an application in the 管理台, and the window then gets the item', async () => {
    const applied = await console_.hub.gql<{ applyForAccess: { id: string }[] }>(
      `mutation($input: ApplyForAccessInput!) { applyForAccess(input: $input) { id } }`,
      { input: { itemCodes: [HELD_BACK_ITEM], purpose: '不动产转移登记核验曾用名', legalBasis: '《不动产登记暂行条例》', validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString() } },
      bearer(console_.token(CLERK)),
    );
    expect(applied.body.errors).toBeUndefined();

    const admin = await newPage(browser);
    await admin.goto(console_.link(ADMIN, '/console/admin'));
    const row = admin.locator('tr', { hasText: '不动产转移登记核验曾用名' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/\d{4}-\d{2}-\d{2}/); // the due date, in working days
    await screenshot(admin, 'admin-desk');
    expect(await seriousAxeViolations(admin)).toEqual([]);
    await row.getByRole('button', { name: /批\s*准/ }).click();
    await admin.getByRole('button', { name: /确认批准/ }).click();
    await admin.getByText('已批准，授权即时生效').waitFor();

    await clerk.reload();
    await clerkLookup(clerk, '101001/000001', 'XH-2026-000002'); // 居民户籍信息, 曾用名 included once approved
    const granted = clerk.getByTestId('lookup-result').locator('tr', { hasText: HELD_BACK_ITEM });
    await granted.locator('[data-status="已获取"]').waitFor();

    // …and revokes it: within a second the window's next fetch shows 无权限.
    await admin.getByRole('tab', { name: '授权管理' }).click();
    await admin.getByLabel('信息项代码').fill(HELD_BACK_ITEM);
    const grantRow = admin.locator('tr', { hasText: CLERK.dept }).filter({ hasText: HELD_BACK_ITEM });
    await grantRow.getByRole('button', { name: /撤\s*销/ }).click();
    await admin.getByLabel('撤销理由').fill('办件已办结');
    await admin.getByRole('button', { name: /确认撤销/ }).click();
    await admin.getByText('已撤销，所有节点一秒内生效').waitFor();
    const revokedAt = Date.now();
    // The clerk's very next fetch, sent within a second of the revocation, is refused (no retry).
    const [lookupRequest] = await Promise.all([
      clerk.waitForRequest((request) => request.url().endsWith('/graphql') && (request.postData() ?? '').includes('query Lookup')),
      clerk.getByRole('button', { name: /查\s*询/ }).click(),
    ]);
    expect(Date.now() - revokedAt).toBeLessThan(1_000);
    await lookupRequest.response();
    const denied = clerk.getByTestId('lookup-result').locator('tr', { hasText: HELD_BACK_ITEM }).locator('[data-status="无权限"]');
    await denied.waitFor({ timeout: 5_000 });
    await admin.close();
  }, 90_000);

  it('the auditor finds the case by subject ID and checks an inclusion proof in the browser', async () => {
    const auditor = await newPage(browser);
    await auditor.goto(console_.link(AUDITOR, '/console/audit'));
    await auditor.getByLabel('主体证件号').fill(console_.sources.samples.couple.id);
    await auditor.getByRole('button', { name: /筛\s*选/ }).click();
    const rows = auditor.locator('.ant-table-tbody tr', { hasText: 'XH-2026-000200' });
    await rows.first().waitFor();
    await screenshot(auditor, 'audit-desk');
    expect(await seriousAxeViolations(auditor)).toEqual([]);
    await rows.first().getByRole('button', { name: /校\s*验/ }).click();
    const verdict = auditor.getByTestId('proof-verdict');
    await verdict.waitFor();
    await expect(verdict.textContent()).resolves.toContain('包含证明校验通过');
    await expect(verdict.textContent()).resolves.toContain('检查点签名有效');
    await screenshot(auditor, 'audit-proof');

    await auditor.getByRole('tab', { name: '统计' }).click();
    await auditor.getByRole('img', { name: '各部门每日查询量柱状图' }).waitFor();
    await auditor.getByRole('img', { name: '各事项免提交率条形图' }).waitFor();
    await auditor.getByText(/各事项免提交率（共 1 件/).waitFor();
    await screenshot(auditor, 'audit-charts');
    await auditor.close();
  }, 60_000);

  it('refuses a token from an untrusted issuer with a Chinese message, never a stack', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const forged = jwt.sign({ dept: CLERK.dept, roles: ['consumer'], name: '冒名者' }, privateKey, {
      algorithm: 'ES256', keyid: 'untrusted-key-1', subject: 'intruder', issuer: 'https://evil.example', audience: 'sharehub', expiresIn: 600, jwtid: randomUUID(),
    });
    const page = await newPage(browser);
    await page.goto(`${console_.hub.url}/console/window#token=${forged}`);
    const alert = page.getByRole('alert').first();
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain('未登录或登录已失效');
    expect(text).toContain('UNAUTHENTICATED');
    expect(text).not.toMatch(/at .*\.js:\d+/);
    await page.close();
  }, 60_000);

  it('shows the source bindings with their live health to the admin', async () => {
    const health = await console_.hub.gql<{ sourceHealth: { source: string; breaker: string; calls: number; failures: number }[] }>(
      '{ sourceHealth { source resources breaker calls failures errorRate } }',
      {},
      bearer(console_.token(ADMIN)),
    );
    const front = health.body.data!.sourceHealth.find((entry) => entry.source === 'sql:FRONT_MZ')!;
    // The clerk's lookups above read the marriage record from 民政's front database.
    expect(front).toMatchObject({ breaker: 'CLOSED', failures: 0 });
    expect(front.calls).toBeGreaterThanOrEqual(1);
    const refused = await console_.hub.gql('{ sourceHealth { source } }', {}, bearer(console_.token(CLERK)));
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const admin = await newPage(browser);
    await admin.goto(console_.link(ADMIN, '/console/admin'));
    await admin.getByRole('tab', { name: '数据源' }).click();
    const row = admin.locator('tr', { hasText: 'sql:FRONT_MZ' });
    await row.getByText('正常').waitFor();
    await screenshot(admin, 'admin-sources');

    // A grant by matter: 上城区行政服务中心 may fetch 新生儿出生一件事's materials, for that matter only.
    await admin.getByRole('tab', { name: '授权管理' }).click();
    await admin.getByRole('button', { name: '按事项授权' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('使用部门代码').fill('HZSC-XZFWZX');
    await dialog.getByLabel('事项', { exact: true }).click();
    await admin.keyboard.type('出生');
    await admin.locator('.ant-select-item-option', { hasText: '新生儿出生' }).first().click();
    await dialog.getByTitle(/新生儿出生一件事/).waitFor();
    await dialog.getByRole('button', { name: /授\s*权/ }).click();
    // Either the grant is made or the dialog says why not; a refusal fails here with its words.
    const granted = admin.getByText(/已按事项授权 \d+ 个信息项/);
    const dialogErrors = dialog.locator('.ant-alert-error, .ant-form-item-explain-error');
    await granted.or(dialogErrors).first().waitFor();
    expect(await dialogErrors.allTextContents()).toEqual([]);
    await admin.getByLabel('使用部门').fill('HZSC-XZFWZX');
    await admin.locator('tr', { hasText: 'YJS-001' }).first().waitFor();
    await admin.close();
  }, 60_000);

  it('the admin facets the catalogue by share method (共享方式) and highest sensitivity (最高敏感级), on the server', async () => {
    const admin = await newPage(browser);
    await admin.goto(console_.link(ADMIN, '/console/admin'));
    await admin.getByRole('tab', { name: '资源目录' }).click();
    const panel = admin.getByRole('tabpanel', { name: '资源目录' });
    await panel.getByText('共 269 条').waitFor();
    await panel.getByLabel('共享方式').click();
    await admin.locator('.ant-select-item-option', { hasText: /^文件$/ }).click();
    await panel.getByText('共 14 条').waitFor();
    await panel.getByLabel('最高敏感级').click();
    await admin.locator('.ant-select-item-option', { hasText: '1 级 公开' }).click();
    await panel.getByText('共 13 条').waitFor();
    const rows = await panel.locator('.ant-table-tbody tr.ant-table-row').allTextContents();
    expect(rows).toHaveLength(13);
    expect(rows.every((row) => row.includes('共享平台方式（文件）') && row.includes('1 级'))).toBe(true);
    await admin.close();
  }, 60_000);

  it('the clerk prepares a case with the keyboard alone', async () => {
    const page = await newPage(browser);
    await page.goto(console_.link(CLERK, '/console/window'));
    await page.getByTestId('signed-in').getByText('王小明').waitFor();
    await tabTo(page, '#matter-search');
    await page.keyboard.type('不动产转移');
    await page.locator('.ant-select-item-option', { hasText: '不动产转移登记（' }).first().waitFor();
    await page.keyboard.press('Enter');
    const panel = page.getByRole('tabpanel', { name: '一件事办理' });
    await panel.getByText('设定依据').waitFor();
    await tabTo(page, 'input#case_caseNo');
    await page.keyboard.type('XH-2026-000300');
    await tabTo(page, 'input#case_subjectId');
    await page.keyboard.type(console_.sources.samples.couple.id);
    await tabTo(page, 'input#case_consentRef');
    await page.keyboard.type('SQ-2026-000300');
    await tabTo(page, 'button.ant-btn-primary');
    await page.keyboard.press('Enter');
    const bundle = page.getByTestId('case-bundle');
    await bundle.waitFor();
    await expect(bundle.textContent()).resolves.toContain('XH-2026-000300');
    await page.close();
  }, 60_000);
});
