/**
 * The demo city's opinions and public disclosure: every leading body and the secretary's village
 * branch received opinions through the channels of seed 002 (letters, symposiums, talks, cards,
 * boxes, visits, online, hotline); some are still new, some answered, one declined with its
 * reason, duplicates merged, others turned into problems of the ledger; the district and the city
 * published a disclosure batch of closed rectifications (公示), personal data masked.
 * Written through the services, as an office would, so receipts, links and snapshots are real.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Actor } from '../../platform/actor.ts';
import { addDays, dateIn } from '../../platform/dates.ts';
import { actorGrantsOfUser } from '../auth/auth.repository.ts';
import { OpinionService } from '../opinions/opinions.service.ts';
import { DisclosureService } from '../disclosure/disclosure.service.ts';
import { PlanService } from '../ledger/plans.service.ts';
import { OPINION_CHANNELS } from '../../../shared/opinions.ts';
import { mulberry32 } from './generator.ts';

const TEXTS = [
  '建议领导干部多到村里走走，听听老百姓的真实想法，不要只在会议室里开会。',
  '到镇里办低保要跑好几趟，材料一次说不清楚，希望一次性告知。',
  '村道路灯坏了半年没人修，晚上出行不安全。',
  '有的干部上班时间玩手机，群众去办事没人理。',
  '希望公开村务财务，特别是集体土地流转的收入。',
  '检查考核太多，村干部天天填表，没时间办实事。',
  '公车私用的现象还有，周末在景区见过挂着单位标志的车。',
  '便民服务中心中午不上班，上班族没法办事，建议错时服务。',
  '希望多组织一些农业技术培训，帮助群众增收。',
  '会议太多太长，建议开短会、讲短话。',
];
const ANSWERS = ['已转交有关部门办理，将于本月底前答复。', '感谢您的意见，已纳入我单位整改清单，整改情况将在公示栏公开。', '已于本周完成维修，欢迎监督。'];
const GROUPS = ['masses', 'masses', 'member', 'deputies', 'retired_cadres', 'clients'] as const;

/** A demo account as the actor of a service call, with its grants as a session would load them. */
export async function actorOf(db: Kysely<DB>, username: string): Promise<Actor> {
  const u = await db.selectFrom('users').select(['id', 'username', 'display_name', 'member_id']).where('username', '=', username).executeTakeFirstOrThrow();
  return { id: u.id, username: u.username, displayName: u.display_name, isAdmin: false, locale: 'zh-CN', memberId: u.member_id, grants: await actorGrantsOfUser(db, u.id), sessionId: 'demo', csrfToken: '' };
}

export async function loadDemoOpinions(db: Kysely<DB>, opts: { seed: number; campaignId?: number; today?: string }): Promise<{ opinions: number; converted: number; disclosed: number }> {
  const today = opts.today ?? dateIn();
  const rand = mulberry32(opts.seed ^ 0x0b1);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const office = await actorOf(db, 'office');
  const district = await actorOf(db, 'district');
  const secretary = await actorOf(db, 'secretary');
  const opinions = new OpinionService(db);
  const disclosures = new DisclosureService(db);
  const campaignId = opts.campaignId;

  // Who receives opinions: the district and its townships (entered by the district office), and
  // the secretary's branch (entered by the secretary).
  const districtOrg = district.grants.find((g) => g.role === 'office')!.orgId;
  const townships = await db.selectFrom('orgs').select(['id']).where('parent_id', '=', districtOrg).where('status', '=', 'active').orderBy('id').limit(4).execute();
  const branchOrg = secretary.grants.find((g) => g.role === 'unit_admin')!.orgId;
  const targets: Array<{ orgId: number; by: Actor }> = [{ orgId: districtOrg, by: district }, ...townships.map((t) => ({ orgId: t.id, by: district })), { orgId: branchOrg, by: secretary }];

  let count = 0;
  let converted = 0;
  for (const { orgId, by } of targets) {
    const made: number[] = [];
    for (let i = 0; i < 5; i++) {
      const anonymous = rand() < 0.3;
      const o = await opinions.create(by, {
        orgId,
        campaignId,
        channel: pick(OPINION_CHANNELS),
        group: anonymous ? 'anonymous' : pick(GROUPS),
        anonymous,
        name: anonymous ? undefined : `${pick('王李张刘陈杨赵黄'.split(''))}${pick(['大爷', '阿姨', '师傅', '先生', '女士'])}`,
        contact: undefined,
        content: pick(TEXTS),
      });
      made.push(o.id);
      count++;
    }
    // A duplicate merged into the first; one answered; one declined; one turned into a problem; one left new.
    await opinions.merge(by, { into: made[0], ids: [made[1]] });
    await opinions.answer(by, made[0], pick(ANSWERS));
    await opinions.decline(by, made[2], '所反映问题不属于本单位职责范围，已告知向县人社局反映。');
    await opinions.convert(by, { ids: [made[3]], category: 'service', kind: 'immediate' } as never);
    converted++;
  }

  // The townships' rectification plans: one approved, one submitted, one returned with a comment.
  const plans = new PlanService(db);
  const states = ['approved', 'submitted', 'returned'] as const;
  for (let i = 0; i < Math.min(states.length, townships.length); i++) {
    const t = townships[i];
    const own = await db.selectFrom('problems').select('id').where('org_id', '=', t.id).where('status', '!=', 'draft').orderBy('seq').execute();
    if (own.length === 0) continue;
    const name = (await db.selectFrom('orgs').select('name').where('id', '=', t.id).executeTakeFirstOrThrow()).name;
    const plan = await plans.create(district, {
      orgId: t.id,
      campaignId,
      title: `${name}党的群众路线教育实践活动整改方案`,
      principles: '坚持边学边查边改，立行立改与长期整改相结合，以整改实效取信于民。',
      objectives: '通过集中整改，“四风”方面突出问题得到有效解决，干部作风明显转变，群众满意度明显提升。',
      measures: '一、对照问题清单逐项制定措施，明确责任领导、责任人和完成时限；\n二、建立整改台账，实行销号管理；\n三、健全制度，建立长效机制。',
      timeLimits: '立行立改问题本月底前完成；阶段性问题按节点推进；长期问题持续整改、定期报告。',
      problemIds: own.map((p) => p.id),
    });
    await plans.transition(district, plan.id, 'submit', undefined);
    if (states[i] === 'approved') await plans.transition(office, plan.id, 'approve', undefined);
    if (states[i] === 'returned') await plans.transition(office, plan.id, 'return', '整改措施还不够具体，请细化到人、到时间节点。');
  }

  // The district office publishes its closed rectifications; the city office its own.
  let disclosed = 0;
  for (const [actor, orgId, title] of [
    [district, districtOrg, '第一批整改问题公示'],
    [office, office.grants.find((g) => g.role === 'office')!.orgId, '第一批整改落实情况公示'],
  ] as const) {
    const closed = await db
      .selectFrom('problems as p')
      .select('p.id')
      .where('p.status', '=', 'closed')
      .where('p.org_id', 'in', db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId))
      .orderBy('p.id')
      .limit(6)
      .execute();
    if (closed.length === 0) continue;
    const b = await disclosures.createBatch(actor, orgId, { title, startsOn: addDays(today, -3), endsOn: addDays(today, 4) } as never);
    await disclosures.addItems(actor, b.id, { kind: 'rectification', problemIds: closed.map((p) => p.id) });
    await disclosures.publish(actor, b.id);
    disclosed += closed.length;
  }
  return { opinions: count, converted, disclosed };
}
