import type { Kysely } from 'kysely';
import type { DB, OrgRow } from '../../db/types.ts';
import { auditActor, pathWithin, type Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { abilities, authorize, authorizeAll, can } from '../../platform/policy.ts';
import { withTx } from '../../platform/tx.ts';
import { ENUM_LABELS } from '../../platform/i18n.ts';
import { ORG_LEVEL_RANK, type OrgLevel } from '../../../shared/enums.ts';
import type { OrgDetailView, OrgView } from '../../../shared/api.ts';
import { opinionPolicy } from '../opinions/opinions.policy.ts';
import { disclosurePolicy } from '../disclosure/disclosure.policy.ts';
import * as repo from './orgs.repository.ts';
import { reconcileSubtree } from './tree-change.ts';
import { ORG_ACTIONS, orgPolicy, orgSubject, type OrgAction } from './orgs.policy.ts';
import { orgSnapshot, presentOrg, presentOrgDetail } from './orgs.presenter.ts';
import type { TCreateOrg, TUpdateOrg } from '../../../shared/schemas/orgs.ts';

/** The organization tree: reads scoped to the actor's grants, structural changes by offices. */
export class OrgService {
  constructor(private db: Kysely<DB>) {}

  /** Loads an org the actor may see, or throws the audited 404. */
  async require(actor: Actor, id: number, action: OrgAction = 'read'): Promise<repo.OrgWithStats> {
    const org = await repo.findOrg(this.db, id);
    if (!org) throw new AppError('NOT_FOUND');
    authorize(actor, orgPolicy, action, orgSubject(org));
    return org;
  }

  abilitiesFor(
    actor: Actor,
    org: { id: number; path: string; level: string; status: string; parent_id: number | null },
  ): OrgDetailView['abilities'] {
    const a = abilities(actor, orgPolicy, ORG_ACTIONS, orgSubject(org));
    const active = org.status === 'active';
    return {
      update: a.update && active,
      move: a.move && active && org.parent_id !== null,
      dissolve: a.dissolve && active && org.parent_id !== null,
      createChild: a.createChild && active && org.level !== 'branch',
      createMember: a.createMember && active && org.level === 'branch',
      importMembers: a.importMembers && active,
      readAudit: a.readAudit,
      manageUsers: a.manageUsers,
      readOpinions: can(actor, opinionPolicy, 'read', orgSubject(org)),
      readDisclosures: can(actor, disclosurePolicy, 'read', orgSubject(org)),
    };
  }

  async detail(actor: Actor, id: number): Promise<OrgDetailView> {
    const org = await this.require(actor, id);
    const crumbs = await repo.breadcrumbs(this.db, id);
    // Ancestors above the actor's grants are named (context) but not linked by the UI.
    return presentOrgDetail(org, crumbs, this.abilitiesFor(actor, org));
  }

  /** The roots of the actor's tree: their granted orgs, minus those inside another grant. */
  async roots(actor: Actor): Promise<OrgView[]> {
    if (actor.isAdmin) return (await repo.listTopLevel(this.db)).map(presentOrg);
    const tops = actor.grants.filter(
      (g) => !actor.grants.some((o) => o !== g && o.orgId !== g.orgId && pathWithin(g.path, o.path)),
    );
    const ids = [...new Set(tops.map((g) => g.orgId))];
    return (await repo.listByIds(this.db, ids)).map(presentOrg);
  }

  async children(actor: Actor, parentId: number, includeDissolved: boolean): Promise<OrgView[]> {
    await this.require(actor, parentId);
    return (await repo.listChildren(this.db, parentId, includeDissolved)).map(presentOrg);
  }

  async search(actor: Actor, q: string, level: string | undefined, limit: number): Promise<OrgView[]> {
    return (await repo.searchOrgs(this.db, actor, q, level, limit)).map(presentOrg);
  }

  async create(actor: Actor, input: TCreateOrg): Promise<OrgDetailView> {
    const id = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const [parent] = await repo.lockOrgs(trx, [input.parentId]);
      if (!parent) throw new AppError('NOT_FOUND');
      authorize(actor, orgPolicy, 'createChild', orgSubject(parent));
      if (parent.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: parent.name });
      checkLevelOrder(actor, parent, input.level);
      if (input.code && (await repo.findByCode(trx, input.code))) throw new AppError('CONFLICT', { what: input.code });
      const newId = await repo.insertOrg(trx, parent, {
        name: input.name,
        short_name: input.shortName,
        code: input.code,
        level: input.level,
        kind: input.kind,
        sort_order: input.sortOrder,
      });
      // A new unit inside a running campaign's scope joins it with its tasks.
      await reconcileSubtree(trx, newId, async () => {});
      await audit({
        action: 'org.create',
        entityType: 'org',
        entityId: newId,
        orgId: newId,
        after: orgSnapshot({
          ...input,
          short_name: input.shortName,
          code: input.code,
          parent_id: parent.id,
          status: 'active',
          sort_order: input.sortOrder ?? 0,
        }),
      });
      return newId;
    });
    return this.detail(actor, id);
  }

  async update(actor: Actor, id: number, input: TUpdateOrg): Promise<OrgDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const [org] = await repo.lockOrgs(trx, [id]);
      if (!org) throw new AppError('NOT_FOUND');
      authorize(actor, orgPolicy, 'update', orgSubject(org));
      if (org.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: org.name });
      const set: Parameters<typeof repo.updateOrg>[2] = {};
      if (input.name !== undefined) set.name = input.name;
      if (input.shortName !== undefined) set.short_name = input.shortName;
      if (input.code !== undefined && input.code !== org.code) {
        if (input.code && (await repo.findByCode(trx, input.code)))
          throw new AppError('CONFLICT', { what: input.code });
        set.code = input.code;
      }
      if (input.kind !== undefined) set.kind = input.kind;
      if (input.sortOrder !== undefined) set.sort_order = input.sortOrder;
      if (input.level !== undefined && input.level !== org.level) {
        await this.checkLevelChange(actor, trx, org, input.level);
        set.level = input.level;
      }
      // A change of level or kind can make the org join or leave campaigns that select by them.
      if (set.level || set.kind) await reconcileSubtree(trx, id, () => repo.updateOrg(trx, id, set));
      else await repo.updateOrg(trx, id, set);
      if (set.level && (set.level === 'branch') !== (org.level === 'branch')) {
        await repo.applyStatsDelta(trx, id, { branches: set.level === 'branch' ? 1 : -1 }, true);
      }
      const after = { ...org, ...set };
      await audit({
        action: 'org.update',
        entityType: 'org',
        entityId: id,
        orgId: id,
        before: orgSnapshot(org),
        after: orgSnapshot(after),
      });
    });
    return this.detail(actor, id);
  }

  private async checkLevelChange(
    actor: Actor,
    trx: Parameters<typeof repo.countActiveMembers>[0],
    org: OrgRow,
    level: OrgLevel,
  ) {
    if (org.parent_id !== null) {
      const parent = await repo.findOrg(trx, org.parent_id);
      if (parent) checkLevelOrder(actor, parent, level);
    }
    for (const childLevel of await repo.maxChildLevelRank(trx, org.id)) {
      if (ORG_LEVEL_RANK[childLevel as OrgLevel] <= ORG_LEVEL_RANK[level]) {
        throw new AppError('ORG_LEVEL_ORDER', {
          child: ENUM_LABELS[actor.locale].level[childLevel],
          parent: ENUM_LABELS[actor.locale].level[level],
        });
      }
    }
    if (org.level === 'branch' && level !== 'branch') {
      const n = await repo.countActiveMembers(trx, org.id);
      if (n > 0) throw new AppError('ORG_HAS_MEMBERS', { count: n });
    }
  }

  async move(actor: Actor, id: number, parentId: number): Promise<OrgDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const locked = await repo.lockOrgs(trx, [id, parentId]);
      const org = locked.find((o) => o.id === id);
      const parent = locked.find((o) => o.id === parentId);
      if (!org || !parent) throw new AppError('NOT_FOUND');
      // The new place must be one the actor could create under.
      authorizeAll(actor, [
        [orgPolicy, 'move', orgSubject(org)],
        [orgPolicy, 'createChild', orgSubject(parent)],
      ]);
      if (org.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: org.name });
      if (parent.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: parent.name });
      if (org.parent_id === null) throw new AppError('ORG_ROOT');
      if (await repo.isInSubtree(trx, id, parentId)) throw new AppError('ORG_CYCLE');
      if (org.parent_id === parentId) return;
      checkLevelOrder(actor, parent, org.level as OrgLevel);
      await reconcileSubtree(trx, id, () => repo.moveSubtree(trx, org, parent));
      await audit({
        action: 'org.move',
        entityType: 'org',
        entityId: id,
        orgId: id,
        before: { parentId: org.parent_id, path: org.path },
        after: { parentId: parent.id, path: `${parent.path}.${org.id}` },
      });
    });
    return this.detail(actor, id);
  }

  async dissolve(actor: Actor, id: number, reason: string): Promise<OrgDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const [org] = await repo.lockOrgs(trx, [id]);
      if (!org) throw new AppError('NOT_FOUND');
      authorize(actor, orgPolicy, 'dissolve', orgSubject(org));
      if (org.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: org.name });
      if (org.parent_id === null) throw new AppError('ORG_ROOT');
      const children = await repo.countActiveChildren(trx, id);
      if (children > 0) throw new AppError('ORG_HAS_ACTIVE_CHILDREN', { count: children });
      const members = await repo.countActiveMembers(trx, id);
      if (members > 0) throw new AppError('ORG_HAS_MEMBERS', { count: members });
      const now = new Date();
      await reconcileSubtree(trx, id, () =>
        repo.updateOrg(trx, id, { status: 'dissolved', dissolved_at: now, dissolve_reason: reason }),
      );
      await repo.applyStatsDelta(trx, id, { orgs: -1, branches: org.level === 'branch' ? -1 : 0 }, true);
      await audit({
        action: 'org.dissolve',
        entityType: 'org',
        entityId: id,
        orgId: id,
        before: { status: 'active' },
        after: { status: 'dissolved', reason },
      });
    });
    return this.detail(actor, id);
  }
}

/** A child's level must rank below its parent's (a branch under a township, never the reverse). */
export function checkLevelOrder(actor: Actor, parent: { level: string; name: string }, childLevel: OrgLevel): void {
  if (ORG_LEVEL_RANK[childLevel] <= ORG_LEVEL_RANK[parent.level as OrgLevel]) {
    const L = ENUM_LABELS[actor.locale].level;
    throw new AppError('ORG_LEVEL_ORDER', { child: L[childLevel], parent: `${parent.name}（${L[parent.level]}）` });
  }
}
