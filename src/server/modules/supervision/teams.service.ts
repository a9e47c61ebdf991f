import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import { auditActor, pathWithin, type Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { requireVisibleCampaign } from '../campaigns/campaigns.policy.ts';
import { authorize, can } from '../../platform/policy.ts';
import { withTx } from '../../platform/tx.ts';
import type {
  ChecklistItem,
  ChecklistKind,
  ChecklistView,
  TeamCandidateView,
  TeamDetailView,
  TeamRole,
  TeamView,
} from '../../../shared/supervision.ts';
import type { TCreateChecklist, TCreateTeam, TUpdateChecklist, TUpdateTeam } from './supervision.schema.ts';
import {
  inRoleScope,
  inSubtree,
  iso,
  orgSubject,
  requireOrg,
  requireSee,
  requireSeeOrgs,
  supervisionPolicy,
  type Q,
} from './supervision.policy.ts';

/**
 * Supervision teams (督导组): formed by an office, with a leader and members (user accounts)
 * and the units they are assigned to — which is what widens a member's scope to those units —
 * and their visit log (督导记录). Also the checklists reviewers and look-backs score against.
 */
export class TeamService {
  constructor(private db: Kysely<DB>) {}

  private base(q: Q) {
    return q
      .selectFrom('supervision_teams as t')
      .innerJoin('orgs as o', 'o.id', 't.org_id')
      .select([
        't.id',
        't.org_id',
        'o.name as org_name',
        'o.path as org_path',
        't.campaign_id',
        't.name',
        't.status',
        't.created_at',
        sql<
          string | null
        >`(SELECT u.display_name FROM supervision_team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = t.id AND m.role = 'leader' LIMIT 1)`.as(
          'leader_name',
        ),
        sql<number>`(SELECT count(*) FROM supervision_team_members m WHERE m.team_id = t.id)`.as('member_count'),
        sql<number>`(SELECT count(*) FROM supervision_team_units u WHERE u.team_id = t.id)`.as('unit_count'),
      ]);
  }

  private view(r: Awaited<ReturnType<ReturnType<TeamService['base']>['execute']>>[number]): TeamView {
    return {
      id: r.id,
      orgId: r.org_id,
      orgName: r.org_name,
      campaignId: r.campaign_id,
      name: r.name,
      status: r.status as TeamView['status'],
      leaderName: r.leader_name,
      memberCount: Number(r.member_count),
      unitCount: Number(r.unit_count),
      createdAt: iso(r.created_at)!,
    };
  }

  /** Teams formed in an org's subtree that the actor may see, or (mine) the teams the actor is on. */
  async list(actor: Actor, query: { org?: number; mine?: boolean }): Promise<TeamView[]> {
    let qb = this.base(this.db);
    if (query.mine)
      qb = qb.where(sql<boolean>`t.id IN (SELECT team_id FROM supervision_team_members WHERE user_id = ${actor.id})`);
    else {
      if (!query.org) throw new AppError('VALIDATION', {}, [{ path: 'org', message: 'field.required' }]);
      const org = await requireOrg(this.db, query.org);
      requireSee(actor, 'org', org.id, org.path);
      qb = qb
        .where(inSubtree(org.id, 't.org_id'))
        .where(
          sql<boolean>`(${inRoleScope(actor, ['office', 'supervisor', 'unit_admin'], 't.org_id')} OR t.id IN (SELECT team_id FROM supervision_team_members WHERE user_id = ${actor.id}))`,
        );
    }
    const rows = await qb.orderBy('t.status').orderBy('t.id', 'desc').limit(500).execute();
    return rows.map((r) => this.view(r));
  }

  private async isMember(q: Q, teamId: number, userId: number): Promise<boolean> {
    return !!(await q
      .selectFrom('supervision_team_members')
      .select('user_id')
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .executeTakeFirst());
  }

  async detail(actor: Actor, teamId: number): Promise<TeamDetailView> {
    const r = await this.base(this.db).where('t.id', '=', teamId).executeTakeFirst();
    if (!r) throw new AppError('NOT_FOUND');
    const member = await this.isMember(this.db, teamId, actor.id);
    if (!member) requireSee(actor, 'supervision_team', teamId, r.org_path);
    const [members, units, visits] = await Promise.all([
      this.db
        .selectFrom('supervision_team_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.user_id', 'm.role', 'u.display_name', 'u.username'])
        .where('m.team_id', '=', teamId)
        .orderBy(sql`m.role = 'leader'`, 'desc')
        .orderBy('u.id')
        .execute(),
      this.db
        .selectFrom('supervision_team_units as tu')
        .innerJoin('orgs as o', 'o.id', 'tu.org_id')
        .select(['o.id', 'o.name'])
        .where('tu.team_id', '=', teamId)
        .orderBy('o.path')
        .execute(),
      this.db
        .selectFrom('supervision_visits as v')
        .innerJoin('orgs as o', 'o.id', 'v.org_id')
        .select([
          'v.id',
          'v.team_id',
          'v.org_id',
          'o.name as org_name',
          'v.visit_date',
          'v.seen',
          'v.meetings',
          'v.author_name',
          'v.created_at',
        ])
        .where('v.team_id', '=', teamId)
        .orderBy('v.visit_date', 'desc')
        .orderBy('v.id', 'desc')
        .limit(500)
        .execute(),
    ]);
    const manage = can(actor, supervisionPolicy, 'manageTeam', orgSubject('supervision_team', teamId, r.org_path));
    return {
      ...this.view(r),
      members: members.map((m) => ({
        userId: m.user_id,
        displayName: m.display_name,
        username: m.username,
        role: m.role as TeamRole,
      })),
      units: units.map((u) => ({ orgId: u.id, name: u.name })),
      visits: visits.map((v) => ({
        id: v.id,
        teamId: v.team_id,
        orgId: v.org_id,
        orgName: v.org_name,
        visitDate: v.visit_date,
        seen: v.seen,
        meetings: v.meetings,
        authorName: v.author_name,
        createdAt: iso(v.created_at)!,
      })),
      can: { manage, logVisit: r.status === 'active' && (member || manage) },
    };
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
      const current = await trx
        .selectFrom('supervision_team_members')
        .select(['user_id', 'role'])
        .where('team_id', '=', teamId)
        .execute();
      const leader = leaderId ?? current.find((m) => m.role === 'leader')?.user_id;
      const others = (memberIds ?? current.filter((m) => m.role === 'member').map((m) => m.user_id)).filter(
        (u) => u !== leader,
      );
      const all = [...new Set([leader!, ...others])];
      const found = await trx
        .selectFrom('users')
        .select('id')
        .where('id', 'in', all)
        .where('status', '=', 'active')
        .execute();
      if (found.length !== all.length)
        throw new AppError('VALIDATION', {}, [{ path: 'memberIds', message: 'field.invalid' }]);
      await trx.deleteFrom('supervision_team_members').where('team_id', '=', teamId).execute();
      await trx
        .insertInto('supervision_team_members')
        .values(all.map((u) => ({ team_id: teamId, user_id: u, role: u === leader ? 'leader' : 'member' })))
        .execute();
    }
    if (unitIds !== undefined) {
      const unique = [...new Set(unitIds)];
      const units = await trx
        .selectFrom('orgs')
        .select(['id', 'name', 'path', 'status'])
        .where('id', 'in', unique)
        .execute();
      if (units.length !== unique.length) throw new AppError('NOT_FOUND');
      requireSeeOrgs(actor, 'assignTeamUnit', units);
      const outside = units.find((u) => !pathWithin(u.path, org.path, true) || u.status !== 'active');
      if (outside) throw new AppError('TEAM_UNIT_OUTSIDE', { name: outside.name, org: org.name });
      await trx.deleteFrom('supervision_team_units').where('team_id', '=', teamId).execute();
      await trx
        .insertInto('supervision_team_units')
        .values(unique.map((o) => ({ team_id: teamId, org_id: o })))
        .execute();
    }
    await this.lockMembers(trx, teamId);
  }

  /**
   * Holds the members' account rows until commit. A team's members, units and status are scope
   * those accounts carry; user administration locks the account it manages (users.service) and
   * weighs that scope, so it never decides on a scope this transaction is changing.
   */
  private async lockMembers(trx: Transaction<DB>, teamId: number) {
    await trx
      .selectFrom('users')
      .select('id')
      .where('id', 'in', (eb) =>
        eb.selectFrom('supervision_team_members').select('user_id').where('team_id', '=', teamId),
      )
      .orderBy('id')
      // KEY SHARE conflicts only with the FOR UPDATE user administration takes, not with the
      // plain updates of sign-in (failure counts), which may run while the team's audit waits.
      .forKeyShare()
      .execute();
  }

  async create(actor: Actor, input: TCreateTeam): Promise<TeamDetailView> {
    const id = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const org = await requireOrg(trx, input.orgId);
      authorize(actor, supervisionPolicy, 'manageTeam', orgSubject('org', org.id, org.path));
      if (org.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: org.name });
      if (input.campaignId) await requireVisibleCampaign(trx, actor, input.campaignId);
      const t = await trx
        .insertInto('supervision_teams')
        .values({ org_id: org.id, campaign_id: input.campaignId ?? null, name: input.name, created_by: actor.id })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.setMembersAndUnits(trx, actor, t.id, org, input.leaderId, input.memberIds, input.unitIds);
      await audit({
        action: 'supervision_team.create',
        entityType: 'supervision_team',
        entityId: t.id,
        orgId: org.id,
        after: input,
      });
      return t.id;
    });
    return this.detail(actor, id);
  }

  async update(actor: Actor, teamId: number, input: TUpdateTeam): Promise<TeamDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const t = await trx
        .selectFrom('supervision_teams as t')
        .innerJoin('orgs as o', 'o.id', 't.org_id')
        .select(['t.id', 't.name', 't.status', 't.org_id', 'o.name as org_name', 'o.path'])
        .where('t.id', '=', teamId)
        .forUpdate('t')
        .executeTakeFirst();
      if (!t) throw new AppError('NOT_FOUND');
      authorize(actor, supervisionPolicy, 'manageTeam', orgSubject('supervision_team', teamId, t.path));
      const before = {
        name: t.name,
        status: t.status,
        members: await trx
          .selectFrom('supervision_team_members')
          .select(['user_id', 'role'])
          .where('team_id', '=', teamId)
          .execute(),
        units: (
          await trx.selectFrom('supervision_team_units').select('org_id').where('team_id', '=', teamId).execute()
        ).map((u) => u.org_id),
      };
      await trx
        .updateTable('supervision_teams')
        .set({
          ...(input.name ? { name: input.name } : {}),
          ...(input.status ? { status: input.status } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', teamId)
        .execute();
      await this.setMembersAndUnits(
        trx,
        actor,
        teamId,
        { name: t.org_name, path: t.path },
        input.leaderId,
        input.memberIds,
        input.unitIds,
      );
      await audit({
        action: 'supervision_team.update',
        entityType: 'supervision_team',
        entityId: teamId,
        orgId: t.org_id,
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
      const t = await trx
        .selectFrom('supervision_teams as t')
        .innerJoin('orgs as o', 'o.id', 't.org_id')
        .select(['t.id', 't.status', 'o.path'])
        .where('t.id', '=', teamId)
        .executeTakeFirst();
      if (!t) throw new AppError('NOT_FOUND');
      const member = await this.isMember(trx, teamId, actor.id);
      if (!member) authorize(actor, supervisionPolicy, 'manageTeam', orgSubject('supervision_team', teamId, t.path));
      if (t.status !== 'active')
        throw new AppError('CONFLICT', { what: actor.locale === 'en' ? 'the team is disbanded' : '该督导组已撤销' });
      const unit = await requireOrg(trx, input.orgId);
      // Outside the actor's scope: as an id that does not exist. In scope but not the team's: named.
      requireSeeOrgs(actor, 'logVisit', [unit]);
      const covered = await trx
        .selectFrom('supervision_team_units as tu')
        .innerJoin('org_closure as c', 'c.ancestor_id', 'tu.org_id')
        .select('tu.org_id')
        .where('tu.team_id', '=', teamId)
        .where('c.descendant_id', '=', unit.id)
        .executeTakeFirst();
      if (!covered)
        throw new AppError('TEAM_UNIT_OUTSIDE', {
          name: unit.name,
          org: actor.locale === 'en' ? 'this team' : '本督导组',
        });
      const v = await trx
        .insertInto('supervision_visits')
        .values({
          team_id: teamId,
          org_id: unit.id,
          visit_date: input.visitDate,
          seen: input.seen,
          meetings: input.meetings,
          author_id: actor.id,
          author_name: actor.displayName,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit({
        action: 'supervision_visit.create',
        entityType: 'supervision_visit',
        entityId: v.id,
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
    let qb = this.db
      .selectFrom('users as u')
      .select(['u.id', 'u.username', 'u.display_name'])
      .where('u.status', '=', 'active')
      .where(sql<boolean>`u.id IN (SELECT g.user_id FROM grants g WHERE ${inSubtree(org.id, 'g.org_id')})`);
    if (q) qb = qb.where((eb) => eb.or([eb('u.username', 'ilike', `%${q}%`), eb('u.display_name', 'ilike', `%${q}%`)]));
    const rows = await qb.orderBy('u.display_name').limit(50).execute();
    return rows.map((r) => ({ userId: r.id, username: r.username, displayName: r.display_name }));
  }

  // ---------- checklists ----------

  private checklistView(
    actor: Actor,
    r: {
      id: number;
      kind: string;
      org_id: number | null;
      org_name: string | null;
      org_path: string | null;
      name: string;
      name_en: string;
      builtin: boolean;
      items: unknown;
    },
  ): ChecklistView {
    return {
      id: r.id,
      kind: r.kind as ChecklistKind,
      orgId: r.org_id,
      orgName: r.org_name,
      name: r.name,
      nameEn: r.name_en,
      builtin: r.builtin,
      items: (typeof r.items === 'string' ? JSON.parse(r.items) : r.items) as ChecklistItem[],
      canEdit:
        !r.builtin &&
        !!r.org_path &&
        can(actor, supervisionPolicy, 'editChecklist', orgSubject('checklist', r.id, r.org_path)),
    };
  }

  private checklistBase(q: Q) {
    return q
      .selectFrom('checklists as c')
      .leftJoin('orgs as o', 'o.id', 'c.org_id')
      .select([
        'c.id',
        'c.kind',
        'c.org_id',
        'o.name as org_name',
        'o.path as org_path',
        'c.name',
        'c.name_en',
        'c.builtin',
        'c.items',
      ]);
  }

  /** A checklist by id, as seen by the actor (built-ins, or one of an org the actor sees or works under). */
  async checklist(q: Q, actor: Actor, id: number): Promise<ChecklistView> {
    const r = await this.checklistBase(q).where('c.id', '=', id).executeTakeFirst();
    if (!r) throw new AppError('NOT_FOUND');
    return this.checklistView(actor, r);
  }

  /** The built-ins and the checklists of the org and the orgs above it. */
  async checklists(actor: Actor, orgId: number, kind?: ChecklistKind): Promise<ChecklistView[]> {
    const org = await requireOrg(this.db, orgId);
    requireSee(actor, 'org', org.id, org.path);
    let qb = this.checklistBase(this.db).where((eb) =>
      eb.or([
        eb('c.builtin', '=', true),
        eb('c.org_id', 'in', eb.selectFrom('org_closure').select('ancestor_id').where('descendant_id', '=', org.id)),
      ]),
    );
    if (kind) qb = qb.where('c.kind', '=', kind);
    const rows = await qb.orderBy('c.builtin', 'desc').orderBy('c.id').execute();
    return rows.map((r) => this.checklistView(actor, r));
  }

  private checkItems(items: ChecklistItem[]) {
    const keys = items.map((i) => i.key);
    if (new Set(keys).size !== keys.length)
      throw new AppError('VALIDATION', {}, [{ path: 'items', message: 'field.invalid' }]);
  }

  async createChecklist(actor: Actor, input: TCreateChecklist): Promise<ChecklistView> {
    const id = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const org = await requireOrg(trx, input.orgId);
      authorize(actor, supervisionPolicy, 'editChecklist', orgSubject('org', org.id, org.path));
      this.checkItems(input.items);
      const r = await trx
        .insertInto('checklists')
        .values({
          kind: input.kind,
          org_id: org.id,
          name: input.name,
          name_en: input.nameEn,
          items: JSON.stringify(input.items),
          created_by: actor.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit({ action: 'checklist.create', entityType: 'checklist', entityId: r.id, orgId: org.id, after: input });
      return r.id;
    });
    return this.checklist(this.db, actor, id);
  }

  async updateChecklist(actor: Actor, id: number, input: TUpdateChecklist): Promise<ChecklistView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const r = await this.checklistBase(trx).where('c.id', '=', id).executeTakeFirst();
      if (!r) throw new AppError('NOT_FOUND');
      if (r.builtin || !r.org_path) throw new AppError('FORBIDDEN');
      authorize(actor, supervisionPolicy, 'editChecklist', orgSubject('checklist', id, r.org_path));
      if (input.items) this.checkItems(input.items);
      await trx
        .updateTable('checklists')
        .set({
          ...(input.name ? { name: input.name } : {}),
          ...(input.nameEn !== undefined ? { name_en: input.nameEn } : {}),
          ...(input.items ? { items: JSON.stringify(input.items) } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
      await audit({
        action: 'checklist.update',
        entityType: 'checklist',
        entityId: id,
        orgId: r.org_id,
        before: { name: r.name, items: r.items },
        after: input,
      });
    });
    return this.checklist(this.db, actor, id);
  }

  /**
   * The checklist a material or a look-back round of the org uses: the one asked for, if it is of
   * the kind and built in or the org's or an org's above it; else the built-in of the kind
   * (五个不过关 for review, 六查六看 for look back).
   */
  async resolveChecklist(q: Q, orgId: number, kind: ChecklistKind, checklistId?: number): Promise<number> {
    if (!checklistId) {
      const r = await q
        .selectFrom('checklists')
        .select('id')
        .where('builtin', '=', true)
        .where('kind', '=', kind)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      return r.id;
    }
    const c = await q
      .selectFrom('checklists')
      .select('id')
      .where('id', '=', checklistId)
      .where('kind', '=', kind)
      .where((eb) =>
        eb.or([
          eb('builtin', '=', true),
          eb('org_id', 'in', eb.selectFrom('org_closure').select('ancestor_id').where('descendant_id', '=', orgId)),
        ]),
      )
      .executeTakeFirst();
    if (!c) throw new AppError('VALIDATION', {}, [{ path: 'checklistId', message: 'field.invalid' }]);
    return c.id;
  }
}
