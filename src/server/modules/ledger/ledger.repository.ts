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
 * in the same transaction, so the counters never drift. Rows are upserted in key order, so two
 * writers touching the same counters take their row locks in the same order and cannot deadlock.
 */
export async function applyProblemStats(trx: Q, sign: 1 | -1, where: RawBuilder<boolean>): Promise<void> {
  await sql`
    INSERT INTO problem_stats AS s (org_id, campaign_id, status, kind, category, deadline, n)
    SELECT c.ancestor_id, coalesce(p.campaign_id, 0), p.status, p.kind, p.category, ${statsDeadline}, ${sign}::int * count(*)
    FROM problems p
    JOIN org_closure c ON c.descendant_id = p.org_id
    WHERE ${where}
    GROUP BY 1, 2, 3, 4, 5, 6
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (org_id, campaign_id, status, kind, category, deadline) DO UPDATE SET n = s.n + excluded.n`.execute(
    trx,
  );
}

/** Filter: problems (alias p) of orgs in the subtree of `rootId`. */
export const problemsInSubtree = (rootId: number) =>
  sql<boolean>`p.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = ${rootId})`;
export const problemIs = (id: number) => sql<boolean>`p.id = ${id}`;
export const problemsIn = (ids: number[]) => sql<boolean>`p.id IN (${sql.join(ids)})`;

interface StatsRow {
  org_id: number;
  campaign_id: number;
  status: string;
  kind: string;
  category: string;
  deadline: string;
  n: number;
}

/** What the problems selected by `where` contribute to the counters (read only, no locks). */
async function problemContribution(trx: Q, where: RawBuilder<boolean>): Promise<StatsRow[]> {
  const { rows } = await sql<StatsRow>`
    SELECT c.ancestor_id AS org_id, coalesce(p.campaign_id, 0) AS campaign_id, p.status, p.kind, p.category, ${statsDeadline}::text AS deadline, count(*)::int AS n
    FROM problems p
    JOIN org_closure c ON c.descendant_id = p.org_id
    WHERE ${where}
    GROUP BY 1, 2, 3, 4, 5, 6`.execute(trx);
  return rows;
}

/**
 * Runs `mutate` on the problems selected by `where`, keeping the counters right around it: the
 * contribution is read before and after, and only the net change is written, in one statement in
 * key order — a transaction takes each counter row once, in the same order as every other writer.
 */
export async function withProblemStats<T>(trx: Q, where: RawBuilder<boolean>, mutate: () => Promise<T>): Promise<T> {
  const before = await problemContribution(trx, where);
  const out = await mutate();
  const after = await problemContribution(trx, where);
  const net = new Map<string, StatsRow>();
  const keyOf = (r: StatsRow) => [r.org_id, r.campaign_id, r.status, r.kind, r.category, r.deadline].join('\u0001');
  for (const [rows, sign] of [
    [before, -1],
    [after, 1],
  ] as const) {
    for (const r of rows) {
      const k = keyOf(r);
      const cur = net.get(k) ?? { ...r, n: 0 };
      cur.n += sign * Number(r.n);
      net.set(k, cur);
    }
  }
  const changed = [...net.values()].filter((r) => r.n !== 0);
  if (changed.length > 0) {
    const col = <K extends keyof StatsRow>(k: K) => changed.map((r) => r[k]);
    await sql`
      INSERT INTO problem_stats AS s (org_id, campaign_id, status, kind, category, deadline, n)
      SELECT * FROM unnest(${col('org_id')}::int[], ${col('campaign_id')}::int[], ${col('status')}::text[], ${col('kind')}::text[],
                           ${col('category')}::text[], ${col('deadline')}::date[], ${col('n')}::int[]) AS d(org_id, campaign_id, status, kind, category, deadline, n)
      ORDER BY 1, 2, 3, 4, 5, 6
      ON CONFLICT (org_id, campaign_id, status, kind, category, deadline) DO UPDATE SET n = s.n + excluded.n`.execute(
      trx,
    );
  }
  return out;
}

/**
 * Returns the next ledger number (序号) of an org's ledger; a caller that takes several numbers them on from it. Takes a row lock on the org so two
 * writers never hand out the same number.
 */
export async function reserveSeq(trx: Q, orgId: number): Promise<number> {
  await sql`SELECT id FROM orgs WHERE id = ${orgId} FOR UPDATE`.execute(trx);
  const r = await trx
    .selectFrom('problems')
    .select((eb) => eb.fn.max('seq').as('m'))
    .where('org_id', '=', orgId)
    .executeTakeFirst();
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
  const first = await reserveSeq(trx, orgId);
  // One INSERT … SELECT FROM unnest(arrays) per 2,000 rows: a handful of parameters instead of
  // twenty per row, several times faster than a multi-row VALUES on both engines.
  const ids: number[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    const col = <T>(f: (p: NewProblem) => T) => chunk.map(f);
    const inserted = await sql<{ id: number; seq: number }>`
      INSERT INTO problems (org_id, campaign_id, seq, source, category, subject, subject_name, description, standard,
                            responsible_leader, responsible_dept, responsible_person, kind, deadline, deadline_text,
                            status, progress, remark, sent_down_from, created_by)
      SELECT ${orgId}::int, * FROM unnest(
        ${col((p) => p.campaign_id ?? null)}::int[], ${chunk.map((_, j) => first + i + j)}::int[], ${col((p) => p.source)}::text[],
        ${col((p) => p.category)}::text[], ${col((p) => p.subject ?? 'unit')}::text[], ${col((p) => p.subject_name ?? '')}::text[],
        ${col((p) => p.description)}::text[], ${col((p) => p.standard ?? '')}::text[], ${col((p) => p.responsible_leader ?? '')}::text[],
        ${col((p) => p.responsible_dept ?? '')}::text[], ${col((p) => p.responsible_person ?? '')}::text[], ${col((p) => p.kind)}::text[],
        ${col((p) => p.deadline ?? null)}::date[], ${col((p) => p.deadline_text ?? '')}::text[], ${col((p) => p.status ?? 'draft')}::text[],
        ${col((p) => p.progress ?? '')}::text[], ${col((p) => p.remark ?? '')}::text[], ${col((p) => p.sent_down_from ?? null)}::int[],
        ${col((p) => p.created_by)}::int[])
      RETURNING id, seq`.execute(trx);
    for (const r of inserted.rows) ids[r.seq - first] = r.id;
  }
  const m = rows.flatMap((r, i) =>
    (r.measures ?? []).map((x, j) => ({
      id: ids[i],
      seq: j + 1,
      content: x.content,
      owner: x.owner ?? '',
      deadline: x.deadline ?? null,
    })),
  );
  for (let i = 0; i < m.length; i += 4000) {
    const c = m.slice(i, i + 4000);
    await sql`INSERT INTO problem_measures (problem_id, seq, content, owner, deadline)
      SELECT * FROM unnest(${c.map((x) => x.id)}::int[], ${c.map((x) => x.seq)}::int[], ${c.map((x) => x.content)}::text[], ${c.map((x) => x.owner)}::text[], ${c.map((x) => x.deadline)}::date[])`.execute(
      trx,
    );
  }
  const ms = rows.flatMap((r, i) =>
    (r.milestones ?? []).map((x, j) => ({ id: ids[i], seq: j + 1, title: x.title, due: x.due_date })),
  );
  for (let i = 0; i < ms.length; i += 4000) {
    const c = ms.slice(i, i + 4000);
    await sql`INSERT INTO problem_milestones (problem_id, seq, title, due_date)
      SELECT * FROM unnest(${c.map((x) => x.id)}::int[], ${c.map((x) => x.seq)}::int[], ${c.map((x) => x.title)}::text[], ${c.map((x) => x.due)}::date[])`.execute(
      trx,
    );
  }
  await applyProblemStats(
    trx,
    1,
    sql<boolean>`p.org_id = ${orgId} AND p.seq BETWEEN ${first} AND ${first + rows.length - 1}`,
  );
  return ids;
}

/** Records one history event per problem (creation, import, triage). */
export async function insertProblemEvents(
  trx: Transaction<DB>,
  ids: number[],
  action: string,
  actor: { id: number | null; name: string | null },
  toStatus: string | ((i: number) => string),
  comment: string | null = null,
): Promise<void> {
  for (let i = 0; i < ids.length; i += 2000) {
    await trx
      .insertInto('problem_events')
      .values(
        ids
          .slice(i, i + 2000)
          .map((id, j) => ({
            problem_id: id,
            cycle: 1,
            action,
            from_status: null,
            to_status: typeof toStatus === 'string' ? toStatus : toStatus(i + j),
            comment,
            actor_id: actor.id,
            actor_name: actor.name,
          })),
      )
      .execute();
  }
}
