import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import { auditActor, type Actor } from '../../platform/actor.ts';
import { AppError, ScopeDenied } from '../../platform/errors.ts';
import { authorize, can } from '../../platform/policy.ts';
import { withTx } from '../../platform/tx.ts';
import { hashPassword, isStrongPassword } from '../../platform/password.ts';
import { inActorScope } from '../../platform/scope.ts';
import type { UserView } from '../../../shared/api.ts';
import type { Locale, Role } from '../../../shared/enums.ts';
import * as orgRepo from '../orgs/orgs.repository.ts';
import { grantsOfUser } from '../auth/auth.repository.ts';
import { userPolicy } from './users.policy.ts';
import type { TCreateUser } from './users.schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

export class UserService {
  constructor(private db: Kysely<DB>) {}

  private async present(q: Q, id: number): Promise<UserView> {
    const u = await q.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const grants = await grantsOfUser(q, id);
    return {
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      memberId: u.member_id,
      locale: u.locale as Locale,
      isAdmin: u.is_admin,
      status: u.status as 'active' | 'disabled',
      locked: !!u.locked_until && u.locked_until > new Date(),
      grants: grants.map((g) => ({ id: g.id, role: g.role, orgId: g.orgId, orgName: g.orgName, orgPath: g.path })),
      createdAt: u.created_at.toISOString(),
    };
  }

  /** Users with a grant inside the actor's scope (and below ?org when given). */
  async list(actor: Actor, org: number | undefined, text: string | undefined): Promise<UserView[]> {
    if (!actor.isAdmin && !actor.grants.some((g) => g.role === 'office')) throw new AppError('FORBIDDEN');
    if (org) await this.requireOrg(actor, this.db, org);
    let q = this.db.selectFrom('users as u').select('u.id').orderBy('u.id').limit(500);
    const officeScoped = { ...actor, grants: actor.grants.filter((g) => g.role === 'office') };
    if (!actor.isAdmin || org) {
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('grants as g')
            .select('g.id')
            .whereRef('g.user_id', '=', 'u.id')
            .where(inActorScope(officeScoped, 'g.org_id'))
            .$if(!!org, (qb) => qb.where(sql<boolean>`g.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = ${org!})`)),
        ),
      );
    }
    if (text) q = q.where((eb) => eb.or([eb('u.username', 'ilike', `%${text}%`), eb('u.display_name', 'ilike', `%${text}%`)]));
    const ids = await q.execute();
    return Promise.all(ids.map((r) => this.present(this.db, r.id)));
  }

  private async requireOrg(actor: Actor, q: Q, orgId: number) {
    const org = await orgRepo.findOrg(q, orgId);
    if (!org) throw new AppError('NOT_FOUND');
    authorize(actor, userPolicy, 'manage', { entityType: 'org', entityId: org.id, paths: [org.path] });
    return org;
  }

  /** The user, if every one of their grants lies in the actor's office scope (admins: any user but admins need an admin). */
  private async requireUser(actor: Actor, q: Q, id: number) {
    const u = await q.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!u) throw new AppError('NOT_FOUND');
    if (actor.isAdmin) return u;
    const grants = await grantsOfUser(q, id);
    const paths = grants.map((g) => g.path);
    const subject = { entityType: 'user', entityId: id, paths };
    if (u.is_admin || paths.length === 0 || !can(actor, userPolicy, 'manage', subject)) throw new ScopeDenied('manage', 'user', id);
    return u;
  }

  async create(actor: Actor, input: TCreateUser): Promise<UserView> {
    if (!isStrongPassword(input.password)) throw new AppError('PASSWORD_WEAK');
    if (!actor.isAdmin && input.grants.length === 0) throw new AppError('VALIDATION', {}, [{ path: 'grants', message: actor.locale === 'en' ? 'At least one role grant is required' : '至少需要授予一个角色' }]);
    const hash = await hashPassword(input.password);
    const id = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      for (const g of input.grants) await this.requireOrg(actor, trx, g.orgId);
      const taken = await trx.selectFrom('users').select('id').where(sql<boolean>`lower(username) = ${input.username.toLowerCase()}`).executeTakeFirst();
      if (taken) throw new AppError('USERNAME_TAKEN', { username: input.username });
      if (input.memberId) await this.requireMember(actor, trx, input.memberId);
      const r = await trx
        .insertInto('users')
        .values({ username: input.username, display_name: input.displayName, password_hash: hash, member_id: input.memberId ?? null, locale: input.locale })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const g of input.grants) {
        await trx.insertInto('grants').values({ user_id: r.id, role: g.role, org_id: g.orgId, created_by: actor.id }).onConflict((oc) => oc.doNothing()).execute();
      }
      await audit({ action: 'user.create', entityType: 'user', entityId: r.id, after: { username: input.username, displayName: input.displayName, memberId: input.memberId ?? null, grants: input.grants } });
      return r.id;
    });
    return this.present(this.db, id);
  }

  private async requireMember(actor: Actor, q: Q, memberId: number) {
    const m = await q.selectFrom('members as m').innerJoin('orgs as o', 'o.id', 'm.org_id').select(['m.id', 'o.path']).where('m.id', '=', memberId).executeTakeFirst();
    if (!m) throw new AppError('NOT_FOUND');
    authorize(actor, userPolicy, 'manage', { entityType: 'member', entityId: memberId, paths: [m.path] });
  }

  async update(actor: Actor, id: number, input: { displayName?: string; status?: 'active' | 'disabled'; memberId?: number | null }): Promise<UserView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const u = await this.requireUser(actor, trx, id);
      const set: Record<string, unknown> = {};
      if (input.displayName !== undefined) set.display_name = input.displayName;
      if (input.status !== undefined) set.status = input.status;
      if (input.memberId !== undefined) {
        if (input.memberId) await this.requireMember(actor, trx, input.memberId);
        set.member_id = input.memberId;
      }
      if (Object.keys(set).length === 0) return;
      await trx.updateTable('users').set({ ...set, updated_at: new Date() }).where('id', '=', id).execute();
      if (input.status === 'disabled') await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
      await audit({
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        before: { displayName: u.display_name, status: u.status, memberId: u.member_id },
        after: { displayName: set.display_name ?? u.display_name, status: set.status ?? u.status, memberId: set.member_id === undefined ? u.member_id : set.member_id },
      });
    });
    return this.present(this.db, id);
  }

  async resetPassword(actor: Actor, id: number, password: string): Promise<UserView> {
    if (!isStrongPassword(password)) throw new AppError('PASSWORD_WEAK');
    const hash = await hashPassword(password);
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      await this.requireUser(actor, trx, id);
      await trx.updateTable('users').set({ password_hash: hash, failed_logins: 0, locked_until: null, updated_at: new Date() }).where('id', '=', id).execute();
      await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
      await audit({ action: 'user.password_reset', entityType: 'user', entityId: id });
    });
    return this.present(this.db, id);
  }

  async unlock(actor: Actor, id: number): Promise<UserView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      await this.requireUser(actor, trx, id);
      await trx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
      await audit({ action: 'user.unlock', entityType: 'user', entityId: id });
    });
    return this.present(this.db, id);
  }

  async addGrant(actor: Actor, id: number, role: Role, orgId: number): Promise<UserView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const u = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      if (!u) throw new AppError('NOT_FOUND');
      // A new user of another office's subtree can be given a role here only if all they hold is ours.
      const existing = await grantsOfUser(trx, id);
      if (existing.length > 0) await this.requireUser(actor, trx, id);
      else if (!actor.isAdmin && u.is_admin) throw new ScopeDenied('grant', 'user', id);
      await this.requireOrg(actor, trx, orgId);
      const r = await trx.insertInto('grants').values({ user_id: id, role, org_id: orgId, created_by: actor.id }).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
      if (r) await audit({ action: 'grant.create', entityType: 'user', entityId: id, orgId, after: { grantId: r.id, role, orgId } });
    });
    return this.present(this.db, id);
  }

  async removeGrant(actor: Actor, grantId: number): Promise<UserView> {
    const userId = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const g = await trx.selectFrom('grants').selectAll().where('id', '=', grantId).executeTakeFirst();
      if (!g) throw new AppError('NOT_FOUND');
      await this.requireOrg(actor, trx, g.org_id);
      await trx.deleteFrom('grants').where('id', '=', grantId).execute();
      await audit({ action: 'grant.delete', entityType: 'user', entityId: g.user_id, orgId: g.org_id, before: { grantId, role: g.role, orgId: g.org_id } });
      return g.user_id;
    });
    return this.present(this.db, userId);
  }
}
