/**
 * The demo city's problem ledgers: the leading bodies of the campaign's first batch (city,
 * counties, departments, townships) have ledgers built from opinions, self-inspection, meetings,
 * supervision feedback and problems the city sent down, in every state — drafts still missing
 * particulars, problems being rectified with milestones, some overdue, some awaiting
 * verification with evidence, some closed with their effect, one reopened.
 * Written set-wise under the counter discipline, with the history a real quarter would leave.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { addDays } from '../../platform/dates.ts';
import { SYSTEM_ACTOR } from '../../platform/audit.ts';
import { withTx } from '../../platform/tx.ts';
import {
  insertProblems,
  insertProblemEvents,
  applyProblemStats,
  type NewProblem,
} from '../ledger/ledger.repository.ts';
import { mulberry32 } from './generator.ts';
import { POSITIONS } from './names.ts';
import type { DemoClock } from './demo-clock.ts';

/**
 * Problems as offices wrote them in 2013–2014 ledgers: [category, subject, description, standard,
 * measures, where it fits]. 'rural' needs villages in the unit's area (a town, a county, the city);
 * 'government' a Party committee over an area (its service centre, the checks it sends down);
 * 'any' every leading body.
 */
type Fit = 'any' | 'rural' | 'government';
const PROBLEMS: Array<[string, string, string, string, string[], Fit]> = [
  [
    'formalism',
    'leading_body',
    '文山会海问题仍然存在，以会议贯彻会议、以文件落实文件的现象比较突出',
    '全年会议、发文数量较上年减少三分之一以上',
    ['严格控制会议数量、规模和时间', '推行合并发文、精简简报'],
    'any',
  ],
  [
    'formalism',
    'unit',
    '检查考核过多过频，基层迎检负担较重',
    '对基层的检查考核事项压减50%',
    ['清理规范检查考核评比项目', '实行年度统一考核'],
    'government',
  ],
  [
    'bureaucratism',
    'leading_body',
    '深入基层调查研究不够，了解群众诉求不及时',
    '班子成员每人每年到基层调研不少于60天',
    ['建立领导干部基层联系点制度', '落实下访接访制度'],
    'any',
  ],
  [
    'bureaucratism',
    'unit',
    '办事程序繁琐，群众办事多头跑、反复跑',
    '一般事项一次办结，办理时限压缩三分之一',
    ['公开办事流程和时限', '推行首问负责和限时办结制'],
    'any',
  ],
  [
    'bureaucratism',
    'leader',
    '对群众反映的问题推诿扯皮，答复不及时',
    '群众来信来访按期办结率达到100%',
    ['建立群众诉求台账，逐件跟踪督办'],
    'any',
  ],
  [
    'hedonism',
    'unit',
    '个别干部纪律松弛，上班迟到早退、工作日午间饮酒',
    '干部考勤和工作纪律全面规范',
    ['严格执行考勤制度', '开展明察暗访并通报'],
    'any',
  ],
  ['hedonism', 'leading_body', '办公用房超标准配置问题', '办公用房全部符合标准', ['全面清理腾退超标办公用房'], 'any'],
  [
    'extravagance',
    'unit',
    '公务接待超标准，存在陪餐人员过多现象',
    '公务接待严格执行标准，实行公函制度',
    ['制定公务接待管理办法', '每季度公开接待费用'],
    'any',
  ],
  [
    'extravagance',
    'unit',
    '公务用车管理不规范，存在公车私用现象',
    '公务用车全部登记使用、统一标识',
    ['建立公务用车使用登记制度', '节假日公车统一封存'],
    'any',
  ],
  [
    'service',
    'unit',
    '村组道路年久失修，群众出行不便',
    '完成村组道路硬化8公里',
    ['争取项目资金', '分段组织施工并公示'],
    'rural',
  ],
  [
    'service',
    'unit',
    '便民服务中心窗口人员服务态度生硬',
    '群众满意度测评达到90%以上',
    ['开展窗口服务礼仪培训', '实行服务评价器评价'],
    'government',
  ],
  [
    'discipline',
    'leader',
    '落实党风廉政建设“一岗双责”不够到位',
    '签订责任书并逐级考核',
    ['层层签订党风廉政建设责任书', '开展廉政约谈'],
    'any',
  ],
  [
    'formalism',
    'unit',
    '党建工作重部署轻落实，制度执行流于形式',
    '三会一课按时召开、记录规范',
    ['建立党建工作月报告、季检查制度'],
    'any',
  ],
  [
    'service',
    'unit',
    '农村低保评定程序不够公开透明',
    '低保评定全部经过民主评议并张榜公示',
    ['规范低保评审程序', '实行三级公示'],
    'rural',
  ],
];

/** Positions of those who lead a body: a unit's responsible leader is one of them where it can be. */
const LEADS = new Set<string>([
  ...POSITIONS.organLead,
  ...POSITIONS.townshipLead,
  ...POSITIONS.schoolLead,
  ...POSITIONS.institutionLead,
  ...POSITIONS.enterpriseLead,
  ...POSITIONS.villageLead,
  ...POSITIONS.communityLead,
]);

/**
 * The ledger of the branch the demo's `secretary` and `member` accounts belong to, from its own
 * self-inspection: the secretary is 责任领导, the member 责任人 and owner of the measures, two
 * problems under rectification (one due within the week) and one confirmed but not yet started.
 */
const BRANCH_PROBLEMS: Array<[string, string, string, string, string[], 'in_progress' | 'pending', number]> = [
  [
    'bureaucratism',
    'leading_body',
    '支委联系服务群众不够经常，入户走访困难党员和困难群众不到位',
    '支委每人每月走访群众不少于10户，困难党员每季度全覆盖',
    ['建立支委联系户制度', '每月开展一次集中走访并登记台账'],
    'in_progress',
    5,
  ],
  [
    'formalism',
    'unit',
    '“三会一课”记录不规范，有的组织生活会主题不明确、流于形式',
    '每次组织生活会有主题、有记录、有整改事项',
    ['规范会议记录本', '支部书记每季度讲一次党课'],
    'in_progress',
    20,
  ],
  [
    'extravagance',
    'unit',
    '村级公务接待管理不严，接待费用公开不及时',
    '村务、财务每季度公开一次，接待费用逐笔登记',
    ['建立接待费用审批登记制度', '每季度公示村级财务收支'],
    'pending',
    45,
  ],
];

/** The timeline, in days before today: entered, confirmed, started, plan done, reported, … verified. */
const ENTERED = 42;
const CONFIRMED = 40;
const STARTED = 35;
const PLAN_DONE = 33;
const PLAN_DUE = 30;
const REPORTED = 15;
const WORK_DONE = 14;
const EVIDENCE = 12;
const FINISHED = 10;
const VERIFIED = 5;

const SOURCES = ['opinion', 'opinion', 'self_inspection', 'meeting', 'supervision', 'higher_level'] as const;
/** Target state mix: draft, pending, in_progress (on time / overdue), awaiting, closed. */
const STATES = [
  'draft',
  'pending',
  'in_progress',
  'in_progress',
  'in_progress',
  'awaiting',
  'closed',
  'closed',
] as const;

export async function loadDemoLedger(
  db: Kysely<DB>,
  opts: { seed: number; campaignId?: number; clock: DemoClock },
): Promise<{ problems: number }> {
  const { clock } = opts;
  const today = clock.today;
  const rand = mulberry32(opts.seed ^ 0x1ed9e);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const office = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('username', '=', 'office')
    .executeTakeFirstOrThrow();
  const units = await db
    .selectFrom('orgs as o')
    .select(['o.id', 'o.name', 'o.level', 'o.kind', 'o.parent_id'])
    .select(
      sql<boolean>`EXISTS (SELECT 1 FROM org_closure c JOIN orgs v ON v.id = c.descendant_id WHERE c.ancestor_id = o.id AND v.kind = 'village' AND v.status = 'active')`.as(
        'rural',
      ),
    )
    .where('o.level', 'in', ['city', 'county', 'department', 'township'])
    .where('o.status', '=', 'active')
    .orderBy('o.id')
    .execute();
  // The branch of the demo's secretary and member accounts, with the two of them.
  const anchor = await sql<{
    org_id: number;
    org_name: string;
    parent_id: number;
    sec_id: number;
    sec_name: string;
    mem_id: number;
    mem_name: string;
  }>`
    SELECT o.id AS org_id, o.name AS org_name, o.parent_id, sm.id AS sec_id, sm.name AS sec_name, mm.id AS mem_id, mm.name AS mem_name
    FROM users su JOIN grants g ON g.user_id = su.id JOIN orgs o ON o.id = g.org_id
    JOIN members sm ON sm.id = su.member_id
    JOIN users mu ON mu.username = 'member' JOIN members mm ON mm.id = mu.member_id
    WHERE su.username = 'secretary'`
    .execute(db)
    .then((r) => r.rows[0]);
  if (anchor)
    units.push({
      id: anchor.org_id,
      name: anchor.org_name,
      level: 'branch',
      kind: 'village',
      parent_id: anchor.parent_id,
      rural: true,
    });
  // Who can be named as responsible: the unit's own active members, of its organs where it has
  // them (a township's 机关党支部, a county's organs), leaders among them for the leader.
  const people = await sql<{ unit: number; name: string; position: string; kind: string }>`
    SELECT c.ancestor_id AS unit, m.name, m.position, b.kind
    FROM org_closure c JOIN members m ON m.org_id = c.descendant_id JOIN orgs b ON b.id = m.org_id
    WHERE c.ancestor_id IN (${sql.join(units.map((u) => u.id))}) AND m.status = 'active' AND NOT ('retired' = ANY (m.special_types))
    ORDER BY c.ancestor_id, m.id`.execute(db);
  const staffOf = new Map<number, Array<{ name: string; position: string; kind: string }>>();
  for (const p of people.rows) staffOf.set(p.unit, [...(staffOf.get(p.unit) ?? []), p]);
  const castOf = (unitId: number) => {
    const all = staffOf.get(unitId) ?? [];
    const organ = all.filter((p) => p.kind === 'organ');
    const pool = organ.length ? organ : all;
    const leads = pool.filter((p) => LEADS.has(p.position));
    return {
      leads: leads.length ? leads : pool,
      staff: pool.filter((p) => !LEADS.has(p.position)).length ? pool.filter((p) => !LEADS.has(p.position)) : pool,
    };
  };
  const evidenceText = (unit: string, d: string) =>
    Buffer.from(
      `${unit}整改落实情况报告\n\n一、整改措施落实情况\n${d}\n\n二、整改成效\n已按期完成整改，群众满意。\n`,
      'utf8',
    );

  let total = 0;
  await clock.step(clock.at(ENTERED, 9), () =>
    withTx(db, SYSTEM_ACTOR, async ({ trx, audit }) => {
      for (const unit of units) {
        const own = anchor?.org_id === unit.id;
        const n = own ? BRANCH_PROBLEMS.length : unit.level === 'city' ? 6 : 2 + Math.floor(rand() * 4);
        const rows: NewProblem[] = [];
        const states: Array<(typeof STATES)[number]> = [];
        // What fits this unit: village matters where it has villages; a service centre and the checks
        // it sends down where it is a Party committee over an area. A township's office is its 党政办.
        const government = unit.kind === 'committee';
        const fitting = PROBLEMS.filter(
          ([, , , , , fit]) => fit === 'any' || (fit === 'rural' ? unit.rural : government),
        );
        const deptName = unit.level === 'township' && unit.kind === 'committee' ? '党政办' : '办公室';
        const cast = castOf(unit.id);
        const person = (from: Array<{ name: string }>, not?: string) => {
          const others = from.filter((p) => p.name !== not);
          return (others.length ? pick(others) : pick(from))?.name ?? '';
        };
        for (let i = 0; i < n && own; i++) {
          const [category, subject, description, standard, measures, state, due] = BRANCH_PROBLEMS[i];
          rows.push({
            org_id: unit.id,
            campaign_id: opts.campaignId ?? null,
            source: 'self_inspection',
            category,
            subject,
            subject_name: '',
            description,
            standard,
            responsible_leader: anchor.sec_name,
            responsible_dept: '村党支部',
            responsible_person: anchor.mem_name,
            kind: 'phased',
            deadline: addDays(today, due),
            status: 'draft',
            progress: state === 'pending' ? '' : '已制定整改方案，正在逐项推进落实。',
            created_by: office.id,
            measures: measures.map((m) => ({ content: m, owner: anchor.mem_name })),
            milestones: [
              { title: '制定整改方案', due_date: clock.day(PLAN_DUE) },
              { title: '完成整改并自查', due_date: addDays(today, due) },
            ],
          });
          states.push(state);
        }
        for (let i = 0; i < n && !own; i++) {
          const [category, subject, description, standard, measures] = pick(fitting);
          let state = pick(STATES);
          // Nobody above the city verifies its problems: they stay in rectification.
          if (unit.parent_id === null && (state === 'closed' || state === 'awaiting')) state = 'in_progress';
          const kind = rand() < 0.25 ? 'immediate' : rand() < 0.75 ? 'phased' : 'long_term';
          const overdue = state === 'in_progress' && rand() < 0.4;
          // Deadlines were set when the problem was confirmed: an overdue one passed since then.
          const deadline =
            kind === 'long_term' && rand() < 0.5
              ? null
              : addDays(
                  today,
                  overdue
                    ? -Math.floor(3 + rand() * (PLAN_DUE - 3))
                    : state === 'closed'
                      ? -Math.floor(rand() * PLAN_DUE)
                      : Math.floor(10 + rand() * 80),
                );
          const leader = person(cast.leads);
          const draftIncomplete = state === 'draft' && rand() < 0.6;
          rows.push({
            org_id: unit.id,
            campaign_id: opts.campaignId ?? null,
            source: pick(SOURCES),
            category,
            subject,
            subject_name: subject === 'leader' ? leader : '',
            description: `${unit.name.replace(/^中共/, '')}${description}`,
            standard: draftIncomplete ? '' : standard,
            responsible_leader: leader,
            responsible_dept: deptName,
            responsible_person: draftIncomplete ? '' : person(cast.staff, leader),
            kind,
            deadline,
            status: 'draft',
            progress: state === 'draft' || state === 'pending' ? '' : '已制定整改方案，正在逐项推进落实。',
            created_by: office.id,
            measures: measures.map((m) => ({ content: m, owner: deptName })),
            milestones:
              kind === 'immediate' || (deadline === null && rand() < 0.3)
                ? []
                : [
                    { title: '制定整改方案', due_date: clock.day(PLAN_DUE) },
                    { title: '完成整改并自查', due_date: deadline ?? addDays(today, 60) },
                  ],
          });
          states.push(state);
        }
        const ids = await insertProblems(trx, unit.id, rows);
        await insertProblemEvents(trx, ids, 'create', { id: office.id, name: '台账录入' }, 'draft');
        total += ids.length;

        // Move each along to its state, as the unit and the level above would have.
        await applyProblemStats(trx, -1, sql<boolean>`p.id IN (${sql.join(ids)})`);
        for (let i = 0; i < ids.length; i++) {
          const id = ids[i];
          const state = states[i];
          if (state === 'draft') continue;
          const row = rows[i];
          const at = (d: number) => clock.at(d, 10);
          const ev: Array<{ action: string; from: string; to: string; comment: string | null; at: Date; by: string }> =
            [{ action: 'confirm', from: 'draft', to: 'pending', comment: null, at: at(CONFIRMED), by: '单位' }];
          if (state !== 'pending')
            ev.push({
              action: 'start',
              from: 'pending',
              to: 'in_progress',
              comment: null,
              at: at(STARTED),
              by: '单位',
            });
          if (state === 'awaiting' || state === 'closed') {
            const sha = createHash('sha256').update(evidenceText(unit.name, row.description)).digest('hex');
            await trx
              .insertInto('file_blobs')
              .values({
                sha256: sha,
                size: evidenceText(unit.name, row.description).length,
                content: evidenceText(unit.name, row.description),
              })
              .onConflict((oc) => oc.column('sha256').doNothing())
              .execute();
            await trx
              .insertInto('problem_evidence')
              .values({
                problem_id: id,
                cycle: 1,
                sha256: sha,
                filename: '整改落实情况报告.txt',
                mime: 'text/plain',
                size: evidenceText(unit.name, row.description).length,
                version: 1,
                created_by: office.id,
                created_at: at(EVIDENCE),
                verified_at: state === 'closed' ? at(VERIFIED) : null,
                verified_by: state === 'closed' ? office.id : null,
              })
              .execute();
            await trx
              .updateTable('problem_milestones')
              .set({ done_at: at(WORK_DONE), note: '已完成' })
              .where('problem_id', '=', id)
              .execute();
            await trx
              .updateTable('problem_milestones')
              .set({ done_at: at(PLAN_DONE), note: '方案已印发' })
              .where('problem_id', '=', id)
              .where('seq', '=', 1)
              .execute();
            ev.push({
              action: 'finish',
              from: 'in_progress',
              to: 'awaiting',
              comment: null,
              at: at(FINISHED),
              by: '单位',
            });
            if (state === 'closed')
              ev.push({
                action: 'verify',
                from: 'awaiting',
                to: 'closed',
                comment: null,
                at: at(VERIFIED),
                by: office.display_name,
              });
          } else if (state === 'in_progress' && rand() < 0.5) {
            await trx
              .updateTable('problem_milestones')
              .set({ done_at: at(PLAN_DONE), note: '方案已印发' })
              .where('problem_id', '=', id)
              .where('seq', '=', 1)
              .execute();
            ev.push({
              action: 'report',
              from: 'in_progress',
              to: 'in_progress',
              comment: '本月已完成第一阶段整改任务。',
              at: at(REPORTED),
              by: '单位',
            });
          }
          await trx
            .updateTable('problems')
            .set({
              status: state,
              effect: state === 'awaiting' || state === 'closed' ? '整改措施全部落实到位，群众满意度明显提升。' : '',
              closed_at: state === 'closed' ? at(VERIFIED) : null,
              updated_at: ev[ev.length - 1].at,
            })
            .where('id', '=', id)
            .execute();
          await trx
            .insertInto('problem_events')
            .values(
              ev.map((e) => ({
                problem_id: id,
                cycle: 1,
                action: e.action,
                from_status: e.from,
                to_status: e.to,
                comment: e.comment,
                actor_id: office.id,
                actor_name: e.by,
                at: e.at,
              })),
            )
            .execute();
        }
        await applyProblemStats(trx, 1, sql<boolean>`p.id IN (${sql.join(ids)})`);
      }
      // 责任领导, 责任人 and measure owners are people: a name that is exactly one active member of
      // the unit (or an org below it) is linked to that member, as migration 0013 links old ledgers.
      for (const [table, name, link, org] of [
        ['problems', 'responsible_leader', 'responsible_leader_member_id', sql`x.org_id`],
        ['problems', 'responsible_person', 'responsible_person_member_id', sql`x.org_id`],
        [
          'problem_measures',
          'owner',
          'owner_member_id',
          sql`(SELECT p.org_id FROM problems p WHERE p.id = x.problem_id)`,
        ],
      ] as const)
        await sql`
          UPDATE ${sql.table(table)} x SET ${sql.ref(link)} = (
            SELECT min(m.id) FROM members m JOIN org_closure c ON c.descendant_id = m.org_id
            WHERE c.ancestor_id = ${org} AND m.status = 'active' AND m.name = btrim(x.${sql.ref(name)})
            HAVING count(*) = 1)
          WHERE btrim(x.${sql.ref(name)}) <> ''`.execute(trx);
      await audit({
        action: 'demo.ledger',
        entityType: 'problem',
        entityId: null,
        meta: { problems: total, units: units.length },
      });
    }),
  );
  return { problems: total };
}
