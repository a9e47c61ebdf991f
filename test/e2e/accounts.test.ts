import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { launch, SHOTS, startServer, type Server } from './support.ts';

const PASSWORD = 'massline2026';
const shot = async (page: Page, name: string) => {
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
};

/**
 * Accounts in a browser: the users page offers management exactly where the server's
 * `abilities.manage` allows it (an account whose team scope reaches another district is not the
 * district's to manage); a held-back sign-in says so in the user's language, and the browser the
 * user signed in from before still signs in.
 */
describe('accounts and sign-in in Chromium', () => {
  let server: Server;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer(3000 + 400 + Math.floor(Math.random() * 100));
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function apiAs(
    username: string,
  ): Promise<{ req: APIRequestContext; csrf: string; me: { grants: Array<{ orgId: number; role: string }> } }> {
    const ctx = await browser.newContext();
    const r = await ctx.request.post(`${server.url}/api/auth/login`, { data: { username, password: PASSWORD } });
    expect(r.status()).toBe(200);
    const me = await r.json();
    return { req: ctx.request, csrf: me.csrfToken, me };
  }

  async function signIn(page: Page, username: string, password = PASSWORD) {
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  }

  it('the users page shows management actions exactly for the accounts the server says the district may manage', async () => {
    // An account of a district branch that also serves on a city team over another county.
    const admin = await apiAs('admin');
    const district = await apiAs('district');
    const districtOrg = district.me.grants[0].orgId;
    const city = await apiAs('office');
    const cityOrg = city.me.grants[0].orgId;
    const counties = (await (await city.req.get(`${server.url}/api/orgs?parent=${cityOrg}`)).json()) as Array<{
      id: number;
      name: string;
    }>;
    const other = counties.find((c) => c.id !== districtOrg)!;
    const towns = (await (await district.req.get(`${server.url}/api/orgs?parent=${districtOrg}`)).json()) as Array<{
      id: number;
    }>;
    const created = await admin.req.post(`${server.url}/api/users`, {
      headers: { 'x-csrf-token': admin.csrf },
      data: {
        username: 'wang.jiandu',
        displayName: '王建都',
        password: 'Jiandu-2026-city',
        grants: [{ role: 'unit_admin', orgId: towns[0].id }],
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const wang = await created.json();
    const team = await city.req.post(`${server.url}/api/supervision/teams`, {
      headers: { 'x-csrf-token': city.csrf },
      data: { orgId: cityOrg, name: '市委第二督导组', leaderId: wang.id, unitIds: [other.id] },
    });
    expect(team.status(), await team.text()).toBe(201);

    for (const [locale, width, name] of [
      ['zh-CN', 1366, 'zh-70-users-district'],
      ['zh-CN', 390, 'zh-71-phone-users'],
      ['en', 1366, 'en-70-users-district'],
    ] as const) {
      const ctx = await browser.newContext({ viewport: { width, height: 900 }, locale });
      const page = await ctx.newPage();
      await signIn(page, 'district');
      await page.waitForURL(/\/workbench$/);
      await page.getByTestId('workbench').waitFor();
      if (locale === 'en') {
        await page.request.patch(`${server.url}/api/me`, {
          data: { locale: 'en' },
          headers: { 'x-csrf-token': (await (await page.request.get(`${server.url}/api/me`)).json()).csrfToken },
        });
      }
      await page.goto(`${server.url}/users`);
      await page.getByTestId('users-table').locator('tbody tr[data-row-key]').first().waitFor();
      const answer = (await (await page.request.get(`${server.url}/api/users?org=${districtOrg}`)).json()) as Array<{
        username: string;
        abilities: { manage: boolean };
      }>;
      const rows = await page
        .getByTestId('users-table')
        .locator('tbody tr[data-row-key]')
        .evaluateAll((trs) =>
          trs.map((tr) => ({
            username: tr.querySelector('.mono')?.textContent ?? '',
            notManaged: !!tr.querySelector('[data-testid="user-not-managed"]'),
            addGrant: !!tr.querySelector('[data-testid="grant-add"]'),
          })),
        );
      expect(rows.length).toBeGreaterThan(1);
      for (const row of rows) {
        const a = answer.find((u) => u.username === row.username);
        expect(a, row.username).toBeTruthy();
        expect({ u: row.username, managed: !row.notManaged, add: row.addGrant }).toEqual({
          u: row.username,
          managed: a!.abilities.manage,
          add: a!.abilities.manage,
        });
      }
      const wangRow = rows.find((r) => r.username === 'wang.jiandu');
      expect(wangRow?.notManaged).toBe(true);
      expect(rows.some((r) => !r.notManaged)).toBe(true);
      await page.getByTestId('users-table').getByText('wang.jiandu').scrollIntoViewIfNeeded();
      await shot(page, name);
      await ctx.close();
    }
  });

  it('a held-back sign-in is explained; the browser used before still signs in', async () => {
    // The member signs in once on their phone: that browser is now known.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await phone.newPage();
    await signIn(page, 'member');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.request.post(`${server.url}/api/auth/logout`, {
      headers: { 'x-csrf-token': (await (await page.request.get(`${server.url}/api/me`)).json()).csrfToken },
    });

    // Someone else guesses from another browser until the account is held back there.
    const other = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const guess = await other.newPage();
    for (let i = 0; i < 6; i++) {
      await signIn(guess, 'member', `guess-${i}-wrong`);
      await guess.getByTestId('login-error').waitFor();
    }
    await signIn(guess, 'member');
    await expect.poll(() => guess.getByTestId('login-error').innerText()).toContain('已暂停在新的浏览器上登录该账号');
    await shot(guess, 'zh-72-phone-login-held-back');

    // The member's own phone: the right password works.
    await signIn(page, 'member');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    expect(page.url()).not.toContain('/login');
    await phone.close();
    await other.close();
  });
});
