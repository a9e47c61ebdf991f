import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildRoot, buildUser, createHarness, login, PASSWORD, type Harness } from './support/harness.ts';

describe('accounts and sessions', () => {
  let h: Harness;
  let rootId: number;
  beforeAll(async () => {
    h = await createHarness({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '15' });
    rootId = (await buildRoot(h)).id;
    await buildUser(h, 'alice', [{ role: 'office', orgId: rootId }]);
    await buildUser(h, 'bob', [{ role: 'member', orgId: rootId }]);
  });
  afterAll(async () => h?.close());

  it('health names the engine without a session', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(['pglite', 'postgresql']).toContain(res.json().engine);
  });

  it('login sets an httpOnly session cookie; bad credentials get 401 in the asked language', async () => {
    const ok = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'Alice', password: PASSWORD },
    });
    expect(ok.statusCode).toBe(200);
    const session = ok.cookies.find((c) => c.name === 'ml_session')!;
    expect(session.httpOnly).toBe(true);
    expect(ok.json().csrfToken).toMatch(/.{20,}/);
    const bad = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'alice', password: 'wrong-password-1' },
      headers: { 'accept-language': 'en-US,en' },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error).toEqual({ code: 'BAD_CREDENTIALS', message: 'Wrong username or password.' });
    const zh = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: 'x' },
    });
    expect(zh.statusCode).toBe(401);
    expect(zh.json().error.message).toBe('用户名或密码错误。');
    const invalid = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '' } });
    expect(invalid.statusCode).toBe(400);
    expect(
      invalid
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['password', 'username']);
  });

  it('requests without a session get 401; mutations without the CSRF header get 403 and change nothing', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    const c = await login(h, 'alice');
    const noToken = await h.app.inject({
      method: 'POST',
      url: '/api/orgs',
      payload: { parentId: rootId, name: '新组织', level: 'county', kind: 'committee' },
      headers: { cookie: c.cookie },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('CSRF');
    const kids = await c.get(`/api/orgs?parent=${rootId}`);
    expect(kids.json()).toEqual([]);
    const withToken = await c.post('/api/orgs', {
      parentId: rootId,
      name: '新组织',
      level: 'county',
      kind: 'committee',
    });
    expect(withToken.statusCode).toBe(201);
  });

  it('locks the account after repeated failures, then refuses even the right password', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await h.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'bob', password: 'nope-nope-1' },
      });
      expect(r.statusCode).toBe(401);
    }
    const third = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'bob', password: 'nope-nope-1' },
    });
    expect(third.statusCode).toBe(423);
    const right = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'bob', password: PASSWORD },
    });
    expect(right.statusCode).toBe(423);
    expect(right.json().error.code).toBe('ACCOUNT_LOCKED');
    const events = await h.db.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_type', '=', 'user')
      .where('action', 'like', 'auth.%')
      .execute();
    expect(events.map((e) => e.action)).toContain('auth.locked');
  });

  it('logout ends the session; the language choice is remembered', async () => {
    const c = await login(h, 'alice');
    const en = await c.patch('/api/me', { locale: 'en' });
    expect(en.json().user.locale).toBe('en');
    const again = await login(h, 'alice');
    expect((await again.get('/api/me')).json().user.locale).toBe('en');
    const nf = await again.get('/api/orgs/999999');
    expect(nf.json().error.message).toMatch(/^Not found/);
    await again.patch('/api/me', { locale: 'zh-CN' });
    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await c.get('/api/me')).statusCode).toBe(401);
  });

  it('password change needs the current password and a strong new one, and ends other sessions', async () => {
    await buildUser(h, 'carol', [{ role: 'office', orgId: rootId }]);
    const a = await login(h, 'carol');
    const b = await login(h, 'carol');
    expect(
      (await a.post('/api/me/password', { currentPassword: 'wrong', newPassword: 'abcdefgh12' })).json().error.code,
    ).toBe('PASSWORD_WRONG');
    expect(
      (await a.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'short1' })).json().error.code,
    ).toBe('PASSWORD_WEAK');
    const ok = await a.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'new-secret-2026' });
    expect(ok.statusCode).toBe(200);
    expect((await a.get('/api/me')).statusCode).toBe(200);
    expect((await b.get('/api/me')).statusCode).toBe(401);
    await login(h, 'carol', 'new-secret-2026');
  });

  it('/api/me says what the shell may offer, and where each page opens, from the policy tables', async () => {
    const branch = (await buildOrg(h, rootId, 'branch')).id;
    await buildUser(h, 'me-admin', [], { admin: true });
    await buildUser(h, 'me-office', [{ role: 'office', orgId: rootId }]);
    await buildUser(h, 'me-sec', [{ role: 'unit_admin', orgId: branch }]);
    await buildUser(h, 'me-sup', [{ role: 'supervisor', orgId: branch }]);
    await buildUser(h, 'me-member', [{ role: 'member', orgId: branch }]);
    await buildUser(h, 'me-nobody', []);
    const me = async (u: string) => {
      const res = await (await login(h, u)).get('/api/me');
      expect(res.statusCode).toBe(200);
      return res.json() as { abilities: Record<string, boolean>; homes: Record<string, number | null> };
    };
    const all = (v: boolean) => ({
      manageUsers: v,
      readOpinions: v,
      readDisclosures: v,
      readSupervision: v,
      readLedger: v,
    });
    const homes = (at: number | null, users: number | null, reads: number | null) => ({
      orgs: at,
      users,
      opinions: reads,
      disclosures: reads,
      supervision: at,
      ledger: at,
    });
    const admin = await me('me-admin');
    expect(admin.abilities).toEqual(all(true));
    expect(admin.homes).toEqual(homes(rootId, null, rootId));
    const office = await me('me-office');
    expect(office.abilities).toEqual(all(true));
    expect(office.homes).toEqual(homes(rootId, rootId, rootId));
    const sec = await me('me-sec');
    expect(sec.abilities).toEqual({ ...all(true), manageUsers: false });
    expect(sec.homes).toEqual(homes(branch, null, branch));
    const sup = await me('me-sup');
    expect(sup.abilities).toEqual({ ...all(true), manageUsers: false });
    expect(sup.homes).toEqual(homes(branch, null, branch));
    const member = await me('me-member');
    expect(member.abilities).toEqual({ ...all(false), readSupervision: true, readLedger: true });
    expect(member.homes).toEqual(homes(branch, null, null));
    const nobody = await me('me-nobody');
    expect(nobody.abilities).toEqual(all(false));
    expect(nobody.homes).toEqual(homes(null, null, null));
    // Sign-in answers the same shape.
    const signIn = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'me-member', password: PASSWORD },
    });
    expect(signIn.json().abilities).toEqual(member.abilities);
    expect(signIn.json().homes).toEqual(member.homes);
  });

  it('serves an OpenAPI document naming the public endpoints', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const p of [
      '/api/health',
      '/api/auth/login',
      '/api/auth/logout',
      '/api/me',
      '/api/orgs/{id}',
      '/api/orgs',
      '/api/orgs/{id}/move',
      '/api/members',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    expect(doc.paths['/api/members'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['org', 'subtree']),
    );
  });
});

describe('accounts admin', () => {
  let h: Harness;
  let district: number;
  let otherDistrict: number;
  beforeAll(async () => {
    h = await createHarness();
    const root = await buildRoot(h);
    const { buildOrg } = await import('./support/harness.ts');
    district = (await buildOrg(h, root.id, 'county')).id;
    otherDistrict = (await buildOrg(h, root.id, 'county')).id;
    await buildUser(h, 'office-d', [{ role: 'office', orgId: district }]);
    await buildUser(h, 'office-x', [{ role: 'office', orgId: otherDistrict }]);
  });
  afterAll(async () => h?.close());

  it('an office creates accounts and grants only inside its subtree', async () => {
    const c = await login(h, 'office-d');
    const created = await c.post('/api/users', {
      username: 'sec1',
      displayName: '书记一',
      password: 'abcdef12345',
      grants: [{ role: 'unit_admin', orgId: district }],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().grants[0].role).toBe('unit_admin');
    const outside = await c.post('/api/users', {
      username: 'sec2',
      displayName: '书记二',
      password: 'abcdef12345',
      grants: [{ role: 'unit_admin', orgId: otherDistrict }],
    });
    expect(outside.statusCode).toBe(404);
    expect(
      await h.db.db.selectFrom('users').select('id').where('username', '=', 'sec2').executeTakeFirst(),
    ).toBeUndefined();
    const dup = await c.post('/api/users', {
      username: 'SEC1',
      displayName: 'x',
      password: 'abcdef12345',
      grants: [{ role: 'member', orgId: district }],
    });
    expect(dup.json().error.code).toBe('USERNAME_TAKEN');
    const list = (await c.get('/api/users')).json() as Array<{ username: string }>;
    expect(list.map((u) => u.username).sort()).toEqual(['office-d', 'sec1']);
    const x = await login(h, 'office-x');
    const id = created.json().id;
    expect((await x.post(`/api/users/${id}/password`, { password: 'zzzzzzzz1234' })).statusCode).toBe(404);
    expect((await x.post(`/api/users/${id}/grants`, { role: 'member', orgId: otherDistrict })).statusCode).toBe(404);
    const g = await c.post(`/api/users/${id}/grants`, { role: 'member', orgId: district });
    expect(g.json().grants).toHaveLength(2);
    const removed = await c.del(`/api/grants/${g.json().grants[1].id}`);
    expect(removed.json().grants).toHaveLength(1);
    const disabled = await c.patch(`/api/users/${id}`, { status: 'disabled' });
    expect(disabled.json().status).toBe('disabled');
    const login2 = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'sec1', password: 'abcdef12345' },
    });
    expect(login2.json().error.code).toBe('ACCOUNT_DISABLED');
  });
});
