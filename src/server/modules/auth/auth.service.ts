import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { TConfig } from '../../config.ts';
import type { Actor } from '../../platform/actor.ts';
import { auditActor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { hashPassword, isStrongPassword, verifyPassword } from '../../platform/password.ts';
import { withTx } from '../../platform/tx.ts';
import type { Locale } from '../../../shared/enums.ts';
import type { MeView } from '../../../shared/api.ts';
import * as repo from './auth.repository.ts';

// A real hash to verify against when the user does not exist, so timing does not tell.
let dummyHash: Promise<string> | null = null;
const getDummyHash = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface LoginResult {
  token: string;
  actor: Actor;
}

/** Sessions: login with lock-out, cookie token → actor, logout, password change. */
export class AuthService {
  constructor(
    private db: Kysely<DB>,
    private config: TConfig,
  ) {}

  async login(username: string, password: string, meta: { ip: string | null; userAgent: string | null }): Promise<LoginResult> {
    const user = await repo.findUserByUsername(this.db, username);
    if (!user) {
      await verifyPassword(await getDummyHash(), password);
      await withTx(this.db, { id: null, name: username.slice(0, 100) }, (ctx) =>
        ctx.audit({ action: 'auth.login_failed', entityType: 'user', meta: { reason: 'unknown_user', ip: meta.ip } }),
      );
      throw new AppError('BAD_CREDENTIALS');
    }
    const now = new Date();
    if (user.locked_until && user.locked_until > now) {
      const minutes = Math.ceil((user.locked_until.getTime() - now.getTime()) / 60000);
      throw new AppError('ACCOUNT_LOCKED', { minutes });
    }
    const ok = await verifyPassword(user.password_hash, password);
    if (!ok) {
      const failures = user.failed_logins + 1;
      const lock = failures >= this.config.LOGIN_MAX_FAILURES;
      const lockedUntil = lock ? new Date(now.getTime() + this.config.LOGIN_LOCK_MINUTES * 60000) : null;
      await withTx(this.db, { id: user.id, name: user.username }, async (ctx) => {
        await repo.recordLoginFailure(ctx.trx, user.id, lock ? 0 : failures, lockedUntil);
        await ctx.audit({
          action: lock ? 'auth.locked' : 'auth.login_failed',
          entityType: 'user',
          entityId: user.id,
          meta: { failures, ip: meta.ip },
        });
      });
      if (lock) throw new AppError('ACCOUNT_LOCKED', { minutes: Math.ceil(this.config.LOGIN_LOCK_MINUTES) });
      throw new AppError('BAD_CREDENTIALS');
    }
    if (user.status !== 'active') throw new AppError('ACCOUNT_DISABLED');
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    const sessionId = sha256(token);
    await withTx(this.db, { id: user.id, name: user.username }, async (ctx) => {
      await repo.resetLoginFailures(ctx.trx, user.id);
      await repo.insertSession(ctx.trx, {
        id: sessionId,
        user_id: user.id,
        csrf_token: csrf,
        expires_at: this.expiry(),
        ip: meta.ip,
        user_agent: meta.userAgent?.slice(0, 300) ?? null,
      });
      await ctx.audit({ action: 'auth.login', entityType: 'user', entityId: user.id, meta: { ip: meta.ip } });
    });
    const actor = await this.actorFromToken(token);
    if (!actor) throw new AppError('INTERNAL', { ref: 'session' });
    return { token, actor };
  }

  private expiry(): Date {
    return new Date(Date.now() + this.config.SESSION_HOURS * 3600_000);
  }

  /** Resolves a session cookie to its actor, sliding the expiry at most once a minute. */
  async actorFromToken(token: string | undefined): Promise<Actor | null> {
    if (!token || token.length > 200) return null;
    const id = sha256(token);
    const s = await repo.findSession(this.db, id);
    if (!s || s.expires_at <= new Date() || s.status !== 'active') return null;
    if (Date.now() - s.last_seen_at.getTime() > 60_000) await repo.touchSession(this.db, id, this.expiry());
    const grants = await repo.actorGrantsOfUser(this.db, s.id);
    return {
      id: s.id,
      username: s.username,
      displayName: s.display_name,
      isAdmin: s.is_admin,
      locale: s.locale as Locale,
      memberId: s.member_id,
      grants,
      sessionId: s.session_id,
      csrfToken: s.csrf_token,
    };
  }

  async logout(actor: Actor): Promise<void> {
    await withTx(this.db, auditActor(actor), async (ctx) => {
      await repo.deleteSession(ctx.trx, actor.sessionId);
      await ctx.audit({ action: 'auth.logout', entityType: 'user', entityId: actor.id });
    });
  }

  async setLocale(actor: Actor, locale: Locale): Promise<void> {
    await withTx(this.db, auditActor(actor), async (ctx) => {
      await ctx.trx.updateTable('users').set({ locale, updated_at: new Date() }).where('id', '=', actor.id).execute();
      await ctx.audit({ action: 'user.locale', entityType: 'user', entityId: actor.id, before: { locale: actor.locale }, after: { locale } });
    });
  }

  /** Changes one's own password; every other session of the user ends. */
  async changePassword(actor: Actor, current: string, next: string): Promise<void> {
    const user = await repo.findUserById(this.db, actor.id);
    if (!user || !(await verifyPassword(user.password_hash, current))) throw new AppError('PASSWORD_WRONG');
    if (!isStrongPassword(next)) throw new AppError('PASSWORD_WEAK');
    const hash = await hashPassword(next);
    await withTx(this.db, auditActor(actor), async (ctx) => {
      await ctx.trx.updateTable('users').set({ password_hash: hash, password_changed_at: new Date(), updated_at: new Date() }).where('id', '=', actor.id).execute();
      await repo.deleteSessionsOfUser(ctx.trx, actor.id, actor.sessionId);
      await ctx.audit({ action: 'user.password_changed', entityType: 'user', entityId: actor.id });
    });
  }
}

/** The /api/me answer. */
export function presentMe(actor: Actor): MeView {
  return {
    user: {
      id: actor.id,
      username: actor.username,
      displayName: actor.displayName,
      locale: actor.locale,
      isAdmin: actor.isAdmin,
      memberId: actor.memberId,
    },
    grants: actor.grants.map((g) => ({ id: g.id, role: g.role, orgId: g.orgId, orgName: g.orgName, orgPath: g.path, ...(g.teamId ? { teamId: g.teamId } : {}) })),
    csrfToken: actor.csrfToken,
  };
}
