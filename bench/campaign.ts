/**
 * The campaign the bench deploys: twelve prescribed actions for every branch and general branch
 * (a province: ~200k units × 12 tasks), started 40 days ago so the first phases are overdue, then
 * a mix of statuses written set-wise (as months of work would leave it), counters kept exact.
 */
import { sql } from 'kysely';
import type { Database } from '../src/server/db/database.ts';
import type { Actor } from '../src/server/platform/actor.ts';
import { addDays, dateIn } from '../src/server/platform/dates.ts';
import { SYSTEM_ACTOR } from '../src/server/platform/audit.ts';
import { withTx } from '../src/server/platform/tx.ts';
import { grantsOfUser } from '../src/server/modules/auth/auth.repository.ts';
import { CampaignService } from '../src/server/modules/campaigns/campaigns.service.ts';
import * as repo from '../src/server/modules/campaigns/campaigns.repository.ts';
import type { TTemplateBody } from '../src/shared/campaigns.ts';

const PHASES = ['study', 'check', 'rectify', 'summary'] as const;
const BENCH_NAME = { zh: '基准测试活动', en: 'Bench campaign' };
const BODY: TTemplateBody = {
  phases: PHASES.map((key, i) => ({
    key,
    name: { zh: `环节${i + 1}`, en: `Phase ${i + 1}` },
    startOffsetDays: i * 25,
    durationDays: 25,
  })),
  actions: Array.from({ length: 12 }, (_, i) => ({
    key: `a${i + 1}`,
    phaseKey: PHASES[Math.floor(i / 3)],
    kind: 'prescribed' as const,
    name: { zh: `规定动作${i + 1}`, en: `Action ${i + 1}` },
    deliverable: 'form' as const,
    assignee: 'branch' as const,
  })),
  requirements: [],
};

/** Deploys the bench campaign as the `office` account (granted at the root); returns its id and size. */
export async function deployBenchCampaign(
  database: Database,
  log: (m: string) => void,
): Promise<{ campaignId: number; tasks: number; seconds: number }> {
  const t0 = performance.now();
  const { db } = database;
  const u = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('username', '=', 'office')
    .executeTakeFirstOrThrow();
  const actor: Actor = {
    id: u.id,
    username: 'office',
    displayName: u.display_name,
    isAdmin: false,
    locale: 'zh-CN',
    memberId: null,
    grants: await grantsOfUser(db, u.id),
    sessionId: 'bench',
    csrfToken: '',
  };
  const root = actor.grants.find((g) => g.role === 'office')!;
  const today = dateIn();
  const service = new CampaignService(db, () => today);
  // A run cut off after deploying (the deploy takes minutes at province scale) is picked up again.
  const existing = await db
    .selectFrom('campaigns')
    .select('id')
    .where('name_zh', '=', BENCH_NAME.zh)
    .orderBy('id')
    .executeTakeFirst();
  let c: { id: number };
  if (existing) c = existing;
  else {
    const tpl = await service.createTemplate(actor, { ownerOrgId: root.orgId, name: BENCH_NAME, body: BODY });
    c = await service.deploy(actor, {
      templateId: tpl.id,
      orgId: root.orgId,
      escalationDays: 3,
      batches: [{ name: '第一批', levels: ['general_branch', 'branch'], kinds: [], startDate: addDays(today, -40) }],
    });
  }
  log(`campaign ${c.id} deployed (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  await withTx(db, SYSTEM_ACTOR, async ({ trx, audit }) => {
    const where = sql<boolean>`t.campaign_id = ${c.id}`;
    await repo.applyTaskStats(trx, -1, where);
    // Earlier phases further along; a hash of the id spreads statuses evenly and reproducibly.
    await sql`
      UPDATE campaign_tasks SET status = CASE
        WHEN phase_key = 'study' THEN (ARRAY['approved','approved','approved','approved','submitted','returned','draft'])[1 + (id::bigint * 7919) % 7]
        WHEN phase_key = 'check' THEN (ARRAY['approved','submitted','submitted','returned','draft','draft','draft'])[1 + (id::bigint * 7919) % 7]
        ELSE (ARRAY['draft','draft','draft','draft','draft','draft','submitted'])[1 + (id::bigint * 7919) % 7] END
      WHERE campaign_id = ${c.id}`.execute(trx);
    await repo.applyTaskStats(trx, 1, where);
    await audit({ action: 'bench.campaign', entityType: 'campaign', entityId: c.id });
  });
  await sql`ANALYZE campaign_tasks, campaign_stats, campaign_units, campaign_unit_stats`.execute(db);
  const n = await db
    .selectFrom('campaign_tasks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaign_id', '=', c.id)
    .executeTakeFirstOrThrow();
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  log(`campaign ${c.id}: ${Number(n.n)} tasks in ${seconds} s`);
  return { campaignId: c.id, tasks: Number(n.n), seconds };
}
