import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { homeOrg, launch, openHomeOrg, SHOTS, signIn as signInAt, startServer, type Server } from './support.ts';
import { makeXlsx } from '../support/xlsx.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Screenshot once drawers and modals have finished their opening animation. */
const shot = async (page: Page, name: string) => {
  await page.waitForTimeout(450);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
};

/**
 * The district office's journey (issue #2): sign in, browse the tree, add a member, import a
 * roster with one bad row (nothing imported, the row named), fix it, import again, read the
 * audit history — in zh-CN, then the same pages in English, and on a phone-width screen.
 */
describe('district office journey', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer(3177);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Signs in; every account lands on the workbench. */
  const signIn = (page: Page, username: string) => signInAt(page, server.url, username);

  /** The members search box (Ant Design's Input.Search puts the test id on a wrapper or the input). */
  const searchBox = (page: Page) =>
    page.locator('input[data-testid="members-q"], [data-testid="members-q"] input').first();

  async function memberCount(page: Page, orgId: number): Promise<number> {
    const r = await page.request.get(`${server.url}/api/orgs/${orgId}`);
    return (await r.json()).stats.members;
  }

  it('signs in, browses, adds a member, imports with a bad row then fixed, reads the audit trail', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await ctx.newPage();
    await signIn(page, 'district');
    // From the workbench, the header's 组织 link leads to the account's home org.
    const home = await homeOrg(page, server.url);
    await page.getByTestId('nav-orgs').click();
    await page.waitForURL(new RegExp(`/orgs/${home}$`));
    await page.getByTestId('org-title').waitFor();
    const districtTitle = await page.getByTestId('org-title').innerText();
    expect(districtTitle).toContain('区');
    await shot(page, 'zh-01-district');

    // Browse: open a township from the tree.
    const tree = page.getByTestId('org-tree');
    await tree
      .getByText(/街道|镇/)
      .first()
      .click();
    await page.waitForURL(/\/orgs\/\d+$/);
    await expect.poll(() => page.getByTestId('org-title').innerText()).toMatch(/街道|镇/);
    await shot(page, 'zh-02-township');

    // A village branch of the district, as the tree would lead to it.
    const found = await (
      await page.request.get(`${server.url}/api/orgs/search?q=${encodeURIComponent('村')}&level=branch&limit=5`)
    ).json();
    const branch = found[0] as { id: number; name: string };
    await page.goto(`${server.url}/orgs/${branch.id}`);
    await page.getByTestId('org-title').waitFor();
    await page.getByTestId('tab-members').click();
    const before = await memberCount(page, branch.id);

    // Add a member.
    await page.getByTestId('member-add').click();
    await page.getByTestId('member-form-name').fill('测试党员甲');
    await page.getByTestId('member-form-gender-female').click();
    await page.getByTestId('member-form-phone').fill('13912345678');
    // Pick 预备党员 and check it took: a click while the drop-down is still opening can miss it.
    for (let i = 0; i < 3; i++) {
      await page.getByTestId('member-form-category').click();
      const option = page.locator('.ant-select-item-option').filter({ hasText: '预备党员' });
      await option.waitFor({ state: 'visible' });
      await page.waitForTimeout(300);
      await option.click();
      if ((await page.getByTestId('member-form-category').innerText()).includes('预备党员')) break;
    }
    expect(await page.getByTestId('member-form-category').innerText()).toContain('预备党员');
    await shot(page, 'zh-03-member-form');
    await page.getByTestId('member-form-submit').click();
    await expect.poll(() => memberCount(page, branch.id)).toBe(before + 1);
    await searchBox(page).fill('测试党员甲');
    await searchBox(page).press('Enter');
    await expect.poll(() => page.getByTestId('members-table').innerText()).toContain('测试党员甲');

    // Import a roster with one bad row: nothing lands, the row is named.
    const header = ['序号', '姓名', '性别', '出生日期', '手机号', '党员类别', '入党日期'];
    const good = [1, '导入党员乙', '男', '1980-05-01', '13800001111', '普通党员', '2005-07-01'];
    const bad = [2, '导入党员丙', '女', '1985-02-30', '138', '普通党员', '2010-07-01'];
    // The add drawer's mask fades out after it closes; a click during the fade lands on the mask.
    await page.locator('.ant-drawer-mask').waitFor({ state: 'hidden' });
    await page.getByTestId('member-import').click();
    await page.getByTestId('member-import-file').setInputFiles({
      name: '党员导入.xlsx',
      mimeType: XLSX,
      buffer: await makeXlsx(header, [good, bad], '党员信息导入'),
    });
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    const errText = await errors.innerText();
    expect(errText).toContain('4');
    expect(errText).toContain('手机号');
    expect(errText).toContain('出生日期');
    expect(await memberCount(page, branch.id)).toBe(before + 1);
    await shot(page, 'zh-04-import-errors');

    // Fixed, it all lands.
    const fixed = [2, '导入党员丙', '女', '1985-02-28', '13800002222', '普通党员', '2010-07-01'];
    await page.getByTestId('member-import-file').setInputFiles({
      name: '党员导入-改.xlsx',
      mimeType: XLSX,
      buffer: await makeXlsx(header, [good, fixed], '党员信息导入'),
    });
    await page.getByTestId('import-success').waitFor();
    expect(await memberCount(page, branch.id)).toBe(before + 3);
    await shot(page, 'zh-05-import-success');
    await page.keyboard.press('Escape');

    // The audit history of the new member.
    await searchBox(page).fill('测试党员甲');
    await searchBox(page).press('Enter');
    await page.getByTestId('member-link').filter({ hasText: '测试党员甲' }).first().click();
    await page.getByTestId('member-title').waitFor();
    await page.getByTestId('audit-open').click();
    const drawer = page.getByTestId('audit-drawer');
    await drawer.getByTestId('audit-entry').first().waitFor();
    const auditText = await drawer.innerText();
    expect(auditText).toContain('district');
    expect(auditText).toContain('测试党员甲');
    await shot(page, 'zh-06-audit');
    await page.keyboard.press('Escape');

    // The same in English: the switch is remembered for the user.
    await page.getByTestId('lang-switch').getByText('English').click();
    await expect.poll(() => page.locator('body').innerText()).toMatch(/Members|Edit|Audit/);
    await shot(page, 'en-01-member');
    await page.goto(`${server.url}/orgs/${branch.id}`);
    await page.getByTestId('tab-members').click();
    await page.getByTestId('member-import').click();
    await page
      .getByTestId('member-import-file')
      .setInputFiles({ name: 'members.xlsx', mimeType: XLSX, buffer: await makeXlsx(header, [bad], 'Import') });
    await page.getByTestId('import-errors').waitFor();
    expect(await page.getByTestId('import-errors-message').innerText()).toContain('Nothing was imported');
    await shot(page, 'en-02-import-errors');
    await page.keyboard.press('Escape');
    const me = await (await page.request.get(`${server.url}/api/me`)).json();
    expect(me.user.locale).toBe('en');
    await page.request.patch(`${server.url}/api/me`, {
      data: { locale: 'zh-CN' },
      headers: { 'x-csrf-token': me.csrfToken },
    });
    await ctx.close();
  });

  it('works on a phone-width screen: the tree opens in a drawer', async () => {
    const ctx = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const page = await ctx.newPage();
    await signIn(page, 'secretary');
    await openHomeOrg(page, server.url);
    await shot(page, 'zh-07-phone-branch');
    await page.getByTestId('tab-members').click();
    await page.getByTestId('members-table').waitFor();
    await shot(page, 'zh-08-phone-members');
    await page.getByTestId('tree-drawer-open').click();
    await page.getByTestId('tree-drawer').waitFor();
    await shot(page, 'zh-09-phone-tree');
    await ctx.close();
  });
});
