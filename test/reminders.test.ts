import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { addDays, dateIn, daysBetween } from '../src/server/platform/dates.ts';
import { runReminders, type ReminderResult } from '../src/server/modules/reminders/reminders.service.ts';
import { startReminderScheduler } from '../src/server/modules/reminders/reminders.scheduler.ts';
import { CATCH_UP_DAYS } from '../src/server/modules/reminders/reminders.repository.ts';
import type { TaskDetailView, TTemplateBody } from '../src/shared/campaigns.ts';
import type {
  DueSoonParams,
  EscalationParams,
  NotificationPage,
  NotificationView,
  OverdueParams,
} from '../src/shared/notices.ts';

const name = (zh: string, en: string) => ({ zh, en });
const BODY: TTemplateBody = {
  phases: [
    { key: 'early', name: name('学习教育', 'Study'), startOffsetDays: 0, durationDays: 10 },
    { key: 'mid', name: name('查摆问题', 'Checking'), startOffsetDays: 10, durationDays: 10 },
    { key: 'late', name: name('整改落实', 'Rectification'), startOffsetDays: 20, durationDays: 10 },
  ],
  actions: [
    {
      key: 'plan',
      phaseKey: 'early',
      kind: 'prescribed',
      name: name('制定学习计划', 'Study plan'),
      deliverable: 'form',
      assignee: 'branch',
    },
    {
      key: 'notes',
      phaseKey: 'early',
      kind: 'prescribed',
      name: name('学习笔记', 'Study notes'),
      deliverable: 'files',
      assignee: 'branch',
    },
    {
      key: 'meeting',
      phaseKey: 'mid',
      kind: 'prescribed',
      name: name('组织生活会', 'Organization life meeting'),
      deliverable: 'meeting',
      assignee: 'branch',
    },
    {
      key: 'report',
      phaseKey: 'mid',
      kind: 'prescribed',
      name: name('对照检查材料', 'Analysis report'),
      deliverable: 'form',
      assignee: 'leading_body',
    },
    {
      key: 'summary',
      phaseKey: 'late',
      kind: 'prescribed',
      name: name('整改总结', 'Rectification summary'),
      deliverable: 'form',
      assignee: 'branch',
    },
  ],
  requirements: [],
};

/** The pinned "today" of the simulation: far from the real date, so nothing else interferes. */
const T = '2031-03-10';
const ESCALATION_DAYS = 2;
const d = (k: number) => addDays(T, k);

interface Expected {
  key: string;
  orgId: number;
  kind: string;
}

/**
 *  city ─┬─ countyA ─┬─ townA1 ─┬─ brA1a
 *        │           │          └─ brA1b
 *        │           └─ townA2 ── brA2a
 *        └─ countyB ── townB ── brB
 */
describe('reminders, escalation and the notification inbox', () => {
  let h: Harness;
  const o: Record<string, number> = {};
  let officeA: Client;
  let secA1a: Client;
  let secA1b: Client;
  let secA2a: Client;
  let townSec: Client;
  let outsider: Client;
  let campaignId: number;
  /** dedupe key → the simulated day its notification appeared. */
  const firstSeen = new Map<string, string>();

  const taskOf = async (orgId: number, action: string) =>
    (
      await h.db.db
        .selectFrom('campaign_tasks')
        .select('id')
        .where('campaign_id', '=', campaignId)
        .where('org_id', '=', orgId)
        .where('action_key', '=', action)
        .executeTakeFirstOrThrow()
    ).id;
  const transition = async (c: Client, taskId: number, action: string, comment?: string) => {
    const res = await c.post(`/api/tasks/${taskId}/transition`, { action, comment });
    expect(res.statusCode, res.body).toBe(200);
  };
  const keyed = async () =>
    h.db.db
      .selectFrom('notifications')
      .select(['id', 'org_id', 'kind', 'dedupe_key', 'params', 'task_id'])
      .where('dedupe_key', 'is not', null)
      .orderBy('id')
      .execute();

  /** Brute force from the task rows: what a run on `day` must add, given what exists already. */
  async function expectedFor(day: string, existing: Set<string>): Promise<Expected[]> {
    const tasks = await h.db.db
      .selectFrom('campaign_tasks as t')
      .innerJoin('campaigns as c', 'c.id', 't.campaign_id')
      .select([
        't.campaign_id',
        't.org_id',
        't.due_date',
        't.status',
        't.active',
        'c.status as c_status',
        'c.escalation_days',
        'c.org_id as c_org',
      ])
      .execute();
    const out = new Map<string, Expected>();
    for (const t of tasks) {
      if (!t.active || t.c_status !== 'active' || !(t.status === 'draft' || t.status === 'returned')) continue;
      const left = daysBetween(day, t.due_date);
      if (left >= 0 && left <= 7) {
        const th = left <= 1 ? 1 : left <= 3 ? 3 : 7;
        out.set(`due:${t.campaign_id}:${t.org_id}:${t.due_date}:${th}`, {
          key: '',
          orgId: t.org_id,
          kind: 'task_due_soon',
        });
      }
      if (-left >= 1 && -left <= CATCH_UP_DAYS)
        out.set(`overdue:${t.campaign_id}:${t.org_id}:${t.due_date}`, {
          key: '',
          orgId: t.org_id,
          kind: 'task_overdue',
        });
      const cutoff = addDays(day, -t.escalation_days);
      if (t.due_date < cutoff && t.due_date >= addDays(cutoff, -CATCH_UP_DAYS))
        out.set(`escalation:${t.campaign_id}:${t.org_id}`, { key: '', orgId: t.c_org, kind: 'escalation' });
    }
    return [...out]
      .filter(([k]) => !existing.has(k))
      .map(([key, e]) => ({ ...e, key }))
      .sort((a, b) => a.key.localeCompare(b.key));
  }

  /** Runs the reminders for `day` and checks the rows added are exactly the expected ones; a second run adds nothing. */
  async function runDay(day: string, concurrently = false) {
    const before = await keyed();
    const expected = await expectedFor(day, new Set(before.map((r) => r.dedupe_key!)));
    let results: ReminderResult[];
    if (concurrently) results = await Promise.all([runReminders(h.db.db, day), runReminders(h.db.db, day)]);
    else results = [await runReminders(h.db.db, day)];
    const after = await keyed();
    const added = after
      .slice(before.length)
      .map((r) => ({ key: r.dedupe_key!, orgId: r.org_id, kind: r.kind }))
      .sort((a, b) => a.key.localeCompare(b.key));
    expect(added, `day ${day}`).toEqual(expected);
    const sum = (k: 'dueSoon' | 'overdue' | 'escalations') => results.reduce((s, r) => s + r[k], 0);
    expect({ dueSoon: sum('dueSoon'), overdue: sum('overdue'), escalations: sum('escalations') }, `day ${day}`).toEqual(
      {
        dueSoon: expected.filter((e) => e.kind === 'task_due_soon').length,
        overdue: expected.filter((e) => e.kind === 'task_overdue').length,
        escalations: expected.filter((e) => e.kind === 'escalation').length,
      },
    );
    for (const a of added) firstSeen.set(a.key, day);
    // Idempotent: the same day again adds nothing.
    const again = await runReminders(h.db.db, day);
    expect(again).toMatchObject({ dueSoon: 0, overdue: 0, escalations: 0 });
    expect((await keyed()).length).toBe(after.length);
    return added;
  }

  beforeAll(async () => {
    h = await createHarness();
    o.city = (await buildRoot(h, '中共提醒市委员会')).id;
    o.countyA = (await buildOrg(h, o.city, 'county', '甲县委')).id;
    o.countyB = (await buildOrg(h, o.city, 'county', '乙县委')).id;
    o.townA1 = (await buildOrg(h, o.countyA, 'township', '甲一镇党委')).id;
    o.townA2 = (await buildOrg(h, o.countyA, 'township', '甲二镇党委')).id;
    o.brA1a = (await buildOrg(h, o.townA1, 'branch', '甲一村党支部')).id;
    o.brA1b = (await buildOrg(h, o.townA1, 'branch', '甲二村党支部')).id;
    o.brA2a = (await buildOrg(h, o.townA2, 'branch', '甲三村党支部')).id;
    o.townB = (await buildOrg(h, o.countyB, 'township', '乙一镇党委')).id;
    o.brB = (await buildOrg(h, o.townB, 'branch', '乙一村党支部')).id;
    await buildUser(h, 'officeA', [{ role: 'office', orgId: o.countyA }]);
    await buildUser(h, 'secA1a', [{ role: 'unit_admin', orgId: o.brA1a }]);
    await buildUser(h, 'secA1b', [{ role: 'unit_admin', orgId: o.brA1b }]);
    await buildUser(h, 'secA2a', [{ role: 'unit_admin', orgId: o.brA2a }]);
    await buildUser(h, 'townSec', [{ role: 'unit_admin', orgId: o.townA1 }]);
    await buildUser(h, 'outsider', [{ role: 'unit_admin', orgId: o.brB }]);
    [officeA, secA1a, secA1b, secA2a, townSec, outsider] = await Promise.all(
      ['officeA', 'secA1a', 'secA1b', 'secA2a', 'townSec', 'outsider'].map((u) => login(h, u)),
    );

    const tpl = await officeA.post('/api/campaign-templates', {
      ownerOrgId: o.countyA,
      name: name('提醒测试活动', 'Reminder test'),
      body: BODY,
    });
    expect(tpl.statusCode, tpl.body).toBe(201);
    const dep = await officeA.post('/api/campaigns', {
      templateId: tpl.json().id,
      orgId: o.countyA,
      escalationDays: ESCALATION_DAYS,
      batches: [
        {
          name: '第一批',
          levels: ['township', 'branch'],
          startDate: d(-20),
          phases: [
            { key: 'early', start: d(-20), end: d(-4) },
            { key: 'mid', start: d(-3), end: d(3) },
            { key: 'late', start: d(4), end: d(9) },
          ],
        },
      ],
    });
    expect(dep.statusCode, dep.body).toBe(201);
    campaignId = dep.json().id;
    // townA2's subtree gets a tighter date for the last phase.
    const dl = await officeA.post(`/api/campaigns/${campaignId}/deadlines`, {
      orgId: o.townA2,
      phaseKey: 'late',
      dueDate: d(7),
    });
    expect(dl.statusCode, dl.body).toBe(200);
  });
  afterAll(async () => h?.close());

  it('simulated daily runs add exactly the expected reminders, overdue notices and escalations; repeats add nothing', async () => {
    for (let k = -12; k <= 14; k++) {
      const day = d(k);
      if (k === -8) {
        // brA1a does half of the first phase; brA1b all of it; brA2a submits and is sent back.
        await transition(secA1a, await taskOf(o.brA1a, 'plan'), 'submit');
        await transition(secA1b, await taskOf(o.brA1b, 'plan'), 'submit');
        await transition(secA1b, await taskOf(o.brA1b, 'notes'), 'submit');
        await transition(secA2a, await taskOf(o.brA2a, 'plan'), 'submit');
        await transition(officeA, await taskOf(o.brA2a, 'plan'), 'return', '计划不具体');
      }
      await runDay(day, k === 0);
    }
    const c = campaignId;
    const seen = (key: string) => firstSeen.get(key) ?? null;
    // On the 7th, 3rd and 1st day before, the day after, and the first day past the escalation period.
    expect(seen(`due:${c}:${o.brA1a}:${d(-4)}:7`)).toBe(d(-11));
    expect(seen(`due:${c}:${o.brA1a}:${d(-4)}:3`)).toBe(d(-7));
    expect(seen(`due:${c}:${o.brA1a}:${d(-4)}:1`)).toBe(d(-5));
    expect(seen(`overdue:${c}:${o.brA1a}:${d(-4)}`)).toBe(d(-3));
    expect(seen(`escalation:${c}:${o.brA1a}`)).toBe(d(-4 + ESCALATION_DAYS + 1));
    // brA1b finished the first phase before the 3-day mark: no more reminders for it, no overdue,
    // and its escalation comes only from the second phase.
    expect(seen(`due:${c}:${o.brA1b}:${d(-4)}:7`)).toBe(d(-11));
    expect(seen(`due:${c}:${o.brA1b}:${d(-4)}:3`)).toBeNull();
    expect(seen(`overdue:${c}:${o.brA1b}:${d(-4)}`)).toBeNull();
    expect(seen(`escalation:${c}:${o.brA1b}`)).toBe(d(3 + ESCALATION_DAYS + 1));
    // The returned task is open again: brA2a keeps being reminded; its tightened last phase too.
    expect(seen(`overdue:${c}:${o.brA2a}:${d(-4)}`)).toBe(d(-3));
    expect(seen(`due:${c}:${o.brA2a}:${d(7)}:7`)).toBe(d(0));
    expect(seen(`due:${c}:${o.brA2a}:${d(7)}:3`)).toBe(d(4));
    expect(seen(`due:${c}:${o.brA2a}:${d(7)}:1`)).toBe(d(6));
    expect(seen(`overdue:${c}:${o.brA2a}:${d(7)}`)).toBe(d(8));
    expect(seen(`due:${c}:${o.brA1a}:${d(9)}:1`)).toBe(d(8));
    // Townships are reminded of their own (leading-body) task; escalation goes to the deploying office.
    expect(seen(`due:${c}:${o.townA1}:${d(3)}:3`)).toBe(d(0));
    const rows = await keyed();
    expect(rows.filter((r) => r.kind === 'escalation').every((r) => r.org_id === o.countyA)).toBe(true);
    expect(
      rows
        .filter((r) => r.kind === 'escalation')
        .map((r) => (r.params as EscalationParams).unitId)
        .sort(),
    ).toEqual([o.townA1, o.townA2, o.brA1a, o.brA1b, o.brA2a].sort());
    // Nothing for the other county.
    expect(rows.some((r) => r.org_id === o.brB || r.org_id === o.townB)).toBe(false);

    // What the web app renders.
    const due = rows.find((r) => r.dedupe_key === `due:${c}:${o.brA1a}:${d(-4)}:3`)!;
    expect(due.params as DueSoonParams).toEqual({
      unit: '甲一村党支部',
      campaign: { zh: '提醒测试活动', en: 'Reminder test' },
      dueDate: d(-4),
      days: 3,
      threshold: 3,
      count: 1,
      actions: [{ key: 'notes', period: '', name: { zh: '学习笔记', en: 'Study notes' } }],
    });
    expect(due.task_id).toBe(await taskOf(o.brA1a, 'notes'));
    const seven = rows.find((r) => r.dedupe_key === `due:${c}:${o.brA1a}:${d(-4)}:7`)!;
    expect(seven.params).toMatchObject({ days: 7, count: 2 });
    expect(seven.task_id).toBeNull();
    const overdue = rows.find((r) => r.dedupe_key === `overdue:${c}:${o.brA1a}:${d(-4)}`)!;
    expect(overdue.params as OverdueParams).toMatchObject({ daysOverdue: 1, count: 1, dueDate: d(-4) });
    const esc = rows.find((r) => r.dedupe_key === `escalation:${c}:${o.brA1a}`)!;
    expect(esc.params as EscalationParams).toEqual({
      unit: '甲一村党支部',
      unitId: o.brA1a,
      campaign: { zh: '提醒测试活动', en: 'Reminder test' },
      escalationDays: ESCALATION_DAYS,
      overdue: 1,
      oldestDue: d(-4),
      daysOverdue: ESCALATION_DAYS + 1,
    });
    // The escalation is the push of the red list: the same units, on the same day.
    const audit = await h.db.db
      .selectFrom('audit_events')
      .select(['actor_name', 'after'])
      .where('action', '=', 'reminders.run')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((a) => a.actor_name === 'system')).toBe(true);
  });

  it('misses of a few days are caught up within the bucket; a closed campaign is left alone', async () => {
    // A second campaign, first looked at 5 days before its due date: the 7-day reminder comes at once.
    const tpl = (await officeA.get('/api/campaign-templates'))
      .json()
      .find((t: { name: { zh: string } }) => t.name.zh === '提醒测试活动').id;
    const dep = await officeA.post('/api/campaigns', {
      templateId: tpl,
      orgId: o.townA2,
      escalationDays: 0,
      batches: [
        {
          name: '补充',
          levels: ['branch'],
          startDate: d(20),
          phases: [
            { key: 'early', start: d(20), end: d(30) },
            { key: 'mid', start: d(31), end: d(40) },
            { key: 'late', start: d(41), end: d(50) },
          ],
        },
      ],
    });
    expect(dep.statusCode, dep.body).toBe(201);
    const c2 = dep.json().id as number;
    const added = await runDay(d(25));
    expect(added.map((a) => a.key)).toContain(`due:${c2}:${o.brA2a}:${d(30)}:7`);
    // Two days skipped: the 3-day reminder is sent with 2 days left.
    await runDay(d(28));
    const row = (await keyed()).find((r) => r.dedupe_key === `due:${c2}:${o.brA2a}:${d(30)}:3`)!;
    expect(row.params).toMatchObject({ days: 2, threshold: 3 });
    // Escalation after 0 days: the first overdue day, together with the overdue notice.
    const day31 = await runDay(d(31));
    expect(day31.map((a) => a.key)).toEqual(
      expect.arrayContaining([`overdue:${c2}:${o.brA2a}:${d(30)}`, `escalation:${c2}:${o.brA2a}`]),
    );
    expect(day31.find((a) => a.kind === 'escalation')!.orgId).toBe(o.townA2);
    // Closed campaigns are not reminded.
    await h.db.db.updateTable('campaigns').set({ status: 'closed' }).where('id', '=', c2).execute();
    expect((await runDay(d(38))).filter((a) => a.key.includes(`:${c2}:`))).toEqual([]);
  });

  it('the scheduler runs in the background, unref’d, and stops cleanly', async () => {
    const results: ReminderResult[] = [];
    let done!: () => void;
    const ran = new Promise<void>((r) => (done = r));
    const s = startReminderScheduler(h.db.db, {
      firstDelayMs: 5,
      intervalMs: 60_000,
      today: () => d(60),
      onResult: (r) => (results.push(r), done()),
    });
    await ran;
    await s.stop();
    expect(results).toEqual([
      {
        today: d(60),
        skipped: false,
        dueSoon: 0,
        overdue: 0,
        escalations: 0,
        formProposals: 0,
        problemDueSoon: 0,
        measureDueSoon: 0,
        milestoneDueSoon: 0,
        problemOverdue: 0,
        problemEscalations: 0,
      },
    ]);
    // A stopped scheduler never runs again.
    const s2 = startReminderScheduler(h.db.db, {
      firstDelayMs: 5,
      today: () => d(61),
      onResult: (r) => results.push(r),
    });
    await s2.stop();
    await new Promise((r) => setTimeout(r, 30));
    expect(results).toHaveLength(1);
  });

  it('notifications inbox: the orgs the user is granted at, newest first, keyset-paged; read and read-all', async () => {
    const dbRows = async (orgId: number) =>
      h.db.db
        .selectFrom('notifications')
        .select(['id', 'read_at'])
        .where('org_id', '=', orgId)
        .orderBy('id', 'desc')
        .execute();
    const mine = await dbRows(o.brA1a);
    expect(mine.length).toBeGreaterThan(5);
    const ids: number[] = [];
    let after: string | null = null;
    do {
      const page = (
        await secA1a.get(`/api/notifications?limit=4${after ? `&after=${after}` : ''}`)
      ).json() as NotificationPage;
      expect(page.items.every((n) => n.orgId === o.brA1a)).toBe(true);
      expect(page.unread).toBe(mine.length);
      ids.push(...page.items.map((n) => n.id));
      after = page.next;
    } while (after !== null);
    expect(ids).toEqual(mine.map((m) => m.id));
    // The county office hears of escalations (and what is addressed to the county), not every branch's reminders.
    const office = (await officeA.get('/api/notifications?limit=200')).json() as NotificationPage;
    expect(office.items.map((n) => n.id)).toEqual((await dbRows(o.countyA)).map((m) => m.id));
    expect(office.items.every((n) => n.orgId === o.countyA)).toBe(true);
    const esc = office.items.find((n) => n.kind === 'escalation') as NotificationView;
    expect(esc).toMatchObject({
      campaignId,
      campaignName: { zh: '提醒测试活动', en: 'Reminder test' },
      orgName: '甲县委',
      readAt: null,
    });
    expect((await officeA.get(`/api/notifications?org=${o.brA1a}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/notifications?org=${o.brA1a}`)).statusCode).toBe(404);
    // The township hears of its branches' submissions (addressed to it) and its own reminders.
    const town = (await townSec.get('/api/notifications?limit=200')).json() as NotificationPage;
    expect(town.items.map((n) => n.kind)).toContain('task_submit');
    expect(town.items.every((n) => n.orgId === o.townA1)).toBe(true);

    const one = await secA1a.post(`/api/notifications/${mine[0].id}/read`);
    expect(one.statusCode, one.body).toBe(200);
    expect((one.json() as NotificationView).readAt).not.toBeNull();
    expect(((await secA1a.get('/api/notifications?unread=true&limit=200')).json() as NotificationPage).unread).toBe(
      mine.length - 1,
    );
    expect((await secA1a.post(`/api/notifications/${esc.id}/read`)).statusCode).toBe(404);
    expect((await outsider.post(`/api/notifications/${mine[1].id}/read`)).statusCode).toBe(404);
    expect((await officeA.post(`/api/notifications/${mine[1].id}/read`)).statusCode).toBe(404);
    const all = await secA1a.post('/api/notifications/read-all', {});
    expect(all.json()).toEqual({ updated: mine.length - 1, unread: 0 });
    expect((await dbRows(o.brA1a)).every((r) => r.read_at !== null)).toBe(true);
    expect(((await officeA.get('/api/notifications')).json() as NotificationPage).unread).toBe(office.unread);
    expect((await secA1a.post('/api/notifications/read-all', { org: o.countyA })).statusCode).toBe(404);
    const ev = await h.db.db
      .selectFrom('audit_events')
      .select(['action', 'after'])
      .where('action', 'in', ['notification.read', 'notification.readAll'])
      .execute();
    expect(ev.map((e) => e.action).sort()).toEqual(['notification.read', 'notification.readAll']);
  });
});

describe('recurring actions: one task per period; an approved period that is over is frozen', () => {
  let h: Harness;
  let office: Client;
  let sec: Client;
  let town: number;
  let branch: number;
  const today = dateIn();

  /** First day of the month `k` months from today's, and that month's last day. */
  const month = (k: number) => {
    const y = Number(today.slice(0, 4));
    const m = Number(today.slice(5, 7)) - 1 + k;
    const first = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
    const last = new Date(Date.UTC(y, m + 1, 0)).toISOString().slice(0, 10);
    return { period: first.slice(0, 7), first, last };
  };

  beforeAll(async () => {
    h = await createHarness();
    const root = (await buildRoot(h, '中共月报市委员会')).id;
    town = (await buildOrg(h, root, 'township', '月报镇党委')).id;
    branch = (await buildOrg(h, town, 'branch', '月报村党支部')).id;
    await buildOrg(h, town, 'branch', '另一村党支部');
    await buildUser(h, 'office', [{ role: 'office', orgId: town }]);
    await buildUser(h, 'sec', [{ role: 'unit_admin', orgId: branch }]);
    office = await login(h, 'office');
    sec = await login(h, 'sec');
  });
  afterAll(async () => h?.close());

  it('gives each branch one task per month of the phase, due at month end (or the phase end)', async () => {
    const body: TTemplateBody = {
      phases: [{ key: 'year', name: name('常态化工作', 'Year-round work'), startOffsetDays: 0, durationDays: 120 }],
      actions: [
        {
          key: 'monthly_report',
          phaseKey: 'year',
          kind: 'prescribed',
          name: name('月报告', 'Monthly report'),
          deliverable: 'form',
          assignee: 'branch',
          recurrence: 'monthly',
        },
        {
          key: 'plan',
          phaseKey: 'year',
          kind: 'prescribed',
          name: name('年度计划', 'Annual plan'),
          deliverable: 'form',
          assignee: 'branch',
        },
      ],
      requirements: [],
    };
    const tpl = await office.post('/api/campaign-templates', {
      ownerOrgId: town,
      name: name('月报告制度', 'Monthly reports'),
      body,
    });
    expect(tpl.statusCode, tpl.body).toBe(201);
    const start = month(-2).first;
    const end = `${month(1).period}-20`;
    const dep = await office.post('/api/campaigns', {
      templateId: tpl.json().id,
      orgId: town,
      batches: [{ name: '全年', levels: ['branch'], startDate: start, phases: [{ key: 'year', start, end }] }],
    });
    expect(dep.statusCode, dep.body).toBe(201);
    const id = dep.json().id as number;
    const tasks = (await sec.get(`/api/campaigns/${id}/tasks?org=${branch}&limit=100`)).json().items as Array<{
      id: number;
      actionKey: string;
      period: string;
      dueDate: string;
    }>;
    const reports = tasks
      .filter((t) => t.actionKey === 'monthly_report')
      .sort((a, b) => a.period.localeCompare(b.period));
    expect(reports.map((t) => [t.period, t.dueDate])).toEqual([
      [month(-2).period, month(-2).last],
      [month(-1).period, month(-1).last],
      [month(0).period, month(0).last],
      [month(1).period, end],
    ]);
    expect(tasks.filter((t) => t.actionKey === 'plan').map((t) => [t.period, t.dueDate])).toEqual([['', end]]);
    const all = await h.db.db
      .selectFrom('campaign_tasks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaign_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Number(all.n)).toBe(2 * 5);

    const go = async (c: Client, taskId: number, action: string, comment?: string) =>
      c.post(`/api/tasks/${taskId}/transition`, { action, comment });
    // A past month, approved: frozen.
    const past = reports[0];
    expect((await go(sec, past.id, 'submit')).statusCode).toBe(200);
    expect((await go(office, past.id, 'approve')).json().status).toBe('approved');
    expect(((await office.get(`/api/tasks/${past.id}`)).json() as TaskDetailView).abilities.reopen).toBe(false);
    const frozen = await go(office, past.id, 'reopen', '需补充材料');
    expect(frozen.statusCode).toBe(409);
    expect(frozen.json().error).toMatchObject({ code: 'PERIOD_FROZEN' });
    expect(frozen.json().error.message).toContain(month(-2).period);
    expect(((await office.get(`/api/tasks/${past.id}`)).json() as TaskDetailView).status).toBe('approved');
    // A month not yet over may be reopened.
    const next = reports[3];
    expect((await go(sec, next.id, 'submit')).statusCode).toBe(200);
    expect((await go(office, next.id, 'approve')).statusCode).toBe(200);
    expect(((await office.get(`/api/tasks/${next.id}`)).json() as TaskDetailView).abilities.reopen).toBe(true);
    expect((await go(office, next.id, 'reopen', '数据有误')).json()).toMatchObject({ status: 'returned', cycle: 1 });
  });
});
