/**
 * The demo city's supervision: the district office formed two supervision teams (the demo
 * supervisor leads the first, over the townships including the secretary's; the second covers two
 * more); materials in every review state (a draft, one waiting for the team, one returned on "no
 * concrete examples", one passed); the five forms issued and answered; an order past its deadline
 * whose proposed criticism waits on the district office's desk; a look-back round with its seeded
 * sample and a self-check; a circulated inspection report, answered by the branch it names.
 * Written through the services, as the people would, so numbers, versions and audits are real.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { addDays } from '../../platform/dates.ts';
import { withTx } from '../../platform/tx.ts';
import { SYSTEM_ACTOR } from '../../platform/audit.ts';
import { LedgerService } from '../ledger/ledger.service.ts';
import { FormService, proposeEscalations } from '../supervision/forms/forms.service.ts';
import { InspectionService } from '../supervision/inspections/inspections.service.ts';
import { LookbackService } from '../supervision/lookback/lookback.service.ts';
import { MaterialService } from '../supervision/materials/materials.service.ts';
import { TeamService } from '../supervision/teams/teams.service.ts';
import { FIVE_NOT_PASSED } from '../../../shared/supervision.ts';
import { actorOf } from './demo-opinions.ts';
import type { DemoClock } from './demo-clock.ts';

/** An analysis report as a village secretary writes it: problems, examples, causes, measures. */
export const DEMO_REPORT = [
  '一、存在的主要问题',
  '（一）形式主义方面：学习教育满足于读文件、记笔记，联系村里实际不够。',
  '（二）官僚主义方面：深入农户了解情况不够，有时遇到群众反映的问题推给镇里。',
  '二、产生问题的根源',
  '理想信念有所弱化，宗旨意识有所淡薄，对自身要求有所放松。',
  '三、整改措施',
  '一是坚持每月走访农户，建立民情台账；二是村务财务每季度公开一次，接受群众监督。',
].join('\n');

/** The timeline, in days before today. */
const TEAMS_FORMED = 30;

export async function loadDemoSupervision(
  db: Kysely<DB>,
  opts: { campaignId?: number; clock: DemoClock },
): Promise<{ teams: number; materials: number; forms: number; proposals: number; findings: number }> {
  const { clock } = opts;
  const today = clock.today;
  const at = clock.at.bind(clock);
  const step = clock.step.bind(clock);
  const district = await actorOf(db, 'district');
  const supervisorUser = await actorOf(db, 'supervisor');
  const secretary = await actorOf(db, 'secretary');
  const districtOrg = district.grants.find((g) => g.role === 'office')!;
  const branch = secretary.grants.find((g) => g.role === 'unit_admin')!;
  // The secretary's township first, then the district's other townships.
  const branchTown = await db
    .selectFrom('orgs')
    .select(['parent_id'])
    .where('id', '=', branch.orgId)
    .executeTakeFirstOrThrow();
  const towns = await db
    .selectFrom('orgs')
    .select(['id', 'name'])
    .where('parent_id', '=', districtOrg.orgId)
    .where('status', '=', 'active')
    .where('level', '=', 'township')
    .orderBy('id')
    .limit(6)
    .execute();
  const secretaryTown =
    towns.find((t) => t.id === branchTown.parent_id) ??
    (await db
      .selectFrom('orgs')
      .select(['id', 'name'])
      .where('id', '=', branchTown.parent_id!)
      .executeTakeFirstOrThrow());
  const others = towns.filter((t) => t.id !== secretaryTown.id);
  const campaignId = opts.campaignId ?? null;

  const teams = new TeamService(db);
  const materials = new MaterialService(db, teams);
  const forms = new FormService(db);
  const lookbacks = new LookbackService(db, teams, new LedgerService(db));
  const inspections = new InspectionService(db);

  const t1 = await step(at(TEAMS_FORMED, 10), () =>
    teams.create(district, {
      orgId: districtOrg.orgId,
      campaignId,
      name: `${districtOrg.orgName.replace(/^中共/, '').replace(/委员会$/, '')}委第一督导组`,
      leaderId: supervisorUser.id,
      memberIds: [district.id],
      unitIds: [secretaryTown.id, ...others.slice(0, 1).map((t) => t.id)],
    }),
  );
  await step(at(TEAMS_FORMED, 10, 30), () =>
    teams.create(district, {
      orgId: districtOrg.orgId,
      campaignId,
      name: `${districtOrg.orgName.replace(/^中共/, '').replace(/委员会$/, '')}委第二督导组`,
      leaderId: district.id,
      memberIds: [supervisorUser.id],
      unitIds: others.slice(1, 3).map((t) => t.id),
    }),
  );
  // Each visit is logged the evening of the day it took place.
  await step(at(6, 17), () =>
    teams.logVisit(supervisorUser, t1.id, {
      orgId: branch.orgId,
      visitDate: clock.day(6),
      seen: '列席村党支部专题组织生活会，批评与自我批评开展较好，个别党员发言准备不足。',
      meetings: '专题组织生活会',
    }),
  );
  await step(at(3, 17), () =>
    teams.logVisit(supervisorUser, t1.id, {
      orgId: secretaryTown.id,
      visitDate: clock.day(3),
      seen: '查阅镇党委班子成员对照检查材料，部分材料问题查摆不具体。',
      meetings: '',
    }),
  );
  // A fresh actor: the team now widens the supervisor's scope.
  const sup = await actorOf(db, 'supervisor');

  // Materials in every review state. The secretary's own are theirs as a person (subject member);
  // none asks for the leader review, which for the secretary's own material would be the
  // township secretary's (the 书记 post of the level above), whose account the demo does not have.
  const mk = (when: Date, title: string, subjectName: string, body: string, subjectMemberId: number | null = null) =>
    step(when, () =>
      materials.create(secretary, {
        orgId: branch.orgId,
        campaignId,
        kind: 'analysis_report',
        title,
        subjectName,
        subjectMemberId,
        body,
        needsLeader: false,
        needsTeam: true,
      }),
    );
  const pass = FIVE_NOT_PASSED.map((key) => ({ key, pass: true, comment: '' }));
  await mk(
    at(10, 14),
    '村党支部书记个人对照检查材料（初稿）',
    secretary.displayName,
    '一、存在的问题\n（待补充）',
    secretary.memberId,
  );
  let waiting = await mk(at(12, 10), '村党支部班子对照检查材料', '村党支部班子', DEMO_REPORT);
  waiting = await step(at(9, 16), () => materials.submit(secretary, waiting.id));
  let returned = await mk(
    at(14, 9),
    '村党支部书记个人对照检查材料',
    secretary.displayName,
    [
      '一、个人存在的问题',
      '（一）理论学习不够系统，满足于参加集中学习，自学时间少。',
      '（二）工作作风不够扎实，有时坐在办公室听汇报多，到田间地头看实情少。',
      '二、原因剖析',
      '放松了主观世界改造，群众观点有所淡化。',
      '三、努力方向',
      '每周自学不少于4小时；每月到农户家中走访不少于10户。',
    ].join('\n'),
    secretary.memberId,
  );
  returned = await step(at(11, 10), () => materials.submit(secretary, returned.id));
  await step(at(8, 15), () =>
    materials.review(sup, returned.id, {
      as: 'team',
      version: returned.submittedVersion!,
      results: pass.map((r) =>
        r.key === 'no_examples' ? { ...r, pass: false, comment: '查摆问题没有具体事例，请写明时间、事情和影响。' } : r,
      ),
      comment: '请补充具体事例后再报。',
    }),
  );
  let passed = await mk(
    at(13, 9),
    '村党支部组织委员发言提纲',
    '组织委员',
    [
      '一、对照党章党规查摆的问题',
      '发展党员工作抓得不紧，近三年只发展1名党员，青年党员比例偏低；流动党员联系不经常，有3名外出务工党员半年未参加组织生活。',
      '二、原因',
      '对组织工作重视不够，方法不多，缺乏主动性。',
      '三、整改措施',
      '建立入党积极分子培养台账，每年发展党员不少于2名；建立流动党员微信群，每月通报支部活动。',
    ].join('\n'),
  );
  passed = await step(at(10, 10), () => materials.submit(secretary, passed.id));
  await step(at(7, 11), () =>
    materials.review(sup, passed.id, {
      as: 'team',
      version: passed.submittedVersion!,
      results: pass,
      comment: '同意提交会议。',
    }),
  );

  // The five forms: drafted one afternoon, issued (signed, numbered) the next morning — before
  // any deadline they set.
  let n = 0;
  const issue = async (daysAgo: number, actor: typeof district, input: Parameters<FormService['create']>[1]) => {
    const f = await step(at(daysAgo + 1, 15), () => forms.create(actor, input));
    n++;
    return step(at(daysAgo, 9), () => forms.transition(actor, f.id, 'issue', undefined));
  };
  const closedOrder = await issue(16, district, {
    kind: 'order',
    issuerOrgId: districtOrg.orgId,
    subjectOrgId: branch.orgId,
    title: '关于村道路灯长期失修问题的督办',
    content: '群众反映村道路灯坏了半年无人维修，请立即整改并书面回复。',
    deadline: clock.day(4),
    problemIds: [],
  });
  await step(at(9, 10), () =>
    forms.transition(secretary, closedOrder.id, 'reply', '已更换路灯12盏，并明确专人每月巡查。'),
  );
  await step(at(7, 15), () => forms.transition(district, closedOrder.id, 'accept', '整改到位，予以办结。'));
  const answered = await issue(7, district, {
    kind: 'order',
    issuerOrgId: districtOrg.orgId,
    subjectOrgId: branch.orgId,
    title: '关于村务公开不及时问题的督办',
    content: '村务公开栏长期未更新，请于期限内整改，并将整改情况书面回复。',
    deadline: addDays(today, 10),
    problemIds: [],
  });
  await step(at(2, 16), () =>
    forms.transition(secretary, answered.id, 'reply', '已更新村务公开栏，并建立每季度公开制度，附照片三张。'),
  );
  const pre = await issue(20, secretary, {
    kind: 'pre_report',
    issuerOrgId: branch.orgId,
    subjectOrgId: branch.orgId,
    title: `${branch.orgName}揭摆问题预报`,
    content: '经征求意见和自查，揭摆出问题3个：一是学习流于形式；二是村务公开不及时；三是联系群众不经常。',
    problemIds: [],
  });
  await step(at(18, 10), () => forms.transition(district, pre.id, 'accept', undefined));
  await issue(4, secretary, {
    kind: 'resolution_report',
    issuerOrgId: branch.orgId,
    subjectOrgId: branch.orgId,
    title: `${branch.orgName}解决问题报告`,
    content: '村道路灯长期失修问题已经解决，更换路灯12盏，群众满意。',
    problemIds: [],
  });
  const late = others[0] ?? secretaryTown;
  // What the order's unit checks: its villages, or its communities (a street has no villages).
  const lateHasVillages =
    (
      await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM org_closure c JOIN orgs o ON o.id = c.descendant_id WHERE c.ancestor_id = ${late.id} AND o.kind = 'village'`.execute(
        db,
      )
    ).rows[0].n > 0;
  const LATE_DEADLINE = 3;
  await issue(LATE_DEADLINE + 10, district, {
    kind: 'order',
    issuerOrgId: districtOrg.orgId,
    subjectOrgId: late.id,
    title: '关于检查考核过多过频问题的督办',
    content: `群众反映对${lateHasVillages ? '村级' : '社区'}检查考核过多、台账过多，请清理规范并回复。`,
    deadline: clock.day(LATE_DEADLINE),
    problemIds: [],
  });
  // The scheduler's run on the first morning past that deadline: the late order's criticism is
  // proposed, waiting for a person.
  const proposedOn = LATE_DEADLINE - 1;
  const proposals = await step(at(proposedOn, 6), () =>
    withTx(db, SYSTEM_ACTOR, async ({ trx, audit }) => {
      const r = await proposeEscalations(trx, clock.day(proposedOn));
      for (const a of r.audits) await audit(a);
      return r.proposed;
    }),
  );

  // Look back over the townships, the sample drawn from a recorded seed; one township's self-check.
  const findings = [
    {
      description: '部分党员学习笔记内容雷同，学习记录不够真实',
      category: 'formalism' as const,
      kind: 'phased' as const,
    },
  ];
  const lb = await step(at(9, 9), () =>
    lookbacks.create(district, {
      orgId: districtOrg.orgId,
      campaignId,
      title: '学习教育环节“回头看”',
      levels: ['township'],
      sampleSize: 2,
      seed: 'demo-2026',
    }),
  );
  const scores = lb.checklist.items.map((i, k) => ({ key: i.key, score: 7 + (k % 3), note: '' }));
  await step(at(6, 15), () =>
    lookbacks.assess(district, lb.id, {
      orgId: secretaryTown.id,
      stage: 'self',
      scores,
      summary: '对照六查六看逐项自查，学习记录不够规范。',
      findings,
    }),
  );

  // A circulated inspection report naming the secretary's branch and a township; the branch has answered.
  const named = [
    { id: branch.orgId, finding: '支部班子成员对照检查材料问题查摆不具体，缺少具体事例。' },
    ...others.slice(0, 1).map((t) => ({ id: t.id, finding: '征求意见范围不够广，服务对象意见征求不足。' })),
  ];
  const rep = await step(at(2, 10), () =>
    inspections.create(district, {
      orgId: districtOrg.orgId,
      teamId: t1.id,
      kind: 'follow_up',
      title: '关于第一轮跟踪督导情况的通报',
      body: '第一督导组于近期对所联系单位进行了跟踪督导。总体看，各单位学习教育扎实，但也存在对照检查材料问题查摆不具体、征求意见范围不够广等问题。',
      inspectedOn: clock.day(3),
      named: named.map((n) => ({ orgId: n.id, finding: n.finding, problemIds: [] })),
    }),
  );
  await step(at(2, 11), () => inspections.circulate(district, rep.id));
  await step(at(1, 16), () =>
    inspections.answer(secretary, rep.id, {
      orgId: branch.orgId,
      answer: '已组织班子成员逐一修改对照检查材料，补充具体事例，近日重新报督导组审核。',
    }),
  );

  return { teams: 2, materials: 4, forms: n, proposals, findings: findings.length };
}
