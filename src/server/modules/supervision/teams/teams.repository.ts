import { sql, type Transaction } from 'kysely';
import type { Q } from '../../../db/database.ts';
import type { DB } from '../../../db/types.ts';
import type { Actor } from '../../../platform/actor.ts';
import type { AfterKey } from '../../../platform/paging.ts';
import { inRoleScope, inSubtree } from '../../../platform/scope-sql.repository.ts';
import type { TeamRole } from '../../../../shared/supervision.ts';

/** Supervision teams, their members, units and visits: the only SQL of the sub-module. */

function base(q: Q, actorId: number) {
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
      sql<boolean>`EXISTS (SELECT 1 FROM supervision_team_members m WHERE m.team_id = t.id AND m.user_id = ${actorId})`.as(
        'is_member',
      ),
    ]);
}
export type TeamRow = NonNullable<Awaited<ReturnType<typeof findTeam>>>;

export function findTeam(q: Q, id: number, actorId: number) {
  return base(q, actorId).where('t.id', '=', id).executeTakeFirst();
}

/**
 * Teams formed in an org's subtree that the actor may see (or is on), or (mine) the teams the
 * actor is on; active before disbanded, newest first, keyset-paged on (status, id).
 */
export function listTeams(
  q: Q,
  actor: Actor,
  f: { orgId?: number; mine?: boolean; after: AfterKey | null; limit: number },
) {
  const mine = sql<boolean>`t.id IN (SELECT team_id FROM supervision_team_members WHERE user_id = ${actor.id})`;
  let qb = base(q, actor.id);
  if (f.mine) qb = qb.where(mine);
  else
    qb = qb
      .where(inSubtree(f.orgId!, 't.org_id'))
      .where(sql<boolean>`(${inRoleScope(actor, ['office', 'supervisor', 'unit_admin'], 't.org_id')} OR ${mine})`);
  if (f.after) {
    const [status, id] = f.after;
    qb = qb.where((eb) =>
      eb.or([eb('t.status', '>', String(status)), eb.and([eb('t.status', '=', String(status)), eb('t.id', '<', id)])]),
    );
  }
  return qb
    .orderBy('t.status')
    .orderBy('t.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export function teamMembers(q: Q, teamId: number) {
  return q
    .selectFrom('supervision_team_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'm.role', 'u.display_name', 'u.username'])
    .where('m.team_id', '=', teamId)
    .orderBy(sql`m.role = 'leader'`, 'desc')
    .orderBy('u.id')
    .execute();
}

export function teamUnits(q: Q, teamId: number) {
  return q
    .selectFrom('supervision_team_units as tu')
    .innerJoin('orgs as o', 'o.id', 'tu.org_id')
    .select(['o.id', 'o.name'])
    .where('tu.team_id', '=', teamId)
    .orderBy('o.path')
    .execute();
}

export function teamVisits(q: Q, teamId: number) {
  return q
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
    .execute();
}
export type VisitRow = Awaited<ReturnType<typeof teamVisits>>[number];

export async function isTeamMember(q: Q, teamId: number, userId: number): Promise<boolean> {
  return !!(await q
    .selectFrom('supervision_team_members')
    .select('user_id')
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst());
}

export function memberRoles(q: Q, teamId: number) {
  return q.selectFrom('supervision_team_members').select(['user_id', 'role']).where('team_id', '=', teamId).execute();
}

export async function unitIdsOf(q: Q, teamId: number): Promise<number[]> {
  const rows = await q.selectFrom('supervision_team_units').select('org_id').where('team_id', '=', teamId).execute();
  return rows.map((u) => u.org_id);
}

/** How many of the ids are active accounts. */
export async function countActiveUsers(q: Q, ids: number[]): Promise<number> {
  const rows = await q.selectFrom('users').select('id').where('id', 'in', ids).where('status', '=', 'active').execute();
  return rows.length;
}

export async function replaceMembers(
  trx: Transaction<DB>,
  teamId: number,
  members: Array<{ userId: number; role: TeamRole }>,
): Promise<void> {
  await trx.deleteFrom('supervision_team_members').where('team_id', '=', teamId).execute();
  await trx
    .insertInto('supervision_team_members')
    .values(members.map((m) => ({ team_id: teamId, user_id: m.userId, role: m.role })))
    .execute();
}

export function orgsByIds(q: Q, ids: number[]) {
  return q.selectFrom('orgs').select(['id', 'name', 'path', 'status']).where('id', 'in', ids).execute();
}

export async function replaceUnits(trx: Transaction<DB>, teamId: number, orgIds: number[]): Promise<void> {
  await trx.deleteFrom('supervision_team_units').where('team_id', '=', teamId).execute();
  await trx
    .insertInto('supervision_team_units')
    .values(orgIds.map((o) => ({ team_id: teamId, org_id: o })))
    .execute();
}

/**
 * Holds the members' account rows until commit. KEY SHARE conflicts only with the FOR UPDATE user
 * administration takes, not with the plain updates of sign-in (failure counts), which may run
 * while the team's audit waits.
 */
export async function lockMembers(trx: Transaction<DB>, teamId: number): Promise<void> {
  await trx
    .selectFrom('users')
    .select('id')
    .where('id', 'in', (eb) =>
      eb.selectFrom('supervision_team_members').select('user_id').where('team_id', '=', teamId),
    )
    .orderBy('id')
    .forKeyShare()
    .execute();
}

export async function insertTeam(
  trx: Transaction<DB>,
  v: { orgId: number; campaignId: number | null; name: string; createdBy: number },
): Promise<number> {
  const t = await trx
    .insertInto('supervision_teams')
    .values({ org_id: v.orgId, campaign_id: v.campaignId, name: v.name, created_by: v.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return t.id;
}

/** The team with its forming org, locked for update when asked. */
export function teamForWrite(trx: Transaction<DB>, teamId: number, lock: boolean) {
  let qb = trx
    .selectFrom('supervision_teams as t')
    .innerJoin('orgs as o', 'o.id', 't.org_id')
    .select(['t.id', 't.name', 't.status', 't.org_id', 'o.name as org_name', 'o.path'])
    .where('t.id', '=', teamId);
  if (lock) qb = qb.forUpdate('t');
  return qb.executeTakeFirst();
}

export async function updateTeam(
  trx: Transaction<DB>,
  teamId: number,
  v: { name?: string; status?: 'active' | 'disbanded' },
): Promise<void> {
  await trx
    .updateTable('supervision_teams')
    .set({
      ...(v.name ? { name: v.name } : {}),
      ...(v.status ? { status: v.status } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', teamId)
    .execute();
}

/** True when the unit is one of the team's units or lies below one. */
export async function teamCoversUnit(q: Q, teamId: number, orgId: number): Promise<boolean> {
  return !!(await q
    .selectFrom('supervision_team_units as tu')
    .innerJoin('org_closure as c', 'c.ancestor_id', 'tu.org_id')
    .select('tu.org_id')
    .where('tu.team_id', '=', teamId)
    .where('c.descendant_id', '=', orgId)
    .executeTakeFirst());
}

export async function insertVisit(
  trx: Transaction<DB>,
  v: {
    teamId: number;
    orgId: number;
    visitDate: string;
    seen: string;
    meetings: string;
    authorId: number;
    authorName: string;
  },
): Promise<number> {
  const r = await trx
    .insertInto('supervision_visits')
    .values({
      team_id: v.teamId,
      org_id: v.orgId,
      visit_date: v.visitDate,
      seen: v.seen,
      meetings: v.meetings,
      author_id: v.authorId,
      author_name: v.authorName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Active accounts with a grant in the org's subtree, matching a search text. */
export function candidates(q: Q, orgId: number, search?: string) {
  let qb = q
    .selectFrom('users as u')
    .select(['u.id', 'u.username', 'u.display_name'])
    .where('u.status', '=', 'active')
    .where(sql<boolean>`u.id IN (SELECT g.user_id FROM grants g WHERE ${inSubtree(orgId, 'g.org_id')})`);
  if (search)
    qb = qb.where((eb) =>
      eb.or([eb('u.username', 'ilike', `%${search}%`), eb('u.display_name', 'ilike', `%${search}%`)]),
    );
  return qb.orderBy('u.display_name').limit(50).execute();
}
