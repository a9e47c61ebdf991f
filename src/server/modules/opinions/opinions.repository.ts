import { randomInt } from 'node:crypto';
import { sql, type Insertable, type RawBuilder, type Transaction } from 'kysely';
import type { DB, OpinionRow, OpinionTable } from '../../db/types.ts';
import type { Q } from '../../db/database.ts';
import { RECEIPT_ALPHABET, RECEIPT_LENGTH } from '../../../shared/opinions.ts';

/** An opinion with its org's path and name and the display name of the account that entered it. */
export type OpinionWithOrg = OpinionRow & { org_path: string; org_name: string; entered_by_name: string | null };

/** A fresh receipt code: RECEIPT_LENGTH characters drawn uniformly (crypto) from RECEIPT_ALPHABET. */
export function newReceiptCode(): string {
  let s = '';
  for (let i = 0; i < RECEIPT_LENGTH; i++) s += RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)];
  return s;
}

function base(q: Q) {
  return q
    .selectFrom('opinions as op')
    .innerJoin('orgs as o', 'o.id', 'op.org_id')
    .leftJoin('users as u', 'u.id', 'op.created_by')
    .selectAll('op')
    .select(['o.path as org_path', 'o.name as org_name', 'u.display_name as entered_by_name']);
}

export async function findOpinion(q: Q, id: number, lock = false): Promise<OpinionWithOrg | undefined> {
  let sel = base(q).where('op.id', '=', id);
  if (lock) sel = sel.forUpdate('op');
  return sel.executeTakeFirst();
}

/** Several opinions by id, in id order (the order locks are taken in). */
export async function findOpinions(q: Q, ids: number[], lock = false): Promise<OpinionWithOrg[]> {
  if (ids.length === 0) return [];
  let sel = base(q).where('op.id', 'in', ids).orderBy('op.id');
  if (lock) sel = sel.forUpdate('op');
  return sel.execute();
}

/**
 * Inserts an opinion under a new receipt code; a (very unlikely) clash draws another code. ON
 * CONFLICT keeps the transaction usable, which a unique violation would not.
 */
export async function insertOpinion(
  trx: Transaction<DB>,
  row: Omit<Insertable<OpinionTable>, 'receipt_code'>,
): Promise<{ id: number; receipt_code: string }> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const r = await trx
      .insertInto('opinions')
      .values({ ...row, receipt_code: newReceiptCode() })
      .onConflict((oc) => oc.column('receipt_code').doNothing())
      .returning(['id', 'receipt_code'])
      .executeTakeFirst();
    if (r) return r;
  }
  throw new Error('could not draw a free receipt code');
}

export interface OpinionFilters {
  status?: string;
  channel?: string;
  group?: string;
  campaign?: number;
  q?: string;
  receiptCode?: string | null;
  /** Keyset: the last id of the previous page (newest first). */
  after?: number;
  limit: number;
}

/**
 * A page of opinions of the orgs `scope` selects (over column op.org_id), newest first, keyset by
 * id; `limit + 1` rows are read, so the caller knows whether a next page exists.
 */
export async function opinionPage(q: Q, scope: RawBuilder<boolean>, f: OpinionFilters): Promise<OpinionWithOrg[]> {
  const like = f.q ? `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return base(q)
    .where(scope)
    .$if(!!f.status, (qb) => qb.where('op.status', '=', f.status!))
    .$if(!!f.channel, (qb) => qb.where('op.channel', '=', f.channel!))
    .$if(!!f.group, (qb) => qb.where('op.submitter_group', '=', f.group!))
    .$if(f.campaign !== undefined, (qb) => qb.where('op.campaign_id', '=', f.campaign!))
    .$if(like !== null, (qb) =>
      qb.where((eb) =>
        f.receiptCode
          ? eb.or([eb('op.content', 'ilike', like!), eb('op.receipt_code', '=', f.receiptCode)])
          : eb('op.content', 'ilike', like!),
      ),
    )
    .$if(f.after !== undefined, (qb) => qb.where('op.id', '<', f.after!))
    .orderBy('op.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

/** Scope fragments over op.org_id. */
export const inSubtreeOf = (rootIds: number[]) =>
  rootIds.length === 0
    ? sql<boolean>`false`
    : sql<boolean>`op.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id IN (${sql.join(rootIds)}))`;
/** Every org (a system administrator's list). */
export const everywhere = () => sql<boolean>`true`;

/** A campaign and the path of the org that deployed it (to check it is visible). */
export async function campaignWithPath(q: Q, campaignId: number) {
  return q
    .selectFrom('campaigns as c')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .select(['c.id', 'o.path'])
    .where('c.id', '=', campaignId)
    .executeTakeFirst();
}

/** A campaign deployed over the org (by it or a level above), or undefined. */
export async function campaignOverOrg(q: Q, campaignId: number, orgId: number) {
  return q
    .selectFrom('campaigns as c')
    .innerJoin('org_closure as cl', (j) =>
      j.onRef('cl.ancestor_id', '=', 'c.org_id').on('cl.descendant_id', '=', orgId),
    )
    .select('c.id')
    .where('c.id', '=', campaignId)
    .executeTakeFirst();
}

/** An org as the public pages and submissions need it; `activeOnly` hides dissolved ones. */
export async function orgForPublic(q: Q, orgId: number, activeOnly: boolean) {
  return q
    .selectFrom('orgs')
    .select(['id', 'name', 'path', 'status'])
    .where('id', '=', orgId)
    .$if(activeOnly, (qb) => qb.where('status', '=', 'active'))
    .executeTakeFirst();
}

/**
 * Marks `sources` merged into `targetId`; opinions merged into one of them before now point at
 * the target too (chains stay one deep).
 */
export async function mergeInto(trx: Transaction<DB>, sources: number[], targetId: number): Promise<void> {
  await trx.updateTable('opinions').set({ merged_into: targetId }).where('merged_into', 'in', sources).execute();
  await trx
    .updateTable('opinions')
    .set({ status: 'merged', merged_into: targetId })
    .where('id', 'in', sources)
    .execute();
}

/** Links opinions to the problem they became and marks them converted. */
export async function markConverted(trx: Transaction<DB>, ids: number[], problemId: number): Promise<void> {
  await trx
    .insertInto('opinion_problems')
    .values(ids.map((id) => ({ opinion_id: id, problem_id: problemId })))
    .execute();
  await trx.updateTable('opinions').set({ status: 'converted' }).where('id', 'in', ids).execute();
}

/** The ledger number (序号) a problem was given. */
export async function problemSeq(q: Q, problemId: number): Promise<number> {
  const p = await q.selectFrom('problems').select(['seq']).where('id', '=', problemId).executeTakeFirstOrThrow();
  return p.seq;
}

/** Answers or declines an opinion: the text is what the submitter reads. */
export async function closeOpinion(
  trx: Transaction<DB>,
  id: number,
  v: { status: string; answer: string; answeredBy: number | null },
): Promise<void> {
  await trx
    .updateTable('opinions')
    .set({ status: v.status, answer: v.answer, answered_at: new Date(), answered_by: v.answeredBy })
    .where('id', '=', id)
    .execute();
}

/** What a receipt follows when an opinion was merged: the outcome of another opinion. */
export async function findOutcome(q: Q, id: number) {
  return q
    .selectFrom('opinions')
    .select(['id', 'status', 'merged_into', 'answer', 'answered_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The opinions merged into `id`. */
export async function mergedInto(q: Q, id: number) {
  return q
    .selectFrom('opinions')
    .select(['id', 'content', 'channel', 'submitter_group', 'created_at'])
    .where('merged_into', '=', id)
    .orderBy('id')
    .execute();
}

/** The problems some opinions became. */
export async function problemsOf(q: Q, opinionIds: number[]) {
  if (opinionIds.length === 0) return [];
  return q
    .selectFrom('opinion_problems as l')
    .innerJoin('problems as p', 'p.id', 'l.problem_id')
    .select(['l.opinion_id', 'p.id', 'p.org_id', 'p.seq', 'p.status', 'p.category', 'p.kind', 'p.deadline'])
    .where('l.opinion_id', 'in', opinionIds)
    .orderBy('p.id')
    .execute();
}

/** Published, not withdrawn disclosure items of some problems. */
export async function publicItemsOf(q: Q, problemIds: number[]) {
  if (problemIds.length === 0) return [];
  return q
    .selectFrom('disclosure_items as i')
    .innerJoin('disclosure_batches as b', 'b.id', 'i.batch_id')
    .select(['i.problem_id', 'i.kind', 'i.public_text', 'b.id as batch_id', 'b.title as batch_title'])
    .where('i.problem_id', 'in', problemIds)
    .where('b.status', '=', 'published')
    .where('i.withdrawn_at', 'is', null)
    .orderBy('b.id')
    .orderBy('i.id')
    .execute();
}

export async function findByReceipt(q: Q, code: string) {
  return q
    .selectFrom('opinions as op')
    .innerJoin('orgs as o', 'o.id', 'op.org_id')
    .select([
      'op.id',
      'op.status',
      'op.merged_into',
      'op.answer',
      'op.answered_at',
      'op.created_at',
      'o.name as org_name',
    ])
    .where('op.receipt_code', '=', code)
    .executeTakeFirst();
}
