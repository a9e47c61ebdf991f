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
import { decodeAfter, pageOf } from '../../platform/paging.ts';
import * as repo from './audit.repository.ts';
import { presentAuditEvent } from './audit.presenter.ts';

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
    after: string | undefined,
    limit: number,
  ): Promise<Page<AuditEventView>> {
    // audit_events.id is bigint: the key carries it as its sort value (any safe positive integer);
    // the row-id slot of the key is unused (1).
    const key = decodeAfter(after, (v) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0);
    await this.authorizeEntity(actor, entityType, entityId);
    const rows = await repo.entityEvents(this.db, entityType, entityId, key ? Number(key[0]) : undefined, limit);
    return pageOf(rows, limit, (last) => [Number(last.id), 1], presentAuditEvent, {
      total: Math.min(rows.length, limit),
      capped: rows.length > limit,
    });
  }

  async verify(actor: Actor): Promise<VerifyResult> {
    if (!actor.isAdmin) throw new AppError('FORBIDDEN');
    return verifyAuditChain(this.db);
  }
}
