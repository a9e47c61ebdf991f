import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { auditActor, ownGrants, type Actor } from '../../platform/actor.ts';
import { AppError, ScopeDenied } from '../../platform/errors.ts';
import { withTx } from '../../platform/tx.ts';
import { decodeAfter, pageOf } from '../../platform/paging.ts';
import { findOrg } from '../orgs/orgs.repository.ts';
import type { NotificationPage, NotificationView } from '../../../shared/notices.ts';
import * as repo from './notifications.repository.ts';
import { presentNotification } from './notifications.presenter.ts';
import type { TNotificationQuery, TReadAll } from '../../../shared/schemas/notifications.ts';

/**
 * The in-app inbox of notifications (task submissions and decisions, reminders, escalations).
 * A notification is addressed to an org; a user sees those of the orgs they hold a grant at —
 * not of the whole subtree below, or a city office would receive every branch's reminders.
 */
export class NotificationService {
  constructor(private db: Kysely<DB>) {}

  /** The orgs looked at: ?org= when the actor is granted there (an administrator: any org), else all granted orgs. */
  private async orgsFor(actor: Actor, org?: number): Promise<number[]> {
    if (org === undefined) return [...new Set(ownGrants(actor).map((g) => g.orgId))];
    if (actor.isAdmin) {
      const exists = await findOrg(this.db, org);
      if (!exists) throw new AppError('NOT_FOUND');
      return [org];
    }
    if (!ownGrants(actor).some((g) => g.orgId === org)) throw new ScopeDenied('read', 'notifications', org);
    return [org];
  }

  private mayRead(actor: Actor, orgId: number): boolean {
    return actor.isAdmin || ownGrants(actor).some((g) => g.orgId === orgId);
  }

  async list(actor: Actor, query: TNotificationQuery): Promise<NotificationPage> {
    const orgs = await this.orgsFor(actor, query.org);
    const after = decodeAfter(query.after, (v) => v === null)?.[1];
    const rows = await repo.page(this.db, orgs, { after, limit: query.limit, unread: query.unread });
    return {
      ...pageOf(rows, query.limit, (r) => [null, r.id], presentNotification),
      unread: await repo.unreadCount(this.db, orgs),
    };
  }

  async markRead(actor: Actor, id: number): Promise<NotificationView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const n = await repo.find(trx, id);
      if (!n) throw new AppError('NOT_FOUND');
      if (!this.mayRead(actor, n.org_id)) throw new ScopeDenied('read', 'notification', id);
      if (await repo.markRead(trx, id, actor.id)) {
        await audit({
          action: 'notification.read',
          entityType: 'notification',
          entityId: id,
          orgId: n.org_id,
          after: { kind: n.kind },
        });
      }
    });
    return presentNotification((await repo.find(this.db, id))!);
  }

  async markAllRead(actor: Actor, input: TReadAll): Promise<{ updated: number; unread: number }> {
    const orgs = await this.orgsFor(actor, input.org);
    const updated = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const n = await repo.markAllRead(trx, orgs, actor.id, input.upTo);
      if (n > 0)
        await audit({
          action: 'notification.readAll',
          entityType: 'notification',
          entityId: null,
          orgId: input.org ?? null,
          after: { orgs, upTo: input.upTo ?? null, count: n },
        });
      return n;
    });
    return { updated, unread: await repo.unreadCount(this.db, orgs) };
  }
}
