import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildRoot, buildUser, createHarness, login, PASSWORD, type Harness } from './support/harness.ts';
import { accountThrottleKey } from '../src/server/modules/auth/auth.service.ts';
import { Throttle } from '../src/server/platform/throttle.ts';

/**
 * Sign-in under attack: parallel guesses are all counted, an anonymous flood cannot keep a user out
 * of the browser they signed in from before, unknown and known usernames are answered alike, one
 * source is held back across usernames, and holds back off.
 */
describe('login throttle', () => {
  let h: Harness;
  let rootId: number;

  beforeAll(async () => {
    h = await createHarness({ LOGIN_MAX_FAILURES: '5', LOGIN_LOCK_MINUTES: '15', LOGIN_SOURCE_MAX_FAILURES: '30' });
    rootId = (await buildRoot(h)).id;
    await buildUser(h, 'admin', [], { admin: true });
    for (const u of ['carol', 'dave', 'erin', 'frank']) await buildUser(h, u, [{ role: 'office', orgId: rootId }]);
  });
  afterAll(() => h.close());

  const attempt = (username: string, password: string, opts: { ip?: string; device?: string } = {}) =>
    h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: opts.ip ?? '10.0.0.1',
      headers: opts.device ? { cookie: `ml_device=${opts.device}` } : {},
    });
  const failedLogins = async (username: string) =>
    (
      await h.db.db
        .selectFrom('users')
        .select('failed_logins')
        .where('username', '=', username)
        .executeTakeFirstOrThrow()
    ).failed_logins;
  const counter = async (key: string) =>
    (await h.db.db.selectFrom('throttle_counters').selectAll().where('key', '=', key).executeTakeFirst())?.hits ?? 0;

  it('counts 50 parallel wrong passwords exactly, checks at most the allowed five, and then refuses the right one from a new place', async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => attempt('carol', `wrong-guess-${i}`, { ip: `10.1.${i}.7` })),
    );
    const codes = answers.map((r) => r.statusCode);
    expect(codes.every((c) => c === 401 || c === 423)).toBe(true);
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(5);
    expect(await failedLogins('carol')).toBe(50);
    expect(await counter(accountThrottleKey('carol'))).toBe(50);
    const carolId = (
      await h.db.db.selectFrom('users').select('id').where('username', '=', 'carol').executeTakeFirstOrThrow()
    ).id;
    const events = await h.db.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_type', '=', 'user')
      .where('entity_id', '=', String(carolId))
      .execute();
    expect(events.filter((e) => ['auth.login_failed', 'auth.locked', 'auth.throttled'].includes(e.action)).length).toBe(
      50,
    );
    const right = await attempt('carol', PASSWORD, { ip: '10.9.9.9' });
    expect(right.statusCode).toBe(423);
    expect(right.json().error.code).toBe('ACCOUNT_LOCKED');
  });

  it('an anonymous flood cannot lock a user out of the browser they signed in from before; an administrator can unlock', async () => {
    const first = await attempt('dave', PASSWORD, { ip: '10.2.0.1' });
    expect(first.statusCode).toBe(200);
    const device = first.cookies.find((c) => c.name === 'ml_device');
    expect(device?.httpOnly).toBe(true);
    expect(device?.path).toBe('/api/auth/login');
    // The flood: many addresses, wrong passwords, no device cookie.
    await Promise.all(Array.from({ length: 40 }, (_, i) => attempt('dave', `flood-${i}-x1`, { ip: `172.16.${i}.1` })));
    expect((await attempt('dave', PASSWORD, { ip: '10.2.0.1' })).statusCode).toBe(423);
    // From the known browser, the right password works, and its own count is untouched by the flood.
    const home = await attempt('dave', PASSWORD, { ip: '10.2.0.99', device: device!.value });
    expect(home.statusCode).toBe(200);
    // A forged or stolen-and-guessing device cookie is counted on its own: five wrong, then held back.
    for (let i = 0; i < 5; i++)
      expect((await attempt('dave', `guess-${i}-y2`, { device: device!.value })).statusCode).toBe(i < 4 ? 401 : 423);
    expect((await attempt('dave', PASSWORD, { device: device!.value })).statusCode).toBe(423);
    // The administrator's unlock clears the account's hold for every place.
    const admin = await login(h, 'admin');
    const daveId = (
      await h.db.db.selectFrom('users').select('id').where('username', '=', 'dave').executeTakeFirstOrThrow()
    ).id;
    expect((await admin.post(`/api/users/${daveId}/unlock`)).statusCode).toBe(200);
    expect((await attempt('dave', PASSWORD, { ip: '10.2.0.3' })).statusCode).toBe(200);
  });

  it('answers an unknown username exactly like a known one, through the hold', async () => {
    const seq = async (username: string, ip: string) => {
      const out: string[] = [];
      for (let i = 0; i < 7; i++) {
        const r = await attempt(username, 'not-the-pass-1', { ip });
        out.push(`${r.statusCode} ${r.json().error.code} ${r.json().error.message}`);
      }
      return out;
    };
    const known = await seq('erin', '10.3.0.1');
    const unknown = await seq('nobody-here', '10.3.0.2');
    expect(unknown).toEqual(known);
    expect(known[0]).toMatch(/^401 BAD_CREDENTIALS/);
    expect(known[6]).toMatch(/^423 ACCOUNT_LOCKED/);
  });

  it('holds back one source guessing across usernames (429), without holding back those accounts elsewhere', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 31; i++)
      codes.push((await attempt(`spray-${i}`, 'password-spray-1', { ip: '10.4.0.1' })).statusCode);
    expect(codes.slice(0, 30).every((c) => c === 401)).toBe(true);
    expect(codes[30]).toBe(429);
    const r = await attempt('frank', PASSWORD, { ip: '10.4.0.1' });
    expect(r.statusCode).toBe(429);
    expect(r.json().error.message).toBe('请求过于频繁，请稍后再试。');
    expect((await attempt('frank', PASSWORD, { ip: '10.4.0.2' })).statusCode).toBe(200);
  });

  it('backs off: a window that follows an exceeded one lasts twice as long; a quiet one starts afresh', async () => {
    const t = new Throttle(h.db.db);
    const policy = { max: 2, seconds: 60, backoff: true };
    for (let i = 0; i < 4; i++) await t.hit('test:backoff', policy);
    const held = await t.hit('test:backoff', policy);
    expect(held.allowed).toBe(false);
    expect(held.retryAfter).toBeGreaterThan(55);
    expect(held.retryAfter).toBeLessThanOrEqual(60);
    // The window runs out (moved back by hand): the next window is twice as long.
    await sql`UPDATE throttle_counters SET window_start = now() - interval '61 seconds' WHERE key = 'test:backoff'`.execute(
      h.db.db,
    );
    const next = await t.hit('test:backoff', policy);
    expect(next).toMatchObject({ allowed: true, hits: 1 });
    for (let i = 0; i < 2; i++) await t.hit('test:backoff', policy);
    const again = await t.hit('test:backoff', policy);
    expect(again.allowed).toBe(false);
    expect(again.retryAfter).toBeGreaterThan(115);
    // A window that stayed within the limit resets the back-off.
    await sql`UPDATE throttle_counters SET window_start = now() - interval '10 minutes', hits = 1 WHERE key = 'test:backoff'`.execute(
      h.db.db,
    );
    await t.hit('test:backoff', policy);
    const row = await h.db.db
      .selectFrom('throttle_counters')
      .selectAll()
      .where('key', '=', 'test:backoff')
      .executeTakeFirstOrThrow();
    expect(row.strikes).toBe(0);
  });

  it('refuses weak new passwords through the API with the translated rule, and takes a good one', async () => {
    const admin = await login(h, 'admin');
    const frankId = (
      await h.db.db.selectFrom('users').select('id').where('username', '=', 'frank').executeTakeFirstOrThrow()
    ).id;
    for (const weak of ['password12', 'aaaaaaaaa1', '         a1', 'frank-2026-x']) {
      const r = await admin.post(`/api/users/${frankId}/password`, { password: weak });
      expect(r.statusCode, weak).toBe(400);
      expect(r.json().error.code).toBe('PASSWORD_WEAK');
      expect(r.json().error.message).toContain('不能是常见密码');
    }
    expect((await admin.post(`/api/users/${frankId}/password`, { password: 'Spring-River-2026' })).statusCode).toBe(
      200,
    );
    expect((await attempt('frank', 'Spring-River-2026', { ip: '10.5.0.1' })).statusCode).toBe(200);
  });
});
