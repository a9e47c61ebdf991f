import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { zId } from '../../platform/validation.ts';
import { route } from '../../platform/http.ts';
import { zAfter, zLimit } from '../../platform/paging.ts';
import type { AuditService } from './audit.service.ts';

const ZListAudit = z.object({
  entityType: z.enum(['org', 'member', 'user', 'system']),
  entityId: zId,
  // The opaque key of the page contract (platform/paging.ts); the service reads it.
  after: zAfter,
  limit: zLimit(200, 50),
});

export function auditRoutes(app: FastifyInstance, audit: AuditService): void {
  route(app, {
    method: 'GET',
    url: '/api/audit',
    summary: 'The audit trail of one entity, newest first',
    tags: ['audit'],
    query: ZListAudit,
    handler: async ({ actor, query }) => audit.list(actor, query.entityType, query.entityId, query.after, query.limit),
  });
  route(app, {
    method: 'GET',
    url: '/api/audit/verify',
    summary: 'Recompute the hash chain (system administrators)',
    tags: ['audit'],
    handler: async ({ actor }) => audit.verify(actor),
  });
}
