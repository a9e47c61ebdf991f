import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch, startServer, type Server } from './support.ts';

const SHOTS = path.resolve('.tmp/shots');
const shot = async (page: Page, name: string) => {
  await page.waitForTimeout(450);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
};

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/**
 * Issue 11, "phone navigation a newcomer can read": every account lands on the workbench; on a
 * phone a labelled bottom tab bar (工作台, 活动, 台账, 消息, 我的) in both languages, a header without
 * unlabelled icons, and 我的 listing every other page; at desk width the header leads with 工作台.
 */
describe('phone navigation and 我的', () => {
  let server: Server;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startServer(3191);
    browser = await launch();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  async function open(opts: Parameters<Browser['newContext']>[0]): Promise<Page> {
    const ctx = await browser.newContext({ locale: 'zh-CN', ...opts });
    contexts.push(ctx);
    return ctx.newPage();
  }
  async function signIn(page: Page, username: string) {
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill('massline2026');
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/workbench$/);
  }
  const abilitiesOf = async (page: Page) =>
    (await (await page.request.get(`${server.url}/api/me`)).json()) as {
      abilities: Record<string, boolean>;
      homes: Record<string, number | null>;
    };
  const tabLabels = (page: Page) => page.getByTestId('tab-bar').locator('.tab-bar-label').allInnerTexts();

  it('a member on a phone lands on the workbench; the tab bar is labelled in zh-CN and en', async () => {
    const page = await open(PHONE);
    await signIn(page, 'member');
    const me = await abilitiesOf(page);
    const withLedger = (labels: string[]) => labels.filter((l, i) => i !== 2 || me.abilities.readLedger);
    await page.getByTestId('tab-bar').waitFor();
    expect(await tabLabels(page)).toEqual(withLedger(['工作台', '活动', '台账', '消息', '我的']));
    // The workbench tab is the active one; every tab is a 48 px+ target.
    expect(await page.getByTestId('nav-workbench-mobile').getAttribute('aria-current')).toBe('page');
    for (const box of await page
      .getByTestId('tab-bar')
      .locator('.tab-bar-item')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height)))
      expect(box).toBeGreaterThanOrEqual(48);
    // The header: the tree's button labelled, the brand, the language — no bell, no unlabelled icon row.
    const header = page.locator('.shell-header');
    expect(await header.getByTestId('tree-drawer-open').innerText()).toContain('组织');
    expect(await header.getByTestId('notifications-open').count()).toBe(0);
    expect(await header.getByTestId('user-menu').count()).toBe(0);
    const unlabelled = await header
      .locator('button')
      .evaluateAll((els) => els.filter((e) => !(e as HTMLElement).innerText.trim()).length);
    expect(unlabelled).toBe(0);
    // Nothing hides under the bar: the content ends above it.
    const pad = await page.locator('.shell-content').evaluate((e) => parseFloat(getComputedStyle(e).paddingBottom));
    expect(pad).toBeGreaterThanOrEqual(56);
    await shot(page, 'zh-phone-workbench');

    // 消息: the notices, and the bell's notifications one tap away.
    await page.getByTestId('nav-notices-mobile').click();
    await page.waitForURL(/\/notices$/);
    await page.locator('.phone-notify-strip').waitFor();
    await shot(page, 'zh-phone-notices');
    await page.getByTestId('notifications-open').click();
    await page.getByTestId('notifications').waitFor();
    await shot(page, 'zh-phone-messages');
    await page.keyboard.press('Escape');

    // 我的: the member's own record, posts and the links.
    await page.getByTestId('nav-me-mobile').click();
    await page.waitForURL(/\/me$/);
    await page.getByTestId('me-links').waitFor();
    await page.getByTestId('me-record').waitFor();
    expect(await page.getByTestId('me-record').innerText()).toMatch(/党员类别|入党日期/);
    await shot(page, 'zh-phone-me');
    await page.screenshot({ path: path.join(SHOTS, 'zh-phone-me-full.png'), fullPage: true });

    // A bad phone is refused with the server's translated message; a good one is kept.
    if (await page.getByTestId('me-phone-edit').count()) {
      const before = await page.getByTestId('me-phone').innerText();
      await page.getByTestId('me-phone-edit').click();
      await page.getByTestId('me-phone-input').fill('12345');
      await page.getByTestId('me-phone-save').click();
      await expect.poll(() => page.locator('.me-phone-form').innerText()).toMatch(/手机号/);
      await page.getByTestId('me-phone-input').fill('13912340000');
      await page.getByTestId('me-phone-save').click();
      await expect.poll(() => page.getByTestId('me-phone').innerText()).toBe('13912340000');
      expect(before).not.toBe('');
    }

    await page.getByTestId('lang-switch').getByText('EN').click();
    await expect
      .poll(() => tabLabels(page))
      .toEqual(withLedger(['Workbench', 'Campaigns', 'Ledger', 'Messages', 'Me']));
    expect(await page.locator('.shell-header').getByTestId('tree-drawer-open').innerText()).toContain('Orgs');
    await shot(page, 'en-phone-me');
    await page.getByTestId('nav-workbench-mobile').click();
    await page.waitForURL(/\/workbench$/);
    await shot(page, 'en-phone-workbench');
    await page.getByTestId('lang-switch').getByText('中').click();
    await expect.poll(() => tabLabels(page)).toContain('工作台');
  });

  it('every link of 我的 opens its page, for each account', async () => {
    const expected: Record<string, RegExp> = {
      orgs: /\/orgs\/\d+$/,
      supervision: /\/supervision(\/\d+)?$/,
      opinions: /\/opinions(\?.*)?$/,
      disclosures: /\/disclosures(\?.*)?$/,
      users: /\/users$/,
      account: /\/account$/,
    };
    for (const user of ['member', 'secretary', 'district']) {
      const page = await open(PHONE);
      await signIn(page, user);
      const me = await abilitiesOf(page);
      await page.getByTestId('nav-me-mobile').click();
      await page.getByTestId('me-links').waitFor();
      const keys = (
        await page
          .getByTestId('me-links')
          .locator('[data-testid^="me-link-"]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('me-link-'.length)))
      ).filter((k) => k !== 'logout');
      // Exactly the links the server's abilities allow.
      const want = [
        ...(me.homes.orgs != null ? ['orgs'] : []),
        ...(me.abilities.readSupervision ? ['supervision'] : []),
        ...(me.abilities.readOpinions ? ['opinions'] : []),
        ...(me.abilities.readDisclosures ? ['disclosures'] : []),
        ...(me.abilities.manageUsers ? ['users'] : []),
        'account',
      ];
      expect(keys, user).toEqual(want);
      for (const k of keys) {
        await page.getByTestId(`me-link-${k}`).click();
        await page.waitForURL(expected[k]!);
        await page.waitForLoadState('networkidle');
        expect(await page.locator('.ant-result-404').count(), `${user} ${k}`).toBe(0);
        // The tab of 我的 stays lit on the pages it leads to (the tree's org pages excepted).
        if (k !== 'orgs') expect(await page.getByTestId('nav-me-mobile').getAttribute('aria-current')).toBe('page');
        await page.getByTestId('nav-me-mobile').click();
        await page.getByTestId('me-links').waitFor();
      }
      if (user === 'district') await shot(page, 'zh-phone-me-office');
      await page.getByTestId('me-link-logout').click();
      await page.waitForURL(/\/login/);
    }
  });

  it('at desk width the header leads with 工作台 and fits at 1280 px, in both languages', async () => {
    for (const user of ['member', 'district']) {
      const page = await open({ viewport: { width: 1280, height: 800 } });
      await signIn(page, user);
      const nav = page.locator('.header-nav');
      expect((await nav.locator('a').first().innerText()).trim()).toMatch(/^工作台/);
      expect(await page.getByTestId('tab-bar').count()).toBe(0);
      const me = await abilitiesOf(page);
      if (me.abilities.readOpinions) await page.getByTestId('nav-opinions').waitFor();
      if (me.abilities.readDisclosures) await page.getByTestId('nav-disclosures').waitFor();
      const fits = () =>
        page.evaluate(() => {
          const h = document.querySelector('.shell-header')!;
          const right = Math.max(...[...h.querySelectorAll('a, button')].map((e) => e.getBoundingClientRect().right));
          return h.scrollWidth <= h.clientWidth + 1 && right <= window.innerWidth;
        });
      expect(await fits(), `${user} zh`).toBe(true);
      await shot(page, `zh-desk-workbench-${user}`);
      await page.getByTestId('lang-switch').getByText('English').click();
      await expect.poll(async () => (await nav.locator('a').first().innerText()).trim()).toMatch(/^Workbench/);
      expect(await fits(), `${user} en`).toBe(true);
      await shot(page, `en-desk-workbench-${user}`);
      await page.goto(`${server.url}/me`);
      await page.getByTestId('me-links').waitFor();
      await shot(page, `en-desk-me-${user}`);
      await page.getByTestId('lang-switch').getByText('中文').click();
      await expect.poll(async () => (await nav.locator('a').first().innerText()).trim()).toMatch(/^工作台/);
      await shot(page, `zh-desk-me-${user}`);
    }
  });
});
