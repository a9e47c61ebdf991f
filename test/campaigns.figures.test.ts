/**
 * Issue 10: campaign figures add up. After random work on a campaign (submit, approve, return,
 * resubmit, reopen, optional actions, deadlines tightened, and days going by so deadlines pass
 * "today"), for the org looked at and every child, each breakdown the screen and the exports show
 * — the figures, every phase, every child's row — is a partition of its total (PROGRESS_PARTS),
 * the phases come in the template's order, and every figure equals a brute-force recount of the
 * task rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createHarness, type Harness } from './support/harness.ts';
import { buildRandomTree, type RandomTree } from './support/tree.ts';
import { rng } from './support/random.ts';
import { addDays, dateIn } from '../src/server/platform/dates.ts';
import { AppError } from '../src/server/platform/errors.ts';
import type { Actor } from '../src/server/platform/actor.ts';
import { grantsOfUser } from '../src/server/modules/auth/auth.repository.ts';
import { CampaignService } from '../src/server/modules/campaigns/campaigns.service.ts';
import { verifyCampaignStats } from '../src/server/modules/campaigns/campaigns.verify.ts';
import { ZDeployCampaign } from '../src/shared/schemas/campaigns.ts';
import {
  PROGRESS_PARTS,
  type ProgressFigures,
  type ProgressView,
  type TaskAction,
  type TTemplateBody,
} from '../src/shared/campaigns.ts';

/** Phase keys deliberately out of alphabetical order: byPhase must follow the template, not the keys. */
const BODY: TTemplateBody = {
  phases: [
    { key: 'zz_mobilize', name: { zh: '动员部署', en: 'Mobilization' }, startOffsetDays: 0, durationDays: 6 },
    {
      key: 'aa_study',
      name: { zh: '学习教育、听取意见', en: 'Study and listening' },
      startOffsetDays: 6,
      durationDays: 10,
    },
    {
      key: 'mm_check',
      name: { zh: '查摆问题、开展批评', en: 'Checking and criticism' },
      startOffsetDays: 16,
      durationDays: 40,
    },
  ],
  actions: [
    {
      key: 'mobilize',
      phaseKey: 'zz_mobilize',
      kind: 'prescribed',
      name: { zh: '召开动员大会', en: 'Mobilization meeting' },
      deliverable: 'meeting',
      assignee: 'leading_body',
    },
    {
      key: 'study_plan',
      phaseKey: 'aa_study',
      kind: 'prescribed',
      name: { zh: '制定学习计划', en: 'Study plan' },
      deliverable: 'form',
      assignee: 'branch',
    },
    {
      key: 'listen',
      phaseKey: 'aa_study',
      kind: 'prescribed',
      name: { zh: '召开征求意见座谈会', en: 'Listening meeting' },
      deliverable: 'meeting',
      assignee: 'leading_body',
    },
    {
      key: 'monthly',
      phaseKey: 'mm_check',
      kind: 'prescribed',
      name: { zh: '整改进展月报告', en: 'Monthly progress report' },
      deliverable: 'form',
      assignee: 'branch',
      recurrence: 'monthly',
    },
    {
      key: 'report',
      phaseKey: 'mm_check',
      kind: 'prescribed',
      name: { zh: '撰写对照检查材料', en: 'Analysis report' },
      deliverable: 'form',
      assignee: 'leading_body',
    },
    {
      key: 'feature',
      phaseKey: 'aa_study',
      kind: 'optional',
      name: { zh: '特色载体活动', en: 'Featured activity' },
      deliverable: 'files',
      assignee: 'branch',
    },
  ],
  requirements: [],
};

type Fig = Omit<ProgressFigures, 'units' | 'rate'>;
const FIELDS = [
  'total',
  'approved',
  'submitted',
  'due',
  'overdue',
  'returned',
  'returnedDue',
  'returnedOverdue',
  'draft',
] as const;
const zero = (): Fig => ({
  total: 0,
  approved: 0,
  submitted: 0,
  due: 0,
  overdue: 0,
  returned: 0,
  returnedDue: 0,
  returnedOverdue: 0,
  draft: 0,
});
const pick = (f: Fig): Fig => Object.fromEntries(FIELDS.map((k) => [k, f[k]])) as Fig;
/** Operations a random move may be refused for, by the rules (not by a bug). */
const EXPECTED_REFUSALS = new Set(['TASK_TRANSITION', 'PERIOD_FROZEN', 'DEADLINE_LOOSEN', 'CONFLICT', 'FORBIDDEN']);

describe('campaign figures: every breakdown is a partition of its total, equal to a recount', () => {
  let h: Harness;
  let tree: RandomTree;
  let office: Actor;
  let service: CampaignService;
  let campaignId: number;
  let clock = dateIn();
  const r = rng(20261210);
  const checked = { orgs: 0, breakdowns: 0, overdue: 0, returnedDue: 0, returnedOverdue: 0 };

  beforeAll(async () => {
    h = await createHarness();
    tree = await buildRandomTree(h, r, { members: 0 });
    const userId = await buildUser(h, 'city', [{ role: 'office', orgId: tree.orgs[0].id }]);
    office = {
      id: userId,
      username: 'city',
      displayName: 'city',
      isAdmin: false,
      locale: 'zh-CN',
      memberId: null,
      grants: await grantsOfUser(h.db.db, userId),
      sessionId: 's',
      csrfToken: '',
    };
    // The service on a clock the test moves: days go by and deadlines pass "today".
    service = new CampaignService(h.db.db, () => clock);
    const tpl = await service.createTemplate(office, {
      ownerOrgId: tree.orgs[0].id,
      name: { zh: '分项测试活动', en: 'Partition test campaign' },
      body: BODY,
    });
    // Deployed to the whole city below its committee (so the city office reviews every task), begun 8 days ago.
    const c = await service.deploy(
      office,
      ZDeployCampaign.parse({
        templateId: tpl.id,
        orgId: tree.orgs[0].id,
        escalationDays: 3,
        batches: [
          { name: '第一批', levels: ['county', 'township'], startDate: addDays(clock, -8) },
          { name: '第二批', levels: ['general_branch', 'branch'], startDate: addDays(clock, -5) },
        ],
      }),
    );
    campaignId = c.id;
  }, 120_000);
  afterAll(async () => h?.close());

  /** Brute force from the task rows: every org's subtree figures, in total and per phase. */
  async function recount() {
    const orgs = await h.db.db.selectFrom('orgs').select(['id', 'parent_id']).execute();
    const parent = new Map(orgs.map((o) => [o.id, o.parent_id]));
    const tasks = await h.db.db
      .selectFrom('campaign_tasks')
      .select(['org_id', 'phase_key', 'due_date', 'status'])
      .where('campaign_id', '=', campaignId)
      .where('active', '=', true)
      .execute();
    const units = await h.db.db
      .selectFrom('campaign_units')
      .select('org_id')
      .where('campaign_id', '=', campaignId)
      .where('status', '=', 'active')
      .execute();
    // Keys: `all:<org>` (its subtree), `own:<org>` (its own tasks), `<org>:<phase>` (its subtree, one phase).
    const figs = new Map<string, Fig>();
    const unitCount = new Map<number, number>();
    const at = (k: string) => figs.get(k) ?? (figs.set(k, zero()), figs.get(k)!);
    const add = (f: Fig, t: { status: string; due_date: string }) => {
      f.total++;
      const open = t.status === 'draft' || t.status === 'returned';
      const late = t.due_date < clock;
      if (t.status === 'approved') f.approved++;
      if (t.status === 'submitted') f.submitted++;
      if (open && !late) f.due++;
      if (open && late) f.overdue++;
      if (t.status === 'returned') {
        f.returned++;
        if (late) f.returnedOverdue++;
        else f.returnedDue++;
      }
      if (t.status === 'draft') f.draft++;
    };
    for (const t of tasks) {
      add(at(`own:${t.org_id}`), t);
      for (let x: number | null = t.org_id; x !== null; x = parent.get(x) ?? null) {
        add(at(`all:${x}`), t);
        add(at(`${x}:${t.phase_key}`), t);
      }
    }
    for (const u of units)
      for (let x: number | null = u.org_id; x !== null; x = parent.get(x) ?? null)
        unitCount.set(x, (unitCount.get(x) ?? 0) + 1);
    const get = (k: string) => figs.get(k) ?? zero();
    return {
      all: (id: number) => get(`all:${id}`),
      own: (id: number) => get(`own:${id}`),
      phase: (id: number, key: string) => get(`${id}:${key}`),
      units: (id: number) => unitCount.get(id) ?? 0,
    };
  }

  /** The parts of a breakdown sum to its whole, and its sub-figures sit inside the parts they belong to. */
  function expectPartition(f: Omit<ProgressFigures, 'units'>, what: string) {
    expect(
      PROGRESS_PARTS.reduce((s, k) => s + f[k], 0),
      `${what}: ${PROGRESS_PARTS.join(' + ')} = total`,
    ).toBe(f.total);
    expect(f.returnedDue + f.returnedOverdue, `${what}: returned`).toBe(f.returned);
    expect(f.returnedDue <= f.due && f.returnedOverdue <= f.overdue, `${what}: returned inside due / overdue`).toBe(
      true,
    );
    expect(f.draft + f.returned, `${what}: open = draft + returned`).toBe(f.due + f.overdue);
    expect(f.rate, `${what}: rate`).toBe(f.total ? Math.round((f.approved / f.total) * 1000) / 1000 : 0);
    checked.breakdowns++;
  }

  /** For every org of the campaign and every child it lists: partitions and the recount. */
  async function expectFiguresAddUp() {
    const rc = await recount();
    const sub = await h.db.db
      .selectFrom('org_closure')
      .select('descendant_id')
      .where('ancestor_id', '=', tree.orgs[0].id)
      .execute();
    for (const { descendant_id: id } of sub) {
      const p: ProgressView = await service.progress(office, campaignId, id);
      const where = `org ${id} on ${clock}`;
      expectPartition(p.figures, where);
      expect(pick(p.figures), where).toEqual(rc.all(id));
      expect(p.figures.units, where).toBe(rc.units(id));
      // The phases: the template's order, each a partition, together the org's figures.
      expect(
        p.byPhase.map((x) => x.phaseKey),
        where,
      ).toEqual(BODY.phases.map((x) => x.key));
      const sum = zero();
      for (const ph of p.byPhase) {
        expectPartition(ph, `${where} phase ${ph.phaseKey}`);
        expect(pick(ph), `${where} phase ${ph.phaseKey}`).toEqual(rc.phase(id, ph.phaseKey));
        for (const k of FIELDS) sum[k] += ph[k];
      }
      expect(sum, `${where}: phases add up to the figures`).toEqual(pick(p.figures));
      // The children: each row a partition equal to its recount; with the org's own tasks they make the org's.
      const kids = zero();
      for (const ch of p.children) {
        expectPartition(ch, `${where} child ${ch.orgId}`);
        expect(pick(ch), `${where} child ${ch.orgId}`).toEqual(rc.all(ch.orgId));
        expect(ch.units, `${where} child ${ch.orgId}`).toBe(rc.units(ch.orgId));
        for (const k of FIELDS) kids[k] += ch[k];
      }
      const ownFig = rc.own(id);
      for (const k of FIELDS) kids[k] += ownFig[k];
      expect(kids, `${where}: children and own tasks make the org`).toEqual(pick(p.figures));
      checked.orgs++;
      if (id === tree.orgs[0].id) {
        checked.overdue += p.figures.overdue;
        checked.returnedDue += p.figures.returnedDue;
        checked.returnedOverdue += p.figures.returnedOverdue;
      }
    }
    expect(await verifyCampaignStats(h.db.db)).toEqual([]);
  }

  /** One random move; refusals the rules call for are fine, anything else fails the test. */
  async function randomMove(taskIds: number[], orgIds: number[], branches: number[]) {
    try {
      const roll = r.next();
      if (roll < 0.12) {
        // Tighten a phase for a subtree, possibly to a day already past.
        await service.setDeadline(office, campaignId, {
          orgId: r.pick(orgIds),
          phaseKey: r.pick(BODY.phases).key,
          dueDate: addDays(clock, r.int(-4, 8)),
        });
      } else if (roll < 0.16) {
        await service.addOptional(office, campaignId, { orgId: r.pick(branches), actionKey: 'feature' });
      } else {
        const id = r.pick(taskIds);
        const t = await h.db.db
          .selectFrom('campaign_tasks')
          .select('status')
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        const action: TaskAction =
          t.status === 'submitted'
            ? r.chance(0.55)
              ? 'approve'
              : 'return'
            : t.status === 'approved'
              ? 'reopen'
              : 'submit';
        if (action === 'reopen' && r.chance(0.7)) return; // most approvals stay
        await service.transition(
          office,
          id,
          action,
          action === 'return' || action === 'reopen' ? '请补充材料' : undefined,
        );
      }
    } catch (e) {
      if (!(e instanceof AppError) || !EXPECTED_REFUSALS.has(e.code)) throw e;
    }
  }

  it('after deployment, in every round of random work, and as days go by past the deadlines', async () => {
    await expectFiguresAddUp();
    const orgIds = (
      await h.db.db.selectFrom('campaign_units').select('org_id').where('campaign_id', '=', campaignId).execute()
    ).map((u) => u.org_id);
    const branches = tree.orgs.filter((o) => o.level === 'branch').map((o) => o.id);
    for (let round = 0; round < 6; round++) {
      const taskIds = (
        await h.db.db
          .selectFrom('campaign_tasks')
          .select('id')
          .where('campaign_id', '=', campaignId)
          .where('active', '=', true)
          .execute()
      ).map((t) => t.id);
      for (let i = 0; i < 40; i++) await randomMove(taskIds, [tree.orgs[0].id, ...orgIds], branches);
      await expectFiguresAddUp();
      // Days go by: open tasks whose date passes move from "not yet due" to "overdue", returned ones too.
      clock = addDays(clock, r.int(1, 5));
      await expectFiguresAddUp();
    }
    // The random work reached the cases the issue is about: returned tasks both before and after their date.
    expect(checked.overdue).toBeGreaterThan(0);
    expect(checked.returnedDue).toBeGreaterThan(0);
    expect(checked.returnedOverdue).toBeGreaterThan(0);
    expect(checked.orgs).toBeGreaterThan(100);
  }, 600_000);
});
