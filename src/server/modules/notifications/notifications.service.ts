import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { auditActor, ownGrants, type Actor } from '../../platform/actor.ts';
import { AppError, ScopeDenied } from '../../platform/errors.ts';
import { withTx } from '../../platform/tx.ts';
import { decodeAfter, pageOf } from '../../platform/paging.ts';
import { findOrg } from '../orgs/orgs.repository.ts';
import type { NotificationPage, NotificationView } from '../../../shared/notices.ts';
import * as repo from './notifications.repository.ts';
import type { NotificationAudience, NotificationListRow } from './notifications.repository.ts';
import { presentNotification } from './notifications.presenter.ts';
import type { TNotificationQuery, TReadAll } from '../../../shared/schemas/notifications.ts';

/**
 * The orgs whose unit inbox the actor reads: those of their own grants (not team scope) with a
 * role other than `member`. Not the subtree below: a city office must not receive every branch's
 * reminders; and a plain member account does not get the branch's inbox.
 */
function unitOrgsOf(actor: Actor): number[] {
  return [
    ...new Set(
      ownGrants(actor)
        .filter((g) => g.role !== 'member')
        .map((g) => g.orgId),
    ),
  ];
}

/**
 * The addressing rule, in one place (docs/ARCHITECTURE.md, "Notices, notifications, reminders"):
 * personal rows (member_id set) reach the accounts linked to that member, whatever their grants;
 * unit rows (member_id null) reach the accounts with a non-member own grant on the row's org.
 * With `org`, both are narrowed to rows addressed at that org. For the workbench and any other
 * reader of the repository (`listUnread`, `unreadCount`).
 */
export function notificationAudience(actor: Actor, org?: number): NotificationAudience {
  return { memberId: actor.memberId, unitOrgs: unitOrgsOf(actor), ...(org !== undefined ? { org } : {}) };
}

/** True when the row is addressed to the actor under the rule above. */
function addressedToActor(actor: Actor, n: Pick<NotificationListRow, 'member_id' | 'org_id'>): boolean {
  if (n.member_id !== null)
    return actor.memberId !== null && n.member_id === actor.memberId && !unitOrgsOf(actor).includes(n.org_id);
  return actor.isAdmin || unitOrgsOf(actor).includes(n.org_id);
}

/**
 * The in-app inbox of notifications (task submissions and decisions, reminders, escalations):
 * the unit's rows and the actor's personal ones, as `notificationAudience` decides.
 */
export class NotificationService {
  constructor(private db: Kysely<DB>) {}

  /**
   * The audience looked at: without ?org=, every unit org of the actor and their personal rows;
   * with ?org=, the rows addressed at that org — its unit rows when the actor reads its inbox (an
   * administrator: any org), their personal rows there. An org the actor holds no own grant at
   * (and is not an administrator) is the audited 404.
   */
  private async audienceFor(actor: Actor, org?: number): Promise<NotificationAudience> {
    if (org === undefined) return notificationAudience(actor);
    if (actor.isAdmin) {
      const exists = await findOrg(this.db, org);
      if (!exists) throw new AppError('NOT_FOUND');
      return { memberId: actor.memberId, unitOrgs: [org], org };
    }
    if (!ownGrants(actor).some((g) => g.orgId === org)) throw new ScopeDenied('read', 'notifications', org);
    const a = notificationAudience(actor, org);
    return { ...a, unitOrgs: a.unitOrgs.filter((o) => o === org) };
  }

  async list(actor: Actor, query: TNotificationQuery): Promise<NotificationPage> {
    const a = await this.audienceFor(actor, query.org);
    const after = decodeAfter(query.after, (v) => v === null)?.[1];
    const rows = await repo.page(this.db, a, { after, limit: query.limit, unread: query.unread });
    return {
      ...pageOf(rows, query.limit, (r) => [null, r.id], presentNotification),
      unread: await repo.unreadCount(this.db, a),
    };
  }

  /** Unread notifications addressed to the actor (the bell's and the workbench's figure). */
  async unreadCount(actor: Actor): Promise<number> {
    return repo.unreadCount(this.db, notificationAudience(actor));
  }

  async markRead(actor: Actor, id: number): Promise<NotificationView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const n = await repo.find(trx, id);
      if (!n) throw new AppError('NOT_FOUND');
      if (!addressedToActor(actor, n)) throw new ScopeDenied('read', 'notification', id);
      if (await repo.markRead(trx, id, actor.id)) {
        await audit({
          action: 'notification.read',
          entityType: 'notification',
          entityId: id,
          orgId: n.org_id,
          after: { kind: n.kind, personal: n.member_id !== null },
        });
      }
    });
    return presentNotification((await repo.find(this.db, id))!);
  }

  async markAllRead(actor: Actor, input: TReadAll): Promise<{ updated: number; unread: number }> {
    const a = await this.audienceFor(actor, input.org);
    const updated = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const n = await repo.markAllRead(trx, a, actor.id, input.upTo);
      if (n > 0)
        await audit({
          action: 'notification.readAll',
          entityType: 'notification',
          entityId: null,
          orgId: input.org ?? null,
          after: { orgs: a.unitOrgs, memberId: a.memberId, upTo: input.upTo ?? null, count: n },
        });
      return n;
    });
    return { updated, unread: await repo.unreadCount(this.db, a) };
  }
}
