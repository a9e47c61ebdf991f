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
import { addDays, dateIn } from '../../platform/dates.ts';
import { SYSTEM_ACTOR } from '../../platform/audit.ts';
import { withTx } from '../../platform/tx.ts';
import { insertProblems, insertProblemEvents, applyProblemStats, type NewProblem } from '../ledger/ledger.repository.ts';
import { mulberry32 } from './generator.ts';

/** Problems as offices wrote them in 2013–2014 ledgers: [category, subject, description, standard, measures]. */
const PROBLEMS: Array<[string, string, string, string, string[]]> = [
  ['formalism', 'leading_body', '文山会海问题仍然存在，以会议贯彻会议、以文件落实文件的现象比较突出', '全年会议、发文数量较上年减少三分之一以上', ['严格控制会议数量、规模和时间', '推行合并发文、精简简报']],
  ['formalism', 'unit', '检查考核过多过频，基层迎检负担较重', '对基层的检查考核事项压减50%', ['清理规范检查考核评比项目', '实行年度统一考核']],
  ['bureaucratism', 'leading_body', '深入基层调查研究不够，了解群众诉求不及时', '班子成员每人每年到基层调研不少于60天', ['建立领导干部基层联系点制度', '落实下访接访制度']],
  ['bureaucratism', 'unit', '办事程序繁琐，群众办事多头跑、反复跑', '一般事项一次办结，办理时限压缩三分之一', ['公开办事流程和时限', '推行首问负责和限时办结制']],
  ['bureaucratism', 'leader', '对群众反映的问题推诿扯皮，答复不及时', '群众来信来访按期办结率达到100%', ['建立群众诉求台账，逐件跟踪督办']],
  ['hedonism', 'unit', '个别干部纪律松弛，上班迟到早退、工作日午间饮酒', '干部考勤和工作纪律全面规范', ['严格执行考勤制度', '开展明察暗访并通报']],
  ['hedonism', 'leading_body', '办公用房超标准配置问题', '办公用房全部符合标准', ['全面清理腾退超标办公用房']],
  ['extravagance', 'unit', '公务接待超标准，存在陪餐人员过多现象', '公务接待严格执行标准，实行公函制度', ['制定公务接待管理办法', '每季度公开接待费用']],
  ['extravagance', 'unit', '公务用车管理不规范，存在公车私用现象', '公务用车全部登记使用、统一标识', ['建立公务用车使用登记制度', '节假日公车统一封存']],
  ['service', 'unit', '村组道路年久失修，群众出行不便', '完成村组道路硬化8公里', ['争取项目资金', '分段组织施工并公示']],
  ['service', 'unit', '便民服务中心窗口人员服务态度生硬', '群众满意度测评达到90%以上', ['开展窗口服务礼仪培训', '实行服务评价器评价']],
  ['discipline', 'leader', '落实党风廉政建设“一岗双责”不够到位', '签订责任书并逐级考核', ['层层签订党风廉政建设责任书', '开展廉政约谈']],
  ['formalism', 'unit', '党建工作重部署轻落实，制度执行流于形式', '三会一课按时召开、记录规范', ['建立党建工作月报告、季检查制度']],
  ['service', 'unit', '农村低保评定程序不够公开透明', '低保评定全部经过民主评议并张榜公示', ['规范低保评审程序', '实行三级公示']],
];

const SOURCES = ['opinion', 'opinion', 'self_inspection', 'meeting', 'supervision', 'higher_level'] as const;
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = ['建国', '志强', '海燕', '立新', '红梅', '国华', '晓东', '春生', '丽娟', '永刚', '秀英', '卫东'];
/** Target state mix: draft, pending, in_progress (on time / overdue), awaiting, closed. */
const STATES = ['draft', 'pending', 'in_progress', 'in_progress', 'in_progress', 'awaiting', 'closed', 'closed'] as const;

export async function loadDemoLedger(db: Kysely<DB>, opts: { seed: number; campaignId?: number; today?: string }): Promise<{ problems: number }> {
  const today = opts.today ?? dateIn();
  const rand = mulberry32(opts.seed ^ 0x1ed9e);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const person = () => `${pick(SURNAMES.split(''))}${pick(GIVEN)}`;
  const office = await db.selectFrom('users').select(['id', 'display_name']).where('username', '=', 'office').executeTakeFirstOrThrow();
  const units = await db.selectFrom('orgs').select(['id', 'name', 'level', 'parent_id']).where('level', 'in', ['city', 'county', 'department', 'township']).where('status', '=', 'active').orderBy('id').execute();
  const evidenceText = (unit: string, d: string) => Buffer.from(`${unit}整改落实情况报告\n\n一、整改措施落实情况\n${d}\n\n二、整改成效\n已按期完成整改，群众满意。\n`, 'utf8');

  let total = 0;
  await withTx(db, SYSTEM_ACTOR, async ({ trx, audit }) => {
    for (const unit of units) {
      const n = unit.level === 'city' ? 6 : 2 + Math.floor(rand() * 4);
      const rows: NewProblem[] = [];
      const states: Array<(typeof STATES)[number]> = [];
      for (let i = 0; i < n; i++) {
        const [category, subject, description, standard, measures] = pick(PROBLEMS);
        const state = unit.parent_id === null && pick(STATES) === 'closed' ? 'in_progress' : pick(STATES); // nobody above the city verifies it
        const kind = rand() < 0.25 ? 'immediate' : rand() < 0.75 ? 'phased' : 'long_term';
        const overdue = state === 'in_progress' && rand() < 0.4;
        const deadline = kind === 'long_term' && rand() < 0.5 ? null : addDays(today, overdue ? -Math.floor(5 + rand() * 40) : state === 'closed' ? -Math.floor(rand() * 30) : Math.floor(10 + rand() * 80));
        const leader = person();
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
          responsible_dept: unit.level === 'township' ? '党政办' : '办公室',
          responsible_person: draftIncomplete ? '' : person(),
          kind,
          deadline,
          status: 'draft',
          progress: state === 'draft' || state === 'pending' ? '' : '已制定整改方案，正在逐项推进落实。',
          created_by: office.id,
          measures: measures.map((m) => ({ content: m, owner: unit.level === 'township' ? '党政办' : '办公室' })),
          milestones: kind === 'immediate' || (deadline === null && rand() < 0.3) ? [] : [{ title: '制定整改方案', due_date: addDays(today, -20) }, { title: '完成整改并自查', due_date: deadline ?? addDays(today, 60) }],
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
        const at = (d: number) => new Date(`${addDays(today, -d)}T10:00:00+08:00`);
        const ev: Array<{ action: string; from: string; to: string; comment: string | null; at: Date; by: string }> = [{ action: 'confirm', from: 'draft', to: 'pending', comment: null, at: at(40), by: '单位' }];
        if (state !== 'pending') ev.push({ action: 'start', from: 'pending', to: 'in_progress', comment: null, at: at(35), by: '单位' });
        if (state === 'awaiting' || state === 'closed') {
          const sha = createHash('sha256').update(evidenceText(unit.name, row.description)).digest('hex');
          await trx.insertInto('file_blobs').values({ sha256: sha, size: evidenceText(unit.name, row.description).length, content: evidenceText(unit.name, row.description) }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
          await trx.insertInto('problem_evidence').values({ problem_id: id, cycle: 1, sha256: sha, filename: '整改落实情况报告.txt', mime: 'text/plain', size: evidenceText(unit.name, row.description).length, version: 1, created_by: office.id, created_at: at(12), verified_at: state === 'closed' ? at(5) : null, verified_by: state === 'closed' ? office.id : null }).execute();
          await trx.updateTable('problem_milestones').set({ done_at: at(14), note: '已完成' }).where('problem_id', '=', id).execute();
          ev.push({ action: 'finish', from: 'in_progress', to: 'awaiting', comment: null, at: at(10), by: '单位' });
          if (state === 'closed') ev.push({ action: 'verify', from: 'awaiting', to: 'closed', comment: null, at: at(5), by: office.display_name });
        } else if (state === 'in_progress' && rand() < 0.5) {
          ev.push({ action: 'report', from: 'in_progress', to: 'in_progress', comment: '本月已完成第一阶段整改任务。', at: at(15), by: '单位' });
          await trx.updateTable('problem_milestones').set({ done_at: at(18), note: '方案已印发' }).where('problem_id', '=', id).where('seq', '=', 1).execute();
        }
        await trx
          .updateTable('problems')
          .set({
            status: state,
            effect: state === 'awaiting' || state === 'closed' ? '整改措施全部落实到位，群众满意度明显提升。' : '',
            closed_at: state === 'closed' ? at(5) : null,
            updated_at: ev[ev.length - 1].at,
          })
          .where('id', '=', id)
          .execute();
        await trx.insertInto('problem_events').values(ev.map((e) => ({ problem_id: id, cycle: 1, action: e.action, from_status: e.from, to_status: e.to, comment: e.comment, actor_id: office.id, actor_name: e.by, at: e.at }))).execute();
      }
      await applyProblemStats(trx, 1, sql<boolean>`p.id IN (${sql.join(ids)})`);
    }
    await audit({ action: 'demo.ledger', entityType: 'problem', entityId: null, meta: { problems: total, units: units.length } });
  });
  return { problems: total };
}
