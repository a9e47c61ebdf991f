import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** Stands for "no deadline" (长期坚持) in the counters' primary key. */
export const NO_DEADLINE = '9999-12-31';

/**
 * The deadline as the counters keep it: only open problems can be overdue, so the others are
 * kept under NO_DEADLINE, which keeps the roll-up rows of a big subtree few.
 */
export const statsDeadline = sql<string>`CASE WHEN p.status IN ('pending','in_progress','awaiting') THEN coalesce(p.deadline, ${sql.lit(NO_DEADLINE)}::date) ELSE ${sql.lit(NO_DEADLINE)}::date END`;

/**
 * Adds (sign 1) or removes (-1) the contribution of the problems selected by `where` (over alias
 * p) to the subtree counters of every ancestor. Callers remove before a change and add after it,
 * in the same transaction, so the counters never drift.
 */
export async function applyProblemStats(trx: Q, sign: 1 | -1, where: RawBuilder<boolean>): Promise<void> {
  await sql`
    INSERT INTO problem_stats AS s (org_id, campaign_id, status, kind, category, deadline, n)
    SELECT c.ancestor_id, coalesce(p.campaign_id, 0), p.status, p.kind, p.category, ${statsDeadline}, ${sign}::int * count(*)
    FROM problems p
    JOIN org_closure c ON c.descendant_id = p.org_id
    WHERE ${where}
    GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (org_id, campaign_id, status, kind, category, deadline) DO UPDATE SET n = s.n + excluded.n`.execute(trx);
}

/** Filter: problems (alias p) of orgs in the subtree of `rootId`. */
export const problemsInSubtree = (rootId: number) => sql<boolean>`p.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = ${rootId})`;
export const problemIs = (id: number) => sql<boolean>`p.id = ${id}`;
export const problemsIn = (ids: number[]) => sql<boolean>`p.id IN (${sql.join(ids)})`;

/** Runs `mutate` on the problems selected by `where`, keeping the counters right around it. */
export async function withProblemStats<T>(trx: Q, where: RawBuilder<boolean>, mutate: () => Promise<T>): Promise<T> {
  await applyProblemStats(trx, -1, where);
  const out = await mutate();
  await applyProblemStats(trx, 1, where);
  return out;
}

/**
 * Reserves `count` ledger numbers (序号) in an org's ledger. Takes a row lock on the org so two
 * writers never hand out the same number.
 */
export async function reserveSeq(trx: Q, orgId: number, count = 1): Promise<number> {
  await sql`SELECT id FROM orgs WHERE id = ${orgId} FOR UPDATE`.execute(trx);
  const r = await trx.selectFrom('problems').select((eb) => eb.fn.max('seq').as('m')).where('org_id', '=', orgId).executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}

/** Removes all-zero counter rows (after many moves), keeping the table small. */
export async function pruneProblemStats(trx: Q): Promise<void> {
  await sql`DELETE FROM problem_stats WHERE n = 0`.execute(trx);
}

/** A new problem's fields, as the service, the opinion triage and the ledger import write them. */
export interface NewProblem {
  org_id: number;
  campaign_id?: number | null;
  source: string;
  category: string;
  subject?: string;
  subject_name?: string;
  description: string;
  standard?: string;
  responsible_leader?: string;
  responsible_dept?: string;
  responsible_person?: string;
  kind: string;
  deadline?: string | null;
  deadline_text?: string;
  status?: 'draft' | 'pending';
  progress?: string;
  remark?: string;
  sent_down_from?: number | null;
  created_by: number | null;
  measures?: Array<{ content: string; owner?: string; deadline?: string | null }>;
  milestones?: Array<{ title: string; due_date: string }>;
}

/**
 * Inserts problems of one org with their measures and milestones, numbered after the ledger's
 * last 序号, counters included; answers their ids in order. The caller audits and records the
 * 'create' event (insertProblemEvents).
 */
export async function insertProblems(trx: Transaction<DB>, orgId: number, rows: NewProblem[]): Promise<number[]> {
  if (rows.length === 0) return [];
  let seq = await reserveSeq(trx, orgId, rows.length);
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const inserted = await trx
      .insertInto('problems')
      .values(
        chunk.map(({ measures: _m, milestones: _ms, ...p }) => ({
          ...p,
          org_id: orgId,
          seq: seq++,
          status: p.status ?? 'draft',
        })),
      )
      .returning('id')
      .execute();
    ids.push(...inserted.map((r) => r.id));
  }
  const measures = rows.flatMap((r, i) => (r.measures ?? []).map((m, j) => ({ problem_id: ids[i], seq: j + 1, content: m.content, owner: m.owner ?? '', deadline: m.deadline ?? null })));
  for (let i = 0; i < measures.length; i += 2000) await trx.insertInto('problem_measures').values(measures.slice(i, i + 2000)).execute();
  const milestones = rows.flatMap((r, i) => (r.milestones ?? []).map((m, j) => ({ problem_id: ids[i], seq: j + 1, title: m.title, due_date: m.due_date })));
  for (let i = 0; i < milestones.length; i += 2000) await trx.insertInto('problem_milestones').values(milestones.slice(i, i + 2000)).execute();
  await applyProblemStats(trx, 1, sql<boolean>`p.org_id = ${orgId} AND p.id >= ${Math.min(...ids)} AND p.id <= ${Math.max(...ids)}`);
  return ids;
}

/** Records one history event per problem (creation, import, triage). */
export async function insertProblemEvents(trx: Transaction<DB>, ids: number[], action: string, actor: { id: number | null; name: string | null }, toStatus: string | ((i: number) => string), comment: string | null = null): Promise<void> {
  for (let i = 0; i < ids.length; i += 2000) {
    await trx
      .insertInto('problem_events')
      .values(ids.slice(i, i + 2000).map((id, j) => ({ problem_id: id, cycle: 1, action, from_status: null, to_status: typeof toStatus === 'string' ? toStatus : toStatus(i + j), comment, actor_id: actor.id, actor_name: actor.name })))
      .execute();
  }
}
