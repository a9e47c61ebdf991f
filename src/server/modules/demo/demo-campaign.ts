/**
 * The demo city's campaign: the city office deploys 党的群众路线教育实践活动 (first batch: the
 * leading bodies — city, county, department and township committees) 45 days ago, so the study
 * phase is over and the checking phase half done. Units' tasks are then moved along as a real
 * month and a half would leave them: most study tasks approved, some returned with a reviewer's
 * comment, some never submitted (overdue, on the red list); checking tasks partly submitted.
 * The second batch (general branches and branches) is left for the district office to deploy.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Actor } from '../../platform/actor.ts';
import { addDays, daysBetween } from '../../platform/dates.ts';
import { SYSTEM_ACTOR } from '../../platform/audit.ts';
import { withTx } from '../../platform/tx.ts';
import { grantsOfUser } from '../auth/auth.repository.ts';
import { CampaignService } from '../campaigns/campaigns.service.ts';
import * as repo from '../campaigns/campaigns.repository.ts';
import { mulberry32 } from './generator.ts';
import type { DemoClock } from './demo-clock.ts';

export const DEMO_CAMPAIGN_DOC = '示活发〔2026〕1号';

const NOTICE = [
  '根据中央和省委部署，市委决定在全市开展党的群众路线教育实践活动。第一批在市、县（区）、市直部门和乡镇（街道）党委领导班子中开展，第二批由各县（区）委结合实际部署到基层党组织。',
  '活动以为民务实清廉为主要内容，按照学习教育、听取意见，查摆问题、开展批评，整改落实、建章立制三个环节推进，集中解决形式主义、官僚主义、享乐主义和奢靡之风“四风”问题。',
  '各单位要对照规定动作逐项落实，按时限报送材料；市委教育实践活动领导小组办公室将定期通报进展情况。',
].join('\n');

const RETURN_COMMENTS = [
  '查摆问题不具体，缺少具体事例，请补充后重新报送。',
  '会议记录缺少参会人员签到表和班子成员发言要点。',
  '征求意见数量与走访情况不符，请核实后重报。',
  '学习计划未明确学时安排和专题内容，请完善。',
  '对照检查材料原因剖析不深刻，整改措施不够具体。',
];

/** Days after its submission that a task's later moves happen: returned, submitted again, approved. */
const RETURNED_AFTER = 2;
const RESUBMITTED_AFTER = 4;
const APPROVED_AFTER = 5;
/** The campaign was deployed this many days ago, on the first batch's start date. */
export const DEMO_CAMPAIGN_DAYS_AGO = 45;

/** Deploys the demo campaign and moves its tasks along; returns what it made. */
export async function loadDemoCampaign(
  db: Kysely<DB>,
  opts: { seed: number; clock: DemoClock },
): Promise<{ campaignId: number; tasks: number; moved: number }> {
  const { clock } = opts;
  const today = clock.today;
  const rand = mulberry32(opts.seed ^ 0x5eed);
  const office = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'member_id'])
    .where('username', '=', 'office')
    .executeTakeFirstOrThrow();
  const actor: Actor = {
    id: office.id,
    username: office.username,
    displayName: office.display_name,
    isAdmin: false,
    locale: 'zh-CN',
    memberId: office.member_id,
    grants: await grantsOfUser(db, office.id),
    sessionId: 'demo',
    csrfToken: '',
  };
  const root = actor.grants.find((g) => g.role === 'office')!;
  const template = await db
    .selectFrom('campaign_templates')
    .select('id')
    .where('code', '=', 'mass_line')
    .executeTakeFirstOrThrow();
  const start = addDays(today, -DEMO_CAMPAIGN_DAYS_AGO);
  const service = new CampaignService(db, () => start);
  const campaign = await clock.step(clock.at(DEMO_CAMPAIGN_DAYS_AGO, 9, 0), () =>
    service.deploy(actor, {
      templateId: template.id,
      orgId: root.orgId,
      docNumber: DEMO_CAMPAIGN_DOC,
      noticeBody: NOTICE,
      escalationDays: 5,
      batches: [{ name: '第一批', levels: ['city', 'county', 'department', 'township'], kinds: [], startDate: start }],
    }),
  );
  const phaseStart = new Map<string, string>();
  for (const b of await db
    .selectFrom('campaign_batches')
    .select('phases')
    .where('campaign_id', '=', campaign.id)
    .execute()) {
    for (const p of b.phases as Array<{ key: string; start: string }>)
      if (!phaseStart.has(p.key) || p.start < phaseStart.get(p.key)!) phaseStart.set(p.key, p.start);
  }

  // Moving ~1,000 tasks one request at a time would add half a minute to every demo start, so the
  // same outcome is written set-wise in one transaction: counters out, statuses and history in,
  // counters back, one audit event.
  const tasks = await db
    .selectFrom('campaign_tasks as t')
    .innerJoin('orgs as o', 'o.id', 't.org_id')
    .select(['t.id', 't.phase_key', 't.action_key', 't.due_date', 't.org_id', 'o.name as org_name', 'o.parent_id'])
    .where('t.campaign_id', '=', campaign.id)
    .orderBy('t.id')
    .execute();
  const plan: Array<{
    id: number;
    status: 'submitted' | 'returned' | 'approved';
    events: Array<{ action: string; from: string; to: string; comment: string | null; at: string }>;
    html: string;
    figure: number | null;
    meeting: object | null;
  }> = [];
  for (const t of tasks) {
    const r = rand();
    // The city committee's own tasks are reviewed by nobody above it in this city: submitted at most.
    const top = t.parent_id === null;
    let outcome: 'draft' | 'submitted' | 'returned' | 'approved';
    if (t.phase_key === 'study')
      outcome = r < 0.68 ? 'approved' : r < 0.78 ? 'returned' : r < 0.86 ? 'submitted' : 'draft';
    else if (t.phase_key === 'check')
      outcome = r < 0.22 ? 'approved' : r < 0.3 ? 'returned' : r < 0.45 ? 'submitted' : 'draft';
    else outcome = r < 0.04 ? 'submitted' : 'draft';
    if (top && outcome !== 'draft') outcome = 'submitted';
    if (outcome === 'draft') continue;
    const returned = outcome === 'returned' || (outcome === 'approved' && rand() < 0.2);
    // The day it was submitted, counted back from today: a few days before its due date, but inside
    // the campaign (after the deployment, not before its phase began) and early enough that its
    // later moves are behind us too.
    const last = outcome === 'approved' ? APPROVED_AFTER : outcome === 'returned' ? RETURNED_AFTER : 0;
    const earliest = last + 1;
    const sinceStart = daysBetween(phaseStart.get(t.phase_key) ?? start, today);
    const latest = Math.min(DEMO_CAMPAIGN_DAYS_AGO - 1, Math.max(earliest, sinceStart >= 1 ? sinceStart : 10));
    const wanted = daysBetween(addDays(t.due_date, -Math.floor(rand() * 10) - 1), today);
    const ago =
      wanted >= earliest && wanted <= latest ? wanted : earliest + Math.floor(rand() * (latest - earliest + 1));
    const at = (after: number, h: number) => clock.at(ago - after, h, Math.floor(rand() * 60)).toISOString();
    const events: (typeof plan)[number]['events'] = [
      { action: 'submit', from: 'draft', to: 'submitted', comment: null, at: at(0, 9) },
    ];
    if (returned) {
      events.push({
        action: 'return',
        from: 'submitted',
        to: 'returned',
        comment: RETURN_COMMENTS[Math.floor(rand() * RETURN_COMMENTS.length)],
        at: at(RETURNED_AFTER, 15),
      });
      if (outcome === 'approved')
        events.push({
          action: 'submit',
          from: 'returned',
          to: 'submitted',
          comment: null,
          at: at(RESUBMITTED_AFTER, 10),
        });
    }
    if (outcome === 'approved')
      events.push({ action: 'approve', from: 'submitted', to: 'approved', comment: null, at: at(APPROVED_AFTER, 16) });
    plan.push({
      id: t.id,
      status: outcome,
      events,
      html: `<p>${t.org_name}按照活动实施方案要求，认真落实本项规定动作。</p><p>主要做法：一是领导带头、以上率下；二是广泛征求意见、开门搞活动；三是建立台账、逐项销号。</p>`,
      figure: Math.floor(20 + rand() * 180),
      // The meeting the submission reports on was held the day before.
      meeting: {
        date: clock.day(Math.min(ago + 1, DEMO_CAMPAIGN_DAYS_AGO)),
        place: `${t.org_name}会议室`,
        attendees: Math.floor(8 + rand() * 30),
      },
    });
  }

  await withTx(db, SYSTEM_ACTOR, async ({ trx, audit }) => {
    const ids = plan.map((p) => p.id);
    if (ids.length === 0) return;
    const where = sql<boolean>`t.id IN (${sql.join(ids)})`;
    await repo.applyTaskStats(trx, -1, where);
    for (const p of plan) {
      const last = p.events[p.events.length - 1];
      const submitted = [...p.events].reverse().find((e) => e.action === 'submit')!;
      const decided = p.status === 'submitted' ? null : last;
      await trx
        .updateTable('campaign_tasks')
        .set({
          status: p.status,
          content: JSON.stringify({ html: p.html, figure: p.figure, meeting: p.meeting }),
          submitted_at: new Date(submitted.at),
          decided_at: decided ? new Date(decided.at) : null,
          decided_by: decided ? actor.id : null,
          last_comment: decided?.comment ?? null,
          updated_at: new Date(last.at),
        })
        .where('id', '=', p.id)
        .execute();
      await trx
        .insertInto('campaign_task_events')
        .values(
          p.events.map((e) => ({
            task_id: p.id,
            action: e.action,
            from_status: e.from,
            to_status: e.to,
            comment: e.comment,
            actor_id: actor.id,
            actor_name: e.action === 'submit' ? '单位填报' : actor.displayName,
            at: new Date(e.at),
          })),
        )
        .execute();
    }
    await repo.applyTaskStats(trx, 1, where);
    const by = (s: string) => plan.filter((p) => p.status === s).length;
    await audit({
      action: 'demo.campaign',
      entityType: 'campaign',
      entityId: campaign.id,
      orgId: root.orgId,
      meta: { tasks: tasks.length, approved: by('approved'), returned: by('returned'), submitted: by('submitted') },
    });
  });
  return { campaignId: campaign.id, tasks: tasks.length, moved: plan.length };
}
