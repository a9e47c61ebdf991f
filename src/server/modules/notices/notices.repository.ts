import { sql, type Insertable, type Transaction, type Updateable } from 'kysely';
import type { DB, NoticeRow, NoticeTable } from '../../db/types.ts';
import type { Q } from '../../db/database.ts';

/** A notice with its sending org's path, name and depth, as loaded for authorization. */
export type NoticeWithOrg = NoticeRow & { org_path: string; org_name: string; org_depth: number };

export async function findNotice(q: Q, id: number, lock = false): Promise<NoticeWithOrg | undefined> {
  let sel = q
    .selectFrom('notices as n')
    .innerJoin('orgs as o', 'o.id', 'n.org_id')
    .selectAll('n')
    .select(['o.path as org_path', 'o.name as org_name', 'o.depth as org_depth'])
    .where('n.id', '=', id);
  if (lock) sel = sel.forUpdate('n');
  return sel.executeTakeFirst();
}

/**
 * Materializes the recipients of a notice being sent, in one statement: every active org strictly
 * below the sending org, or only those of `selection`. Each row remembers the child of the sending
 * org it lies under (from the ltree path), for the roll-up by child. Returns how many were added.
 */
export async function insertRecipients(
  trx: Transaction<DB>,
  noticeId: number,
  sender: { id: number; depth: number },
  selection: number[] | null,
): Promise<number> {
  const r = await sql`
    INSERT INTO notice_recipients (notice_id, org_id, child_org_id)
    SELECT ${noticeId}::int, o.id, subpath(o.path, ${sender.depth + 1}::int, 1)::text::int
    FROM org_closure c
    JOIN orgs o ON o.id = c.descendant_id
    WHERE c.ancestor_id = ${sender.id} AND c.depth > 0 AND o.status = 'active'
      ${selection ? sql`AND o.id IN (${sql.join(selection)})` : sql``}
    ON CONFLICT DO NOTHING`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

/** Is the notice addressed to an org in the subtree of one of `rootIds` (a grant at or above a recipient)? */
export async function addressedWithin(q: Q, noticeId: number, rootIds: number[]): Promise<boolean> {
  if (rootIds.length === 0) return false;
  const r = await sql<{ ok: boolean }>`
    SELECT EXISTS (
      SELECT 1 FROM notice_recipients r
      WHERE r.notice_id = ${noticeId}
        AND r.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id IN (${sql.join(rootIds)}))
    ) AS ok`.execute(q);
  return r.rows[0].ok;
}

export interface RecipientRow {
  notice_id: number;
  org_id: number;
  org_name: string;
  depth: number;
  read_at: Date | null;
  read_by_name: string | null;
}

/** The recipient rows of some notices for some orgs, deepest org first. */
export async function recipientsFor(q: Q, noticeIds: number[], orgIds: number[]): Promise<RecipientRow[]> {
  if (noticeIds.length === 0 || orgIds.length === 0) return [];
  return q
    .selectFrom('notice_recipients as r')
    .innerJoin('orgs as o', 'o.id', 'r.org_id')
    .leftJoin('users as u', 'u.id', 'r.read_by')
    .select(['r.notice_id', 'r.org_id', 'o.name as org_name', 'o.depth', 'r.read_at', 'u.display_name as read_by_name'])
    .where('r.notice_id', 'in', noticeIds)
    .where('r.org_id', 'in', orgIds)
    .orderBy('o.depth', 'desc')
    .orderBy('r.org_id')
    .execute();
}

export type NoticeListRow = NoticeRow & { org_name: string; org_path: string; attachment_count: number };

function listBase(q: Q) {
  return q
    .selectFrom('notices as n')
    .innerJoin('orgs as s', 's.id', 'n.org_id')
    .selectAll('n')
    .select(['s.name as org_name', 's.path as org_path'])
    .select(
      sql<number>`(SELECT count(*) FROM attachments a WHERE a.owner_type = 'notice' AND a.owner_id = n.id AND a.removed_at IS NULL)::int`.as(
        'attachment_count',
      ),
    );
}

/**
 * A page of the inbox of `orgIds`, newest first (`limit + 1` rows, so the caller knows if more
 * follow). Driven by the recipients index (org_id, notice_id DESC), so an org's inbox costs the
 * same however many notices the province sends.
 */
export async function inboxPage(
  q: Q,
  orgIds: number[],
  f: { after?: number; limit: number; unread: boolean },
): Promise<NoticeListRow[]> {
  if (orgIds.length === 0) return [];
  const ids = await q
    .selectFrom('notice_recipients as r')
    .select('r.notice_id')
    .distinct()
    .where('r.org_id', 'in', orgIds)
    .$if(f.unread, (qb) => qb.where('r.read_at', 'is', null))
    .$if(f.after !== undefined, (qb) => qb.where('r.notice_id', '<', f.after!))
    .orderBy('r.notice_id', 'desc')
    .limit(f.limit + 1)
    .execute();
  if (ids.length === 0) return [];
  return listBase(q)
    .where(
      'n.id',
      'in',
      ids.map((r) => r.notice_id),
    )
    .orderBy('n.id', 'desc')
    .execute();
}

/** Notices with an unread recipient row among `orgIds`. */
export async function inboxUnread(q: Q, orgIds: number[]): Promise<number> {
  if (orgIds.length === 0) return 0;
  const r = await q
    .selectFrom('notice_recipients')
    .select(sql<number>`count(DISTINCT notice_id)::int`.as('n'))
    .where('org_id', 'in', orgIds)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return r.n;
}

/** A page of what `orgIds` sent (drafts too for `draftOrgIds`), newest first; `limit + 1` rows. */
export async function sentPage(
  q: Q,
  orgIds: number[],
  draftOrgIds: number[],
  f: { after?: number; limit: number },
): Promise<NoticeListRow[]> {
  if (orgIds.length === 0) return [];
  return listBase(q)
    .where('n.org_id', 'in', orgIds)
    .where((eb) =>
      draftOrgIds.length
        ? eb.or([eb('n.status', '=', 'sent'), eb('n.org_id', 'in', draftOrgIds)])
        : eb('n.status', '=', 'sent'),
    )
    .$if(f.after !== undefined, (qb) => qb.where('n.id', '<', f.after!))
    .orderBy('n.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

/**
 * Records the first reading of the notice for one recipient org; later readings change nothing.
 * Returns true when this call was the first.
 */
export async function markRead(
  trx: Transaction<DB>,
  noticeId: number,
  orgId: number,
  userId: number,
): Promise<boolean> {
  const r = await trx
    .updateTable('notice_recipients')
    .set({ read_at: new Date(), read_by: userId })
    .where('notice_id', '=', noticeId)
    .where('org_id', '=', orgId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  const first = Number(r.numUpdatedRows) > 0;
  if (first)
    await trx
      .updateTable('notices')
      .set((eb) => ({ read_count: eb('read_count', '+', 1) }))
      .where('id', '=', noticeId)
      .execute();
  return first;
}

/** Read receipts rolled up by the child of the sending org each recipient lies under. */
export async function receiptsByChild(q: Q, noticeId: number) {
  const r = await sql<{ child_org_id: number; name: string; sort_order: number; total: number; read: number }>`
    SELECT r.child_org_id, o.name, o.sort_order, count(*)::int AS total, count(r.read_at)::int AS read
    FROM notice_recipients r JOIN orgs o ON o.id = r.child_org_id
    WHERE r.notice_id = ${noticeId}
    GROUP BY r.child_org_id, o.name, o.sort_order
    ORDER BY o.sort_order, r.child_org_id`.execute(q);
  return r.rows;
}

/** Unread recipient orgs of a notice (optionally under one child), by org id, keyset-paged; `limit + 1` rows. */
export async function unreadOrgs(q: Q, noticeId: number, f: { child?: number; after?: number; limit: number }) {
  return q
    .selectFrom('notice_recipients as r')
    .innerJoin('orgs as o', 'o.id', 'r.org_id')
    .select(['r.org_id', 'o.name', 'o.level', 'r.child_org_id'])
    .where('r.notice_id', '=', noticeId)
    .where('r.read_at', 'is', null)
    .$if(f.child !== undefined, (qb) => qb.where('r.child_org_id', '=', f.child!))
    .$if(f.after !== undefined, (qb) => qb.where('r.org_id', '>', f.after!))
    .orderBy('r.org_id')
    .limit(f.limit + 1)
    .execute();
}

export async function unreadCount(q: Q, noticeId: number, child?: number): Promise<number> {
  const r = await q
    .selectFrom('notice_recipients')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('notice_id', '=', noticeId)
    .where('read_at', 'is', null)
    .$if(child !== undefined, (qb) => qb.where('child_org_id', '=', child!))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Orgs by id with what a recipient check needs. */
export async function orgsByIds(q: Q, ids: number[]) {
  if (ids.length === 0) return [];
  return q.selectFrom('orgs').select(['id', 'name', 'path', 'status']).where('id', 'in', ids).execute();
}

/** Org names by id, in id order (a draft's picked recipients). */
export async function orgNames(q: Q, ids: number[]): Promise<Array<{ id: number; name: string }>> {
  if (ids.length === 0) return [];
  return q.selectFrom('orgs').select(['id', 'name']).where('id', 'in', ids).orderBy('id').execute();
}

export async function insertNotice(trx: Transaction<DB>, values: Insertable<NoticeTable>): Promise<number> {
  const r = await trx.insertInto('notices').values(values).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateNotice(trx: Transaction<DB>, id: number, set: Updateable<NoticeTable>): Promise<void> {
  await trx.updateTable('notices').set(set).where('id', '=', id).execute();
}

/** The names of the campaign a notice belongs to. */
export async function campaignName(q: Q, campaignId: number) {
  return q.selectFrom('campaigns').select(['name_zh', 'name_en']).where('id', '=', campaignId).executeTakeFirst();
}
