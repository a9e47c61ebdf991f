import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Q } from '../../db/database.ts';

function base(q: Q) {
  return q
    .selectFrom('notifications as n')
    .innerJoin('orgs as o', 'o.id', 'n.org_id')
    .leftJoin('campaigns as c', 'c.id', 'n.campaign_id')
    .select([
      'n.id',
      'n.org_id',
      'o.name as org_name',
      'n.kind',
      'n.campaign_id',
      'c.name_zh',
      'c.name_en',
      'n.task_id',
      'n.params',
      'n.created_at',
      'n.read_at',
    ]);
}
export type NotificationListRow = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

/** Newest first, keyset on id (`limit + 1` rows, so the caller knows if more follow); the (org_id, id DESC) index serves each org. */
export async function page(
  q: Q,
  orgIds: number[],
  f: { after?: number; limit: number; unread: boolean },
): Promise<NotificationListRow[]> {
  if (orgIds.length === 0) return [];
  return base(q)
    .where('n.org_id', 'in', orgIds)
    .$if(f.unread, (qb) => qb.where('n.read_at', 'is', null))
    .$if(f.after !== undefined, (qb) => qb.where('n.id', '<', f.after!))
    .orderBy('n.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export async function find(q: Q, id: number): Promise<NotificationListRow | undefined> {
  return base(q).where('n.id', '=', id).executeTakeFirst();
}

export async function unreadCount(q: Q, orgIds: number[]): Promise<number> {
  if (orgIds.length === 0) return 0;
  const r = await q
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('org_id', 'in', orgIds)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return r.n;
}

/** Marks one notification read (first reading only); true when this call changed it. */
export async function markRead(trx: Transaction<DB>, id: number, userId: number): Promise<boolean> {
  const r = await trx
    .updateTable('notifications')
    .set({ read_at: new Date(), read_by: userId })
    .where('id', '=', id)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function markAllRead(
  trx: Transaction<DB>,
  orgIds: number[],
  userId: number,
  upTo?: number,
): Promise<number> {
  if (orgIds.length === 0) return 0;
  const r = await trx
    .updateTable('notifications')
    .set({ read_at: new Date(), read_by: userId })
    .where('org_id', 'in', orgIds)
    .where('read_at', 'is', null)
    .$if(upTo !== undefined, (qb) => qb.where('id', '<=', upTo!))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Adds one notification (a task transition's, say) in the caller's transaction. */
export async function insertNotification(
  q: Q,
  n: { orgId: number; kind: string; campaignId: number | null; taskId: number | null; params: unknown },
): Promise<void> {
  await q
    .insertInto('notifications')
    .values({
      org_id: n.orgId,
      kind: n.kind,
      campaign_id: n.campaignId,
      task_id: n.taskId,
      params: JSON.stringify(n.params),
    })
    .execute();
}
