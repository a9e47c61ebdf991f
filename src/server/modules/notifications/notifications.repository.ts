import { sql, type ExpressionBuilder, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Q } from '../../db/database.ts';

/**
 * Who a notification is for. A row with `member_id` set is personal: it belongs to the accounts
 * linked to that member (users.member_id), whatever their grants. A row with `member_id` null is
 * the unit's: it belongs to the accounts holding an own grant on its org with a role other than
 * `member` — a plain member account does not get the branch's inbox. Every personal row has a unit
 * twin (the writers send both), so a person who also reads that org's unit inbox (its secretary,
 * say) gets the unit row only, not the same message twice. The service builds the
 * audience from the actor (`notificationAudience`); every query here filters by `addressedTo`.
 */
export interface NotificationAudience {
  /** The actor's member (users.member_id): their personal rows; null — none. */
  memberId: number | null;
  /** Orgs whose unit rows (member_id null) the actor reads. */
  unitOrgs: number[];
  /** Narrows both to rows addressed at this org (?org=). */
  org?: number;
}

type N = ExpressionBuilder<DB & { n: DB['notifications'] }, 'n'>;

/** The one addressing predicate: list, unread count, mark-read and mark-all-read all use it. */
function addressedTo(a: NotificationAudience) {
  return (eb: N) => {
    const parts = [];
    if (a.unitOrgs.length > 0) parts.push(eb.and([eb('n.member_id', 'is', null), eb('n.org_id', 'in', a.unitOrgs)]));
    if (a.memberId !== null)
      parts.push(
        a.unitOrgs.length > 0
          ? eb.and([eb('n.member_id', '=', a.memberId), eb('n.org_id', 'not in', a.unitOrgs)])
          : eb('n.member_id', '=', a.memberId),
      );
    if (parts.length === 0) return eb.val(false);
    const who = eb.or(parts);
    return a.org === undefined ? who : eb.and([who, eb('n.org_id', '=', a.org)]);
  };
}

function hasAnyone(a: NotificationAudience): boolean {
  return a.unitOrgs.length > 0 || a.memberId !== null;
}

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
      'n.member_id',
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

/**
 * The audience's notifications, newest first, keyset on id (`limit + 1` rows, so the caller
 * knows if more follow). The unit part is served by (org_id, id DESC), the personal part by
 * notifications_member_idx.
 */
export async function page(
  q: Q,
  a: NotificationAudience,
  f: { after?: number; limit: number; unread: boolean },
): Promise<NotificationListRow[]> {
  if (!hasAnyone(a)) return [];
  return base(q)
    .where(addressedTo(a))
    .$if(f.unread, (qb) => qb.where('n.read_at', 'is', null))
    .$if(f.after !== undefined, (qb) => qb.where('n.id', '<', f.after!))
    .orderBy('n.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

/** The audience's unread notifications, newest first, keyset on id (`limit + 1` rows): the workbench's list. */
export async function listUnread(
  q: Q,
  a: NotificationAudience,
  f: { after?: number; limit: number },
): Promise<NotificationListRow[]> {
  return page(q, a, { ...f, unread: true });
}

export async function find(q: Q, id: number): Promise<NotificationListRow | undefined> {
  return base(q).where('n.id', '=', id).executeTakeFirst();
}

/** Unread notifications of the audience: the bell's figure (the same predicate as `page`). */
export async function unreadCount(q: Q, a: NotificationAudience): Promise<number> {
  if (!hasAnyone(a)) return 0;
  const r = await q
    .selectFrom('notifications as n')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(addressedTo(a))
    .where('n.read_at', 'is', null)
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

/** Marks every unread notification of the audience read (up to an id); a personal row never marks a unit row. */
export async function markAllRead(
  trx: Transaction<DB>,
  a: NotificationAudience,
  userId: number,
  upTo?: number,
): Promise<number> {
  if (!hasAnyone(a)) return 0;
  const r = await trx
    .updateTable('notifications as n')
    .set({ read_at: new Date(), read_by: userId })
    .where(addressedTo(a))
    .where('n.read_at', 'is', null)
    .$if(upTo !== undefined, (qb) => qb.where('n.id', '<=', upTo!))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * Adds one notification (a task transition's, say) in the caller's transaction: to the unit's
 * inbox, or — with `memberId` — to that person (its org stays the org it concerns).
 */
export async function insertNotification(
  q: Q,
  n: {
    orgId: number;
    kind: string;
    campaignId: number | null;
    taskId: number | null;
    params: unknown;
    memberId?: number | null;
  },
): Promise<void> {
  await q
    .insertInto('notifications')
    .values({
      org_id: n.orgId,
      kind: n.kind,
      campaign_id: n.campaignId,
      task_id: n.taskId,
      params: JSON.stringify(n.params),
      member_id: n.memberId ?? null,
    })
    .execute();
}
