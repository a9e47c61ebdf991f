import type { FastifyInstance } from 'fastify';
import { route, ZIdParams } from '../../platform/http.ts';
import type { NotificationService } from './notifications.service.ts';
import { ZNotificationQuery, ZReadAll } from '../../../shared/schemas/notifications.ts';

export function notificationRoutes(app: FastifyInstance, notifications: NotificationService): void {
  const tags = ['notifications'];
  route(app, {
    method: 'GET',
    url: '/api/notifications',
    summary:
      'The actor’s notifications — their personal ones and the unit inbox of each org they hold a non-member grant at (or ?org=) — newest first, keyset-paged by ?after=, with the unread count',
    tags,
    query: ZNotificationQuery,
    handler: async ({ actor, query }) => notifications.list(actor, query),
  });
  route(app, {
    method: 'POST',
    url: '/api/notifications/:id/read',
    summary: 'Mark one notification read',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => notifications.markRead(actor, params.id),
  });
  route(app, {
    method: 'POST',
    url: '/api/notifications/read-all',
    summary: 'Mark every notification addressed to the actor (or at ?org=) read, optionally only up to an id',
    tags,
    body: ZReadAll,
    handler: async ({ actor, body }) => notifications.markAllRead(actor, body),
  });
}
