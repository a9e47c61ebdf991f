import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';

type Q = Kysely<DB> | Transaction<DB>;

export interface BatchRow {
  id: number;
  org_id: number;
  seq: number;
  title: string;
  starts_on: string;
  ends_on: string;
  status: string;
  published_at: Date | null;
  created_at: Date;
  org_path: string;
  org_name: string;
  item_count: number;
}

function batches(q: Q) {
  return q
    .selectFrom('disclosure_batches as b')
    .innerJoin('orgs as o', 'o.id', 'b.org_id')
    .select([
      'b.id',
      'b.org_id',
      'b.seq',
      'b.title',
      'b.starts_on',
      'b.ends_on',
      'b.status',
      'b.published_at',
      'b.created_at',
      'o.path as org_path',
      'o.name as org_name',
    ])
    .select(
      sql<number>`(SELECT count(*) FROM disclosure_items i WHERE i.batch_id = b.id AND i.withdrawn_at IS NULL)::int`.as(
        'item_count',
      ),
    );
}

export async function findBatch(q: Q, id: number, lock = false): Promise<BatchRow | undefined> {
  if (lock) await q.selectFrom('disclosure_batches').select('id').where('id', '=', id).forUpdate().execute();
  return batches(q).where('b.id', '=', id).executeTakeFirst();
}

export async function batchesOfOrg(q: Q, orgId: number): Promise<BatchRow[]> {
  return batches(q).where('b.org_id', '=', orgId).orderBy('b.seq', 'desc').execute();
}

/** Published batches of an org's subtree, newest first. */
export async function publishedInSubtree(
  q: Q,
  rootId: number,
  f: { offset: number; limit: number },
): Promise<BatchRow[]> {
  return batches(q)
    .where('b.status', '=', 'published')
    .where(sql<boolean>`b.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = ${rootId})`)
    .orderBy('b.published_at', 'desc')
    .orderBy('b.id', 'desc')
    .offset(f.offset)
    .limit(f.limit)
    .execute();
}

/** The next batch number of an org; the org row is locked so two offices never take the same. */
export async function nextBatchSeq(trx: Transaction<DB>, orgId: number): Promise<number> {
  await sql`SELECT id FROM orgs WHERE id = ${orgId} FOR UPDATE`.execute(trx);
  const r = await trx
    .selectFrom('disclosure_batches')
    .select((eb) => eb.fn.max('seq').as('m'))
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}

export async function itemsOf(q: Q, batchId: number, includeWithdrawn: boolean) {
  return q
    .selectFrom('disclosure_items')
    .select(['id', 'problem_id', 'kind', 'public_text', 'withdrawn_at', 'withdrawn_reason'])
    .where('batch_id', '=', batchId)
    .$if(!includeWithdrawn, (qb) => qb.where('withdrawn_at', 'is', null))
    .orderBy('kind')
    .orderBy('id')
    .execute();
}

/** Problems with their org, as needed to check and snapshot them. */
export async function problemsForSnapshot(q: Q, ids: number[]) {
  if (ids.length === 0) return [];
  return q
    .selectFrom('problems as p')
    .innerJoin('orgs as o', 'o.id', 'p.org_id')
    .select([
      'p.id',
      'p.org_id',
      'p.seq',
      'p.category',
      'p.kind',
      'p.subject',
      'p.subject_name',
      'p.description',
      'p.responsible_leader',
      'p.responsible_person',
      'p.deadline',
      'p.deadline_text',
      'p.status',
      'p.effect',
      'o.name as org_name',
      'o.path as org_path',
    ])
    .where('p.id', 'in', ids)
    .orderBy('p.org_id')
    .orderBy('p.seq')
    .execute();
}

export async function measuresOf(q: Q, problemIds: number[]) {
  if (problemIds.length === 0) return [];
  return q
    .selectFrom('problem_measures')
    .select(['problem_id', 'content'])
    .where('problem_id', 'in', problemIds)
    .orderBy('problem_id')
    .orderBy('seq')
    .execute();
}

/**
 * Names a snapshot must not show, per problem: the people who gave the opinions it came from and
 * the members of its unit.
 */
export async function personalNames(
  q: Q,
  problems: Array<{ id: number; org_id: number }>,
): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>(problems.map((p) => [p.id, []]));
  if (problems.length === 0) return out;
  const submitters = await q
    .selectFrom('opinion_problems as l')
    .innerJoin('opinions as op', 'op.id', 'l.opinion_id')
    .select(['l.problem_id', 'op.submitter_name as name'])
    .where(
      'l.problem_id',
      'in',
      problems.map((p) => p.id),
    )
    .where('op.submitter_name', 'is not', null)
    .execute();
  for (const s of submitters) out.get(s.problem_id)!.push(s.name as string);
  const orgIds = [...new Set(problems.map((p) => p.org_id))];
  const members = await q.selectFrom('members').select(['org_id', 'name']).where('org_id', 'in', orgIds).execute();
  const byOrg = new Map<number, string[]>();
  for (const m of members) {
    const list = byOrg.get(m.org_id);
    if (list) list.push(m.name);
    else byOrg.set(m.org_id, [m.name]);
  }
  for (const p of problems) out.get(p.id)!.push(...(byOrg.get(p.org_id) ?? []));
  return out;
}
