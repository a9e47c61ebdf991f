import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Actor } from '../../platform/actor.ts';
import { AppError, ScopeDenied } from '../../platform/errors.ts';
import { authorize, can } from '../../platform/policy.ts';
import { verifyAuditChain, type VerifyResult } from '../../platform/audit.ts';
import type { AuditEventView, Page } from '../../../shared/api.ts';
import { orgPolicy, orgSubject } from '../orgs/orgs.policy.ts';
import { memberPolicy, memberSubject } from '../members/members.policy.ts';
import { userPolicy } from '../users/users.policy.ts';
import { actorGrantsOfUser } from '../auth/auth.repository.ts';
import * as repo from './audit.repository.ts';

/** Reading the trail of one entity, scoped like the entity itself; verifying the chain. */
export class AuditService {
  constructor(private db: Kysely<DB>) {}

  private async authorizeEntity(actor: Actor, entityType: string, entityId: number): Promise<void> {
    if (entityType === 'org') {
      const o = await repo.findOrgPath(this.db, entityId);
      if (!o) throw new AppError('NOT_FOUND');
      authorize(actor, orgPolicy, 'readAudit', orgSubject(o));
    } else if (entityType === 'member') {
      const m = await repo.findMemberOrgPath(this.db, entityId);
      if (!m) throw new AppError('NOT_FOUND');
      authorize(actor, memberPolicy, 'readAudit', memberSubject(m));
    } else if (entityType === 'user') {
      if (actor.isAdmin || actor.id === entityId) return;
      // All the account's scope, team scope included, as for managing it (users.policy).
      const paths = (await actorGrantsOfUser(this.db, entityId)).map((g) => g.path);
      if (paths.length === 0 || !can(actor, userPolicy, 'manage', { entityType: 'user', entityId, paths }))
        throw new ScopeDenied('readAudit', 'user', entityId);
    } else if (!actor.isAdmin) {
      throw new ScopeDenied('readAudit', entityType, entityId);
    }
  }

  async list(
    actor: Actor,
    entityType: string,
    entityId: number,
    after: number | undefined,
    limit: number,
  ): Promise<Page<AuditEventView>> {
    await this.authorizeEntity(actor, entityType, entityId);
    const rows = await repo.entityEvents(this.db, entityType, entityId, after, limit);
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({
        id: Number(r.id),
        at: r.at.toISOString(),
        actorId: r.actor_id,
        actorName: r.actor_name,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        orgId: r.org_id,
        before: r.before,
        after: r.after,
        meta: r.meta,
        hash: r.hash,
        prevHash: r.prev_hash,
      })),
      nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null,
      total: page.length,
      capped: rows.length > limit,
    };
  }

  async verify(actor: Actor): Promise<VerifyResult> {
    if (!actor.isAdmin) throw new AppError('FORBIDDEN');
    return verifyAuditChain(this.db);
  }
}
