import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/types.ts';
import { auditActor, pathWithin, type Actor } from '../../../platform/actor.ts';
import { AppError } from '../../../platform/errors.ts';
import { decodeAfter, pageOf } from '../../../platform/paging.ts';
import { authorize, can } from '../../../platform/policy.ts';
import { withTx } from '../../../platform/tx.ts';
import { requireVisibleCampaign } from '../../campaigns/campaigns.policy.ts';
import type {
  TeamAbilities,
  TeamCandidateView,
  TeamDetailView,
  TeamPage,
  TeamRole,
} from '../../../../shared/supervision.ts';
import { ChecklistService } from '../checklists/checklists.service.ts';
import { HubService } from '../hub/hub.service.ts';
import { orgSubject, requireOrg, requireSee, requireSeeOrgs, supervisionPolicy } from '../supervision.policy.ts';
import { presentCandidate, presentTeam, presentTeamDetail } from './teams.presenter.ts';
import * as R from './teams.repository.ts';
import type { TCreateTeam, TTeamQuery, TUpdateTeam } from '../../../../shared/schemas/supervision/teams.ts';

/**
 * Supervision teams (督导组): formed by an office, with a leader and members (user accounts)
 * and the units they are assigned to — which is what widens a member's scope to those units —
 * and their visit log (督导记录). The checklists are their own service (`checklists`, held here
 * for the callers that reach them through the team service).
 */
export class TeamService {
  readonly checklists: ChecklistService;
  /** The hub's abilities (held here like the checklists, for app.ts's wiring). */
  readonly hub: HubService;

  constructor(private db: Kysely<DB>) {
    this.checklists = new ChecklistService(db);
    this.hub = new HubService(db);
  }

  private abilities(actor: Actor, r: R.TeamRow): TeamAbilities {
    const manage = can(actor, supervisionPolicy, 'manageTeam', orgSubject('supervision_team', r.id, r.org_path));
    return { manage, logVisit: r.status === 'active' && (r.is_member || manage) };
  }

  /** Teams formed in an org's subtree that the actor may see, or (mine) the teams the actor is on. */
  async list(actor: Actor, query: TTeamQuery): Promise<TeamPage> {
    const after = decodeAfter(query.after, (v) => v === 'active' || v === 'disbanded');
    if (!query.mine) {
      if (!query.org) throw new AppError('VALIDATION', {}, [{ path: 'org', message: 'field.required' }]);
      const org = await requireOrg(this.db, query.org);
      requireSee(actor, 'org', org.id, org.path);
    }
    const rows = await R.listTeams(this.db, actor, { orgId: query.org, mine: query.mine, after, limit: query.limit });
    return pageOf(
      rows,
      query.limit,
      (r) => [r.status, r.id],
      (r) => presentTeam(r, this.abilities(actor, r)),
    );
  }

  async detail(actor: Actor, teamId: number): Promise<TeamDetailView> {
    const r = await R.findTeam(this.db, teamId, actor.id);
    if (!r) throw new AppError('NOT_FOUND');
    if (!r.is_member) requireSee(actor, 'supervision_team', teamId, r.org_path);
    const [members, units, visits] = await Promise.all([
      R.teamMembers(this.db, teamId),
      R.teamUnits(this.db, teamId),
      R.teamVisits(this.db, teamId),
    ]);
    return presentTeamDetail(r, this.abilities(actor, r), members, units, visits);
  }

  /**
   * Units must lie strictly below the forming office; members must be active accounts. A unit
   * outside the actor's scope is answered as one that does not exist (404, audited, no name).
   */
  private async setMembersAndUnits(
    trx: Transaction<DB>,
    actor: Actor,
    teamId: number,
    org: { name: string; path: string },
    leaderId: number | undefined,
    memberIds: number[] | undefined,
    unitIds: number[] | undefined,
  ) {
    if (leaderId !== undefined || memberIds !== undefined) {
      const current = await R.memberRoles(trx, teamId);
      const leader = leaderId ?? current.find((m) => m.role === 'leader')?.user_id;
      const others = (memberIds ?? current.filter((m) => m.role === 'member').map((m) => m.user_id)).filter(
        (u) => u !== leader,
      );
      const all = [...new Set([leader!, ...others])];
      if ((await R.countActiveUsers(trx, all)) !== all.length)
        throw new AppError('VALIDATION', {}, [{ path: 'memberIds', message: 'field.invalid' }]);
      await R.replaceMembers(
        trx,
        teamId,
        all.map((u) => ({ userId: u, role: (u === leader ? 'leader' : 'member') as TeamRole })),
      );
    }
    if (unitIds !== undefined) {
      const unique = [...new Set(unitIds)];
      const units = await R.orgsByIds(trx, unique);
      if (units.length !== unique.length) throw new AppError('NOT_FOUND');
      requireSeeOrgs(actor, 'assignTeamUnit', units);
      const outside = units.find((u) => !pathWithin(u.path, org.path, true) || u.status !== 'active');
      if (outside) throw new AppError('TEAM_UNIT_OUTSIDE', { name: outside.name, org: org.name });
      await R.replaceUnits(trx, teamId, unique);
    }
    // A team's members, units and status are scope those accounts carry; user administration
    // locks the account it manages (users.service) and weighs that scope, so it never decides on a
    // scope this transaction is changing.
    await R.lockMembers(trx, teamId);
  }

  async create(actor: Actor, input: TCreateTeam): Promise<TeamDetailView> {
    const id = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const org = await requireOrg(trx, input.orgId);
      authorize(actor, supervisionPolicy, 'manageTeam', orgSubject('org', org.id, org.path));
      if (org.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: org.name });
      if (input.campaignId) await requireVisibleCampaign(trx, actor, input.campaignId);
      const id = await R.insertTeam(trx, {
        orgId: org.id,
        campaignId: input.campaignId ?? null,
        name: input.name,
        createdBy: actor.id,
      });
      await this.setMembersAndUnits(trx, actor, id, org, input.leaderId, input.memberIds, input.unitIds);
      await audit({
        action: 'supervision_team.create',
        entityType: 'supervision_team',
        entityId: id,
        orgId: org.id,
        after: input,
      });
      return id;
    });
    return this.detail(actor, id);
  }

  async update(actor: Actor, teamId: number, input: TUpdateTeam): Promise<TeamDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const tm = await R.teamForWrite(trx, teamId, true);
      if (!tm) throw new AppError('NOT_FOUND');
      authorize(actor, supervisionPolicy, 'manageTeam', orgSubject('supervision_team', teamId, tm.path));
      const before = {
        name: tm.name,
        status: tm.status,
        members: await R.memberRoles(trx, teamId),
        units: await R.unitIdsOf(trx, teamId),
      };
      await R.updateTeam(trx, teamId, { name: input.name, status: input.status });
      await this.setMembersAndUnits(
        trx,
        actor,
        teamId,
        { name: tm.org_name, path: tm.path },
        input.leaderId,
        input.memberIds,
        input.unitIds,
      );
      await audit({
        action: 'supervision_team.update',
        entityType: 'supervision_team',
        entityId: teamId,
        orgId: tm.org_id,
        before,
        after: input,
      });
    });
    return this.detail(actor, teamId);
  }

  /** A visit (督导记录) to one of the team's units or a unit below one, by a member or the office. */
  async logVisit(
    actor: Actor,
    teamId: number,
    input: { orgId: number; visitDate: string; seen: string; meetings: string },
  ): Promise<TeamDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const tm = await R.teamForWrite(trx, teamId, false);
      if (!tm) throw new AppError('NOT_FOUND');
      const member = await R.isTeamMember(trx, teamId, actor.id);
      if (!member) authorize(actor, supervisionPolicy, 'manageTeam', orgSubject('supervision_team', teamId, tm.path));
      if (tm.status !== 'active') throw new AppError('CONFLICT', { what: 'sv.conflict.teamDisbanded' });
      const unit = await requireOrg(trx, input.orgId);
      // Outside the actor's scope: as an id that does not exist. In scope but not the team's: named.
      requireSeeOrgs(actor, 'logVisit', [unit]);
      if (!(await R.teamCoversUnit(trx, teamId, unit.id)))
        throw new AppError('TEAM_UNIT_OUTSIDE', { name: unit.name, org: 'sv.thisTeam' });
      const id = await R.insertVisit(trx, {
        teamId,
        orgId: unit.id,
        visitDate: input.visitDate,
        seen: input.seen,
        meetings: input.meetings,
        authorId: actor.id,
        authorName: actor.displayName,
      });
      await audit({
        action: 'supervision_visit.create',
        entityType: 'supervision_visit',
        entityId: id,
        orgId: unit.id,
        after: input,
      });
    });
    return this.detail(actor, teamId);
  }

  /** Accounts that could join a team formed by the org: anyone with a grant in its subtree. */
  async candidates(actor: Actor, orgId: number, q?: string): Promise<TeamCandidateView[]> {
    const org = await requireOrg(this.db, orgId);
    authorize(actor, supervisionPolicy, 'manageTeam', orgSubject('org', org.id, org.path));
    return (await R.candidates(this.db, org.id, q)).map(presentCandidate);
  }
}
