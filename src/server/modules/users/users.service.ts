import type { Kysely } from 'kysely';
import type { Q } from '../../db/database.ts';
import { clearCounter } from '../../platform/throttle.repository.ts';
import { accountThrottleKey } from '../auth/auth.service.ts';
import type { DB } from '../../db/types.ts';
import { auditActor, type Actor } from '../../platform/actor.ts';
import { AppError, ScopeDenied } from '../../platform/errors.ts';
import { authorize, canSee } from '../../platform/policy.ts';
import { withTx } from '../../platform/tx.ts';
import { hashPassword, isStrongPassword } from '../../platform/password.ts';
import type { UserView } from '../../../shared/api.ts';
import type { Locale, Role } from '../../../shared/enums.ts';
import * as orgRepo from '../orgs/orgs.repository.ts';
import { mayManageAccount, userPolicy } from './users.policy.ts';
import * as repo from './users.repository.ts';
import type { TCreateUser } from '../../../shared/schemas/users.ts';

export class UserService {
  constructor(private db: Kysely<DB>) {}

  /**
   * An account as the actor sees it: its own grants at orgs the actor can see (a grant elsewhere
   * is not named) and whether the actor may manage it, by the rule every write applies.
   */
  private async present(q: Q, actor: Actor, id: number): Promise<UserView> {
    const u = await repo.findUser(q, id);
    if (!u) throw new AppError('NOT_FOUND');
    const scope = await repo.accountScope(q, id);
    const grants = scope.filter(
      (g) => g.teamId === undefined && canSee(actor, { entityType: 'org', entityId: g.orgId, paths: [g.path] }),
    );
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
      abilities: { manage: mayManageAccount(actor, { id, isAdmin: u.is_admin, scopePaths: scope.map((g) => g.path) }) },
    };
  }

  /** Users with a grant inside the actor's scope (and below ?org when given). */
  async list(actor: Actor, org: number | undefined, text: string | undefined): Promise<UserView[]> {
    if (!actor.isAdmin && !actor.grants.some((g) => g.role === 'office')) throw new AppError('FORBIDDEN');
    if (org) await this.requireOrg(actor, this.db, org);
    const officeScoped = { ...actor, grants: actor.grants.filter((g) => g.role === 'office') };
    const ids = await repo.listUserIds(this.db, officeScoped, org, text);
    return Promise.all(ids.map((uid) => this.present(this.db, actor, uid)));
  }

  private async requireOrg(actor: Actor, q: Q, orgId: number) {
    const org = await orgRepo.findOrg(q, orgId);
    if (!org) throw new AppError('NOT_FOUND');
    authorize(actor, userPolicy, 'manage', { entityType: 'org', entityId: org.id, paths: [org.path] });
    return org;
  }

  /**
   * The account, locked for the transaction, if the actor may manage it: the actor's office scope
   * covers all the scope the account carries — its own grants and the units its supervision teams
   * lend it (`mayManageAccount`). Otherwise the audited 404, as for an id that does not exist.
   */
  private async requireUser(actor: Actor, q: Q, id: number, action = 'manage', allowEmpty = false) {
    // The row lock makes a team change that widens the account's scope (teams.service locks the
    // members' rows) wait for this transaction, or this one read the widened scope.
    const u = await repo.findUser(q, id, true);
    if (!u) throw new AppError('NOT_FOUND');
    const scope = await repo.accountScope(q, id);
    if (!mayManageAccount(actor, { id, isAdmin: u.is_admin, scopePaths: scope.map((g) => g.path) }, allowEmpty))
      throw new ScopeDenied(action, 'user', id);
    return u;
  }

  async create(actor: Actor, input: TCreateUser): Promise<UserView> {
    if (!isStrongPassword(input.password, input.username)) throw new AppError('PASSWORD_WEAK');
    if (!actor.isAdmin && input.grants.length === 0)
      throw new AppError('VALIDATION', {}, [
        {
          path: 'grants',
          message: 'field.grantRequired',
        },
      ]);
    const hash = await hashPassword(input.password);
    const id = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      for (const g of input.grants) await this.requireOrg(actor, trx, g.orgId);
      if (await repo.usernameTaken(trx, input.username))
        throw new AppError('USERNAME_TAKEN', { username: input.username });
      if (input.memberId) await this.requireMember(actor, trx, input.memberId);
      const userId = await repo.insertUser(trx, {
        username: input.username,
        display_name: input.displayName,
        password_hash: hash,
        member_id: input.memberId ?? null,
        locale: input.locale,
      });
      for (const g of input.grants)
        await repo.insertGrant(trx, { user_id: userId, role: g.role, org_id: g.orgId, created_by: actor.id });
      await audit({
        action: 'user.create',
        entityType: 'user',
        entityId: userId,
        after: {
          username: input.username,
          displayName: input.displayName,
          memberId: input.memberId ?? null,
          grants: input.grants,
        },
      });
      return userId;
    });
    return this.present(this.db, actor, id);
  }

  private async requireMember(actor: Actor, q: Q, memberId: number) {
    const m = await repo.findMemberPath(q, memberId);
    if (!m) throw new AppError('NOT_FOUND');
    authorize(actor, userPolicy, 'manage', { entityType: 'member', entityId: memberId, paths: [m.path] });
  }

  async update(
    actor: Actor,
    id: number,
    input: { displayName?: string; status?: 'active' | 'disabled'; memberId?: number | null },
  ): Promise<UserView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const u = await this.requireUser(actor, trx, id);
      const set: { display_name?: string; status?: string; member_id?: number | null } = {};
      if (input.displayName !== undefined) set.display_name = input.displayName;
      if (input.status !== undefined) set.status = input.status;
      if (input.memberId !== undefined) {
        if (input.memberId) await this.requireMember(actor, trx, input.memberId);
        set.member_id = input.memberId;
      }
      if (Object.keys(set).length === 0) return;
      await repo.updateUser(trx, id, set);
      if (input.status === 'disabled') await repo.deleteSessions(trx, id);
      await audit({
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        before: { displayName: u.display_name, status: u.status, memberId: u.member_id },
        after: {
          displayName: set.display_name ?? u.display_name,
          status: set.status ?? u.status,
          memberId: set.member_id === undefined ? u.member_id : set.member_id,
        },
      });
    });
    return this.present(this.db, actor, id);
  }

  async resetPassword(actor: Actor, id: number, password: string): Promise<UserView> {
    if (!isStrongPassword(password)) throw new AppError('PASSWORD_WEAK');
    const hash = await hashPassword(password);
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const u = await this.requireUser(actor, trx, id);
      // Checked again with the username now that the account is known (and in scope).
      if (!isStrongPassword(password, u.username)) throw new AppError('PASSWORD_WEAK');
      await repo.setPasswordHash(trx, id, hash);
      await clearCounter(trx, accountThrottleKey(u.username));
      await repo.deleteSessions(trx, id);
      await audit({ action: 'user.password_reset', entityType: 'user', entityId: id });
    });
    return this.present(this.db, actor, id);
  }

  async unlock(actor: Actor, id: number): Promise<UserView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const u = await this.requireUser(actor, trx, id);
      await repo.clearLockout(trx, id);
      // The hold itself lives in the sign-in throttle, keyed by username.
      await clearCounter(trx, accountThrottleKey(u.username));
      await audit({ action: 'user.unlock', entityType: 'user', entityId: id });
    });
    return this.present(this.db, actor, id);
  }

  async addGrant(actor: Actor, id: number, role: Role, orgId: number): Promise<UserView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      // A role is given only to an account all of whose scope (grants and team scope) is ours, or
      // to one with no scope at all yet.
      await this.requireUser(actor, trx, id, 'grant', true);
      await this.requireOrg(actor, trx, orgId);
      const grantId = await repo.insertGrant(trx, { user_id: id, role, org_id: orgId, created_by: actor.id });
      if (grantId)
        await audit({
          action: 'grant.create',
          entityType: 'user',
          entityId: id,
          orgId,
          after: { grantId, role, orgId },
        });
    });
    return this.present(this.db, actor, id);
  }

  async removeGrant(actor: Actor, grantId: number): Promise<UserView> {
    const userId = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const g = await repo.findGrant(trx, grantId);
      if (!g) throw new AppError('NOT_FOUND');
      // Revoking is managing the account: all of its scope must be the actor's, not just this grant.
      await this.requireUser(actor, trx, g.user_id, 'revoke');
      await this.requireOrg(actor, trx, g.org_id);
      await repo.deleteGrant(trx, grantId);
      await audit({
        action: 'grant.delete',
        entityType: 'user',
        entityId: g.user_id,
        orgId: g.org_id,
        before: { grantId, role: g.role, orgId: g.org_id },
      });
      return g.user_id;
    });
    return this.present(this.db, actor, userId);
  }
}
