/**
 * The demo city's opinions and public disclosure: every leading body and the secretary's village
 * branch received opinions through the channels of seed 002 (letters, symposiums, talks, cards,
 * boxes, visits, online, hotline); some are still new, some answered, one declined with its
 * reason, duplicates merged, others turned into problems of the ledger; the district and the city
 * published a disclosure batch of closed rectifications (公示), personal data masked.
 * Written through the services, as an office would, so receipts, links and snapshots are real.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Actor } from '../../platform/actor.ts';
import { addDays } from '../../platform/dates.ts';
import { actorGrantsOfUser } from '../auth/auth.repository.ts';
import { OpinionService } from '../opinions/opinions.service.ts';
import { DisclosureService } from '../disclosure/disclosure.service.ts';
import { PlanService } from '../ledger/plans.service.ts';
import { OPINION_CHANNELS } from '../../../shared/opinions.ts';
import { mulberry32 } from './generator.ts';
import type { DemoClock } from './demo-clock.ts';

/**
 * What the masses say, where it can be said: 'village' needs villages in the unit's area, 'community'
 * communities, 'town' a town (镇) the unit is, lies in or has, 'street' a street (街道) likewise,
 * 'government' a Party committee over an area (its service centre, its cars); 'any' fits every unit.
 * Each opinion comes with the same complaint in other words (a duplicate that gets merged), the
 * answer that fits it, and the category of problem it becomes.
 */
type Needs = 'any' | 'village' | 'community' | 'town' | 'street' | 'government';
interface Said {
  text: string;
  dup: string;
  answer: string;
  category: 'formalism' | 'bureaucratism' | 'hedonism' | 'extravagance' | 'discipline' | 'service';
  needs: Needs;
}
const SAID: Said[] = [
  {
    needs: 'any',
    category: 'formalism',
    text: '会议太多太长，建议开短会、讲短话。',
    dup: '开会时间太长，有的会一开就是一上午，希望少开会、开短会。',
    answer: '已制定精简会议的规定，严格控制会议时间和规模，欢迎继续监督。',
  },
  {
    needs: 'any',
    category: 'discipline',
    text: '有的干部上班时间玩手机，群众去办事没人理。',
    dup: '办事的工作人员上班看手机，叫了几声才抬头。',
    answer: '已对相关人员批评教育，并开展作风纪律明察暗访。',
  },
  {
    needs: 'any',
    category: 'bureaucratism',
    text: '有的干部下基层调研走马观花，听汇报多、看现场少。',
    dup: '调研就是看看材料、听听汇报，没有真正了解情况。',
    answer: '已建立领导干部基层联系点制度，调研情况定期通报。',
  },
  {
    needs: 'any',
    category: 'bureaucratism',
    text: '部分工作人员办事推诿，一件事要找好几个科室。',
    dup: '办一件事被推来推去，不知道该找谁。',
    answer: '已推行首问负责制和限时办结制，办理情况公开接受监督。',
  },
  {
    needs: 'government',
    category: 'extravagance',
    text: '公车私用的现象还有，周末在景区见过挂着单位标志的车。',
    dup: '节假日还能看到公车在饭店门口停着。',
    answer: '已开展公务用车专项检查，节假日公车一律封存。',
  },
  {
    needs: 'government',
    category: 'service',
    text: '便民服务中心中午不上班，上班族没法办事，建议错时服务。',
    dup: '中午去便民服务中心办事，窗口都关着。',
    answer: '已实行中午轮班和周末预约服务。',
  },
  {
    needs: 'village',
    category: 'bureaucratism',
    text: '建议领导干部多到村里走走，听听老百姓的真实想法，不要只在会议室里开会。',
    dup: '干部很少到村里来，有事找不到人。',
    answer: '已建立干部联系点制度，班子成员每月到村走访。',
  },
  {
    needs: 'village',
    category: 'service',
    text: '村道路灯坏了半年没人修，晚上出行不安全。',
    dup: '村口到小学那段路的路灯一直不亮。',
    answer: '已于本周完成维修，欢迎监督。',
  },
  {
    needs: 'village',
    category: 'service',
    text: '希望公开村务财务，特别是集体土地流转的收入。',
    dup: '村里的账目好久没公开了，土地流转的钱不知道用在哪里。',
    answer: '村务财务已在公开栏公布，今后每季度公开一次。',
  },
  {
    needs: 'village',
    category: 'formalism',
    text: '检查考核太多，村干部天天填表，没时间办实事。',
    dup: '村里各种台账表格太多，干部忙着填表。',
    answer: '已清理规范对村级的检查考核事项，台账表格压减一半。',
  },
  {
    needs: 'village',
    category: 'service',
    text: '希望多组织一些农业技术培训，帮助群众增收。',
    dup: '想学大棚种植技术，希望请专家来村里讲讲。',
    answer: '已联系农技站，本月组织两期种植技术培训。',
  },
  {
    needs: 'town',
    category: 'bureaucratism',
    text: '到镇里办低保要跑好几趟，材料一次说不清楚，希望一次性告知。',
    dup: '在镇便民服务中心办事，材料要求一次说不全，来回跑了三趟。',
    answer: '已在便民服务中心公示办事指南，实行一次性告知。',
  },
  {
    needs: 'street',
    category: 'bureaucratism',
    text: '到街道办事要跑好几趟，材料一次说不清楚，希望一次性告知。',
    dup: '在街道便民服务中心办事，材料要求一次说不全，来回跑了三趟。',
    answer: '已在便民服务中心公示办事指南，实行一次性告知。',
  },
  {
    needs: 'community',
    category: 'service',
    text: '小区路灯坏了半年没人修，晚上出行不安全。',
    dup: '小区门口那段路的路灯一直不亮。',
    answer: '已联系物业完成维修，欢迎监督。',
  },
  {
    needs: 'community',
    category: 'service',
    text: '希望社区公开居务和各项经费的使用情况。',
    dup: '社区的活动经费怎么用的，居民都不清楚。',
    answer: '社区已在居务公开栏公布经费使用情况，今后每季度公开一次。',
  },
  {
    needs: 'community',
    category: 'formalism',
    text: '社区工作人员天天忙着填表迎检，很少入户走访。',
    dup: '网格员很少上门，有事只能打电话。',
    answer: '已精简社区台账，推行网格员每周入户走访。',
  },
];
const GROUPS = ['masses', 'masses', 'member', 'deputies', 'retired_cadres', 'clients'] as const;

/** A demo account as the actor of a service call, with its grants as a session would load them. */
export async function actorOf(db: Kysely<DB>, username: string): Promise<Actor> {
  const u = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'member_id'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    isAdmin: false,
    locale: 'zh-CN',
    memberId: u.member_id,
    grants: await actorGrantsOfUser(db, u.id),
    sessionId: 'demo',
    csrfToken: '',
  };
}

/** The timeline, in days before today. */
const RECEIVED_FROM = 30; // opinions come in over the next ten days
const MERGED = 19;
const ANSWERED = 18;
const DECLINED = 17;
const CONVERTED = 16;
const PLAN_MADE = 9;
const PLAN_SUBMITTED = 8;
const PLAN_DECIDED = 6;
const BATCH_MADE = 4;
const BATCH_PUBLISHED = 3;

/** What a unit's texts may speak of, from its place in the tree. */
async function factsOf(db: Kysely<DB>, orgId: number) {
  const r = await sql<{
    villages: boolean;
    communities: boolean;
    town: boolean;
    street: boolean;
    committee: boolean;
    county: string | null;
    county_level: boolean;
  }>`
    WITH rel AS (
      SELECT o.* FROM orgs o WHERE o.id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = ${orgId} UNION SELECT ancestor_id FROM org_closure WHERE descendant_id = ${orgId})
    ), below AS (SELECT o.* FROM orgs o JOIN org_closure c ON c.descendant_id = o.id WHERE c.ancestor_id = ${orgId})
    SELECT EXISTS (SELECT 1 FROM below WHERE kind = 'village' AND status = 'active') AS villages,
           EXISTS (SELECT 1 FROM below WHERE kind = 'community' AND status = 'active') AS communities,
           EXISTS (SELECT 1 FROM rel WHERE level = 'township' AND kind = 'committee' AND name !~ '街道') AS town,
           EXISTS (SELECT 1 FROM rel WHERE level = 'township' AND kind = 'committee' AND name ~ '街道') AS street,
           (SELECT kind = 'committee' FROM orgs WHERE id = ${orgId}) AS committee,
           (SELECT regexp_replace(name, '^中共(.*)委员会$', '\\1') FROM rel JOIN org_closure c ON c.ancestor_id = rel.id AND c.descendant_id = ${orgId} WHERE rel.level = 'county' LIMIT 1) AS county,
           (SELECT level = 'county' FROM orgs WHERE id = ${orgId}) AS county_level`.execute(db);
  const f = r.rows[0];
  const fits = (n: Needs) =>
    n === 'any' ||
    (n === 'village'
      ? f.villages
      : n === 'community'
        ? f.communities
        : n === 'town'
          ? f.town
          : n === 'street'
            ? f.street
            : f.committee);
  // Where a matter outside the unit's duties is sent: the county's (district's) departments, or the city's for a county.
  const elsewhere = f.county && !f.county_level ? `${f.county}有关部门` : '市直有关部门';
  return { fits, elsewhere };
}

export async function loadDemoOpinions(
  db: Kysely<DB>,
  opts: { seed: number; campaignId?: number; clock: DemoClock },
): Promise<{ opinions: number; converted: number; disclosed: number }> {
  const { clock } = opts;
  const today = clock.today;
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
  const townships = await db
    .selectFrom('orgs')
    .select(['id'])
    .where('parent_id', '=', districtOrg)
    .where('status', '=', 'active')
    .orderBy('id')
    .limit(4)
    .execute();
  const branchOrg = secretary.grants.find((g) => g.role === 'unit_admin')!.orgId;
  const targets: Array<{ orgId: number; by: Actor }> = [
    { orgId: districtOrg, by: district },
    ...townships.map((t) => ({ orgId: t.id, by: district })),
    { orgId: branchOrg, by: secretary },
  ];

  let count = 0;
  let converted = 0;
  for (const { orgId, by } of targets) {
    const { fits, elsewhere } = await factsOf(db, orgId);
    // Five different matters that fit the unit (repeating only where fewer fit); the second
    // opinion is the first one's matter again, in other words — the duplicate that gets merged.
    const fitting = SAID.filter((x) => fits(x.needs));
    const said: Said[] = [];
    for (let i = 0; said.length < 5; i++) {
      const left = fitting.filter((x) => !said.includes(x));
      said.push(pick(left.length ? left : fitting));
    }
    const made: number[] = [];
    for (let i = 0; i < 5; i++) {
      const anonymous = rand() < 0.3;
      const content = i === 1 ? said[0].dup : said[i].text;
      const o = await clock.step(
        clock.at(RECEIVED_FROM - 2 * i - Math.floor(rand() * 2), 9 + Math.floor(rand() * 8), Math.floor(rand() * 60)),
        () =>
          opinions.create(by, {
            orgId,
            campaignId,
            channel: pick(OPINION_CHANNELS),
            group: anonymous ? 'anonymous' : pick(GROUPS),
            anonymous,
            name: anonymous
              ? undefined
              : `${pick('王李张刘陈杨赵黄'.split(''))}${pick(['大爷', '阿姨', '师傅', '先生', '女士'])}`,
            contact: undefined,
            content,
          }),
      );
      made.push(o.id);
      count++;
    }
    // The duplicate merged into the first; the first answered; one declined; one turned into a problem; one left new.
    await clock.step(clock.at(MERGED, 10), () => opinions.merge(by, { into: made[0], ids: [made[1]] }));
    await clock.step(clock.at(ANSWERED, 15), () => opinions.answer(by, made[0], said[0].answer));
    await clock.step(clock.at(DECLINED, 11), () =>
      opinions.decline(by, made[2], `所反映问题不属于本单位职责范围，已告知反映人向${elsewhere}反映。`),
    );
    await clock.step(clock.at(CONVERTED, 16), () =>
      opinions.convert(by, { ids: [made[3]], category: said[3].category, kind: 'immediate' } as never),
    );
    converted++;
  }

  // The townships' rectification plans: one approved, one submitted, one returned with a comment.
  const plans = new PlanService(db);
  const states = ['approved', 'submitted', 'returned'] as const;
  for (let i = 0; i < Math.min(states.length, townships.length); i++) {
    const t = townships[i];
    const own = await db
      .selectFrom('problems')
      .select('id')
      .where('org_id', '=', t.id)
      .where('status', '!=', 'draft')
      .orderBy('seq')
      .execute();
    if (own.length === 0) continue;
    const name = (await db.selectFrom('orgs').select('name').where('id', '=', t.id).executeTakeFirstOrThrow()).name;
    const plan = await clock.step(clock.at(PLAN_MADE, 10), () =>
      plans.create(district, {
        orgId: t.id,
        campaignId,
        title: `${name}党的群众路线教育实践活动整改方案`,
        principles: '坚持边学边查边改，立行立改与长期整改相结合，以整改实效取信于民。',
        objectives: '通过集中整改，“四风”方面突出问题得到有效解决，干部作风明显转变，群众满意度明显提升。',
        measures:
          '一、对照问题清单逐项制定措施，明确责任领导、责任人和完成时限；\n二、建立整改台账，实行销号管理；\n三、健全制度，建立长效机制。',
        timeLimits: '立行立改问题本月底前完成；阶段性问题按节点推进；长期问题持续整改、定期报告。',
        problemIds: own.map((p) => p.id),
      }),
    );
    await clock.step(clock.at(PLAN_SUBMITTED, 9 + i), () => plans.transition(district, plan.id, 'submit', undefined));
    if (states[i] === 'approved')
      await clock.step(clock.at(PLAN_DECIDED, 15 + i), () => plans.transition(office, plan.id, 'approve', undefined));
    if (states[i] === 'returned')
      await clock.step(clock.at(PLAN_DECIDED, 15 + i), () =>
        plans.transition(office, plan.id, 'return', '整改措施还不够具体，请细化到人、到时间节点。'),
      );
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
    const b = await clock.step(clock.at(BATCH_MADE, 16), () =>
      disclosures.createBatch(actor, orgId, {
        title,
        startsOn: clock.day(BATCH_PUBLISHED),
        endsOn: addDays(today, 4),
      } as never),
    );
    await clock.step(clock.at(BATCH_MADE, 16, 20), () =>
      disclosures.addItems(actor, b.id, { kind: 'rectification', problemIds: closed.map((p) => p.id) }),
    );
    await clock.step(clock.at(BATCH_PUBLISHED, 9), () => disclosures.publish(actor, b.id));
    disclosed += closed.length;
  }
  return { opinions: count, converted, disclosed };
}
