import type { FastifyInstance } from 'fastify';
import { route } from '../../platform/http.ts';
import { ZUpdateMeProfile } from '../../../shared/schemas/me.ts';
import type { MeService } from './me.service.ts';

export function meRoutes(app: FastifyInstance, me: MeService): void {
  const tags = ['me'];
  route(app, {
    method: 'GET',
    url: '/api/me/profile',
    summary: "我的: the account, its grants and, when linked, its member's record, posts and history",
    tags,
    handler: async ({ actor }) => me.profile(actor),
  });
  route(app, {
    method: 'PATCH',
    url: '/api/me/profile',
    summary: 'A member corrects their own phone (the account’s own member only; audited)',
    tags,
    body: ZUpdateMeProfile,
    handler: async ({ actor, body }) => me.correct(actor, body),
  });
}
