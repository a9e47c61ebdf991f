import { sql } from 'kysely';
import type { Q } from '../../db/database.ts';
import type { ActorGrant } from '../../platform/actor.ts';
import type { Role } from '../../../shared/enums.ts';

export function findUserByUsername(q: Q, username: string) {
  return q
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst();
}

export function findUserById(q: Q, id: number) {
  return q.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every grant of a user's account with the granted org's name and path (active orgs only). */
export async function grantsOfUser(q: Q, userId: number): Promise<ActorGrant[]> {
  const rows = await q
    .selectFrom('grants as g')
    .innerJoin('orgs as o', 'o.id', 'g.org_id')
    .select(['g.id', 'g.role', 'g.org_id', 'o.name', 'o.path'])
    .where('g.user_id', '=', userId)
    .where('o.status', '=', 'active')
    .orderBy('g.id')
    .execute();
  return rows.map((r) => ({ id: r.id, role: r.role as Role, orgId: r.org_id, orgName: r.name, path: r.path }));
}

/**
 * What a signed-in user may act over: their account's grants, followed by the supervisor scope
 * their supervision teams give them — each unit an active team of theirs is assigned to (and its
 * subtree), on top of their own grants. Those carry the team's id and a negative id, since no
 * grant row stands behind them; they are managed through the team, not the user's account.
 */
export async function actorGrantsOfUser(q: Q, userId: number): Promise<ActorGrant[]> {
  // One round trip: this runs on every request.
  const { rows } = await sql<{
    id: number;
    role: Role;
    org_id: number;
    name: string;
    path: string;
    team_id: number | null;
  }>`
    SELECT g.id, g.role, g.org_id, o.name, o.path::text AS path, NULL::int AS team_id
      FROM grants g JOIN orgs o ON o.id = g.org_id
     WHERE g.user_id = ${userId} AND o.status = 'active'
    UNION ALL
    SELECT -(t.id::bigint * 1000000 + u.org_id), 'supervisor', u.org_id, o.name, o.path::text, t.id
      FROM supervision_team_members m
      JOIN supervision_teams t ON t.id = m.team_id AND t.status = 'active'
      JOIN supervision_team_units u ON u.team_id = t.id
      JOIN orgs o ON o.id = u.org_id AND o.status = 'active'
     WHERE m.user_id = ${userId}
     ORDER BY 6 NULLS FIRST, 1`.execute(q);
  return rows.map((r) => ({
    id: Number(r.id),
    role: r.role,
    orgId: r.org_id,
    orgName: r.name,
    path: r.path,
    ...(r.team_id === null ? {} : { teamId: r.team_id }),
  }));
}

export function findSession(q: Q, id: string) {
  return q
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id as session_id',
      's.csrf_token',
      's.expires_at',
      's.last_seen_at',
      'u.id',
      'u.username',
      'u.display_name',
      'u.is_admin',
      'u.locale',
      'u.member_id',
      'u.status',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export function insertSession(
  q: Q,
  row: {
    id: string;
    user_id: number;
    csrf_token: string;
    expires_at: Date;
    ip: string | null;
    user_agent: string | null;
  },
) {
  return q.insertInto('sessions').values(row).execute();
}

export function touchSession(q: Q, id: string, expiresAt: Date) {
  return q
    .updateTable('sessions')
    .set({ last_seen_at: new Date(), expires_at: expiresAt })
    .where('id', '=', id)
    .execute();
}

export function deleteSession(q: Q, id: string) {
  return q.deleteFrom('sessions').where('id', '=', id).execute();
}

export function deleteSessionsOfUser(q: Q, userId: number, exceptId?: string) {
  let d = q.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) d = d.where('id', '!=', exceptId);
  return d.execute();
}

/** Counts one failed sign-in in the row itself (atomic: parallel failures are all counted). */
export function countLoginFailure(q: Q, userId: number, lockedUntil: Date | null) {
  return q
    .updateTable('users')
    .set((eb) => ({
      failed_logins: eb('failed_logins', '+', 1),
      ...(lockedUntil ? { locked_until: lockedUntil } : {}),
    }))
    .where('id', '=', userId)
    .execute();
}

export function findKnownDevice(q: Q, tokenHash: string) {
  return q
    .selectFrom('known_devices')
    .select(['user_id', 'last_used_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Remembers (or refreshes) a browser the user signed in from, keeping the newest `keep`. */
export async function rememberDevice(q: Q, userId: number, tokenHash: string, keep: number) {
  await sql`INSERT INTO known_devices (token_hash, user_id) VALUES (${tokenHash}, ${userId})
            ON CONFLICT (token_hash) DO UPDATE SET last_used_at = now()`.execute(q);
  await sql`DELETE FROM known_devices WHERE user_id = ${userId} AND token_hash NOT IN (
              SELECT token_hash FROM known_devices WHERE user_id = ${userId} ORDER BY last_used_at DESC LIMIT ${keep})`.execute(
    q,
  );
}

/** Forgets every browser of a user (a password reset by an administrator). */
export function forgetDevices(q: Q, userId: number) {
  return q.deleteFrom('known_devices').where('user_id', '=', userId).execute();
}

export function resetLoginFailures(q: Q, userId: number) {
  return q.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
}

export function setLocale(q: Q, userId: number, locale: string) {
  return q.updateTable('users').set({ locale, updated_at: new Date() }).where('id', '=', userId).execute();
}

export function setOwnPassword(q: Q, userId: number, hash: string) {
  return q
    .updateTable('users')
    .set({ password_hash: hash, password_changed_at: new Date(), updated_at: new Date() })
    .where('id', '=', userId)
    .execute();
}

/** The first active top-level org (where an administrator without grants starts), if any. */
export async function firstTopLevelOrgId(q: Q): Promise<number | null> {
  const row = await q
    .selectFrom('orgs')
    .select('id')
    .where('parent_id', 'is', null)
    .where('status', '=', 'active')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}
