import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import { OPEN_PROBLEM_STATUSES } from '../../../shared/ledger.ts';
import { PROBLEM_ESCALATION_DAYS } from '../../../shared/notices.ts';

/**
 * The reminder scheduler's SQL: each function is one set-based INSERT … SELECT … ON CONFLICT
 * (dedupe_key) DO NOTHING, so a second run (the same day, or another process) adds nothing.
 * Every scan is a range of the partial index campaign_tasks_open_due_idx (campaign_id, due_date,
 * org_id) WHERE active AND status IN ('draft','returned'), bounded by a window of due dates: the
 * cost follows the tasks due around today, not the two million in the database.
 */

/** A missed run (server down) still sends what fell due in the last CATCH_UP_DAYS days; older is left to the red list. */
export const CATCH_UP_DAYS = 7;

const OPEN = sql`t.active AND t.status IN ('draft','returned')`;

const CAMPAIGN_NAME = sql`jsonb_build_object('zh', k.name_zh, 'en', k.name_en)`;

/**
 * Inserts one notification per new group of open tasks (campaign, unit, due date) found in
 * `window`: one pass over the window's index range groups the tasks and lists their actions
 * (names read once per campaign from its body and hash-joined), groups whose dedupe key exists
 * are dropped by one index probe each, and ON CONFLICT settles a race with another writer.
 */
async function insertTaskGroups(
  trx: Transaction<DB>,
  o: {
    kind: string;
    window: RawBuilder<boolean>;
    key: RawBuilder<string>;
    extra: RawBuilder<unknown>;
    params: RawBuilder<unknown>;
  },
): Promise<number> {
  const r = await sql`
    WITH names AS (
      SELECT k.id AS campaign_id, a->>'key' AS action_key, a->'name' AS name
      FROM campaigns k CROSS JOIN LATERAL jsonb_array_elements(k.body->'actions') a
      WHERE k.status = 'active'
    ), g AS (
      SELECT t.campaign_id, t.org_id, t.due_date, ${o.extra} AS extra, count(*)::int AS n,
             CASE WHEN count(*) = 1 THEN min(t.id) END AS task_id,
             jsonb_agg(jsonb_build_object('key', t.action_key, 'period', t.period,
                                          'name', coalesce(nm.name, jsonb_build_object('zh', t.action_key, 'en', t.action_key)))
                       ORDER BY t.action_key, t.period) AS actions
      FROM campaigns k
      JOIN campaign_tasks t ON t.campaign_id = k.id
      LEFT JOIN names nm ON nm.campaign_id = t.campaign_id AND nm.action_key = t.action_key
      WHERE k.status = 'active' AND ${OPEN} AND ${o.window}
      GROUP BY t.campaign_id, t.org_id, t.due_date
    )
    INSERT INTO notifications (org_id, kind, campaign_id, task_id, params, dedupe_key)
    SELECT g.org_id, ${o.kind}, g.campaign_id, g.task_id,
           jsonb_build_object('unit', u.name, 'campaign', ${CAMPAIGN_NAME}, 'dueDate', g.due_date::text, 'count', g.n, 'actions', g.actions) || ${o.params},
           ${o.key}
    FROM g
    JOIN campaigns k ON k.id = g.campaign_id
    JOIN orgs u ON u.id = g.org_id
    WHERE NOT EXISTS (SELECT 1 FROM notifications x WHERE x.dedupe_key = ${o.key})
    ON CONFLICT (dedupe_key) DO NOTHING`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * Reminds each unit of its open tasks due within 7 days, one notification per (campaign, unit,
 * due date) and threshold: 7 (4–7 days left), 3 (2–3) and 1 (0–1). Run daily, a unit hears on
 * exactly the 7th, 3rd and 1st day before; a task first seen inside a bucket is reminded at once.
 */
export async function insertDueSoon(trx: Transaction<DB>, today: string): Promise<number> {
  const left = sql`(g.due_date - ${today}::date)`;
  return insertTaskGroups(trx, {
    kind: 'task_due_soon',
    window: sql<boolean>`t.due_date BETWEEN ${today}::date AND ${today}::date + 7`,
    extra: sql`CASE WHEN t.due_date - ${today}::date <= 1 THEN 1 WHEN t.due_date - ${today}::date <= 3 THEN 3 ELSE 7 END`,
    key: sql<string>`'due:' || g.campaign_id || ':' || g.org_id || ':' || g.due_date::text || ':' || g.extra`,
    params: sql`jsonb_build_object('days', ${left}, 'threshold', g.extra)`,
  });
}

/** Tells each unit of its open tasks whose due date has passed, once per (campaign, unit, due date). */
export async function insertOverdue(trx: Transaction<DB>, today: string): Promise<number> {
  return insertTaskGroups(trx, {
    kind: 'task_overdue',
    window: sql<boolean>`t.due_date BETWEEN ${today}::date - ${CATCH_UP_DAYS}::int AND ${today}::date - 1`,
    extra: sql`0`,
    key: sql<string>`'overdue:' || g.campaign_id || ':' || g.org_id || ':' || g.due_date::text`,
    params: sql`jsonb_build_object('daysOverdue', ${today}::date - g.due_date)`,
  });
}

/**
 * Escalates to the office org that deployed the campaign each unit with an open task overdue
 * longer than the campaign's escalation_days — exactly when the unit enters the red list
 * (due_date < today − escalation_days) — once per unit per campaign.
 */
export async function insertEscalations(trx: Transaction<DB>, today: string): Promise<number> {
  const r = await sql`
    WITH c AS (
      SELECT DISTINCT t.campaign_id, t.org_id
      FROM campaigns k
      JOIN campaign_tasks t ON t.campaign_id = k.id
      WHERE k.status = 'active' AND ${OPEN}
        AND t.due_date < ${today}::date - k.escalation_days
        AND t.due_date >= ${today}::date - k.escalation_days - ${CATCH_UP_DAYS}::int
    )
    INSERT INTO notifications (org_id, kind, campaign_id, params, dedupe_key)
    SELECT k.org_id, 'escalation', k.id,
           jsonb_build_object('unit', o.name, 'unitId', o.id, 'campaign', ${CAMPAIGN_NAME}, 'escalationDays', k.escalation_days,
                              'overdue', s.n, 'oldestDue', s.oldest::text, 'daysOverdue', ${today}::date - s.oldest),
           'escalation:' || k.id || ':' || c.org_id
    FROM c
    JOIN campaigns k ON k.id = c.campaign_id
    JOIN orgs o ON o.id = c.org_id
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS n, min(t.due_date) AS oldest
      FROM campaign_tasks t
      WHERE t.campaign_id = c.campaign_id AND t.org_id = c.org_id AND ${OPEN} AND t.due_date < ${today}::date - k.escalation_days
    ) s
    WHERE NOT EXISTS (SELECT 1 FROM notifications x WHERE x.dedupe_key = 'escalation:' || k.id || ':' || c.org_id)
    ON CONFLICT (dedupe_key) DO NOTHING`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

// ---------------------------------------------------------------------------------------------
// Rectification reminders: open problems (OPEN_PROBLEM_STATUSES), their measures and milestones.
// Each function below is one INSERT … SELECT … ON CONFLICT (dedupe_key) DO NOTHING that writes,
// per subject found in a window of dates, a row to the unit's inbox (member_id null) and — when a
// person is linked — a personal row (member_id set). The dedupe key names the subject, its date
// and the bucket, plus `:m<member>` for the personal row, so a later run never repeats one; a new
// deadline (an extension) is a new subject date and is reminded afresh. Problems are found through
// the partial index problems_open_deadline_idx (deadline, org_id) WHERE status is open.
// ---------------------------------------------------------------------------------------------

/** The open statuses as literals, so the planner matches the partial index's predicate. */
const OPEN_PROBLEM = sql`p.status IN (${sql.join(OPEN_PROBLEM_STATUSES.map((s) => sql.lit(s)))})`;

/** 7 (4–7 days left), 3 (2–3) or 1 (0–1), as for tasks. */
const bucket = (date: RawBuilder<unknown>, today: string) =>
  sql`CASE WHEN ${date} - ${today}::date <= 1 THEN 1 WHEN ${date} - ${today}::date <= 3 THEN 3 ELSE 7 END`;

/**
 * Writes the rows of `subjects` — a SELECT giving org_id, campaign_id, person (member id or
 * null), key (the unit row's dedupe key) and params — once to the unit and once to the person.
 */
async function insertUnitAndPerson(trx: Transaction<DB>, kind: string, subjects: RawBuilder<unknown>): Promise<number> {
  const r = await sql`
    WITH s AS (${subjects}), r AS (
      SELECT s.org_id, s.campaign_id, s.params, w.member_id,
             s.key || coalesce(':m' || w.member_id::text, '') AS key
      FROM s CROSS JOIN LATERAL (
        SELECT NULL::int AS member_id UNION ALL SELECT s.person WHERE s.person IS NOT NULL
      ) w
    )
    INSERT INTO notifications (org_id, member_id, kind, campaign_id, params, dedupe_key)
    SELECT r.org_id, r.member_id, ${kind}, r.campaign_id, r.params, r.key
    FROM r
    WHERE NOT EXISTS (SELECT 1 FROM notifications x WHERE x.dedupe_key = r.key)
    ON CONFLICT (dedupe_key) DO NOTHING`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

/** The params every problem notification carries. */
const PROBLEM_PARAMS = sql`jsonb_build_object('unit', u.name, 'problemId', p.id, 'seq', p.seq, 'description', left(p.description, 60))`;

/** The window of a due-soon reminder: today to 7 days ahead. */
const soon = (date: RawBuilder<unknown>, today: string) => sql`${date} BETWEEN ${today}::date AND ${today}::date + 7`;

/** problem_due_soon: open problems whose deadline is 7, 3 or 1 days away; to the unit and the responsible person. */
export async function insertProblemDueSoon(trx: Transaction<DB>, today: string): Promise<number> {
  const th = bucket(sql`p.deadline`, today);
  return insertUnitAndPerson(
    trx,
    'problem_due_soon',
    sql`SELECT p.org_id, p.campaign_id, p.responsible_person_member_id AS person,
               'pdue:' || p.id || ':' || p.deadline::text || ':' || ${th} AS key,
               ${PROBLEM_PARAMS} || jsonb_build_object('dueDate', p.deadline::text,
                 'days', p.deadline - ${today}::date, 'threshold', ${th}) AS params
        FROM problems p JOIN orgs u ON u.id = p.org_id
        WHERE ${OPEN_PROBLEM} AND ${soon(sql`p.deadline`, today)} AND u.status = 'active'`,
  );
}

/** measure_due_soon: measures of open problems whose deadline is 7, 3 or 1 days away; to the unit and the measure's owner. */
export async function insertMeasureDueSoon(trx: Transaction<DB>, today: string): Promise<number> {
  const th = bucket(sql`pm.deadline`, today);
  return insertUnitAndPerson(
    trx,
    'measure_due_soon',
    sql`SELECT p.org_id, p.campaign_id, pm.owner_member_id AS person,
               'mdue:' || pm.id || ':' || pm.deadline::text || ':' || ${th} AS key,
               ${PROBLEM_PARAMS} || jsonb_build_object('measureId', pm.id, 'measure', left(pm.content, 60),
                 'dueDate', pm.deadline::text, 'days', pm.deadline - ${today}::date, 'threshold', ${th}) AS params
        FROM problem_measures pm
        JOIN problems p ON p.id = pm.problem_id
        JOIN orgs u ON u.id = p.org_id
        WHERE ${soon(sql`pm.deadline`, today)} AND ${OPEN_PROBLEM} AND u.status = 'active'`,
  );
}

/** milestone_due_soon: milestones not done of open problems, 7, 3 or 1 days before; to the unit and the responsible person. */
export async function insertMilestoneDueSoon(trx: Transaction<DB>, today: string): Promise<number> {
  const th = bucket(sql`ms.due_date`, today);
  return insertUnitAndPerson(
    trx,
    'milestone_due_soon',
    sql`SELECT p.org_id, p.campaign_id, p.responsible_person_member_id AS person,
               'msdue:' || ms.id || ':' || ms.due_date::text || ':' || ${th} AS key,
               ${PROBLEM_PARAMS} || jsonb_build_object('milestoneId', ms.id, 'milestone', left(ms.title, 60),
                 'dueDate', ms.due_date::text, 'days', ms.due_date - ${today}::date, 'threshold', ${th}) AS params
        FROM problem_milestones ms
        JOIN problems p ON p.id = ms.problem_id
        JOIN orgs u ON u.id = p.org_id
        WHERE ms.done_at IS NULL AND ${soon(sql`ms.due_date`, today)} AND ${OPEN_PROBLEM} AND u.status = 'active'`,
  );
}

/**
 * problem_overdue: open problems whose deadline has passed (within CATCH_UP_DAYS), once per
 * problem and deadline; to the unit and the responsible person.
 */
export async function insertProblemOverdue(trx: Transaction<DB>, today: string): Promise<number> {
  return insertUnitAndPerson(
    trx,
    'problem_overdue',
    sql`SELECT p.org_id, p.campaign_id, p.responsible_person_member_id AS person,
               'pover:' || p.id || ':' || p.deadline::text AS key,
               ${PROBLEM_PARAMS} || jsonb_build_object('dueDate', p.deadline::text,
                 'daysOverdue', ${today}::date - p.deadline) AS params
        FROM problems p JOIN orgs u ON u.id = p.org_id
        WHERE ${OPEN_PROBLEM} AND u.status = 'active'
          AND p.deadline BETWEEN ${today}::date - ${CATCH_UP_DAYS}::int AND ${today}::date - 1`,
  );
}

/**
 * problem_escalation: to the level above the unit (its parent org), once per problem and
 * deadline, when the problem is still open more than its escalation days past the deadline —
 * the campaign's escalation_days, or PROBLEM_ESCALATION_DAYS without a campaign — with the same
 * CATCH_UP_DAYS of catching up as tasks.
 */
export async function insertProblemEscalations(trx: Transaction<DB>, today: string): Promise<number> {
  const esc = sql`coalesce(k.escalation_days, ${PROBLEM_ESCALATION_DAYS}::int)`;
  const r = await sql`
    INSERT INTO notifications (org_id, kind, campaign_id, params, dedupe_key)
    SELECT u.parent_id, 'problem_escalation', p.campaign_id,
           ${PROBLEM_PARAMS} || jsonb_build_object('unitId', u.id, 'dueDate', p.deadline::text,
             'daysOverdue', ${today}::date - p.deadline, 'escalationDays', ${esc}),
           'pesc:' || p.id || ':' || p.deadline::text
    FROM problems p
    JOIN orgs u ON u.id = p.org_id
    LEFT JOIN campaigns k ON k.id = p.campaign_id
    WHERE ${OPEN_PROBLEM} AND u.status = 'active' AND u.parent_id IS NOT NULL
      AND p.deadline BETWEEN ${today}::date - (365 + ${CATCH_UP_DAYS}::int) AND ${today}::date - 1
      AND p.deadline < ${today}::date - ${esc}
      AND p.deadline >= ${today}::date - ${esc} - ${CATCH_UP_DAYS}::int
      AND NOT EXISTS (SELECT 1 FROM notifications x WHERE x.dedupe_key = 'pesc:' || p.id || ':' || p.deadline::text)
    ON CONFLICT (dedupe_key) DO NOTHING`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * Takes the transaction-scoped advisory lock `key` if no other session holds it (true), else
 * false at once. On PGlite there is one session, so it is always taken.
 */
export async function tryXactLock(trx: Transaction<DB>, key: number): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${key}) AS ok`.execute(trx);
  return r.rows[0].ok;
}
