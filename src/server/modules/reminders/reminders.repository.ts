import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';

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

/**
 * Takes the transaction-scoped advisory lock `key` if no other session holds it (true), else
 * false at once. On PGlite there is one session, so it is always taken.
 */
export async function tryXactLock(trx: Transaction<DB>, key: number): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${key}) AS ok`.execute(trx);
  return r.rows[0].ok;
}
