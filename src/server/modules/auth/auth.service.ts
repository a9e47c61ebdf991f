import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { TConfig } from '../../config.ts';
import type { Actor } from '../../platform/actor.ts';
import { auditActor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { hashPassword, isStrongPassword, verifyPassword } from '../../platform/password.ts';
import { withTx } from '../../platform/tx.ts';
import { storableText } from '../../platform/canonical.ts';
import type { Throttle, ThrottlePolicy } from '../../platform/throttle.ts';
import type { Locale } from '../../../shared/enums.ts';
import type { MeView } from '../../../shared/api.ts';
import * as repo from './auth.repository.ts';
import { needsTopLevel } from './auth.policy.ts';
import { presentMe } from './auth.presenter.ts';

// A real hash to verify against when the user does not exist, so timing does not tell.
let dummyHash: Promise<string> | null = null;
const getDummyHash = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Browsers remembered per user; the oldest is forgotten past this. */
const MAX_KNOWN_DEVICES = 20;

/** The counter a username's sign-in attempts from unknown places go under (known or not). */
export const accountThrottleKey = (username: string) => `login:account:${storableText(username).toLowerCase()}`;

export interface LoginResult {
  token: string;
  actor: Actor;
  /** The known-device token to keep in the browser (new, or the one it sent). */
  device: string;
}

export interface LoginMeta {
  ip: string | null;
  userAgent: string | null;
  /** The known-device cookie the browser sent, if any. */
  device?: string | null;
}

/**
 * Sessions: login throttled by source and by account with back-off, cookie token → actor, logout,
 * password change.
 *
 * Every attempt is counted before the password is checked, in one atomic step (`Throttle.hit`),
 * so parallel guesses cannot slip past the count. Unknown usernames are counted and answered
 * exactly like known ones. A browser the user signed in from before carries a known-device
 * cookie; its attempts are counted under the device, not the account, so an anonymous flood
 * against a username cannot keep its owner out of their own browser (OWASP's device cookies).
 */
export class AuthService {
  constructor(
    private db: Kysely<DB>,
    private config: TConfig,
    private throttle: Throttle,
  ) {}

  private get accountPolicy(): ThrottlePolicy {
    return { max: this.config.LOGIN_MAX_FAILURES, seconds: this.config.LOGIN_LOCK_MINUTES * 60, backoff: true };
  }

  private get sourcePolicy(): ThrottlePolicy {
    return { max: this.config.LOGIN_SOURCE_MAX_FAILURES, seconds: this.config.LOGIN_LOCK_MINUTES * 60, backoff: true };
  }

  async login(username: string, password: string, meta: LoginMeta): Promise<LoginResult> {
    const name = storableText(username);
    const user = await repo.findUserByUsername(this.db, name);
    const device =
      meta.device && meta.device.length <= 100 ? await repo.findKnownDevice(this.db, sha256(meta.device)) : undefined;
    const knownHere = !!user && !!device && device.user_id === user.id;
    // Failures from a known device count against that device only; the source count does not
    // apply to it (a flood from the office's own network must not keep its staff out).
    const accountKey = knownHere ? `login:device:${sha256(meta.device as string)}` : accountThrottleKey(name);
    const sourceKey = knownHere ? null : `login:source:${await this.throttle.addressKey(meta.ip)}`;
    const auditName = { id: user?.id ?? null, name: (user?.username ?? name).slice(0, 100) };

    if (sourceKey) {
      const src = await this.throttle.hit(sourceKey, this.sourcePolicy);
      if (!src.allowed) {
        await this.recordFailure(user?.id ?? null, auditName, {
          reason: 'source_throttled',
          ip: meta.ip,
          hits: src.hits,
        });
        throw new AppError('RATE_LIMITED', { seconds: src.retryAfter });
      }
    }
    const acct = await this.throttle.hit(accountKey, this.accountPolicy);
    if (!acct.allowed) {
      await this.recordFailure(user?.id ?? null, auditName, {
        reason: 'throttled',
        ip: meta.ip,
        failures: acct.hits,
        knownDevice: knownHere,
      });
      throw new AppError('ACCOUNT_LOCKED', { minutes: Math.max(1, Math.ceil(acct.retryAfter / 60)) });
    }
    const ok = user
      ? await verifyPassword(user.password_hash, password)
      : (await verifyPassword(await getDummyHash(), password), false);
    if (!user || !ok) {
      await this.recordFailure(user?.id ?? null, auditName, {
        reason: user ? 'bad_password' : 'unknown_user',
        ip: meta.ip,
        failures: acct.hits,
        knownDevice: knownHere,
      });
      if (acct.hits >= this.accountPolicy.max)
        throw new AppError('ACCOUNT_LOCKED', { minutes: Math.ceil(this.config.LOGIN_LOCK_MINUTES) });
      throw new AppError('BAD_CREDENTIALS');
    }
    // The password was right: this attempt was no guess.
    await this.throttle.clear(accountKey);
    if (sourceKey) await this.throttle.refund(sourceKey);
    if (user.status !== 'active') throw new AppError('ACCOUNT_DISABLED');
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    const sessionId = sha256(token);
    const deviceToken = knownHere ? (meta.device as string) : randomBytes(32).toString('base64url');
    await withTx(this.db, { id: user.id, name: user.username }, async (ctx) => {
      await repo.resetLoginFailures(ctx.trx, user.id);
      await repo.insertSession(ctx.trx, {
        id: sessionId,
        user_id: user.id,
        csrf_token: csrf,
        expires_at: this.expiry(),
        ip: meta.ip,
        user_agent: meta.userAgent == null ? null : storableText(meta.userAgent.slice(0, 300)),
      });
      await repo.rememberDevice(ctx.trx, user.id, sha256(deviceToken), MAX_KNOWN_DEVICES);
      await ctx.audit({
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        meta: { ip: meta.ip, knownDevice: knownHere },
      });
    });
    const actor = await this.actorFromToken(token);
    if (!actor) throw new AppError('INTERNAL', { ref: 'session' });
    return { token, actor, device: deviceToken };
  }

  /** One failed attempt: the account's counter (atomic, for the administrator's view) and an audit event. */
  private async recordFailure(
    userId: number | null,
    who: { id: number | null; name: string },
    meta: Record<string, unknown>,
  ): Promise<void> {
    const lockedUntil =
      meta.reason === 'throttled' || (typeof meta.failures === 'number' && meta.failures >= this.accountPolicy.max)
        ? new Date(Date.now() + this.config.LOGIN_LOCK_MINUTES * 60_000)
        : null;
    await withTx(this.db, who, async (ctx) => {
      if (userId !== null && !meta.knownDevice) await repo.countLoginFailure(ctx.trx, userId, lockedUntil);
      // auth.locked: the failure that holds the account back; auth.throttled: an attempt refused unchecked.
      const action =
        meta.reason === 'throttled' || meta.reason === 'source_throttled'
          ? 'auth.throttled'
          : meta.failures === this.accountPolicy.max
            ? 'auth.locked'
            : 'auth.login_failed';
      await ctx.audit({ action, entityType: 'user', entityId: userId, meta });
    });
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

  /** The /api/me answer: the user, grants, CSRF token, and what the shell may offer where. */
  async me(actor: Actor): Promise<MeView> {
    const topLevel = needsTopLevel(actor) ? await repo.firstTopLevelOrgId(this.db) : null;
    return presentMe(actor, topLevel);
  }

  async logout(actor: Actor): Promise<void> {
    await withTx(this.db, auditActor(actor), async (ctx) => {
      await repo.deleteSession(ctx.trx, actor.sessionId);
      await ctx.audit({ action: 'auth.logout', entityType: 'user', entityId: actor.id });
    });
  }

  async setLocale(actor: Actor, locale: Locale): Promise<void> {
    await withTx(this.db, auditActor(actor), async (ctx) => {
      await repo.setLocale(ctx.trx, actor.id, locale);
      await ctx.audit({
        action: 'user.locale',
        entityType: 'user',
        entityId: actor.id,
        before: { locale: actor.locale },
        after: { locale },
      });
    });
  }

  /** Changes one's own password; every other session of the user ends. */
  async changePassword(actor: Actor, current: string, next: string): Promise<void> {
    const user = await repo.findUserById(this.db, actor.id);
    if (!user || !(await verifyPassword(user.password_hash, current))) throw new AppError('PASSWORD_WRONG');
    if (!isStrongPassword(next, actor.username)) throw new AppError('PASSWORD_WEAK');
    const hash = await hashPassword(next);
    await withTx(this.db, auditActor(actor), async (ctx) => {
      await repo.setOwnPassword(ctx.trx, actor.id, hash);
      await repo.deleteSessionsOfUser(ctx.trx, actor.id, actor.sessionId);
      await ctx.audit({ action: 'user.password_changed', entityType: 'user', entityId: actor.id });
    });
  }
}
