import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { homeOrg, launch, SHOTS, signIn, startServer, type Server } from './support.ts';
import type { Page as ListPage } from '../../src/shared/api.ts';
import type { FormView, MaterialDetailView, MaterialView } from '../../src/shared/supervision.ts';

const shot = async (page: Page, name: string) => {
  await page.waitForTimeout(600);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
};

/** Confirms an antd confirm dialog (submit for review, issue a form). */
async function confirmDialog(page: Page) {
  const ok = page.locator('.ant-modal-confirm-btns .ant-btn-primary, .ant-popconfirm-buttons .ant-btn-primary').last();
  await ok.waitFor();
  await ok.click();
}

/**
 * The supervision journey (issue #5): a supervisor reviews a village branch's analysis report and
 * fails "no concrete examples" with a comment; the secretary revises it (on a phone) and resubmits;
 * the supervisor sees what changed side by side and passes it; an overdue rectification order has
 * escalated to a proposed criticism on the district office's desk, which the office issues.
 */
describe('supervision journey', () => {
  let server: Server;
  let browser: Browser;
  let supCtx: BrowserContext;
  let secCtx: BrowserContext;
  let officeCtx: BrowserContext;
  let sup: Page;
  let sec: Page;
  let office: Page;
  let materialId: number;
  let districtId: number;
  const example = '如：今年3月，有群众到村委会办理低保证明，因书记外出，群众往返三次才办成。';

  beforeAll(async () => {
    server = await startServer(3181);
    browser = await launch();
    supCtx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    secCtx = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    officeCtx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    [sup, sec, office] = await Promise.all([supCtx.newPage(), secCtx.newPage(), officeCtx.newPage()]);
    await signIn(sup, server.url, 'supervisor');
    await signIn(sec, server.url, 'secretary');
    await signIn(office, server.url, 'district');
    districtId = await homeOrg(office, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the supervisor finds the analysis report waiting for review and fails "no concrete examples" with a comment', async () => {
    await sup.getByTestId('nav-supervision').click();
    await sup.getByTestId('sv-tabs').waitFor();
    await sup.getByTestId('material-filter-to-review').click();
    const waiting = (await (
      await sup.request.get(`${server.url}/api/supervision/materials?org=${districtId}&toReview=true`)
    ).json()) as ListPage<MaterialView>;
    const report = waiting.items.find((r) => r.title === '村党支部班子对照检查材料')!;
    expect(report).toBeDefined();
    materialId = report.id;
    await sup.getByTestId(`material-row-${materialId}`).waitFor();
    await shot(sup, 'zh-60-supervision-materials');
    await sup.getByTestId(`material-row-${materialId}`).getByRole('link').first().click();
    await sup.getByTestId('review-panel').waitFor();
    for (const key of ['problems_not_found', 'not_persuasive', 'roots_not_analysed', 'measures_not_practical'])
      await sup.getByTestId(`review-criterion-${key}-pass`).click();
    await sup.getByTestId('review-criterion-no_examples-fail').click();
    // A fail without a reason is not sent.
    await sup.getByTestId('review-submit').click();
    await expect
      .poll(async () =>
        (await sup.request.get(`${server.url}/api/supervision/materials/${materialId}`))
          .json()
          .then((m: MaterialDetailView) => m.reviews.length),
      )
      .toBe(0);
    await sup.getByTestId('review-comment-no_examples').fill('查摆问题没有具体事例，请写明时间、事情和影响。');
    await shot(sup, 'zh-61-review-fail-no-examples');
    await sup.getByTestId('review-submit').click();
    await expect.poll(() => sup.getByTestId('material-status').innerText()).toContain('退回');
    const m = (await (
      await sup.request.get(`${server.url}/api/supervision/materials/${materialId}`)
    ).json()) as MaterialDetailView;
    expect(m.status).toBe('returned');
    expect(m.reviews[0].results.find((r) => r.key === 'no_examples')).toMatchObject({
      pass: false,
      comment: '查摆问题没有具体事例，请写明时间、事情和影响。',
    });
  });

  it('the secretary revises it on a phone, adding a concrete example, and resubmits', async () => {
    await sec.goto(`${server.url}/materials/${materialId}`);
    const editor = sec.getByTestId('material-body-editor');
    await editor.waitFor();
    const body = await editor.inputValue();
    const lines = body.split('\n');
    const at = lines.findIndex((l) => l.startsWith('（二）'));
    lines.splice(at, 0, example);
    await editor.fill(lines.join('\n'));
    await shot(sec, 'zh-62-phone-material-revise');
    await sec.getByTestId('material-save').click();
    await sec.getByTestId('material-saved-as').waitFor();
    await sec.getByTestId('material-submit').click();
    await confirmDialog(sec);
    await expect.poll(() => sec.getByTestId('material-status').innerText()).toContain('待审核');
    const m = (await (
      await sec.request.get(`${server.url}/api/supervision/materials/${materialId}`)
    ).json()) as MaterialDetailView;
    expect(m.version).toBe(2);
    expect(m.versions.map((v) => v.version)).toEqual([2, 1]);
  });

  it('the supervisor sees what changed since their last review, side by side, and passes it', async () => {
    await sup.goto(`${server.url}/materials/${materialId}`);
    await sup.getByTestId('diff-view').waitFor();
    const added = sup.locator('[data-testid="diff-row-add"], [data-testid="diff-row-change"]');
    await expect.poll(() => added.count()).toBeGreaterThan(0);
    expect(await added.first().innerText()).toContain('往返三次');
    await shot(sup, 'zh-63-review-diff');
    for (const key of [
      'problems_not_found',
      'no_examples',
      'not_persuasive',
      'roots_not_analysed',
      'measures_not_practical',
    ])
      await sup.getByTestId(`review-criterion-${key}-pass`).click();
    await sup.getByTestId('review-submit').click();
    await expect.poll(() => sup.getByTestId('material-status').innerText()).toContain('通过');
    await shot(sup, 'zh-64-review-passed');
    const m = (await (
      await sup.request.get(`${server.url}/api/supervision/materials/${materialId}`)
    ).json()) as MaterialDetailView;
    expect([m.status, m.round, m.reviews.map((r) => r.pass)]).toEqual(['passed', 2, [true, false]]);
  });

  it('an overdue order has escalated to a proposed criticism, and the district office issues it', async () => {
    const all = (
      (await (
        await office.request.get(`${server.url}/api/supervision/forms?org=${districtId}&limit=200`)
      ).json()) as ListPage<FormView>
    ).items;
    const proposal = all.find((f) => f.status === 'proposed' && f.kind === 'criticism')!;
    const order = all.find((f) => f.id === proposal.escalatedFromId)!;
    expect(order.overdue).toBe(true);
    await office.goto(`${server.url}/forms/${order.id}`);
    await office.getByTestId('form-overdue').first().waitFor();
    await shot(office, 'zh-65-order-overdue');
    await office.goto(`${server.url}/supervision/${districtId}?tab=forms`);
    await office.getByTestId(`desk-item-${proposal.id}`).waitFor();
    await shot(office, 'zh-66-desk-proposed-criticism');
    await office.getByTestId(`desk-issue-${proposal.id}`).click();
    // A criticism is issued only on a confirmed decision.
    await confirmDialog(office);
    await expect
      .poll(
        async () =>
          ((await (await office.request.get(`${server.url}/api/supervision/forms/${proposal.id}`)).json()) as FormView)
            .status,
      )
      .toBe('issued');
    await office.goto(`${server.url}/forms/${proposal.id}`);
    await expect.poll(() => office.getByTestId('form-number').innerText()).toMatch(/通报〔\d{4}〕1号/);
    await shot(office, 'zh-67-criticism-issued');
    const docx = await office.request.get(`${server.url}/api/supervision/forms/${proposal.id}/docx`);
    expect(docx.status()).toBe(200);
    expect((await docx.body()).subarray(0, 2).toString()).toBe('PK');
  });

  it('reads in English too', async () => {
    const en = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const page = await en.newPage();
    await signIn(page, server.url, 'supervisor');
    await page.request.patch(`${server.url}/api/me`, {
      data: { locale: 'en' },
      headers: { 'x-csrf-token': (await (await page.request.get(`${server.url}/api/me`)).json()).csrfToken },
    });
    await page.goto(`${server.url}/materials/${materialId}`);
    await page.getByTestId('material-status').waitFor();
    await expect.poll(() => page.getByTestId('material-status').innerText()).toBe('Passed');
    await shot(page, 'en-60-material-passed');
    await page.goto(`${server.url}/supervision/${districtId}?tab=forms`);
    await page.getByTestId('forms-table').waitFor();
    await shot(page, 'en-61-forms');
    await en.close();
  });
});
