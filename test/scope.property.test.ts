import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { rng } from './support/random.ts';
import { buildRandomTree, subtreeOf, type RandomTree } from './support/tree.ts';
import { ROLES, type Role } from '../src/shared/enums.ts';
import type { MemberView, OrgView, Page } from '../src/shared/api.ts';

/** A digest of every domain table: a refused write must leave it exactly as it was. */
async function domainDigest(h: Harness): Promise<string> {
  const parts: string[] = [];
  for (const t of ['orgs', 'org_closure', 'org_stats', 'members', 'member_events', 'users', 'grants']) {
    const { rows } = await sql<{ j: string }>`SELECT coalesce(json_agg(x ORDER BY x::text)::text, '') AS j FROM ${sql.table(t)} x`.execute(h.db.db);
    parts.push(rows[0].j);
  }
  return createHash('sha256').update(parts.join('|')).digest('hex');
}

async function deniedCount(h: Harness): Promise<number> {
  const r = await h.db.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'access.denied').executeTakeFirstOrThrow();
  return Number(r.n);
}

for (const seed of [11, 29, 47]) {
  describe(`scope property (seed ${seed})`, () => {
    const r = rng(seed);
    let h: Harness;
    let tree: RandomTree;
    const users: Array<{ name: string; grants: Array<{ role: Role; orgId: number }>; scope: Set<number>; client: Client }> = [];

    beforeAll(async () => {
      h = await createHarness();
      tree = await buildRandomTree(h, r, { members: 50 });
      for (let i = 0; i < 6; i++) {
        const grants = Array.from({ length: r.int(1, 2) }, () => ({ role: r.pick(ROLES), orgId: r.pick(tree.orgs.slice(1)).id }));
        const uniq = grants.filter((g, j) => grants.findIndex((x) => x.role === g.role && x.orgId === g.orgId) === j);
        const name = `u${seed}_${i}`;
        await buildUser(h, name, uniq);
        const scope = new Set<number>();
        for (const g of uniq) for (const id of subtreeOf(tree.orgs, g.orgId)) scope.add(id);
        users.push({ name, grants: uniq, scope, client: await login(h, name) });
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
          const expected = tree.orgs.filter((c) => c.parentId === o.id).map((c) => c.id).sort((a, b) => a - b);
          expect((kids.json() as OrgView[]).map((c) => c.id).sort((a, b) => a - b)).toEqual(expected);
        }
        const roots = (await u.client.get('/api/orgs')).json() as OrgView[];
        const expectedRoots = [...new Set(u.grants.map((g) => g.orgId))].filter((id) => !u.grants.some((g) => g.orgId !== id && subtreeOf(tree.orgs, g.orgId).has(id)));
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
          const expected = tree.members.filter((m) => sub.has(m.orgId)).map((m) => m.id).sort((a, b) => a - b);
          expect(page.items.map((m) => m.id).sort((a, b) => a - b)).toEqual(expected);
          expect(page.total).toBe(expected.length);
          for (const m of page.items) {
            const keeper = u.grants.some((g) => (g.role === 'office' || g.role === 'unit_admin') && subtreeOf(tree.orgs, g.orgId).has(m.orgId));
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
          attempts.push(() => u.client.post('/api/orgs', { parentId: o.id, name: 'intruder', level: 'branch', kind: 'village' }));
          attempts.push(() => u.client.post(`/api/orgs/${o.id}/dissolve`, { reason: 'x' }));
          attempts.push(() => u.client.get(`/api/audit?entityType=org&entityId=${o.id}`));
          attempts.push(() => u.client.get(`/api/orgs/export?root=${o.id}`));
        }
        if (outsideBranch) attempts.push(() => u.client.post('/api/members', { orgId: outsideBranch.id, name: '外人', gender: 'male', category: 'ordinary' }));
        if (outsideMember) {
          attempts.push(() => u.client.patch(`/api/members/${outsideMember.id}`, { name: '改名' }));
          attempts.push(() => u.client.post(`/api/members/${outsideMember.id}/status`, { status: 'deceased', note: 'x' }));
        }
        if (insideMember && outsideBranch) attempts.push(() => u.client.post(`/api/members/${insideMember.id}/transfer`, { toOrgId: outsideBranch.id }));
        const movable = inside.find((o) => o.parentId !== null && !u.grants.some((g) => g.orgId === o.id));
        if (movable && outside[0]) attempts.push(() => u.client.post(`/api/orgs/${movable.id}/move`, { parentId: outside[0].id }));
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
  });
}
