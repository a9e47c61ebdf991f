import type { FastifyInstance } from 'fastify';
import { route, ZIdParams } from '../../platform/http.ts';
import type { UserService } from './users.service.ts';
import { ZCreateUser, ZGrantInput, ZListUsers, ZResetPassword, ZUpdateUser } from '../../../shared/schemas/users.ts';

export function userRoutes(app: FastifyInstance, users: UserService): void {
  const tags = ['users'];
  route(app, {
    method: 'GET',
    url: '/api/users',
    summary: 'Accounts with a grant in scope',
    tags,
    query: ZListUsers,
    handler: async ({ actor, query }) => users.list(actor, query.org, query.q),
  });
  route(app, {
    method: 'POST',
    url: '/api/users',
    summary: 'Create an account with its first role grants',
    tags,
    body: ZCreateUser,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return users.create(actor, body);
    },
  });
  route(app, {
    method: 'PATCH',
    url: '/api/users/:id',
    summary: 'Rename, disable or link an account to a member',
    tags,
    params: ZIdParams,
    body: ZUpdateUser,
    handler: async ({ actor, params, body }) => users.update(actor, params.id, body),
  });
  route(app, {
    method: 'POST',
    url: '/api/users/:id/password',
    summary: 'Reset an account’s password (ends its sessions)',
    tags,
    params: ZIdParams,
    body: ZResetPassword,
    handler: async ({ actor, params, body }) => users.resetPassword(actor, params.id, body.password),
  });
  route(app, {
    method: 'POST',
    url: '/api/users/:id/unlock',
    summary: 'Lift a lock-out',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => users.unlock(actor, params.id),
  });
  route(app, {
    method: 'POST',
    url: '/api/users/:id/grants',
    summary: 'Grant a role at an org (and its subtree)',
    tags,
    params: ZIdParams,
    body: ZGrantInput,
    handler: async ({ actor, params, body }) => users.addGrant(actor, params.id, body.role, body.orgId),
  });
  route(app, {
    method: 'DELETE',
    url: '/api/grants/:id',
    summary: 'Revoke a grant',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => users.removeGrant(actor, params.id),
  });
}
