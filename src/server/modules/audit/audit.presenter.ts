import type { Selectable } from 'kysely';
import type { AuditTable } from '../../db/types.ts';
import type { AuditEventView } from '../../../shared/api.ts';

/** One stored audit event as the API shows it (ids as numbers, time as an ISO instant). */
export function presentAuditEvent(r: Selectable<AuditTable>): AuditEventView {
  return {
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
  };
}
