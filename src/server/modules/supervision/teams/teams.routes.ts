import type { FastifyInstance } from 'fastify';
import { route, ZIdParams } from '../../../platform/http.ts';
import type { TeamService } from './teams.service.ts';
import * as S from '../../../../shared/schemas/supervision/teams.ts';

/** Teams (督导组) and their visit log. */
export function teamRoutes(app: FastifyInstance, teams: TeamService, P: string, tags: string[]): void {
  route(app, {
    method: 'GET',
    url: `${P}/teams`,
    summary: "Teams formed in an org's subtree (?org=), or the actor's own (?mine=true); Page<TeamView>, after=",
    tags,
    query: S.ZTeamQuery,
    handler: async ({ actor, query }) => teams.list(actor, query),
  });
  route(app, {
    method: 'POST',
    url: `${P}/teams`,
    summary:
      'Form a team: leader, members, and the units (strictly below the office) it supervises; members gain supervisor scope over them',
    tags,
    body: S.ZCreateTeam,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return teams.create(actor, body);
    },
  });
  route(app, {
    method: 'GET',
    url: `${P}/teams/:id`,
    summary: 'A team with members, units and visit log',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => teams.detail(actor, params.id),
  });
  route(app, {
    method: 'PATCH',
    url: `${P}/teams/:id`,
    summary: 'Rename, change members or units, disband',
    tags,
    params: ZIdParams,
    body: S.ZUpdateTeam,
    handler: async ({ actor, params, body }) => teams.update(actor, params.id, body),
  });
  route(app, {
    method: 'POST',
    url: `${P}/teams/:id/visits`,
    summary: 'Log a visit (督导记录): date, unit, what was seen, meetings attended',
    tags,
    params: ZIdParams,
    body: S.ZVisit,
    handler: async ({ actor, params, body }) => teams.logVisit(actor, params.id, body),
  });
  route(app, {
    method: 'GET',
    url: `${P}/candidates`,
    summary: 'Accounts that could join a team formed by the org',
    tags,
    query: S.ZCandidateQuery,
    handler: async ({ actor, query }) => teams.candidates(actor, query.org, query.q),
  });
}
