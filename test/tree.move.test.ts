import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { rng } from './support/random.ts';
import { buildRandomTree, subtreeOf, type RandomTree } from './support/tree.ts';
import { verifyTree } from '../src/server/modules/orgs/tree-verify.ts';
import { compareStats } from '../src/server/modules/stats/stats.repository.ts';
import { ORG_LEVEL_RANK } from '../src/shared/enums.ts';

describe('moving subtrees', () => {
  const r = rng(2026);
  let h: Harness;
  let tree: RandomTree;
  let admin: Client;

  beforeAll(async () => {
    h = await createHarness();
    tree = await buildRandomTree(h, r, { members: 80 });
    await buildUser(h, 'root-admin', [], { admin: true });
    admin = await login(h, 'root-admin');
  });
  afterAll(async () => h?.close());

  it('after random moves, paths, closure rows and counters equal a recomputation', async () => {
    let moved = 0;
    let cycles = 0;
    for (let i = 0; i < 40; i++) {
      const org = r.pick(tree.orgs.slice(1));
      const target = r.pick(tree.orgs.filter((o) => o.level !== 'branch'));
      const res = await admin.post(`/api/orgs/${org.id}/move`, { parentId: target.id });
      const inOwnSubtree = subtreeOf(tree.orgs, org.id).has(target.id);
      if (inOwnSubtree) {
        expect(res.statusCode).toBe(409);
        expect(res.json().error.code).toBe('ORG_CYCLE');
        cycles++;
      } else if (ORG_LEVEL_RANK[org.level] <= ORG_LEVEL_RANK[target.level]) {
        expect(res.statusCode).toBe(409);
        expect(res.json().error.code).toBe('ORG_LEVEL_ORDER');
      } else {
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().parentId).toBe(target.id);
        org.parentId = target.id;
        moved++;
      }
      expect(await verifyTree(h.db.db)).toEqual([]);
      expect(await compareStats(h.db.db)).toEqual([]);
    }
    expect(moved).toBeGreaterThan(5);
    expect(cycles).toBeGreaterThan(0);
    // The API's own view agrees with the brute-force tree: each org's subtree member count.
    for (const o of tree.orgs) {
      const sub = subtreeOf(tree.orgs, o.id);
      const detail = (await admin.get(`/api/orgs/${o.id}`)).json();
      expect(detail.stats.members).toBe(tree.members.filter((m) => sub.has(m.orgId)).length);
      const chain: number[] = [];
      for (let cur: number | null = o.id; cur !== null; cur = tree.orgs.find((x) => x.id === cur)!.parentId)
        chain.unshift(cur);
      expect(detail.path).toBe(chain.join('.'));
      expect(detail.breadcrumbs.map((b: { id: number }) => b.id)).toEqual(chain);
    }
  });

  it('moving an org under itself is refused and changes nothing', async () => {
    const org = tree.orgs.find((o) => o.level === 'county')!;
    const res = await admin.post(`/api/orgs/${org.id}/move`, { parentId: org.id });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('ORG_CYCLE');
    expect(await verifyTree(h.db.db)).toEqual([]);
  });

  it('dissolving keeps history, refuses while children or members remain, and counters follow', async () => {
    const branch = tree.orgs.find((o) => o.level === 'branch' && tree.members.some((m) => m.orgId === o.id))!;
    const parent = branch.parentId!;
    const refused = await admin.post(`/api/orgs/${branch.id}/dissolve`, { reason: '合并' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('ORG_HAS_MEMBERS');
    const parentRes = await admin.post(`/api/orgs/${parent}/dissolve`, { reason: '合并' });
    expect(parentRes.statusCode).toBe(409);
    expect(parentRes.json().error.code).toBe('ORG_HAS_ACTIVE_CHILDREN');
    // Move its members out, then dissolve it.
    const other = tree.orgs.find((o) => o.level === 'branch' && o.id !== branch.id)!;
    for (const m of tree.members.filter((x) => x.orgId === branch.id)) {
      const t = await admin.post(`/api/members/${m.id}/transfer`, { toOrgId: other.id, note: '支部合并' });
      expect(t.statusCode, t.body).toBe(200);
      m.orgId = other.id;
    }
    const ok = await admin.post(`/api/orgs/${branch.id}/dissolve`, { reason: '支部合并' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('dissolved');
    expect(await compareStats(h.db.db)).toEqual([]);
    const kids = (await admin.get(`/api/orgs?parent=${parent}`)).json() as Array<{ id: number }>;
    expect(kids.map((k) => k.id)).not.toContain(branch.id);
    const withDissolved = (await admin.get(`/api/orgs?parent=${parent}&includeDissolved=true`)).json() as Array<{
      id: number;
    }>;
    expect(withDissolved.map((k) => k.id)).toContain(branch.id);
    const history = (await admin.get(`/api/audit?entityType=org&entityId=${branch.id}`)).json();
    expect(history.items[0].action).toBe('org.dissolve');
  });
});
