import { sql } from 'kysely';
import type { Q } from '../../db/database.ts';
import type { Actor, ActorGrant } from '../../platform/actor.ts';
import { inActorScope } from '../../platform/scope.ts';
import type { Locale, Role } from '../../../shared/enums.ts';
import { actorGrantsOfUser } from '../auth/auth.repository.ts';

/** The account row; `lock` (inside a transaction) holds it until commit, so its scope cannot change meanwhile. */
export function findUser(q: Q, id: number, lock = false) {
  let s = q.selectFrom('users').selectAll().where('id', '=', id);
  if (lock) s = s.forUpdate();
  return s.executeTakeFirst();
}

/**
 * Everything an account may act over once signed in: its own grants (no `teamId`) and the
 * supervisor scope its active supervision teams lend it (`teamId` set). User administration
 * weighs all of it: whoever manages the account could sign in as it.
 */
export function accountScope(q: Q, userId: number): Promise<ActorGrant[]> {
  return actorGrantsOfUser(q, userId);
}

/**
 * Ids of the accounts holding a grant under one of the scope's grants (every account for an
 * administrator without ?org), and below `org` when given; at most 500, by id.
 */
export async function listUserIds(
  q: Q,
  scope: Actor,
  org: number | undefined,
  text: string | undefined,
): Promise<number[]> {
  let s = q.selectFrom('users as u').select('u.id').orderBy('u.id').limit(500);
  if (!scope.isAdmin || org) {
    s = s.where((eb) =>
      eb.exists(
        eb
          .selectFrom('grants as g')
          .select('g.id')
          .whereRef('g.user_id', '=', 'u.id')
          .where(inActorScope(scope, 'g.org_id'))
          .$if(!!org, (qb) =>
            qb.where(sql<boolean>`g.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = ${org!})`),
          ),
      ),
    );
  }
  if (text)
    s = s.where((eb) => eb.or([eb('u.username', 'ilike', `%${text}%`), eb('u.display_name', 'ilike', `%${text}%`)]));
  return (await s.execute()).map((r) => r.id);
}

export async function usernameTaken(q: Q, username: string): Promise<boolean> {
  return !!(await q
    .selectFrom('users')
    .select('id')
    .where(sql<boolean>`lower(username) = ${username.toLowerCase()}`)
    .executeTakeFirst());
}

export async function insertUser(
  q: Q,
  row: { username: string; display_name: string; password_hash: string; member_id: number | null; locale: Locale },
): Promise<number> {
  return (await q.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** A grant row; undefined when the same (user, role, org) exists already. */
export async function insertGrant(
  q: Q,
  row: { user_id: number; role: Role; org_id: number; created_by: number },
): Promise<number | undefined> {
  return (
    await q
      .insertInto('grants')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst()
  )?.id;
}

export function findGrant(q: Q, id: number) {
  return q.selectFrom('grants').selectAll().where('id', '=', id).executeTakeFirst();
}

export function deleteGrant(q: Q, id: number) {
  return q.deleteFrom('grants').where('id', '=', id).execute();
}

/** A member with its org's path, for linking an account to it. */
export function findMemberPath(q: Q, memberId: number) {
  return q
    .selectFrom('members as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .select(['m.id', 'o.path'])
    .where('m.id', '=', memberId)
    .executeTakeFirst();
}

export function updateUser(
  q: Q,
  id: number,
  set: { display_name?: string; status?: string; member_id?: number | null },
) {
  return q
    .updateTable('users')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** A new password hash; clears the lock-out. */
export function setPasswordHash(q: Q, id: number, hash: string) {
  return q
    .updateTable('users')
    .set({ password_hash: hash, failed_logins: 0, locked_until: null, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export function clearLockout(q: Q, id: number) {
  return q.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
}

export function deleteSessions(q: Q, userId: number) {
  return q.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
