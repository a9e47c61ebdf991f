import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { zId } from '../../platform/validation.ts';
import { route } from '../../platform/http.ts';
import type { AuditService } from './audit.service.ts';

const ZListAudit = z.object({
  entityType: z.enum(['org', 'member', 'user', 'system']),
  entityId: zId,
  // audit_events.id is bigint: any safe integer is a valid cursor.
  after: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
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
