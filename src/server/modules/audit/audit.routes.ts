import type { FastifyInstance } from 'fastify';
import { route } from '../../platform/http.ts';
import { ZListAudit } from '../../../shared/schemas/audit.ts';
import type { AuditService } from './audit.service.ts';

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
