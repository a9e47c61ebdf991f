/** The audit trail requests (GET /api/audit), shared by every page that opens an AuditDrawer. */
import type { AuditEventView, Page } from '../../shared/api.ts';
import { api } from './client.ts';

export type AuditEntityType = 'org' | 'member' | 'user';

export const auditApi = {
  /** One page of an entity's events, newest first. */
  list: (entityType: AuditEntityType, entityId: number, after: string | null, limit = 50) =>
    api.get<Page<AuditEventView>>('/audit', { entityType, entityId, after, limit }),
};
