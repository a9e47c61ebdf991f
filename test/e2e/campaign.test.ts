import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { homeOrg, launch, SHOTS, signIn as signInAt, startServer, type Server } from './support.ts';
import type { ProgressView, RedListView, TaskPage } from '../../src/shared/campaigns.ts';
import type { WorkbenchView } from '../../src/shared/api.ts';

const shot = async (page: Page, name: string) => {
  await page.waitForTimeout(600);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
};

const daysAgo = (n: number) => {
  const d = new Date(Date.now() + 8 * 3600_000 - n * 86400_000);
  return d.toISOString().slice(0, 10);
};

/**
 * The campaign journey (issue #3): the district office deploys the Mass Line campaign's second
 * batch to its branches; a village branch secretary, on a phone, writes and submits a deliverable;
 * the office returns it with a comment; it is resubmitted and approved; the progress figures and
 * the red list follow every step.
 */
describe('campaign journey', () => {
  let server: Server;
  let browser: Browser;
  let office: BrowserContext;
  let phone: BrowserContext;
  let desk: Page;
  let mobile: Page;
  let campaignId: number;
  let districtId: number;
  let branchId: number;
  let taskId: number;

  beforeAll(async () => {
    server = await startServer(3178);
    browser = await launch();
    office = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    desk = await office.newPage();
    mobile = await phone.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Signs in; every account lands on the workbench. */
  const signIn = (page: Page, username: string) => signInAt(page, server.url, username);
  const progress = async (): Promise<ProgressView> =>
    (await desk.request.get(`${server.url}/api/campaigns/${campaignId}/progress?org=${districtId}`)).json();
  const redFor = async (orgId: number) => {
    const red = (await (
      await desk.request.get(`${server.url}/api/campaigns/${campaignId}/red-list?org=${districtId}`)
    ).json()) as RedListView;
    return red.items.find((x) => x.orgId === orgId)?.overdue ?? 0;
  };

  it('the district office deploys the second batch of the Mass Line campaign to its branches', async () => {
    await signIn(desk, 'district');
    districtId = await homeOrg(desk, server.url);
    await desk.getByTestId('nav-campaigns').click();
    await desk.getByTestId('campaign-deploy-open').waitFor();
    // The demo city's first batch is already half-way through.
    await expect.poll(() => desk.locator('[data-testid^="campaign-"]').count()).toBeGreaterThan(0);
    // The office's deploy button is there because the server says so (list-level abilities).
    const list = (await (await desk.request.get(`${server.url}/api/campaigns`)).json()) as {
      abilities: { deploy: boolean };
      deployOrgs: Array<{ id: number }>;
    };
    expect(list.abilities.deploy).toBe(true);
    expect(list.deployOrgs.map((o) => o.id)).toContain(districtId);
    expect(await desk.locator('[data-ability="deploy"]:visible').count()).toBe(1);
    await shot(desk, 'zh-10-campaigns');

    // The header's 部署活动 has no template in mind: none is preselected, the user picks one.
    await desk.getByTestId('campaign-deploy-open').click();
    const drawer = desk.locator('.ant-drawer-body');
    await desk.getByTestId('deploy-submit').waitFor();
    await expect.poll(() => drawer.innerText()).toContain('请选择要部署的活动模板');
    expect(await drawer.innerText()).not.toContain('教育活动');
    await desk.locator('.ant-drawer-extra button').first().click();
    await desk.getByTestId('deploy-submit').waitFor({ state: 'detached' });

    // A template's own 部署活动 opens with that template.
    await desk.getByRole('tab', { name: '活动模板' }).click();
    await desk.getByTestId('deploy-mass_line').click();
    await expect.poll(() => drawer.innerText()).toContain('党的群众路线教育实践活动');
    await desk.getByTestId('deploy-doc').fill('城活发〔2026〕2号');
    const batch = desk.getByTestId('batch-0');
    await batch.locator('input').first().fill('第二批');
    // The second batch: general branches and branches only.
    for (const level of ['县（区）级党委', '乡镇（街道）党委']) {
      await batch.locator(`.ant-select-selection-item[title="${level}"] .ant-select-selection-item-remove`).click();
    }
    // Started 40 days ago: the study phase (30 days) is past, so its tasks are overdue now.
    const date = batch.locator('.ant-picker input');
    await date.click();
    await date.fill(daysAgo(40));
    await date.press('Enter');
    await shot(desk, 'zh-11-deploy');
    await desk.getByTestId('deploy-submit').click();
    await desk.waitForURL(/\/campaigns\/\d+/);
    campaignId = Number(desk.url().match(/\/campaigns\/(\d+)/)![1]);
    await desk.getByTestId('progress-figures').waitFor();
    await desk.getByTestId('chart-phases').waitFor();

    const p = await progress();
    expect(p.figures.units).toBeGreaterThan(10);
    expect(p.figures.overdue).toBeGreaterThan(0);
    expect(p.redListCount).toBe(p.figures.units);
    await expect.poll(() => desk.getByTestId('figure-overdue').innerText()).toContain(String(p.figures.overdue));
    // The cards add up: approved + awaiting review + not yet due + overdue = tasks.
    const card = async (k: string) =>
      Number((await desk.getByTestId(`figure-${k}`).locator('.ant-statistic-content').innerText()).replace(/\D/g, ''));
    const parts = (await Promise.all(['approved', 'submitted', 'due', 'overdue'].map(card))).reduce((a, b) => a + b, 0);
    expect(parts).toBe(p.figures.total);
    expect(await card('total')).toBe(p.figures.total);
    await shot(desk, 'zh-12-campaign-progress');
    await desk.getByTestId('tab-red').click();
    await desk.getByTestId('red-list').waitFor();
    await shot(desk, 'zh-13-red-list');
  });

  it('a branch secretary on a phone writes and submits the study plan', async () => {
    await signIn(mobile, 'secretary');
    branchId = await homeOrg(mobile, server.url);
    // The second batch reached the branch: its tasks wait on the secretary's workbench, no need to
    // leave it to see them (the count is the server's, the rows the first of them).
    const fill = mobile.getByTestId('wb-section-tasks_to_fill');
    await fill.locator('.wb-item').first().waitFor();
    const wb = (await (await mobile.request.get(`${server.url}/api/workbench`)).json()) as WorkbenchView;
    const tasks = wb.sections.find((s) => s.section === 'tasks_to_fill')!;
    expect(tasks.count).toBeGreaterThan(0);
    expect(tasks.items.every((x) => x.orgId === branchId)).toBe(true);
    expect(await fill.locator('.wb-item').count()).toBe(tasks.items.length);
    await shot(mobile, 'zh-13a-phone-workbench-secretary');
    await mobile.getByTestId('nav-campaigns-mobile').click();
    await mobile.getByTestId(`campaign-${campaignId}`).waitFor();
    // The phone shows the campaigns as cards, and no deploy button: the server gives the branch none.
    await mobile.getByTestId('campaigns-list-cards').waitFor();
    expect(await mobile.locator('[data-ability="deploy"]').count()).toBe(0);
    await shot(mobile, 'zh-13b-phone-campaigns');
    await mobile.getByTestId(`campaign-${campaignId}`).click();
    await mobile.getByTestId('own-tasks').waitFor();
    // The secretary's scope ends at the branch: no way up to the township.
    expect(await mobile.getByTestId('progress-up').count()).toBe(0);
    await shot(mobile, 'zh-14-phone-tasks');

    const before = await progress();
    const redBefore = await redFor(branchId);
    expect(redBefore).toBeGreaterThan(0);
    await mobile.getByTestId('task-study_plan').click();
    await mobile.getByTestId('task-editor').waitFor();
    taskId = Number(mobile.url().match(/\/tasks\/(\d+)/)![1]);
    await mobile.getByTestId('task-editor').click();
    await mobile.keyboard.type('一、学习安排：集中学习5天，每天3学时。');
    await mobile.keyboard.press('Enter');
    await mobile.keyboard.type('二、学习内容：党章、习近平总书记系列重要讲话、《论群众路线——重要论述摘编》。');
    await shot(mobile, 'zh-15-phone-task-edit');
    await mobile.getByTestId('task-submit').click();
    await expect.poll(() => mobile.getByTestId('task-status').first().innerText()).toBe('待审核');
    await shot(mobile, 'zh-16-phone-task-submitted');

    const after = await progress();
    expect(after.figures.submitted).toBe(before.figures.submitted + 1);
    expect(after.figures.overdue).toBe(before.figures.overdue - 1);
    expect(await redFor(branchId)).toBe(redBefore - 1);
  });

  it('the office returns it with a comment; the secretary revises and resubmits; the office approves', async () => {
    await desk.goto(`${server.url}/tasks/${taskId}`);
    await desk.getByTestId('task-return').click();
    await desk.getByTestId('comment-input').fill('学习计划未明确专题研讨安排，请补充。');
    await desk.locator('#comment-ok').click();
    await expect.poll(() => desk.getByTestId('task-status').first().innerText()).toBe('已退回');
    await shot(desk, 'zh-17-task-returned');
    let p = await progress();
    expect(p.figures.returned).toBe(1);

    await mobile.reload();
    await mobile.getByTestId('task-returned').waitFor();
    expect(await mobile.getByTestId('task-returned').innerText()).toContain('专题研讨');
    await mobile.getByTestId('task-editor').click();
    await mobile.keyboard.press('End');
    await mobile.keyboard.press('Enter');
    await mobile.keyboard.type('三、专题研讨：围绕“四风”问题开展两次专题研讨。');
    await shot(mobile, 'zh-18-phone-task-revise');
    await mobile.getByTestId('task-submit').click();
    await expect.poll(() => mobile.getByTestId('task-status').first().innerText()).toBe('待审核');

    await desk.reload();
    await desk.getByTestId('task-approve').click();
    await expect.poll(() => desk.getByTestId('task-status').first().innerText()).toBe('已通过');
    await desk.getByTestId('task-history').waitFor();
    await shot(desk, 'zh-19-task-approved');
    const history = await desk.getByTestId('task-history').innerText();
    expect(history.match(/提交/g)?.length).toBe(2);
    expect(history).toContain('学习计划未明确专题研讨安排');

    // Each line typed on the phone stayed a paragraph of its own.
    const saved = (await (await desk.request.get(`${server.url}/api/tasks/${taskId}`)).json()) as {
      content: { html: string };
    };
    expect(saved.content.html.match(/<p>/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect(saved.content.html).toContain('三、专题研讨');

    p = await progress();
    expect(p.figures.approved).toBe(1);
    expect(p.figures.returned).toBe(0);
    // The drill-down list agrees with the figure.
    const approved = (await (
      await desk.request.get(
        `${server.url}/api/campaigns/${campaignId}/tasks?org=${districtId}&subtree=true&status=approved`,
      )
    ).json()) as TaskPage;
    expect(approved.total).toBe(1);
    expect(approved.items[0].id).toBe(taskId);

    // The progress page shows it: drill down to the branch's township and to the branch.
    await desk.goto(`${server.url}/campaigns/${campaignId}?org=${branchId}`);
    await desk.getByTestId('own-tasks').waitFor();
    await desk.getByTestId('progress-up').click();
    await desk.getByTestId('progress-children').waitFor();
    await desk.goto(`${server.url}/campaigns/${campaignId}`);
    await desk.getByTestId('progress-children').waitFor();
    await shot(desk, 'zh-20-campaign-progress-after');
  });

  it('the office sends a notice; the secretary reads it on the phone; the receipt rolls up', async () => {
    await desk.goto(`${server.url}/notices`);
    await desk.getByTestId('notice-compose').click();
    await desk.getByTestId('notice-title').fill('关于报送第二批教育实践活动进展情况的通知');
    await desk.getByTestId('notice-body').click();
    await desk.keyboard.type('请各党支部于本月底前报送学习教育环节进展情况。');
    await shot(desk, 'zh-21-notice-compose');
    await desk.getByTestId('notice-send').click();
    await desk.waitForURL(/\/notices\/\d+/);
    const noticeId = Number(desk.url().match(/\/notices\/(\d+)/)![1]);
    await desk.getByTestId('notice-receipts').waitFor();
    const before = (await (await desk.request.get(`${server.url}/api/notices/${noticeId}/receipts`)).json()) as {
      total: number;
      read: number;
    };
    expect(before.total).toBeGreaterThan(10);
    expect(before.read).toBe(0);

    // The secretary's bell already tells of the return and the approval (on a phone it sits on 消息).
    await mobile.goto(`${server.url}/notices`);
    await mobile.getByTestId('notifications-open').click();
    await mobile.getByTestId('notifications').waitFor();
    await expect.poll(() => mobile.getByTestId('notifications').innerText()).toContain('退回');
    await shot(mobile, 'zh-22-phone-notifications');
    await mobile.keyboard.press('Escape');

    await mobile.getByTestId('nav-notices-mobile').click();
    await mobile.getByTestId(`notice-${noticeId}`).click();
    await mobile.getByTestId('notice-title-view').waitFor();
    await expect
      .poll(
        async () =>
          (
            (await (await desk.request.get(`${server.url}/api/notices/${noticeId}/receipts`)).json()) as {
              read: number;
            }
          ).read,
      )
      .toBe(1);
    await shot(mobile, 'zh-23-phone-notice');
    await desk.reload();
    await desk.getByTestId('notice-receipts').waitFor();
    await shot(desk, 'zh-24-notice-receipts');
  });

  it('reads the same pages in English', async () => {
    await desk.goto(`${server.url}/campaigns/${campaignId}`);
    await desk.getByTestId('progress-children').waitFor();
    await desk.getByTestId('lang-switch').getByText('English').click();
    await expect.poll(() => desk.getByRole('tab', { name: 'Progress' }).count()).toBe(1);
    await shot(desk, 'en-10-campaign-progress');
    await desk.goto(`${server.url}/tasks/${taskId}`);
    await desk.getByTestId('task-history').waitFor();
    expect(await desk.getByTestId('task-status').first().innerText()).toBe('Approved');
    await shot(desk, 'en-11-task');
    await desk.getByTestId('lang-switch').getByText('中文').click();
  });
});
