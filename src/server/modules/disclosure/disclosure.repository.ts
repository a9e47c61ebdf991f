import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Q } from '../../db/database.ts';

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

/** An org's batches, newest (highest number) first, keyset by number; `limit + 1` rows are read. */
export async function batchesOfOrg(q: Q, orgId: number, f: { afterSeq?: number; limit: number }): Promise<BatchRow[]> {
  return batches(q)
    .where('b.org_id', '=', orgId)
    .$if(f.afterSeq !== undefined, (qb) => qb.where('b.seq', '<', f.afterSeq!))
    .orderBy('b.seq', 'desc')
    .limit(f.limit + 1)
    .execute();
}

/** How many batches an org has. */
export async function countBatchesOfOrg(q: Q, orgId: number): Promise<number> {
  const r = await q
    .selectFrom('disclosure_batches')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertBatch(
  trx: Transaction<DB>,
  v: { org_id: number; seq: number; title: string; starts_on: string; ends_on: string; created_by: number | null },
): Promise<number> {
  const row = await trx.insertInto('disclosure_batches').values(v).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Adds items, or refreshes the snapshot of those already there (and brings back withdrawn ones). */
export async function upsertItems(
  trx: Transaction<DB>,
  rows: Array<{ batch_id: number; problem_id: number; kind: string; public_text: string }>,
): Promise<void> {
  await trx
    .insertInto('disclosure_items')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['batch_id', 'problem_id', 'kind']).doUpdateSet((eb) => ({
        public_text: eb.ref('excluded.public_text'),
        withdrawn_at: null,
        withdrawn_reason: null,
        withdrawn_by: null,
      })),
    )
    .execute();
}

export async function markPublished(trx: Transaction<DB>, id: number): Promise<void> {
  await trx
    .updateTable('disclosure_batches')
    .set({ status: 'published', published_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** An item of a batch, locked. */
export async function lockItem(trx: Transaction<DB>, batchId: number, itemId: number) {
  return trx
    .selectFrom('disclosure_items')
    .selectAll()
    .where('id', '=', itemId)
    .where('batch_id', '=', batchId)
    .forUpdate()
    .executeTakeFirst();
}

export async function withdrawItem(
  trx: Transaction<DB>,
  itemId: number,
  v: { reason: string; by: number | null },
): Promise<void> {
  await trx
    .updateTable('disclosure_items')
    .set({ withdrawn_at: new Date(), withdrawn_reason: v.reason, withdrawn_by: v.by })
    .where('id', '=', itemId)
    .execute();
}

/** An org's id and name (the public list's heading). */
export async function orgName(q: Q, orgId: number) {
  return q.selectFrom('orgs').select(['id', 'name']).where('id', '=', orgId).executeTakeFirst();
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

/**
 * Published batches of an org's subtree, newest first, keyset by (published_at, id) after `after`
 * (an ISO instant and an id); `limit + 1` rows are read.
 */
export async function publishedInSubtreeAfter(
  q: Q,
  rootId: number,
  f: { after: [string, number] | null; limit: number },
): Promise<BatchRow[]> {
  return (
    batches(q)
      .where('b.status', '=', 'published')
      .where(sql<boolean>`b.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = ${rootId})`)
      // Milliseconds, as the key carries them (JavaScript dates), so the order and the key agree.
      .$if(f.after !== null, (qb) =>
        qb.where(
          sql<boolean>`(date_trunc('milliseconds', b.published_at), b.id) < (${f.after![0]}::timestamptz, ${f.after![1]}::int)`,
        ),
      )
      .orderBy(sql`date_trunc('milliseconds', b.published_at)`, 'desc')
      .orderBy('b.id', 'desc')
      .limit(f.limit + 1)
      .execute()
  );
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
