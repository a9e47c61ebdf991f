import { sql, type Insertable, type RawBuilder, type Transaction, type Updateable } from 'kysely';
import type { Q } from '../../db/database.ts';
import type { DB, ProblemRow } from '../../db/types.ts';
import type { AfterKey } from '../../platform/paging.ts';
import type { ProblemSort } from '../../../shared/schemas/ledger.ts';

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
  /** The linked members (an outside person keeps only the text). */
  responsible_leader_member_id?: number | null;
  responsible_person_member_id?: number | null;
  kind: string;
  deadline?: string | null;
  deadline_text?: string;
  status?: 'draft' | 'pending';
  progress?: string;
  remark?: string;
  sent_down_from?: number | null;
  created_by: number | null;
  measures?: Array<{ content: string; owner?: string; ownerMemberId?: number | null; deadline?: string | null }>;
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
                            status, progress, remark, sent_down_from, created_by,
                            responsible_leader_member_id, responsible_person_member_id)
      SELECT ${orgId}::int, * FROM unnest(
        ${col((p) => p.campaign_id ?? null)}::int[], ${chunk.map((_, j) => first + i + j)}::int[], ${col((p) => p.source)}::text[],
        ${col((p) => p.category)}::text[], ${col((p) => p.subject ?? 'unit')}::text[], ${col((p) => p.subject_name ?? '')}::text[],
        ${col((p) => p.description)}::text[], ${col((p) => p.standard ?? '')}::text[], ${col((p) => p.responsible_leader ?? '')}::text[],
        ${col((p) => p.responsible_dept ?? '')}::text[], ${col((p) => p.responsible_person ?? '')}::text[], ${col((p) => p.kind)}::text[],
        ${col((p) => p.deadline ?? null)}::date[], ${col((p) => p.deadline_text ?? '')}::text[], ${col((p) => p.status ?? 'draft')}::text[],
        ${col((p) => p.progress ?? '')}::text[], ${col((p) => p.remark ?? '')}::text[], ${col((p) => p.sent_down_from ?? null)}::int[],
        ${col((p) => p.created_by)}::int[], ${col((p) => p.responsible_leader_member_id ?? null)}::int[],
        ${col((p) => p.responsible_person_member_id ?? null)}::int[])
      RETURNING id, seq`.execute(trx);
    for (const r of inserted.rows) ids[r.seq - first] = r.id;
  }
  const m = rows.flatMap((r, i) =>
    (r.measures ?? []).map((x, j) => ({
      id: ids[i],
      seq: j + 1,
      content: x.content,
      owner: x.owner ?? '',
      owner_member_id: x.ownerMemberId ?? null,
      deadline: x.deadline ?? null,
    })),
  );
  for (let i = 0; i < m.length; i += 4000) {
    const c = m.slice(i, i + 4000);
    await sql`INSERT INTO problem_measures (problem_id, seq, content, owner, deadline, owner_member_id)
      SELECT * FROM unnest(${c.map((x) => x.id)}::int[], ${c.map((x) => x.seq)}::int[], ${c.map((x) => x.content)}::text[], ${c.map((x) => x.owner)}::text[], ${c.map((x) => x.deadline)}::date[], ${c.map((x) => x.owner_member_id)}::int[])`.execute(
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
        ids.slice(i, i + 2000).map((id, j) => ({
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

// ---------- problems: reads ----------

/** A problem with its unit's path and name. */
export type ProblemWithOrg = ProblemRow & { org_path: string; org_name: string };

export async function findProblem(q: Q, id: number, lock = false): Promise<ProblemWithOrg | undefined> {
  let sel = q
    .selectFrom('problems as p')
    .innerJoin('orgs as o', 'o.id', 'p.org_id')
    .selectAll('p')
    .select(['o.path as org_path', 'o.name as org_name'])
    .where('p.id', '=', id);
  if (lock) sel = sel.forUpdate('p');
  return sel.executeTakeFirst();
}

/** The parts of a problem's detail: measures, milestones, evidence versions, history, linked opinions. */
export async function problemParts(q: Q, id: number) {
  const [measures, milestones, evidence, events, opinions] = await Promise.all([
    q.selectFrom('problem_measures').selectAll().where('problem_id', '=', id).orderBy('seq').execute(),
    q.selectFrom('problem_milestones').selectAll().where('problem_id', '=', id).orderBy('seq').execute(),
    q.selectFrom('problem_evidence').selectAll().where('problem_id', '=', id).orderBy('id').execute(),
    q.selectFrom('problem_events').selectAll().where('problem_id', '=', id).orderBy('id').execute(),
    q.selectFrom('opinion_problems').select('opinion_id').where('problem_id', '=', id).orderBy('opinion_id').execute(),
  ]);
  return { measures, milestones, evidence, events, opinionIds: opinions.map((o) => o.opinion_id) };
}
export type ProblemParts = Awaited<ReturnType<typeof problemParts>>;

/** The filters of a ledger list (all optional); `today` decides "overdue". */
export interface ProblemFilter {
  status?: string;
  kind?: string;
  category?: string;
  source?: string;
  campaignId?: number;
  overdue?: boolean;
  responsible?: string;
  today: string;
}

/** The filters as conditions over alias p, shared by the count, the page and the per-unit page. */
function filterConds(f: ProblemFilter): RawBuilder<boolean>[] {
  const conds: RawBuilder<boolean>[] = [];
  if (f.status) conds.push(sql<boolean>`p.status = ${f.status}`);
  if (f.kind) conds.push(sql<boolean>`p.kind = ${f.kind}`);
  if (f.category) conds.push(sql<boolean>`p.category = ${f.category}`);
  if (f.source) conds.push(sql<boolean>`p.source = ${f.source}`);
  if (f.campaignId) conds.push(sql<boolean>`p.campaign_id = ${f.campaignId}`);
  if (f.overdue)
    conds.push(sql<boolean>`p.status IN ('pending','in_progress','awaiting') AND p.deadline < ${f.today}::date`);
  if (f.responsible) {
    const like = `%${f.responsible.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(
      sql<boolean>`(p.responsible_person LIKE ${like} OR p.responsible_leader LIKE ${like} OR p.responsible_dept LIKE ${like})`,
    );
  }
  return conds;
}

// Problems only: the unit names of a page are read afterwards for its rows (joining orgs here
// makes the planner hash the whole org table for a large subtree).
function filtered(q: Q, orgId: number, subtree: boolean, conds: RawBuilder<boolean>[]) {
  let sel = q.selectFrom('problems as p');
  sel = subtree
    ? sel.where(sql<boolean>`p.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = ${orgId})`)
    : sel.where('p.org_id', '=', orgId);
  for (const c of conds) sel = sel.where(c);
  return sel;
}

/** The filtered count of an org's ledger (its subtree or its own), counted from the rows. */
export async function countProblems(q: Q, orgId: number, subtree: boolean, f: ProblemFilter): Promise<number> {
  const r = await filtered(q, orgId, subtree, filterConds(f))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The filtered count of a subtree from the counters (filters status, kind, category, campaign, overdue only). */
export async function countProblemsFromStats(q: Q, orgId: number, f: ProblemFilter): Promise<number> {
  let sel = q
    .selectFrom('problem_stats')
    .select(sql<number>`coalesce(sum(n), 0)::int`.as('n'))
    .where('org_id', '=', orgId);
  if (f.status) sel = sel.where('status', '=', f.status);
  if (f.kind) sel = sel.where('kind', '=', f.kind);
  if (f.category) sel = sel.where('category', '=', f.category);
  if (f.campaignId) sel = sel.where('campaign_id', '=', f.campaignId);
  if (f.overdue)
    sel = sel
      .where('status', 'in', ['pending', 'in_progress', 'awaiting'])
      .where(sql<boolean>`deadline < ${f.today}::date`);
  return Number((await sel.executeTakeFirstOrThrow()).n);
}

// The list orders are part of the request contract (src/shared/schemas/ledger.ts); re-exported for the module.
export { PROBLEM_SORTS, type ProblemSort } from '../../../shared/schemas/ledger.ts';

/**
 * The paging key of a row for a sort: newest (null, id); deadline (deadline or NO_DEADLINE, id);
 * seq (org id, 序号) — the ledger's order is by unit, then number.
 */
export function problemKey(sort: ProblemSort, r: ProblemRow): AfterKey {
  return sort === 'deadline' ? [r.deadline ?? NO_DEADLINE, r.id] : sort === 'seq' ? [r.org_id, r.seq] : [null, r.id];
}

/**
 * Up to `limit` rows of an org's ledger after the key `after` (see problemKey), keyset-paged.
 * Newest first in a subtree of up to a few thousand units: each unit's newest rows through
 * (org_id, id), merged — the backward walk of the whole table would pass every other unit's rows.
 */
export async function problemRows(
  q: Q,
  a: {
    orgId: number;
    subtree: boolean;
    filter: ProblemFilter;
    sort: ProblemSort;
    after: AfterKey | null;
    limit: number;
  },
): Promise<ProblemRow[]> {
  const conds = filterConds(a.filter);
  const c = a.after;
  const subtreeOrgs =
    a.subtree && a.sort === 'newest'
      ? Number(
          (await q.selectFrom('org_stats').select('orgs').where('org_id', '=', a.orgId).executeTakeFirst())?.orgs ?? 0,
        )
      : 0;
  if (subtreeOrgs > 0 && subtreeOrgs <= 5000) {
    const where = sql.join(
      [sql<boolean>`p.org_id = c.descendant_id`, ...(c ? [sql<boolean>`p.id < ${c[1]}`] : []), ...conds],
      sql` AND `,
    );
    const r = await sql<ProblemRow>`
      SELECT x.* FROM org_closure c
      CROSS JOIN LATERAL (SELECT p.* FROM problems p WHERE ${where} ORDER BY p.id DESC LIMIT ${a.limit}) x
      WHERE c.ancestor_id = ${a.orgId}
      ORDER BY x.id DESC LIMIT ${a.limit}`.execute(q);
    return r.rows;
  }
  let page = filtered(q, a.orgId, a.subtree, conds).selectAll('p');
  if (a.sort === 'deadline') {
    // Open-ended (长期坚持) problems sort last, as NO_DEADLINE.
    // A literal, not a parameter, so that problems_deadline_order_idx matches the expression.
    const key = sql<string>`coalesce(p.deadline, ${sql.lit(NO_DEADLINE)}::date)`;
    if (c) page = page.where(sql<boolean>`(${key}, p.id) > (${String(c[0])}::date, ${c[1]})`);
    page = page.orderBy(key).orderBy('p.id');
  } else if (a.sort === 'seq') {
    if (c) page = page.where(sql<boolean>`(p.org_id, p.seq) > (${Number(c[0])}, ${c[1]})`);
    page = page.orderBy('p.org_id').orderBy('p.seq');
  } else {
    if (c) page = page.where('p.id', '<', c[1]);
    page = page.orderBy('p.id', 'desc');
  }
  return page.limit(a.limit).execute();
}

/** Names and paths of some orgs (the units of a page). */
export async function orgLabels(q: Q, ids: number[]): Promise<Map<number, { name: string; path: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await q.selectFrom('orgs').select(['id', 'name', 'path']).where('id', 'in', ids).execute();
  return new Map(rows.map((o) => [o.id, { name: o.name, path: o.path }]));
}

/** An org's active children, in order, with whether each has active children itself. */
export async function activeChildren(q: Q, orgId: number) {
  return q
    .selectFrom('orgs as o')
    .select([
      'o.id',
      'o.name',
      'o.level',
      sql<boolean>`EXISTS (SELECT 1 FROM orgs k WHERE k.parent_id = o.id AND k.status = 'active')`.as('has_children'),
    ])
    .where('o.parent_id', '=', orgId)
    .where('o.status', '=', 'active')
    .orderBy('o.sort_order')
    .orderBy('o.id')
    .execute();
}

export interface FigureRow {
  org_id: number;
  status: string;
  kind: string;
  category: string;
  n: number;
  overdue: number | null;
}

/** The subtree counters of some orgs by status, kind and category, with the overdue part. */
export async function figureRows(q: Q, orgIds: number[], today: string, campaignId?: number): Promise<FigureRow[]> {
  let sel = q
    .selectFrom('problem_stats')
    .select([
      'org_id',
      'status',
      'kind',
      'category',
      sql<number>`sum(n)::int`.as('n'),
      sql<number>`(sum(n) FILTER (WHERE status IN ('pending','in_progress','awaiting') AND deadline < ${today}::date))::int`.as(
        'overdue',
      ),
    ])
    .where('org_id', 'in', orgIds)
    .groupBy(['org_id', 'status', 'kind', 'category']);
  if (campaignId) sel = sel.where('campaign_id', '=', campaignId);
  return sel.execute();
}

export async function countMeasuresAndMilestones(
  q: Q,
  problemId: number,
): Promise<{ measures: number; milestones: number }> {
  const [m, ms] = await Promise.all([
    q
      .selectFrom('problem_measures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('problem_id', '=', problemId)
      .executeTakeFirstOrThrow(),
    q
      .selectFrom('problem_milestones')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('problem_id', '=', problemId)
      .executeTakeFirstOrThrow(),
  ]);
  return { measures: Number(m.n), milestones: Number(ms.n) };
}

/** Whether evidence of the cycle exists (of the problem, or of one milestone). */
export async function hasEvidence(q: Q, on: { problemId?: number; milestoneId?: number }, cycle: number) {
  let sel = q.selectFrom('problem_evidence').select('id').where('cycle', '=', cycle);
  if (on.problemId !== undefined) sel = sel.where('problem_id', '=', on.problemId);
  if (on.milestoneId !== undefined) sel = sel.where('milestone_id', '=', on.milestoneId);
  return !!(await sel.limit(1).executeTakeFirst());
}

/** Titles of the milestones not done yet, in order. */
export async function openMilestoneTitles(q: Q, problemId: number): Promise<string[]> {
  const rows = await q
    .selectFrom('problem_milestones')
    .select(['title'])
    .where('problem_id', '=', problemId)
    .where('done_at', 'is', null)
    .orderBy('seq')
    .execute();
  return rows.map((m) => m.title);
}

export async function findMilestone(q: Q, problemId: number, milestoneId: number) {
  return q
    .selectFrom('problem_milestones')
    .selectAll()
    .where('id', '=', milestoneId)
    .where('problem_id', '=', problemId)
    .executeTakeFirst();
}

/** One evidence version with its content. */
export async function findEvidenceFile(q: Q, problemId: number, evidenceId: number) {
  return q
    .selectFrom('problem_evidence as e')
    .innerJoin('file_blobs as b', 'b.sha256', 'e.sha256')
    .select(['e.filename', 'e.mime', 'b.content'])
    .where('e.id', '=', evidenceId)
    .where('e.problem_id', '=', problemId)
    .executeTakeFirst();
}

// ---------- problems: writes ----------

export async function updateProblem(trx: Q, id: number, set: Updateable<DB['problems']>): Promise<void> {
  await trx.updateTable('problems').set(set).where('id', '=', id).execute();
}

export async function replaceMeasures(
  trx: Q,
  problemId: number,
  measures: Array<{ content: string; owner: string; ownerMemberId?: number | null; deadline: string | null }>,
): Promise<void> {
  await trx.deleteFrom('problem_measures').where('problem_id', '=', problemId).execute();
  if (measures.length)
    await trx
      .insertInto('problem_measures')
      .values(
        measures.map((m, i) => ({
          problem_id: problemId,
          seq: i + 1,
          content: m.content,
          owner: m.owner,
          owner_member_id: m.ownerMemberId ?? null,
          deadline: m.deadline,
        })),
      )
      .execute();
}

export async function replaceMilestones(
  trx: Q,
  problemId: number,
  milestones: Array<{ title: string; dueDate: string }>,
): Promise<void> {
  await trx.deleteFrom('problem_milestones').where('problem_id', '=', problemId).execute();
  if (milestones.length)
    await trx
      .insertInto('problem_milestones')
      .values(milestones.map((m, i) => ({ problem_id: problemId, seq: i + 1, title: m.title, due_date: m.dueDate })))
      .execute();
}

/** Marks the cycle's evidence verified (on closing). */
export async function verifyEvidence(trx: Q, problemId: number, cycle: number, by: number | null, at: Date) {
  await trx
    .updateTable('problem_evidence')
    .set({ verified_at: at, verified_by: by })
    .where('problem_id', '=', problemId)
    .where('cycle', '=', cycle)
    .where('verified_at', 'is', null)
    .execute();
}

/** A new cycle: every milestone is to be done again. */
export async function resetMilestones(trx: Q, problemId: number): Promise<void> {
  await trx.updateTable('problem_milestones').set({ done_at: null }).where('problem_id', '=', problemId).execute();
}

export async function setMilestoneDone(trx: Q, milestoneId: number, done: boolean, note: string): Promise<void> {
  await trx
    .updateTable('problem_milestones')
    .set({ done_at: done ? new Date() : null, note })
    .where('id', '=', milestoneId)
    .execute();
}

export async function insertProblemEvent(trx: Q, row: Insertable<DB['problem_events']>): Promise<void> {
  await trx.insertInto('problem_events').values(row).execute();
}

export async function insertNotification(trx: Q, row: Insertable<DB['notifications']>): Promise<void> {
  await trx.insertInto('notifications').values(row).execute();
}

/** Stores a file's content once, by its SHA-256. */
export async function storeBlob(trx: Q, sha256: string, content: Buffer): Promise<void> {
  await trx
    .insertInto('file_blobs')
    .values({ sha256, size: content.length, content })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

/** The highest version of a file name's evidence in a cycle (0 when none). */
export async function lastEvidenceVersion(q: Q, problemId: number, cycle: number, filename: string): Promise<number> {
  const prev = await q
    .selectFrom('problem_evidence')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('problem_id', '=', problemId)
    .where('cycle', '=', cycle)
    .where('filename', '=', filename)
    .executeTakeFirst();
  return Number(prev?.v ?? 0);
}

export async function insertEvidence(trx: Q, row: Insertable<DB['problem_evidence']>): Promise<number> {
  const r = await trx.insertInto('problem_evidence').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

// ---------- Excel ledgers ----------

/** Whether a campaign is one the org takes part in (run by the org or an ancestor). */
export async function campaignCoversOrg(q: Q, campaignId: number, orgId: number): Promise<boolean> {
  const c = await q
    .selectFrom('campaigns as c')
    .innerJoin('org_closure as oc', 'oc.ancestor_id', 'c.org_id')
    .select('c.id')
    .where('c.id', '=', campaignId)
    .where('oc.descendant_id', '=', orgId)
    .executeTakeFirst();
  return !!c;
}

/** The filters of a ledger export. */
export interface ExportFilter {
  status?: string;
  kind?: string;
  category?: string;
  campaignId?: number;
}

function exportFilter(q: ExportFilter): RawBuilder<unknown> {
  const conds: RawBuilder<unknown>[] = [];
  if (q.status) conds.push(sql`p.status = ${q.status}`);
  if (q.kind) conds.push(sql`p.kind = ${q.kind}`);
  if (q.category) conds.push(sql`p.category = ${q.category}`);
  if (q.campaignId) conds.push(sql`p.campaign_id = ${q.campaignId}`);
  return conds.length ? sql`AND ${sql.join(conds, sql` AND `)}` : sql``;
}

/** The columns of an exported row. */
export interface ExportRow {
  id: number;
  org_id: number;
  seq: number;
  description: string;
  category: string;
  kind: string;
  standard: string;
  responsible_leader: string;
  responsible_dept: string;
  responsible_person: string;
  deadline: string | null;
  status: string;
  progress: string;
  remark: string;
  effect: string;
  closed_at: Date | string | null;
}

const exportColumns = () =>
  sql`p.id, p.org_id, p.seq, p.description, p.category, p.kind, p.standard, p.responsible_leader, p.responsible_dept, p.responsible_person, p.deadline, p.status, p.progress, p.remark, p.effect, p.closed_at`;

/** A page of one org's own ledger in 序号 order, after the number `afterSeq`. */
export async function exportOwnPage(
  q: Q,
  orgId: number,
  f: ExportFilter,
  afterSeq: number,
  limit: number,
): Promise<ExportRow[]> {
  const r =
    await sql<ExportRow>`SELECT ${exportColumns()} FROM problems p WHERE p.org_id = ${orgId} AND p.seq > ${afterSeq} ${exportFilter(f)} ORDER BY p.seq LIMIT ${limit}`.execute(
      q,
    );
  return r.rows;
}

/** A page of the subtree's organizations holding matching problems, in path order after `afterPath`. */
export async function exportOrgPage(
  q: Q,
  rootId: number,
  f: ExportFilter,
  afterPath: string | null,
  limit: number,
): Promise<Array<{ id: number; name: string; path: string }>> {
  const r = await sql<{ id: number; name: string; path: string }>`
    SELECT o.id, o.name, o.path::text AS path
    FROM org_closure c JOIN orgs o ON o.id = c.descendant_id
    WHERE c.ancestor_id = ${rootId} ${afterPath === null ? sql`` : sql`AND o.path > ${afterPath}::ltree`}
      AND EXISTS (SELECT 1 FROM problems p WHERE p.org_id = o.id ${exportFilter(f)})
    ORDER BY o.path LIMIT ${limit}`.execute(q);
  return r.rows;
}

/** A page of the problems of some orgs, ordered by (position of the org in `orgIds`, 序号), after (rank, seq). */
export async function exportOrgsPage(
  q: Q,
  orgIds: number[],
  f: ExportFilter,
  after: { rank: number; seq: number },
  limit: number,
): Promise<Array<ExportRow & { rank: number }>> {
  const r = await sql<ExportRow & { rank: number }>`
    SELECT ${exportColumns()}, r.rank::int AS rank
    FROM unnest(${orgIds}::int[]) WITH ORDINALITY AS r(org_id, rank)
    JOIN problems p ON p.org_id = r.org_id
    WHERE (r.rank, p.seq) > (${after.rank}, ${after.seq}) ${exportFilter(f)}
    ORDER BY r.rank, p.seq LIMIT ${limit}`.execute(q);
  return r.rows;
}

/** The measures of some problems, in order. */
export async function measuresOf(q: Q, ids: number[]): Promise<Map<number, string[]>> {
  const m = new Map<number, string[]>();
  if (ids.length === 0) return m;
  const r = await sql<{
    problem_id: number;
    content: string;
  }>`SELECT problem_id, content FROM problem_measures WHERE problem_id = ANY(${ids}::int[]) ORDER BY problem_id, seq`.execute(
    q,
  );
  for (const x of r.rows) m.set(x.problem_id, [...(m.get(x.problem_id) ?? []), x.content]);
  return m;
}

// ---------- verification ----------

export interface ProblemStatsDiff {
  key: string;
  stored: number | null;
  recount: number | null;
}

/**
 * Recounts the ledger roll-ups from the problem rows, walking the tree by parent_id (not the
 * closure the counters were built with), and lists each difference (at most 100).
 */
export async function problemStatsDiffs(q: Q): Promise<ProblemStatsDiff[]> {
  const r = await sql<ProblemStatsDiff>`
    WITH RECURSIVE anc(org_id, ancestor_id) AS (
      SELECT id, id FROM orgs
      UNION ALL
      SELECT a.org_id, o.parent_id FROM anc a JOIN orgs o ON o.id = a.ancestor_id WHERE o.parent_id IS NOT NULL
    ),
    recount AS (
      SELECT a.ancestor_id AS org_id, coalesce(p.campaign_id, 0) AS campaign_id, p.status, p.kind, p.category,
             ${statsDeadline} AS deadline, count(*)::int AS n
      FROM problems p JOIN anc a ON a.org_id = p.org_id
      GROUP BY 1, 2, 3, 4, 5, 6
    ),
    stored AS (SELECT * FROM problem_stats WHERE n <> 0)
    SELECT concat_ws('/', coalesce(s.org_id, r.org_id), coalesce(s.campaign_id, r.campaign_id), coalesce(s.status, r.status), coalesce(s.kind, r.kind), coalesce(s.category, r.category), coalesce(s.deadline, r.deadline)) AS key,
           s.n AS stored, r.n AS recount
    FROM stored s FULL JOIN recount r USING (org_id, campaign_id, status, kind, category, deadline)
    WHERE s.n IS DISTINCT FROM r.n
    ORDER BY 1 LIMIT 100`.execute(q);
  return r.rows;
}
