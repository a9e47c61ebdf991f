import type { FastifyInstance } from 'fastify';
import { route } from '../../platform/http.ts';
import type { WorkbenchService } from './workbench.service.ts';

export function workbenchRoutes(app: FastifyInstance, workbench: WorkbenchService): void {
  const tags = ['workbench'];
  route(app, {
    method: 'GET',
    url: '/api/workbench',
    summary: 'What waits for the signed-in user, by section (each with its count and first items)',
    tags,
    handler: async ({ actor }) => workbench.view(actor),
  });
  route(app, {
    method: 'GET',
    url: '/api/workbench/counts',
    summary: "The workbench's counts only (the navigation's badge)",
    tags,
    handler: async ({ actor }) => workbench.counts(actor),
  });
}
