import type { Harness } from './harness.ts';
import { buildOrg, buildRoot } from './harness.ts';
import type { Rng } from './random.ts';
import { withTx } from '../../src/server/platform/tx.ts';
import { SYSTEM_ACTOR } from '../../src/server/platform/audit.ts';
import { applyStatsDelta } from '../../src/server/modules/orgs/orgs.repository.ts';
import { memberDelta } from '../../src/server/modules/members/members.repository.ts';
import { MEMBER_CATEGORIES, SPECIAL_TYPES, type OrgLevel } from '../../src/shared/enums.ts';

export interface TOrg {
  id: number;
  parentId: number | null;
  level: OrgLevel;
  name: string;
}
export interface TMember {
  id: number;
  orgId: number;
  name: string;
  category: string;
  specialTypes: string[];
}
export interface RandomTree {
  orgs: TOrg[];
  members: TMember[];
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨'];

/** A random tree city → counties → townships → (general branches →) branches, with members. */
export async function buildRandomTree(h: Harness, r: Rng, opts: { members?: number } = {}): Promise<RandomTree> {
  const orgs: TOrg[] = [];
  const root = await buildRoot(h, '中共随机市委员会');
  orgs.push({ id: root.id, parentId: null, level: 'city', name: '中共随机市委员会' });
  const add = async (parent: number, level: OrgLevel) => {
    const name = `${level}-${orgs.length}`;
    const o = await buildOrg(h, parent, level, name);
    orgs.push({ id: o.id, parentId: parent, level, name });
    return o.id;
  };
  for (let c = 0; c < r.int(2, 3); c++) {
    const county = await add(root.id, 'county');
    for (let t = 0; t < r.int(1, 3); t++) {
      const town = await add(county, 'township');
      for (let b = 0; b < r.int(1, 3); b++) {
        if (r.chance(0.3)) {
          const gb = await add(town, 'general_branch');
          for (let k = 0; k < r.int(1, 2); k++) await add(gb, 'branch');
        } else await add(town, 'branch');
      }
    }
  }
  const branches = orgs.filter((o) => o.level === 'branch');
  const members: TMember[] = [];
  const n = opts.members ?? 40;
  await withTx(h.db.db, SYSTEM_ACTOR, async ({ trx }) => {
    for (let i = 0; i < n; i++) {
      const b = r.pick(branches);
      const category = r.pick(MEMBER_CATEGORIES);
      const specialTypes = SPECIAL_TYPES.filter(() => r.chance(0.2));
      const name = `${r.pick(SURNAMES)}${i}`;
      const row = await trx
        .insertInto('members')
        .values({
          org_id: b.id,
          name,
          gender: r.pick(['male', 'female']),
          category,
          special_types: specialTypes,
          phone: `139${String(10000000 + i).slice(0, 8)}`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await applyStatsDelta(trx, b.id, memberDelta({ category, special_types: specialTypes }, 1), true);
      members.push({ id: row.id, orgId: b.id, name, category, specialTypes });
    }
  });
  return { orgs, members };
}

/** Brute force: every org id in the subtree of `id` (walking parent links in memory). */
export function subtreeOf(orgs: TOrg[], id: number): Set<number> {
  const out = new Set<number>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const o of orgs)
      if (o.parentId !== null && out.has(o.parentId) && !out.has(o.id)) {
        out.add(o.id);
        grew = true;
      }
  }
  return out;
}
