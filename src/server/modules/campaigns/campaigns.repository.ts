import { sql, type Insertable, type RawBuilder, type Updateable } from 'kysely';
import type {
  CampaignBatchTable,
  CampaignBatchRow,
  CampaignRow,
  CampaignTaskRow,
  CampaignTemplateTable,
  CampaignTaskEventTable,
  CampaignTaskTable,
  CampaignTable,
} from '../../db/types.ts';
import type { Q } from '../../db/database.ts';
import type { TTemplateBody } from '../../../shared/campaigns.ts';

/** The path of the org that deployed a campaign; undefined when there is no such campaign. */
export async function campaignOrgPath(db: Q, campaignId: number): Promise<string | undefined> {
  const r = await db
    .selectFrom('campaigns as c')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .select('o.path')
    .where('c.id', '=', campaignId)
    .executeTakeFirst();
  return r?.path;
}

/** One row of a campaign's task plan: what a unit of a batch must do, and by when. */
export interface PlanRow {
  batchId: number;
  actionKey: string;
  phaseKey: string;
  /** 'leading' applies to committees and party groups; 'branch' to branches and general branches. */
  appliesTo: 'leading' | 'branch';
  period: string;
  due: string;
}

/** A batch's phase dates, as stored in campaign_batches.phases. */
export interface BatchPhase {
  key: string;
  start: string;
  end: string;
}

const BRANCH_LEVELS = sql`ARRAY['branch','general_branch']::text[]`;

/** SQL: does org `o` fall under the batch `b` (level and, when given, kind)? */
const batchMatches = (o: string, b: string) =>
  sql`${sql.ref(`${o}.level`)} = ANY(${sql.ref(`${b}.levels`)}) AND (cardinality(${sql.ref(`${b}.kinds`)}) = 0 OR ${sql.ref(`${o}.kind`)} = ANY(${sql.ref(`${b}.kinds`)}))`;

/**
 * Adds (sign 1) or removes (sign -1) the contribution of the active tasks selected by `where`
 * (over alias t) to the roll-up counters of every ancestor inside the campaign's subtree.
 * Callers remove before a change and add after it, so counters stay equal to a recount.
 */
export async function applyTaskStats(trx: Q, sign: 1 | -1, where: RawBuilder<boolean>): Promise<void> {
  // The red-list histogram follows the same discipline, per unit rather than per task.
  if (sign === -1) await removeRedStats(trx, where);
  await sql`
    INSERT INTO campaign_stats AS s (campaign_id, org_id, phase_key, due_date, total, draft, submitted, returned, approved)
    SELECT t.campaign_id, c.ancestor_id, t.phase_key, t.due_date,
           ${sign}::int * count(*),
           ${sign}::int * count(*) FILTER (WHERE t.status = 'draft'),
           ${sign}::int * count(*) FILTER (WHERE t.status = 'submitted'),
           ${sign}::int * count(*) FILTER (WHERE t.status = 'returned'),
           ${sign}::int * count(*) FILTER (WHERE t.status = 'approved')
    FROM campaign_tasks t
    JOIN campaigns k ON k.id = t.campaign_id
    JOIN org_closure c ON c.descendant_id = t.org_id
    JOIN org_closure kc ON kc.ancestor_id = k.org_id AND kc.descendant_id = c.ancestor_id
    WHERE t.active AND ${where}
    GROUP BY t.campaign_id, c.ancestor_id, t.phase_key, t.due_date
    ON CONFLICT (campaign_id, org_id, phase_key, due_date) DO UPDATE SET
      total = s.total + excluded.total, draft = s.draft + excluded.draft, submitted = s.submitted + excluded.submitted,
      returned = s.returned + excluded.returned, approved = s.approved + excluded.approved`.execute(trx);
  if (sign === 1) await refreshRedStats(trx, where);
}

/** The units (campaign, org) having active tasks selected by `where` (over alias t). */
const unitsOf = (where: RawBuilder<boolean>) =>
  sql`SELECT DISTINCT t.campaign_id, t.org_id FROM campaign_tasks t WHERE t.active AND ${where}`;

/** Adds (sign 1) or removes (-1) the red-list contribution of units, at their stored first_open_due. */
async function applyRedStats(trx: Q, sign: 1 | -1, units: RawBuilder<unknown>): Promise<void> {
  await sql`
    INSERT INTO campaign_red_stats AS s (campaign_id, org_id, due, units)
    SELECT u.campaign_id, c.ancestor_id, u.first_open_due, ${sign}::int * count(*)
    FROM campaign_units u
    JOIN (${units}) x ON x.campaign_id = u.campaign_id AND x.org_id = u.org_id
    JOIN campaigns k ON k.id = u.campaign_id
    JOIN org_closure c ON c.descendant_id = u.org_id
    JOIN org_closure kc ON kc.ancestor_id = k.org_id AND kc.descendant_id = c.ancestor_id
    WHERE u.first_open_due IS NOT NULL
    GROUP BY u.campaign_id, c.ancestor_id, u.first_open_due
    ON CONFLICT (campaign_id, org_id, due) DO UPDATE SET units = s.units + excluded.units`.execute(trx);
}

/** Takes the units' contribution out of the red-list histogram and forgets their date. */
export async function removeRedStats(trx: Q, where: RawBuilder<boolean>): Promise<void> {
  await applyRedStats(trx, -1, unitsOf(where));
  await sql`
    UPDATE campaign_units u SET first_open_due = NULL
    FROM (${unitsOf(where)}) x
    WHERE x.campaign_id = u.campaign_id AND x.org_id = u.org_id AND u.first_open_due IS NOT NULL`.execute(trx);
}

/**
 * Recomputes the units' earliest open due date and puts them into the histogram again. Safe to
 * call without a removal first: whatever a unit contributed is taken out before.
 */
export async function refreshRedStats(trx: Q, where: RawBuilder<boolean>): Promise<void> {
  await removeRedStats(trx, where);
  await sql`
    UPDATE campaign_units u SET first_open_due = m.due
    FROM (
      SELECT t.campaign_id, t.org_id, min(t.due_date) AS due
      FROM campaign_tasks t JOIN (${unitsOf(where)}) x ON x.campaign_id = t.campaign_id AND x.org_id = t.org_id
      WHERE t.active AND t.status IN ('draft','returned')
      GROUP BY t.campaign_id, t.org_id
    ) m
    WHERE m.campaign_id = u.campaign_id AND m.org_id = u.org_id AND u.status = 'active'`.execute(trx);
  await applyRedStats(trx, 1, unitsOf(where));
}

/** Same as applyTaskStats for the count of participating units (over alias u). */
export async function applyUnitStats(trx: Q, sign: 1 | -1, where: RawBuilder<boolean>): Promise<void> {
  await sql`
    INSERT INTO campaign_unit_stats AS s (campaign_id, org_id, units)
    SELECT u.campaign_id, c.ancestor_id, ${sign}::int * count(*)
    FROM campaign_units u
    JOIN campaigns k ON k.id = u.campaign_id
    JOIN org_closure c ON c.descendant_id = u.org_id
    JOIN org_closure kc ON kc.ancestor_id = k.org_id AND kc.descendant_id = c.ancestor_id
    WHERE u.status = 'active' AND ${where}
    GROUP BY u.campaign_id, c.ancestor_id
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET units = s.units + excluded.units`.execute(trx);
}

/** Filter: tasks (alias t) of orgs in the subtree of `rootId`. */
export const tasksInSubtree = (rootId: number) =>
  sql<boolean>`t.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = ${rootId})`;
export const unitsInSubtree = (rootId: number) =>
  sql<boolean>`u.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = ${rootId})`;

/** Inserts the units of `campaignId` found in the subtree of `rootId` (all of its scope at deploy). */
export async function joinUnits(trx: Q, campaignId: number, rootId: number): Promise<void> {
  await sql`
    INSERT INTO campaign_units (campaign_id, org_id, batch_id)
    SELECT ${campaignId}, o.id, b.id
    FROM campaigns k
    JOIN org_closure kc ON kc.ancestor_id = k.org_id
    JOIN org_closure rc ON rc.descendant_id = kc.descendant_id AND rc.ancestor_id = ${rootId}
    JOIN orgs o ON o.id = kc.descendant_id AND o.status = 'active'
    CROSS JOIN LATERAL (
      SELECT b.id FROM campaign_batches b WHERE b.campaign_id = k.id AND ${batchMatches('o', 'b')} ORDER BY b.seq LIMIT 1
    ) b
    WHERE k.id = ${campaignId}
    ON CONFLICT (campaign_id, org_id) DO UPDATE SET status = 'active', left_at = NULL, left_reason = NULL, batch_id = excluded.batch_id
      WHERE campaign_units.status = 'left'`.execute(trx);
}

/**
 * Marks units of the subtree that no longer belong (dissolved, moved out of the campaign's
 * subtree, or no longer matching any batch) as left.
 */
export async function leaveUnits(trx: Q, campaignId: number, rootId: number): Promise<void> {
  await sql`
    UPDATE campaign_units u SET status = 'left', left_at = now(),
      left_reason = CASE WHEN o.status <> 'active' THEN 'dissolved'
                         WHEN NOT EXISTS (SELECT 1 FROM org_closure kc WHERE kc.ancestor_id = k.org_id AND kc.descendant_id = o.id) THEN 'moved_out'
                         ELSE 'not_matching' END
    FROM orgs o, campaigns k
    WHERE u.campaign_id = ${campaignId} AND k.id = u.campaign_id AND o.id = u.org_id AND u.status = 'active'
      AND ${unitsInSubtree(rootId)}
      AND (o.status <> 'active'
           OR NOT EXISTS (SELECT 1 FROM org_closure kc WHERE kc.ancestor_id = k.org_id AND kc.descendant_id = o.id)
           OR NOT EXISTS (SELECT 1 FROM campaign_batches b WHERE b.campaign_id = k.id AND ${batchMatches('o', 'b')}))`.execute(
    trx,
  );
}

/** Tasks of the subtree are active exactly when their unit takes part (left units keep their history). */
export async function syncTaskActivity(trx: Q, campaignId: number, rootId: number): Promise<void> {
  await sql`
    UPDATE campaign_tasks t SET active = (u.status = 'active')
    FROM campaign_units u
    WHERE t.campaign_id = ${campaignId} AND u.campaign_id = t.campaign_id AND u.org_id = t.org_id
      AND ${tasksInSubtree(rootId)} AND t.active <> (u.status = 'active')`.execute(trx);
}

/**
 * Creates the missing prescribed tasks of the active units of the subtree from the plan (new and
 * rejoining units); existing tasks are kept as they are.
 */
export async function createTasks(trx: Q, campaignId: number, rootId: number, plan: PlanRow[]): Promise<void> {
  if (plan.length === 0) return;
  await sql`
    INSERT INTO campaign_tasks (campaign_id, org_id, batch_id, action_key, phase_key, kind, period, base_due, due_date)
    SELECT u.campaign_id, u.org_id, u.batch_id, p.action_key, p.phase_key, 'prescribed', p.period, p.due::date, p.due::date
    FROM campaign_units u
    JOIN orgs o ON o.id = u.org_id
    JOIN jsonb_to_recordset(${JSON.stringify(plan.map((p) => ({ batch_id: p.batchId, action_key: p.actionKey, phase_key: p.phaseKey, applies_to: p.appliesTo, period: p.period, due: p.due })))}::jsonb)
      AS p(batch_id int, action_key text, phase_key text, applies_to text, period text, due text)
      ON p.batch_id = u.batch_id AND (p.applies_to = 'branch') = (o.level = ANY(${BRANCH_LEVELS}))
    WHERE u.campaign_id = ${campaignId} AND u.status = 'active' AND ${unitsInSubtree(rootId)}
    ON CONFLICT (campaign_id, org_id, action_key, period) DO NOTHING`.execute(trx);
}

/**
 * Sets every task's due date of the subtree to its base date tightened by the deadlines the
 * unit's ancestors (or the unit) set for that phase — the earliest wins.
 */
export async function recomputeDueDates(trx: Q, campaignId: number, rootId: number): Promise<void> {
  await sql`
    UPDATE campaign_tasks t SET due_date = LEAST(t.base_due, d.min_due)
    FROM (
      SELECT t2.id, min(dl.due_date) AS min_due
      FROM campaign_tasks t2
      LEFT JOIN org_closure c ON c.descendant_id = t2.org_id
      LEFT JOIN campaign_deadlines dl ON dl.campaign_id = t2.campaign_id AND dl.org_id = c.ancestor_id AND dl.phase_key = t2.phase_key
      WHERE t2.campaign_id = ${campaignId} AND t2.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = ${rootId})
      GROUP BY t2.id
    ) d
    WHERE t.id = d.id AND t.due_date IS DISTINCT FROM LEAST(t.base_due, d.min_due)`.execute(trx);
}

/** The deadline a unit inherits for a phase: its batch's date tightened by every ancestor's. */
export async function inheritedDeadline(
  trx: Q,
  campaignId: number,
  orgId: number,
  phaseKey: string,
  batchEnd: string,
): Promise<string> {
  const r = await sql<{ d: string | null }>`
    SELECT min(dl.due_date)::text AS d FROM campaign_deadlines dl
    JOIN org_closure c ON c.ancestor_id = dl.org_id AND c.descendant_id = ${orgId} AND c.depth > 0
    WHERE dl.campaign_id = ${campaignId} AND dl.phase_key = ${phaseKey}`.execute(trx);
  const d = r.rows[0]?.d;
  return d && d < batchEnd ? d : batchEnd;
}

/** Active campaigns that may gain or lose units when the subtree of `rootId` changes. */
export async function campaignsTouching(trx: Q, rootId: number): Promise<CampaignRow[]> {
  return trx
    .selectFrom('campaigns')
    .selectAll()
    .where('status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb('org_id', 'in', eb.selectFrom('org_closure').select('ancestor_id').where('descendant_id', '=', rootId)),
        eb.exists(
          eb
            .selectFrom('campaign_units as u')
            .select(sql`1`.as('one'))
            .whereRef('u.campaign_id', '=', 'campaigns.id')
            .where('u.status', '=', 'active')
            .where(sql<boolean>`u.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = ${rootId})`),
        ),
      ]),
    )
    .execute();
}

export async function batchesOf(trx: Q, campaignId: number): Promise<CampaignBatchRow[]> {
  return trx.selectFrom('campaign_batches').selectAll().where('campaign_id', '=', campaignId).orderBy('seq').execute();
}

/** The plan of a campaign: every prescribed action × batch × period, with its base due date. */
export function buildPlan(body: TTemplateBody, batches: CampaignBatchRow[]): PlanRow[] {
  const out: PlanRow[] = [];
  for (const b of batches) {
    const phases = new Map((b.phases as unknown as BatchPhase[]).map((p) => [p.key, p]));
    for (const a of body.actions) {
      if (a.kind !== 'prescribed') continue;
      const ph = phases.get(a.phaseKey);
      if (!ph) continue;
      const appliesTo = a.assignee === 'leading_body' ? 'leading' : 'branch';
      if (!a.recurrence) {
        out.push({ batchId: b.id, actionKey: a.key, phaseKey: a.phaseKey, appliesTo, period: '', due: ph.end });
        continue;
      }
      for (const p of periods(a.recurrence, ph.start, ph.end)) {
        out.push({ batchId: b.id, actionKey: a.key, phaseKey: a.phaseKey, appliesTo, period: p.period, due: p.due });
      }
    }
  }
  return out;
}

/** The reporting periods of a recurring action between two dates; each is due on its last day (or the phase end). */
export function periods(
  recurrence: 'monthly' | 'quarterly' | 'annual',
  start: string,
  end: string,
): Array<{ period: string; due: string; last: string }> {
  const out: Array<{ period: string; due: string; last: string }> = [];
  let y = Number(start.slice(0, 4));
  let m = Number(start.slice(5, 7)); // 1-based
  const step = recurrence === 'monthly' ? 1 : recurrence === 'quarterly' ? 3 : 12;
  if (recurrence === 'quarterly') m = Math.floor((m - 1) / 3) * 3 + 1;
  if (recurrence === 'annual') m = 1;
  for (let guard = 0; guard < 400; guard++) {
    const first = `${y}-${String(m).padStart(2, '0')}-01`;
    if (first > end) break;
    const lastDate = new Date(Date.UTC(y, m - 1 + step, 0));
    const last = lastDate.toISOString().slice(0, 10);
    const period =
      recurrence === 'monthly' ? first.slice(0, 7) : recurrence === 'quarterly' ? `${y}-Q${(m + 2) / 3}` : String(y);
    out.push({ period, last, due: last < end ? last : end });
    m += step;
    while (m > 12) {
      m -= 12;
      y += 1;
    }
  }
  return out;
}

/**
 * Progress figures of one org's subtree, per phase, as of `today`. The open tasks (draft and
 * returned) are split by their due date: `due` (not yet past it) and `overdue`, each counted on
 * its own so that approved + submitted + due + overdue = total can be checked, not assumed.
 */
export interface ProgressRow {
  org_id: number;
  phase_key: string;
  total: number;
  approved: number;
  submitted: number;
  returned: number;
  draft: number;
  due: number;
  overdue: number;
  returned_due: number;
  returned_overdue: number;
}

export async function progressByPhase(
  db: Q,
  campaignId: number,
  orgIds: number[],
  today: string,
): Promise<ProgressRow[]> {
  if (orgIds.length === 0) return [];
  const r = await sql<ProgressRow>`
    SELECT org_id, phase_key, sum(total)::int AS total, sum(approved)::int AS approved, sum(submitted)::int AS submitted,
           sum(returned)::int AS returned, sum(draft)::int AS draft,
           coalesce(sum(draft + returned) FILTER (WHERE due_date >= ${today}::date), 0)::int AS due,
           coalesce(sum(draft + returned) FILTER (WHERE due_date < ${today}::date), 0)::int AS overdue,
           coalesce(sum(returned) FILTER (WHERE due_date >= ${today}::date), 0)::int AS returned_due,
           coalesce(sum(returned) FILTER (WHERE due_date < ${today}::date), 0)::int AS returned_overdue
    FROM campaign_stats WHERE campaign_id = ${campaignId} AND org_id IN (${sql.join(orgIds)})
    GROUP BY org_id, phase_key`.execute(db);
  return r.rows;
}

export async function unitCounts(db: Q, campaignId: number, orgIds: number[]): Promise<Map<number, number>> {
  if (orgIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('campaign_unit_stats')
    .select(['org_id', 'units'])
    .where('campaign_id', '=', campaignId)
    .where('org_id', 'in', orgIds)
    .execute();
  return new Map(rows.map((r) => [r.org_id, r.units]));
}

/**
 * Units of the subtree with open tasks overdue since before `cutoff`: the red list, earliest
 * first. Walks the units by their earliest open due date (an index), not the tasks.
 */
export async function redList(db: Q, campaignId: number, orgId: number, cutoff: string, limit: number) {
  const r = await sql<{ org_id: number; name: string; path: string; overdue: number; oldest_due: string }>`
    SELECT u.org_id, o.name, o.path::text AS path, u.first_open_due::text AS oldest_due,
           (SELECT count(*) FROM campaign_tasks t
             WHERE t.org_id = u.org_id AND t.campaign_id = u.campaign_id AND t.active
               AND t.status IN ('draft','returned') AND t.due_date < ${cutoff}::date)::int AS overdue
    FROM campaign_units u
    JOIN orgs o ON o.id = u.org_id
    WHERE u.campaign_id = ${campaignId} AND u.status = 'active' AND u.first_open_due < ${cutoff}::date
      AND EXISTS (SELECT 1 FROM org_closure c WHERE c.ancestor_id = ${orgId} AND c.descendant_id = u.org_id)
    ORDER BY u.first_open_due, u.org_id
    LIMIT ${limit}`.execute(db);
  return r.rows;
}

/** How many units of the subtree are on the red list: a sum over the histogram's rows. */
export async function redListCount(db: Q, campaignId: number, orgId: number, cutoff: string): Promise<number> {
  const r = await sql<{ n: number }>`
    SELECT coalesce(sum(units), 0)::int AS n FROM campaign_red_stats
    WHERE campaign_id = ${campaignId} AND org_id = ${orgId} AND due < ${cutoff}::date`.execute(db);
  return r.rows[0].n;
}

export interface TaskFilter {
  campaignId: number;
  orgId: number;
  subtree: boolean;
  status?: string;
  phase?: string;
  overdue?: boolean;
  today: string;
  afterId?: number;
  limit: number;
}

/** A page of tasks (keyset on id), joined with the org's name and path; `limit + 1` rows, so the caller knows if more follow. */
export async function listTasks(db: Q, f: TaskFilter) {
  let q = db
    .selectFrom('campaign_tasks as t')
    .innerJoin('orgs as o', 'o.id', 't.org_id')
    .select([
      't.id',
      't.campaign_id',
      't.org_id',
      'o.name as org_name',
      'o.path as org_path',
      't.action_key',
      't.phase_key',
      't.kind',
      't.period',
      't.due_date',
      't.base_due',
      't.status',
      't.submitted_at',
      't.decided_at',
      't.last_comment',
      't.cycle',
      't.updated_at',
    ])
    .where('t.campaign_id', '=', f.campaignId)
    .where('t.active', '=', true);
  q = f.subtree
    ? q.where(sql<boolean>`t.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = ${f.orgId})`)
    : q.where('t.org_id', '=', f.orgId);
  if (f.status) q = q.where('t.status', '=', f.status);
  if (f.phase) q = q.where('t.phase_key', '=', f.phase);
  if (f.overdue)
    q = q.where('t.status', 'in', ['draft', 'returned']).where(sql<boolean>`t.due_date < ${f.today}::date`);
  if (f.afterId) q = q.where('t.id', '>', f.afterId);
  return q
    .orderBy('t.id')
    .limit(f.limit + 1)
    .execute();
}

export async function countTasks(db: Q, f: Omit<TaskFilter, 'afterId' | 'limit'>): Promise<number> {
  let q = db
    .selectFrom('campaign_tasks as t')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('t.campaign_id', '=', f.campaignId)
    .where('t.active', '=', true);
  q = f.subtree
    ? q.where(sql<boolean>`t.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = ${f.orgId})`)
    : q.where('t.org_id', '=', f.orgId);
  if (f.status) q = q.where('t.status', '=', f.status);
  if (f.phase) q = q.where('t.phase_key', '=', f.phase);
  if (f.overdue)
    q = q.where('t.status', 'in', ['draft', 'returned']).where(sql<boolean>`t.due_date < ${f.today}::date`);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Children of an org that take part in the campaign's subtree, with their names. */
export async function childOrgs(db: Q, orgId: number) {
  return db
    .selectFrom('orgs')
    .select(['id', 'name', 'level', 'path'])
    .where('parent_id', '=', orgId)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

// ---------- templates ----------

/** Templates with their owner org's path (for the visibility check), built-in ones first. */
export async function listTemplates(q: Q) {
  return q
    .selectFrom('campaign_templates as t')
    .leftJoin('orgs as o', 'o.id', 't.owner_org_id')
    .selectAll('t')
    .select('o.path as owner_path')
    .orderBy('t.builtin', 'desc')
    .orderBy('t.id')
    .execute();
}

export async function findTemplate(q: Q, id: number) {
  return q
    .selectFrom('campaign_templates as t')
    .leftJoin('orgs as o', 'o.id', 't.owner_org_id')
    .selectAll('t')
    .select('o.path as owner_path')
    .where('t.id', '=', id)
    .executeTakeFirst();
}

export async function insertTemplate(q: Q, values: Insertable<CampaignTemplateTable>): Promise<number> {
  const r = await q.insertInto('campaign_templates').values(values).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateTemplate(q: Q, id: number, set: Updateable<CampaignTemplateTable>): Promise<void> {
  await q.updateTable('campaign_templates').set(set).where('id', '=', id).execute();
}

// ---------- campaigns ----------

export async function insertCampaign(q: Q, values: Insertable<CampaignTable>): Promise<number> {
  const r = await q.insertInto('campaigns').values(values).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertBatch(q: Q, values: Insertable<CampaignBatchTable>): Promise<void> {
  await q.insertInto('campaign_batches').values(values).execute();
}

/** Filter: the tasks (alias t) of one campaign. */
export const tasksOfCampaign = (campaignId: number) => sql<boolean>`t.campaign_id = ${campaignId}`;
/** Filter: the units (alias u) of one campaign. */
export const unitsOfCampaign = (campaignId: number) => sql<boolean>`u.campaign_id = ${campaignId}`;
/** Filter: one task (alias t). */
export const taskById = (taskId: number) => sql<boolean>`t.id = ${taskId}`;
/** Filter: the tasks (alias t) of one phase of a campaign in the subtree of `rootId`. */
export const phaseTasksInSubtree = (campaignId: number, phaseKey: string, rootId: number) =>
  sql<boolean>`t.campaign_id = ${campaignId} AND t.phase_key = ${phaseKey} AND ${tasksInSubtree(rootId)}`;
/** Filter: the tasks (alias t) of some campaigns in the subtree of `rootId`. */
export const campaignTasksInSubtree = (campaignIds: number[], rootId: number) =>
  sql<boolean>`t.campaign_id IN (${sql.join(campaignIds)}) AND ${tasksInSubtree(rootId)}`;
/** Filter: the units (alias u) of some campaigns in the subtree of `rootId`. */
export const campaignUnitsInSubtree = (campaignIds: number[], rootId: number) =>
  sql<boolean>`u.campaign_id IN (${sql.join(campaignIds)}) AND ${unitsInSubtree(rootId)}`;

export async function countUnits(q: Q, campaignId: number): Promise<number> {
  const r = await q
    .selectFrom('campaign_units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaign_id', '=', campaignId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countCampaignTasks(q: Q, campaignId: number): Promise<number> {
  const r = await q
    .selectFrom('campaign_tasks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaign_id', '=', campaignId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Tells the planner about a big deployment at once (PGlite never analyzes by itself). */
export async function analyzeCampaignTables(q: Q): Promise<void> {
  await sql`ANALYZE campaign_tasks, campaign_stats, campaign_units, campaign_unit_stats`.execute(q);
}

export type CampaignWithOrg = CampaignRow & { org_path: string; org_name: string };

export async function findCampaign(q: Q, id: number): Promise<CampaignWithOrg | undefined> {
  return q
    .selectFrom('campaigns as c')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .selectAll('c')
    .select(['o.path as org_path', 'o.name as org_name'])
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export type CampaignListRow = CampaignWithOrg & { start_date: string | null; end_date: string | null };

/**
 * A page of the campaigns that concern the actor (a grant at, above or below the deploying org:
 * `grantOrgIds`, null for an administrator), newest first, keyset on id; `limit + 1` rows.
 */
export async function listCampaigns(
  q: Q,
  f: { grantOrgIds: number[] | null; afterId?: number; limit: number },
): Promise<CampaignListRow[]> {
  if (f.grantOrgIds !== null && f.grantOrgIds.length === 0) return [];
  const g = f.grantOrgIds;
  return q
    .selectFrom('campaigns as c')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .selectAll('c')
    .select(['o.path as org_path', 'o.name as org_name'])
    .select((eb) => [
      eb
        .selectFrom('campaign_batches as b')
        .select(sql<string>`min(b.start_date)::text`.as('s'))
        .whereRef('b.campaign_id', '=', 'c.id')
        .as('start_date'),
      eb
        .selectFrom('campaign_batches as b')
        .select(sql<string>`max(b.end_date)::text`.as('e'))
        .whereRef('b.campaign_id', '=', 'c.id')
        .as('end_date'),
    ])
    .$if(g !== null, (qb) =>
      qb.where(
        sql<boolean>`EXISTS (SELECT 1 FROM org_closure x
          WHERE (x.descendant_id = c.org_id AND x.ancestor_id IN (${sql.join(g!)}))
             OR (x.ancestor_id = c.org_id AND x.descendant_id IN (${sql.join(g!)})))`,
      ),
    )
    .$if(f.afterId !== undefined, (qb) => qb.where('c.id', '<', f.afterId!))
    .orderBy('c.id', 'desc')
    .limit(f.limit + 1)
    .execute() as Promise<CampaignListRow[]>;
}

/** A campaign's own deadlines, with the org's name and path (for the visibility check). */
export async function deadlinesOf(q: Q, campaignId: number) {
  return q
    .selectFrom('campaign_deadlines as d')
    .innerJoin('orgs as o', 'o.id', 'd.org_id')
    .select(['d.org_id', 'o.name', 'o.path', 'd.phase_key', 'd.due_date'])
    .where('d.campaign_id', '=', campaignId)
    .orderBy('d.org_id')
    .execute();
}

export async function findDeadline(q: Q, campaignId: number, orgId: number, phaseKey: string) {
  return q
    .selectFrom('campaign_deadlines')
    .select('due_date')
    .where('campaign_id', '=', campaignId)
    .where('org_id', '=', orgId)
    .where('phase_key', '=', phaseKey)
    .executeTakeFirst();
}

export async function hasDeadlines(q: Q, campaignId: number): Promise<boolean> {
  const r = await q
    .selectFrom('campaign_deadlines')
    .select('org_id')
    .where('campaign_id', '=', campaignId)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

export async function upsertDeadline(
  q: Q,
  d: { campaignId: number; orgId: number; phaseKey: string; dueDate: string; setBy: number },
): Promise<void> {
  await q
    .insertInto('campaign_deadlines')
    .values({
      campaign_id: d.campaignId,
      org_id: d.orgId,
      phase_key: d.phaseKey,
      due_date: d.dueDate,
      set_by: d.setBy,
    })
    .onConflict((oc) =>
      oc
        .columns(['campaign_id', 'org_id', 'phase_key'])
        .doUpdateSet({ due_date: d.dueDate, set_by: d.setBy, set_at: new Date() }),
    )
    .execute();
}

export async function findActiveUnit(q: Q, campaignId: number, orgId: number) {
  return q
    .selectFrom('campaign_units')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('org_id', '=', orgId)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

// ---------- tasks ----------

/** A task row with its unit's path and name, as loaded for authorization. */
export type TaskWithOrg = CampaignTaskRow & { org_path: string; org_name: string };

export async function findTask(q: Q, id: number, lock = false): Promise<TaskWithOrg | undefined> {
  let sel = q
    .selectFrom('campaign_tasks as t')
    .innerJoin('orgs as o', 'o.id', 't.org_id')
    .selectAll('t')
    .select(['o.path as org_path', 'o.name as org_name'])
    .where('t.id', '=', id);
  if (lock) sel = sel.forUpdate('t');
  return sel.executeTakeFirst();
}

/** An optional task added by a unit; undefined when the unit already has it. */
export async function insertOptionalTask(q: Q, values: Insertable<CampaignTaskTable>): Promise<number | undefined> {
  const r = await q
    .insertInto('campaign_tasks')
    .values(values)
    .onConflict((oc) => oc.columns(['campaign_id', 'org_id', 'action_key', 'period']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

export async function updateTask(q: Q, id: number, set: Updateable<CampaignTaskTable>): Promise<void> {
  await q.updateTable('campaign_tasks').set(set).where('id', '=', id).execute();
}

export async function insertTaskEvent(q: Q, values: Insertable<CampaignTaskEventTable>): Promise<void> {
  await q.insertInto('campaign_task_events').values(values).execute();
}

export async function taskEvents(q: Q, taskId: number) {
  return q.selectFrom('campaign_task_events').selectAll().where('task_id', '=', taskId).orderBy('id').execute();
}

export async function campaignStatus(q: Q, campaignId: number): Promise<string> {
  const r = await q.selectFrom('campaigns').select('status').where('id', '=', campaignId).executeTakeFirstOrThrow();
  return r.status;
}
