import type { FastifyInstance } from 'fastify';
import { route, ZIdParams } from '../../platform/http.ts';
import type { MemberService } from './members.service.ts';
import {
  ZCreateMember,
  ZListMembers,
  ZMemberStatus,
  ZSearchMembers,
  ZTransferMember,
  ZUpdateMember,
} from '../../../shared/schemas/members.ts';

export function memberRoutes(app: FastifyInstance, members: MemberService): void {
  const tags = ['members'];
  route(app, {
    method: 'GET',
    url: '/api/members',
    summary: 'Members of an org (and its subtree), filtered, sorted, keyset-paged',
    tags,
    query: ZListMembers,
    handler: async ({ actor, query }) => members.list(actor, query),
  });
  route(app, {
    method: 'GET',
    url: '/api/members/search',
    summary: 'Active members of an org and below whose name holds the text (person pickers)',
    tags,
    query: ZSearchMembers,
    handler: async ({ actor, query }) => members.search(actor, query),
  });
  route(app, {
    method: 'GET',
    url: '/api/members/:id',
    summary: 'One member with transfer and status history',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => members.detail(actor, params.id),
  });
  route(app, {
    method: 'POST',
    url: '/api/members',
    summary: 'Add a member to a branch',
    tags,
    body: ZCreateMember,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return members.create(actor, body);
    },
  });
  route(app, {
    method: 'PATCH',
    url: '/api/members/:id',
    summary: "Edit a member's fields",
    tags,
    params: ZIdParams,
    body: ZUpdateMember,
    handler: async ({ actor, params, body }) => members.update(actor, params.id, body),
  });
  route(app, {
    method: 'POST',
    url: '/api/members/:id/transfer',
    summary: 'Transfer a member to another branch (history kept)',
    tags,
    params: ZIdParams,
    body: ZTransferMember,
    handler: async ({ actor, params, body }) => members.transfer(actor, params.id, body.toOrgId, body.note),
  });
  route(app, {
    method: 'POST',
    url: '/api/members/:id/status',
    summary: 'Change a member’s status (transferred out, deceased, back to active) with a note',
    tags,
    params: ZIdParams,
    body: ZMemberStatus,
    handler: async ({ actor, params, body }) => members.changeStatus(actor, params.id, body.status, body.note),
  });
}
