import type { FastifyInstance } from 'fastify';
import { route, ZIdParams } from '../../platform/http.ts';
import type { OrgService } from './orgs.service.ts';
import {
  ZCreateOrg,
  ZDissolveOrg,
  ZListOrgs,
  ZMoveOrg,
  ZSearchOrgs,
  ZUpdateOrg,
} from '../../../shared/schemas/orgs.ts';

export function orgRoutes(app: FastifyInstance, orgs: OrgService): void {
  const tags = ['orgs'];
  route(app, {
    method: 'GET',
    url: '/api/orgs',
    summary: "Children of ?parent= with their counters; without parent, the actor's root organizations",
    tags,
    query: ZListOrgs,
    handler: async ({ actor, query }) =>
      query.parent ? orgs.children(actor, query.parent, query.includeDissolved) : orgs.roots(actor),
  });
  route(app, {
    method: 'GET',
    url: '/api/orgs/search',
    summary: 'Organizations in scope whose name contains q',
    tags,
    query: ZSearchOrgs,
    handler: async ({ actor, query }) => orgs.search(actor, query.q, query.level, query.limit),
  });
  route(app, {
    method: 'GET',
    url: '/api/orgs/:id',
    summary: 'One organization with breadcrumbs, subtree counters and the actor’s abilities',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => orgs.detail(actor, params.id),
  });
  route(app, {
    method: 'POST',
    url: '/api/orgs',
    summary: 'Create an organization under parentId',
    tags,
    body: ZCreateOrg,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return orgs.create(actor, body);
    },
  });
  route(app, {
    method: 'PATCH',
    url: '/api/orgs/:id',
    summary: 'Rename, re-kind or re-level an organization',
    tags,
    params: ZIdParams,
    body: ZUpdateOrg,
    handler: async ({ actor, params, body }) => orgs.update(actor, params.id, body),
  });
  route(app, {
    method: 'POST',
    url: '/api/orgs/:id/move',
    summary: 'Move the organization and its whole subtree under parentId (cycles refused)',
    tags,
    params: ZIdParams,
    body: ZMoveOrg,
    handler: async ({ actor, params, body }) => orgs.move(actor, params.id, body.parentId),
  });
  route(app, {
    method: 'POST',
    url: '/api/orgs/:id/dissolve',
    summary: 'Dissolve an organization (kept with its history; needs no active children or members)',
    tags,
    params: ZIdParams,
    body: ZDissolveOrg,
    handler: async ({ actor, params, body }) => orgs.dissolve(actor, params.id, body.reason),
  });
}
