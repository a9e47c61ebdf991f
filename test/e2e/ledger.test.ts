import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { homeOrg, launch, SHOTS, signIn, startServer, type Server } from './support.ts';
import type { ProblemDetailView } from '../../src/shared/ledger.ts';

const shot = async (page: Page, name: string) => {
  await page.waitForTimeout(600);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
};

/** Confirms the comment dialog an action may open (optional for some actions). */
async function confirmIfAsked(page: Page, comment?: string) {
  const ok = page.getByTestId('comment-ok');
  if (await ok.isVisible({ timeout: 1500 }).catch(() => false)) {
    if (comment) await page.getByTestId('comment-input').fill(comment);
    await ok.click();
  }
}

/**
 * The ledger journey (issue #4): a resident submits an opinion on a phone, without an account;
 * the village branch turns it into a problem and rectifies it with evidence; the district office
 * verifies it and publishes it in a disclosure batch; the resident looks up the answer by the
 * receipt code; the public page lists the rectification.
 */
describe('ledger journey', () => {
  let server: Server;
  let browser: Browser;
  let unitCtx: BrowserContext;
  let officeCtx: BrowserContext;
  let publicCtx: BrowserContext;
  let unit: Page;
  let office: Page;
  let resident: Page;
  let branchId: number;
  let districtId: number;
  let receipt: string;
  let problemId: number;
  const opinionText = '村里通往小学的道路坑洼不平，雨天孩子上学很不方便，希望尽快修好。';

  beforeAll(async () => {
    server = await startServer(3179);
    browser = await launch();
    unitCtx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    officeCtx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    publicCtx = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      javaScriptEnabled: false,
    });
    unit = await unitCtx.newPage();
    office = await officeCtx.newPage();
    resident = await publicCtx.newPage();
    for (const [page, user] of [
      [unit, 'secretary'],
      [office, 'district'],
    ] as const)
      await signIn(page, server.url, user);
    branchId = await homeOrg(unit, server.url);
    districtId = await homeOrg(office, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a resident submits an opinion on a phone, with no account and no JavaScript, and gets a receipt code', async () => {
    await resident.goto(`${server.url}/p/opinions/new?org=${branchId}`);
    await resident.locator('#content').fill(opinionText);
    await resident.locator('#name').fill('张大爷');
    await resident.locator('#contact').fill('13800001234');
    await shot(resident, 'zh-30-phone-public-opinion');
    await resident.locator('form button[type=submit]').click();
    await resident.locator('.code').waitFor();
    receipt = (await resident.locator('.code').innerText()).trim();
    expect(receipt).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    await shot(resident, 'zh-31-phone-receipt');
  });

  it('the branch turns the opinion into a problem, completes it and rectifies it with evidence', async () => {
    await unit.goto(`${server.url}/opinions?org=${branchId}`);
    await unit.getByTestId('opinions-table').waitFor();
    const row = unit.locator('tr', { hasText: opinionText.slice(0, 12) });
    await row.first().waitFor();
    await shot(unit, 'zh-32-opinions');
    await row.first().locator('input[type=checkbox]').check();
    await unit.getByTestId('opinion-convert').first().click();
    await unit.getByTestId('opinion-convert-category').click();
    await unit.locator('.ant-select-item-option', { hasText: '服务群众' }).click();
    await unit.getByTestId('opinion-convert-submit').click();
    await unit.waitForURL(/\/problems\/\d+/);
    problemId = Number(unit.url().match(/\/problems\/(\d+)/)![1]);
    await unit.getByTestId('problem-status').waitFor();
    expect(await unit.getByTestId('problem-status').getAttribute('data-status')).toBe('draft');
    // Not yet five clear: confirming is refused, naming what is missing.
    expect(await unit.getByTestId('five-clear-standard').getAttribute('data-missing')).toBe('1');

    await unit.getByTestId('problem-edit').click();
    await unit.getByTestId('problem-form-standard').fill('道路全部硬化，雨天通行无积水');
    // Neither is a member of the branch: each is kept as an outside person (PersonPicker).
    for (const [testId, name] of [
      ['problem-form-leader', '王书记'],
      ['problem-form-person', '村委会主任'],
    ]) {
      await unit.getByTestId(testId).click();
      await unit.keyboard.type(name);
      await unit.getByTestId('person-outside-option').filter({ hasText: name }).click();
    }
    await unit.getByTestId('problem-form-deadline').click();
    const due = new Date(Date.now() + 8 * 3600_000 + 20 * 86400_000).toISOString().slice(0, 10);
    await unit.keyboard.type(due);
    await unit.keyboard.press('Enter');
    if ((await unit.getByTestId('measure-content-0').count()) === 0) await unit.getByTestId('measure-add').click();
    await unit.getByTestId('measure-content-0').fill('筹措资金，组织村民对坑洼路段进行硬化');
    await shot(unit, 'zh-33-problem-edit');
    await unit.getByTestId('problem-form-submit').click();
    await expect.poll(async () => unit.getByTestId('five-clear-standard').getAttribute('data-missing')).toBe('0');

    await unit.getByTestId('problem-action-confirm').click();
    await confirmIfAsked(unit);
    await expect.poll(() => unit.getByTestId('problem-status').getAttribute('data-status')).toBe('pending');

    // 立行立改: evidence and the effect, then straight to verification.
    await unit
      .getByTestId('evidence-upload')
      .locator('input[type=file]')
      .setInputFiles({
        name: '道路硬化完工照片.jpg',
        mimeType: 'image/jpeg',
        buffer: Buffer.from('jpeg bytes of the finished road'),
      });
    await unit.getByTestId('problem-evidence').getByText('道路硬化完工照片.jpg').first().waitFor();
    await unit.getByTestId('effect-input').fill('坑洼路段已全部硬化，群众出行方便');
    await unit.getByTestId('progress-input').fill('已于本周完成施工');
    await unit.getByTestId('progress-save').click();
    await unit.waitForTimeout(500);
    await unit.getByTestId('problem-action-finish').click();
    await confirmIfAsked(unit);
    await expect.poll(() => unit.getByTestId('problem-status').getAttribute('data-status')).toBe('awaiting');
    await shot(unit, 'zh-34-problem-awaiting');
    // The branch cannot verify its own problem.
    expect(await unit.getByTestId('problem-action-verify').count()).toBe(0);
  });

  it('the district office verifies it and publishes it in a disclosure batch', async () => {
    await office.goto(`${server.url}/problems/${problemId}`);
    await office.getByTestId('problem-action-verify').click();
    await confirmIfAsked(office);
    await expect.poll(() => office.getByTestId('problem-status').getAttribute('data-status')).toBe('closed');
    await office.getByTestId('problem-history').waitFor();
    await shot(office, 'zh-35-problem-closed');
    const p = (await (await office.request.get(`${server.url}/api/problems/${problemId}`)).json()) as ProblemDetailView;
    expect(p.evidence.every((e) => e.verifiedAt)).toBe(true);
    expect(p.opinionIds.length).toBe(1);

    await office.goto(`${server.url}/disclosures?org=${districtId}`);
    await office.getByTestId('disclosure-new').click();
    await office.getByTestId('disclosure-title').fill('第二批整改问题公示');
    await office.getByTestId('disclosure-create-submit').click();
    await office.waitForURL(/\/disclosures\/\d+/);
    await office.getByTestId('disclosure-add').click();
    await office.getByTestId('disclosure-add-kind').getByText('整改完成公示').click();
    const pick = office.locator(`tr[data-row-key="${problemId}"] input[type=checkbox]`);
    await pick.waitFor();
    await pick.check();
    await office.getByTestId('disclosure-add-submit').click();
    await office.getByTestId('disclosure-rectifications').waitFor();
    await office.getByTestId('disclosure-publish').click();
    await office.getByTestId('disclosure-publish-confirm').click();
    await expect
      .poll(async () => (await office.request.get(`${server.url}/p/disclosures?org=${districtId}`)).text())
      .toContain('第二批整改问题公示');
    await shot(office, 'zh-36-disclosure');
  });

  it('the resident sees the outcome by the receipt code, and the public page lists the rectification without names or phones', async () => {
    await resident.goto(`${server.url}/p/receipt?code=${encodeURIComponent(receipt)}`);
    const page = await resident.locator('main').innerText();
    expect(page).toContain('已销号');
    expect(page).not.toContain('张大爷');
    expect(page).not.toContain('13800001234');
    await shot(resident, 'zh-37-phone-receipt-answer');

    await resident.goto(`${server.url}/p/disclosures?org=${districtId}`);
    await resident.getByText('第二批整改问题公示').first().click();
    const list = await resident.locator('main').innerText();
    expect(list).toContain('坑洼路段已全部硬化');
    expect(list).not.toContain('王书记');
    expect(list).not.toContain('村委会主任');
    expect(list).not.toContain('13800001234');
    await shot(resident, 'zh-38-phone-public-disclosure');

    await resident.goto(`${server.url}/p/receipt?code=${encodeURIComponent(receipt)}&lang=en`);
    expect(await resident.locator('main').innerText()).toContain('Closed');
    await shot(resident, 'en-39-phone-receipt-answer');
  });

  it('shows the ledger with the closed problem counted, in Chinese and English', async () => {
    await office.goto(`${server.url}/ledger/${districtId}`);
    await office.getByTestId('ledger-summary').waitFor();
    await office.getByTestId('ledger-table').waitFor();
    await shot(office, 'zh-40-ledger-district');
    const s = (await (await office.request.get(`${server.url}/api/problems/summary?org=${districtId}`)).json()) as {
      figures: { byStatus: { closed: number } };
    };
    expect(s.figures.byStatus.closed).toBeGreaterThan(0);
    await office.getByTestId('lang-switch').getByText('English').click();
    await office.getByTestId('ledger-title').waitFor();
    await expect.poll(async () => office.getByTestId('ledger-title').innerText()).toContain('Problem ledger');
    await shot(office, 'en-41-ledger-district');
    await office.getByTestId('lang-switch').getByText('中文').click();
  });
});
