import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (apt package `chromium`); Playwright's own browser download is not used. */
export const CHROMIUM = process.env.SHAREHUB_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console');

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/** A page at 1280×800, the size the console is made for, in Chinese. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  // A page error fails the page silently; keep it where a failing test can show it.
  page.on('pageerror', (error) => pageErrors.push(`${page.url().split('#')[0]}: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && pageErrors.push(`${page.url().split('#')[0]}: ${message.text()}`));
  return page;
}

export const pageErrors: string[] = [];

export async function screenshot(page: Page, name: string): Promise<void> {
  // Not while a table or card is still loading (antd dims it).
  await page.waitForFunction(`!document.querySelector('.ant-spin-spinning, .ant-table-loading')`, undefined, { timeout: 10_000 }).catch(() => undefined);
  await page.waitForTimeout(400); // antd fades a loaded table in (0.3 s)
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core run in the page: the violations of impact serious or critical. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations)`);
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) }));
}
