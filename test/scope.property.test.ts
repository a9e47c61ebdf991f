import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { buildUser, createHarness, login, PASSWORD, type Client, type Harness } from './support/harness.ts';
import { rng } from './support/random.ts';
import { buildRandomTree, subtreeOf, type RandomTree } from './support/tree.ts';
import { ROLES, type Role } from '../src/shared/enums.ts';
import type { MemberView, OrgBodyView, OrgView, Page, UserView } from '../src/shared/api.ts';

interface TUser {
  id: number;
  name: string;
  grants: Array<{ role: Role; orgId: number }>;
  /** Units of the active supervision teams the user is on: supervisor scope (role rules see "supervisor"). */
  teamUnits: number[];
  /** Brute force: every org under an own grant or a team unit. */
  scope: Set<number>;
  client: Client;
}

/** A digest of every domain table: a refused write must leave it exactly as it was. */
async function domainDigest(h: Harness): Promise<string> {
  const parts: string[] = [];
  for (const t of ['orgs', 'org_closure', 'org_stats', 'members', 'member_events', 'users', 'grants', 'org_posts']) {
    const { rows } = await sql<{
      j: string;
    }>`SELECT coalesce(json_agg(x ORDER BY x::text)::text, '') AS j FROM ${sql.table(t)} x`.execute(h.db.db);
    parts.push(rows[0].j);
  }
  return createHash('sha256').update(parts.join('|')).digest('hex');
}

async function deniedCount(h: Harness): Promise<number> {
  const r = await h.db.db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', 'access.denied')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

for (const seed of [11, 29, 47]) {
  describe(`scope property (seed ${seed})`, () => {
    const r = rng(seed);
    let h: Harness;
    let tree: RandomTree;
    const users: TUser[] = [];
    /** Brute force: the orgs the grants of these roles cover. */
    const covered = (u: TUser, roles: readonly Role[]) => {
      const out = new Set<number>();
      for (const g of u.grants) if (roles.includes(g.role)) for (const id of subtreeOf(tree.orgs, g.orgId)) out.add(id);
      return out;
    };
    /** Brute force: the actor may manage the target's account when its office grants cover every org the account's scope starts from. */
    const mayManage = (actor: TUser, target: TUser) => {
      const office = covered(actor, ['office']);
      return [...target.grants.map((g) => g.orgId), ...target.teamUnits].every((id) => office.has(id));
    };

    beforeAll(async () => {
      h = await createHarness();
      tree = await buildRandomTree(h, r, { members: 50 });
      for (let i = 0; i < 6; i++) {
        const grants = Array.from({ length: r.int(1, 2) }, () => ({
          role: r.pick(ROLES),
          orgId: r.pick(tree.orgs.slice(1)).id,
        }));
        const uniq = grants.filter((g, j) => grants.findIndex((x) => x.role === g.role && x.orgId === g.orgId) === j);
        const name = `u${seed}_${i}`;
        const id = await buildUser(h, name, uniq);
        const scope = new Set<number>();
        for (const g of uniq) for (const id of subtreeOf(tree.orgs, g.orgId)) scope.add(id);
        users.push({ id, name, grants: uniq, teamUnits: [], scope, client: await login(h, name) });
      }
      // Random supervision teams: formed by an org, assigned units strictly below it, with members
      // from the users above; a disbanded team lends nothing. Team scope is derived per request.
      const formers = tree.orgs.filter((o) => tree.orgs.some((c) => c.parentId === o.id));
      for (let t = 0; t < r.int(2, 3); t++) {
        const former = r.pick(formers);
        const below = [...subtreeOf(tree.orgs, former.id)].filter((id) => id !== former.id);
        const units = [...new Set(Array.from({ length: r.int(1, 2) }, () => r.pick(below)))];
        const members = [...new Set(Array.from({ length: r.int(1, 2) }, () => r.pick(users)))];
        const active = r.chance(0.8);
        const team = await h.db.db
          .insertInto('supervision_teams')
          .values({ org_id: former.id, name: `team-${seed}-${t}`, status: active ? 'active' : 'disbanded' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await h.db.db
          .insertInto('supervision_team_units')
          .values(units.map((org_id) => ({ team_id: team.id, org_id })))
          .execute();
        await h.db.db
          .insertInto('supervision_team_members')
          .values(members.map((m, k) => ({ team_id: team.id, user_id: m.id, role: k === 0 ? 'leader' : 'member' })))
          .execute();
        if (!active) continue;
        for (const m of members) {
          m.teamUnits.push(...units);
          for (const u of units) for (const id of subtreeOf(tree.orgs, u)) m.scope.add(id);
        }
      }
    });
    afterAll(async () => h?.close());

    it('every org read answers exactly in scope, children and roots as brute force says', async () => {
      for (const u of users) {
        for (const o of tree.orgs) {
          const res = await u.client.get(`/api/orgs/${o.id}`);
          expect(res.statusCode, `${u.name} org ${o.id}`).toBe(u.scope.has(o.id) ? 200 : 404);
          const kids = await u.client.get(`/api/orgs?parent=${o.id}`);
          if (!u.scope.has(o.id)) {
            expect(kids.statusCode).toBe(404);
            continue;
          }
          const expected = tree.orgs
            .filter((c) => c.parentId === o.id)
            .map((c) => c.id)
            .sort((a, b) => a - b);
          expect((kids.json() as OrgView[]).map((c) => c.id).sort((a, b) => a - b)).toEqual(expected);
        }
        const roots = (await u.client.get('/api/orgs')).json() as OrgView[];
        const starts = [...new Set([...u.grants.map((g) => g.orgId), ...u.teamUnits])];
        const expectedRoots = starts.filter((id) => !starts.some((s) => s !== id && subtreeOf(tree.orgs, s).has(id)));
        expect(roots.map((o) => o.id).sort()).toEqual(expectedRoots.sort());
        const found = (await u.client.get('/api/orgs/search?q=branch&limit=100')).json() as OrgView[];
        const expectedFound = tree.orgs.filter((o) => o.name.includes('branch') && u.scope.has(o.id)).map((o) => o.id);
        expect(found.map((o) => o.id).sort((a, b) => a - b)).toEqual(expectedFound.sort((a, b) => a - b));
      }
    });

    it('every member list and read answers exactly the in-scope rows, personal data masked by role', async () => {
      for (const u of users) {
        for (const o of tree.orgs) {
          const res = await u.client.get(`/api/members?org=${o.id}&subtree=true&limit=200`);
          if (!u.scope.has(o.id)) {
            expect(res.statusCode).toBe(404);
            continue;
          }
          const page = res.json() as Page<MemberView>;
          const sub = subtreeOf(tree.orgs, o.id);
          const expected = tree.members
            .filter((m) => sub.has(m.orgId))
            .map((m) => m.id)
            .sort((a, b) => a - b);
          expect(page.items.map((m) => m.id).sort((a, b) => a - b)).toEqual(expected);
          expect(page.total).toBe(expected.length);
          for (const m of page.items) {
            const keeper = u.grants.some(
              (g) => (g.role === 'office' || g.role === 'unit_admin') && subtreeOf(tree.orgs, g.orgId).has(m.orgId),
            );
            expect(m.masked).toBe(!keeper);
            if (!keeper) expect(m.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
          }
        }
        for (const m of tree.members) {
          const res = await u.client.get(`/api/members/${m.id}`);
          expect(res.statusCode).toBe(u.scope.has(m.orgId) ? 200 : 404);
        }
      }
    });

    it('every out-of-scope write is refused with 404, audited, and changes nothing', async () => {
      for (const u of users) {
        const outside = tree.orgs.filter((o) => !u.scope.has(o.id));
        const inside = tree.orgs.filter((o) => u.scope.has(o.id));
        const outsideBranch = outside.find((o) => o.level === 'branch');
        const outsideMember = tree.members.find((m) => !u.scope.has(m.orgId));
        const insideMember = tree.members.find((m) => u.scope.has(m.orgId));
        const attempts: Array<() => ReturnType<Client['get']>> = [];
        for (const o of outside.slice(0, 4)) {
          attempts.push(() => u.client.patch(`/api/orgs/${o.id}`, { name: 'hijacked' }));
          attempts.push(() =>
            u.client.post('/api/orgs', { parentId: o.id, name: 'intruder', level: 'branch', kind: 'village' }),
          );
          attempts.push(() => u.client.post(`/api/orgs/${o.id}/dissolve`, { reason: 'x' }));
          attempts.push(() => u.client.get(`/api/audit?entityType=org&entityId=${o.id}`));
          attempts.push(() => u.client.get(`/api/orgs/export?root=${o.id}`));
        }
        if (outsideBranch)
          attempts.push(() =>
            u.client.post('/api/members', {
              orgId: outsideBranch.id,
              name: '外人',
              gender: 'male',
              category: 'ordinary',
            }),
          );
        if (outsideMember) {
          attempts.push(() => u.client.patch(`/api/members/${outsideMember.id}`, { name: '改名' }));
          attempts.push(() =>
            u.client.post(`/api/members/${outsideMember.id}/status`, { status: 'deceased', note: 'x' }),
          );
        }
        if (insideMember && outsideBranch)
          attempts.push(() => u.client.post(`/api/members/${insideMember.id}/transfer`, { toOrgId: outsideBranch.id }));
        const movable = inside.find((o) => o.parentId !== null && !u.grants.some((g) => g.orgId === o.id));
        if (movable && outside[0])
          attempts.push(() => u.client.post(`/api/orgs/${movable.id}/move`, { parentId: outside[0].id }));
        if (attempts.length === 0) continue;
        const before = await domainDigest(h);
        const deniedBefore = await deniedCount(h);
        for (const attempt of attempts) {
          const res = await attempt();
          expect(res.statusCode, res.body).toBe(404);
          expect(res.json().error.code).toBe('NOT_FOUND');
        }
        expect(await domainDigest(h)).toBe(before);
        expect(await deniedCount(h)).toBe(deniedBefore + attempts.length);
      }
    });

    it('user administration: an account is managed exactly when the actor’s office scope covers all its scope, team scope included', async () => {
      // Lists: offices see the accounts with a grant under their office grants, only the grants
      // they can see, and manage abilities exactly as brute force says.
      for (const a of users) {
        const res = await a.client.get('/api/users');
        const office = covered(a, ['office']);
        if (office.size === 0) {
          expect(res.statusCode).toBe(403);
          continue;
        }
        const list = res.json() as UserView[];
        const expected = users.filter((t) => t.grants.some((g) => office.has(g.orgId)));
        expect(list.map((v) => v.id).sort((x, y) => x - y)).toEqual(expected.map((t) => t.id).sort((x, y) => x - y));
        for (const v of list) {
          const t = users.find((x) => x.id === v.id)!;
          expect(v.abilities.manage, `${a.name} manages ${t.name}`).toBe(mayManage(a, t));
          expect(v.grants.map((g) => g.orgId).sort((x, y) => x - y)).toEqual(
            t.grants
              .map((g) => g.orgId)
              .filter((id) => a.scope.has(id))
              .sort((x, y) => x - y),
          );
        }
      }
      // Every refused action on every pair: 404, audited, nothing changed.
      const before = await domainDigest(h);
      const deniedBefore = await deniedCount(h);
      let refused = 0;
      const allowed: Array<[TUser, TUser]> = [];
      for (const a of users) {
        for (const t of users) {
          if (mayManage(a, t)) {
            allowed.push([a, t]);
            continue;
          }
          const grantRows = await h.db.db
            .selectFrom('grants')
            .select('id')
            .where('user_id', '=', t.id)
            .orderBy('id')
            .execute();
          const responses = [
            await a.client.post(`/api/users/${t.id}/password`, { password: 'taken-over-2026' }),
            await a.client.patch(`/api/users/${t.id}`, { status: 'disabled' }),
            await a.client.post(`/api/users/${t.id}/unlock`),
            await a.client.post(`/api/users/${t.id}/grants`, {
              role: 'member',
              orgId: (a.grants.find((g) => g.role === 'office') ?? t.grants[0]).orgId,
            }),
            await a.client.del(`/api/grants/${grantRows[0].id}`),
          ];
          for (const res of responses) {
            expect(res.statusCode, `${a.name} → ${t.name}: ${res.body}`).toBe(404);
            expect(res.json().error.code).toBe('NOT_FOUND');
          }
          refused += responses.length;
        }
      }
      expect(await domainDigest(h)).toBe(before);
      expect(await deniedCount(h)).toBe(deniedBefore + refused);
      // Every allowed pair: each action succeeds, and the account ends as it began.
      const relogin = new Set<TUser>();
      for (const [a, t] of allowed) {
        if (relogin.has(a)) {
          a.client = await login(h, a.name);
          relogin.delete(a);
        }
        const at = a.grants.find((g) => g.role === 'office')!.orgId;
        const granted = await a.client.post(`/api/users/${t.id}/grants`, { role: 'member', orgId: at });
        expect(granted.statusCode, granted.body).toBe(200);
        const added = (granted.json() as UserView).grants.find(
          (g) => g.role === 'member' && g.orgId === at && !t.grants.some((x) => x.role === 'member' && x.orgId === at),
        );
        if (added) expect((await a.client.del(`/api/grants/${added.id}`)).statusCode).toBe(200);
        expect((await a.client.patch(`/api/users/${t.id}`, { displayName: t.name })).statusCode).toBe(200);
        expect((await a.client.post(`/api/users/${t.id}/unlock`)).statusCode).toBe(200);
        if (t !== a) {
          expect((await a.client.patch(`/api/users/${t.id}`, { status: 'disabled' })).json().status).toBe('disabled');
          expect((await a.client.patch(`/api/users/${t.id}`, { status: 'active' })).json().status).toBe('active');
        }
        const reset = await a.client.post(`/api/users/${t.id}/password`, { password: PASSWORD });
        expect(reset.statusCode, reset.body).toBe(200);
        expect((reset.json() as UserView).abilities.manage).toBe(true);
        relogin.add(t); // disabling and resetting end the account's sessions
      }
      for (const t of relogin) t.client = await login(h, t.name);
      expect(allowed.length).toBeGreaterThan(0);
    });

    it('leading bodies and person links: posts answer exactly in scope, out-of-scope writes and holders are refused, nothing written', async () => {
      // Random bodies (own random stream, so the cases above stay as they were): every org gets
      // posts held by members of its subtree or by outside persons, some of them ended.
      const pr = rng(seed + 1000);
      const postsAt = new Map<number, number[]>();
      for (const o of tree.orgs) {
        const sub = subtreeOf(tree.orgs, o.id);
        const holders = tree.members.filter((m) => sub.has(m.orgId));
        const ids: number[] = [];
        for (let k = 0; k < pr.int(0, 3); k++) {
          const holder = holders.length > 0 && pr.chance(0.7) ? pr.pick(holders) : null;
          const ended = pr.chance(0.4);
          const row = await h.db.db
            .insertInto('org_posts')
            .values({
              org_id: o.id,
              post: pr.pick(['deputy_secretary', 'committee_member', 'other'] as const),
              member_id: holder?.id ?? null,
              outside_name: holder ? '' : `外${k}`,
              start_date: '2020-01-01',
              end_date: ended ? '2022-12-31' : null,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          ids.push(row.id);
        }
        postsAt.set(o.id, ids);
      }
      const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
      for (const u of users) {
        for (const o of tree.orgs) {
          const res = await u.client.get(`/api/posts?org=${o.id}&history=true`);
          if (!u.scope.has(o.id)) {
            expect(res.statusCode, `${u.name} body of ${o.id}`).toBe(404);
            expect((await u.client.get(`/api/posts?org=${o.id}`)).statusCode).toBe(404);
            continue;
          }
          const body = res.json() as OrgBodyView;
          // The history lists the org's own posts, every one of them, and nothing of another org.
          expect(body.items.every((p) => p.orgId === o.id)).toBe(true);
          expect(sorted(body.items.map((p) => p.id))).toEqual(sorted(postsAt.get(o.id)!));
          const manage = covered(u, ['office', 'unit_admin']).has(o.id);
          expect(body.abilities.create, `${u.name} create at ${o.id}`).toBe(manage);
          for (const p of body.items) expect(p.abilities.end).toBe(manage && p.endDate === null);
        }
      }
      // Writes: outside scope → the audited 404; a holder from outside the actor's scope → refused
      // (422 for a keeper of the body, 403 for anyone else in scope). Nothing is written either way.
      const before = await domainDigest(h);
      const deniedBefore = await deniedCount(h);
      let denied = 0;
      for (const u of users) {
        const outside = tree.orgs.filter((o) => !u.scope.has(o.id));
        for (const o of outside.slice(0, 3)) {
          const created = await u.client.post('/api/posts', {
            orgId: o.id,
            post: 'other',
            outsideName: '外人',
            startDate: '2024-01-01',
          });
          expect(created.statusCode, created.body).toBe(404);
          denied++;
          const open = postsAt.get(o.id)![0];
          if (open) {
            const ended = await u.client.post(`/api/posts/${open}/end`, { endDate: '2024-01-01', reason: 'x' });
            expect(ended.statusCode, ended.body).toBe(404);
            expect(ended.json().error.code).toBe('NOT_FOUND');
            denied++;
          }
        }
        const strangers = tree.members.filter((m) => !u.scope.has(m.orgId));
        for (const o of tree.orgs.filter((x) => u.scope.has(x.id)).slice(0, 3)) {
          const stranger = strangers.length > 0 ? pr.pick(strangers) : null;
          if (!stranger) break;
          const res = await u.client.post('/api/posts', {
            orgId: o.id,
            post: 'committee_member',
            memberId: stranger.id,
            startDate: '2024-01-01',
          });
          const manage = covered(u, ['office', 'unit_admin']).has(o.id);
          expect(res.statusCode, `${u.name} holder ${stranger.id} at ${o.id}: ${res.body}`).toBe(manage ? 422 : 403);
          expect(res.json().error.code).toBe(manage ? 'POST_MEMBER_OUTSIDE' : 'FORBIDDEN');
          expect(res.body).not.toContain(stranger.name);
        }
      }
      expect(await domainDigest(h)).toBe(before);
      expect(await deniedCount(h)).toBe(deniedBefore + denied);
    });
  });
}
