/** The audit trail requests (GET /api/audit), shared by every page that opens an AuditDrawer. */
import type { AuditEventView, Page } from '../../shared/api.ts';
import type { z } from 'zod';
import type { ZListAudit } from '../../shared/schemas/audit.ts';
import { api } from './client.ts';

/** The entities whose trail a page opens (the system trail is read by `massline audit`). */
export type AuditEntityType = Exclude<z.input<typeof ZListAudit>['entityType'], 'system'>;

export const auditApi = {
  /** One page of an entity's events, newest first. */
  list: (entityType: AuditEntityType, entityId: number, after: string | null, limit = 50) => {
    const query = { entityType, entityId, after: after ?? undefined, limit } satisfies z.input<typeof ZListAudit>;
    return api.get<Page<AuditEventView>>('/audit', query);
  },
};
