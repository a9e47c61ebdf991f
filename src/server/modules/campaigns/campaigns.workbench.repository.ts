import { sql, type RawBuilder } from 'kysely';
import type { Q } from '../../db/database.ts';

/** A workbench row of a campaign task: the unit, the due date, the campaign's and the action's names. */
export interface TaskWorkRow {
  id: number;
  org_id: number;
  org_name: string;
  due: string;
  status: string;
  campaign_zh: string;
  campaign_en: string;
  action_zh: string | null;
  action_en: string | null;
}

/** Which tasks a section holds (t: campaign_tasks, o: its org, k: its campaign). */
export type TaskFilter =
  | { kind: 'fill'; orgIds: number[] }
  | { kind: 'review'; parentIds: number[] }
  | { kind: 'overdue'; parentIds: number[]; today: string };

function where(f: TaskFilter): RawBuilder<boolean> {
  const live = sql`k.status = 'active' AND t.active`;
  if (f.kind === 'fill')
    return sql<boolean>`${live} AND t.status IN ('draft','returned') AND t.org_id IN (${sql.join(f.orgIds)})`;
  if (f.kind === 'review')
    return sql<boolean>`${live} AND t.status = 'submitted' AND o.parent_id IN (${sql.join(f.parentIds)})`;
  return sql<boolean>`${live} AND t.status IN ('draft','returned') AND t.due_date < ${f.today}::date AND o.parent_id IN (${sql.join(f.parentIds)})`;
}

const empty = (f: TaskFilter) => (f.kind === 'fill' ? f.orgIds : f.parentIds).length === 0;

export async function countTasks(q: Q, f: TaskFilter): Promise<number> {
  if (empty(f)) return 0;
  const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n
    FROM campaign_tasks t JOIN orgs o ON o.id = t.org_id JOIN campaigns k ON k.id = t.campaign_id
    WHERE ${where(f)}`.execute(q);
  return r.rows[0].n;
}

export async function listTasks(q: Q, f: TaskFilter, limit: number): Promise<TaskWorkRow[]> {
  if (empty(f) || limit <= 0) return [];
  const r = await sql<TaskWorkRow>`
    SELECT t.id, t.org_id, o.name AS org_name, to_char(t.due_date, 'YYYY-MM-DD') AS due, t.status,
           k.name_zh AS campaign_zh, k.name_en AS campaign_en,
           a.name->>'zh' AS action_zh, a.name->>'en' AS action_en
    FROM campaign_tasks t JOIN orgs o ON o.id = t.org_id JOIN campaigns k ON k.id = t.campaign_id
    LEFT JOIN LATERAL (
      SELECT x->'name' AS name FROM jsonb_array_elements(k.body->'actions') x WHERE x->>'key' = t.action_key LIMIT 1
    ) a ON true
    WHERE ${where(f)}
    ORDER BY t.due_date, t.id
    LIMIT ${limit}`.execute(q);
  return r.rows;
}
