import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch, SHOTS, signIn, startServer, type Server } from './support.ts';
import type { WorkbenchView } from '../../src/shared/api.ts';

const shot = async (page: Page, name: string) => {
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
};

/**
 * The workbench (我的工作台) as people use it: the demo `member`, on a phone, lands on it, opens the
 * problem they are 责任人 of and reports progress; the district office's desk lists what waits for
 * its approval; both in zh-CN and en.
 */
describe('workbench journey', () => {
  let server: Server;
  let browser: Browser;
  let phone: BrowserContext;
  let office: BrowserContext;
  let mobile: Page;
  let desk: Page;

  beforeAll(async () => {
    server = await startServer(3183);
    browser = await launch();
    phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    office = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    mobile = await phone.newPage();
    desk = await office.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const view = async (page: Page) =>
    (await (await page.request.get(`${server.url}/api/workbench`)).json()) as WorkbenchView;

  it('a member on a phone lands on the workbench, opens their problem and reports progress', async () => {
    await signIn(mobile, server.url, 'member');
    const mine = mobile.getByTestId('wb-section-problems_mine');
    await mine.locator('.wb-item').first().waitFor();
    // The page shows exactly what the server counts for them.
    const wb = await view(mobile);
    const problems = wb.sections.find((s) => s.section === 'problems_mine')!;
    expect(problems.count).toBeGreaterThan(0);
    expect(await mine.locator('.wb-item').count()).toBe(problems.items.length);
    expect(await mobile.getByTestId('wb-total').innerText()).toContain(String(wb.total));
    // The bottom tab bar is labelled.
    for (const label of ['工作台', '活动', '台账', '消息', '我的'])
      await mobile.getByTestId('tab-bar').getByText(label, { exact: true }).waitFor();
    await shot(mobile, 'zh-70-phone-workbench-member');

    const first = problems.items[0];
    await mine.locator('.wb-item a').first().click();
    await mobile.waitForURL(new RegExp(`/problems/${first.entityId}$`));
    const report = mobile.getByTestId('problem-action-report');
    await report.waitFor();
    // Only the report is theirs: no finishing or editing the unit's problem.
    expect(await mobile.getByTestId('problem-action-finish').count()).toBe(0);
    expect(await mobile.getByTestId('problem-edit').count()).toBe(0);
    await report.click();
    await mobile.getByTestId('comment-input').fill('本周已走访困难党员3户、群众8户，已登记台账。');
    await shot(mobile, 'zh-71-phone-problem-report');
    await mobile.getByTestId('comment-ok').click();
    await expect
      .poll(async () => {
        const p = await (await mobile.request.get(`${server.url}/api/problems/${first.entityId}`)).json();
        return (p.events as Array<{ action: string; comment: string | null }>).some(
          (e) => e.action === 'report' && e.comment?.includes('已走访困难党员3户'),
        );
      })
      .toBe(true);
    await shot(mobile, 'zh-72-phone-problem-reported');

    // In English: the workbench and the tab bar say the same in the other language.
    await mobile.getByTestId('nav-workbench-mobile').click();
    await mobile.getByTestId('lang-switch').getByText('EN').click();
    await mobile.getByText('My workbench').waitFor();
    for (const label of ['Workbench', 'Campaigns', 'Ledger', 'Messages', 'Me'])
      await mobile.getByTestId('tab-bar').getByText(label, { exact: true }).waitFor();
    await mobile
      .getByTestId('wb-section-problems_mine')
      .getByText(/^Problem \d+ /)
      .first()
      .waitFor();
    await shot(mobile, 'en-70-phone-workbench-member');
    await mobile.getByTestId('lang-switch').getByText('中').click();
  });

  it('the district office’s desk lists its approvals and the problems waiting for its verification', async () => {
    await signIn(desk, server.url, 'district');
    const wb = await view(desk);
    const waiting = wb.sections.filter(
      (s) => ['tasks_to_review', 'problems_to_verify', 'overdue_below'].includes(s.section) && s.count > 0,
    );
    expect(waiting.length).toBeGreaterThan(0);
    for (const s of waiting) {
      const card = desk.getByTestId(`wb-section-${s.section}`);
      await card.waitFor();
      expect(await card.locator('.wb-item').count()).toBe(s.items.length);
      // Each row opens its item.
      expect(await card.locator('.wb-item a').first().getAttribute('href')).toBe(s.items[0].href);
    }
    // A member's sections are not the office's: it has no measures of its own.
    expect(wb.sections.some((s) => s.section === 'measures_mine')).toBe(false);
    await desk.getByTestId('nav-workbench').waitFor();
    await shot(desk, 'zh-73-desk-workbench-district');
    await desk.getByTestId('lang-switch').getByText('English').click();
    await desk.getByText('My workbench').waitFor();
    await shot(desk, 'en-73-desk-workbench-district');
    await desk.getByTestId('lang-switch').getByText('中文').click();
  });
});
