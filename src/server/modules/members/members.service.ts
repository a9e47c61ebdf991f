import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { auditActor, type Actor } from '../../platform/actor.ts';
import { AppError, enumParam } from '../../platform/errors.ts';
import { abilities, authorize, authorizeAll, can, canSee } from '../../platform/policy.ts';
import { pathWithin } from '../../platform/actor.ts';
import type { Q } from '../../db/database.ts';
import { ScopeDenied } from '../../platform/errors.ts';
import { withTx } from '../../platform/tx.ts';
import { decodeAfter, pageOf } from '../../platform/paging.ts';
import type { MemberDetailView, MemberSearchItem, MemberView, Page } from '../../../shared/api.ts';
import * as orgRepo from '../orgs/orgs.repository.ts';
import { orgSubject } from '../orgs/orgs.policy.ts';
import type { OrgService } from '../orgs/orgs.service.ts';
import * as repo from './members.repository.ts';
import * as postRepo from '../posts/posts.repository.ts';
import { dateIn } from '../../platform/dates.ts';
import { MEMBER_ACTIONS, memberPolicy, memberSubject } from './members.policy.ts';
import { memberSnapshot, presentEvents, presentMember } from './members.presenter.ts';
import type { TCreateMember, TListMembers, TSearchMembers, TUpdateMember } from '../../../shared/schemas/members.ts';

/** Count cap for filtered lists: beyond it the UI shows "10000+". */
export const COUNT_CAP = 10_000;
export const SEARCH_COUNT_CAP = 2_000;

/** Status moves a member may make: leaving, returning; a death is final. */
const STATUS_TRANSITIONS: Record<string, string[]> = {
  active: ['transferred_out', 'deceased'],
  transferred_out: ['active'],
  deceased: [],
};

export class MemberService {
  constructor(
    private db: Kysely<DB>,
    private orgs: OrgService,
  ) {}

  private view(actor: Actor, m: repo.MemberWithOrg): MemberView {
    const subject = memberSubject(m);
    const a = abilities(actor, memberPolicy, MEMBER_ACTIONS, subject);
    const active = m.status === 'active';
    return presentMember(m, {
      unmasked: a.viewPersonal || actor.memberId === m.id,
      abilities: {
        update: a.update,
        transfer: a.transfer && active,
        changeStatus: a.changeStatus && m.status !== 'deceased',
        readAudit: a.readAudit,
      },
    });
  }

  async list(actor: Actor, f: TListMembers): Promise<Page<MemberView>> {
    const org = await this.orgs.require(actor, f.org);
    const after = decodeAfter(f.after, repo.memberKeyFits(f.sort));
    const rows = await repo.listMembers(this.db, f, after);
    const hasMore = rows.length > f.limit;
    let total: number;
    let capped = false;
    // Unfiltered (or one-counter) lists of active members read the kept counters: no scan.
    if (f.subtree && f.status === 'active' && !f.q && !(f.category && f.specialType)) {
      const s = org.stats;
      total = Number(f.category ? s?.[f.category] : f.specialType ? s?.[f.specialType] : s?.members) || 0;
    } else if (!after && !hasMore) {
      total = rows.length;
    } else {
      // A text search counts less far: "2000+" tells a clerk to narrow the search.
      const cap = f.q ? SEARCH_COUNT_CAP : COUNT_CAP;
      total = await repo.countMembers(this.db, f, cap);
      if (total > cap) {
        total = cap;
        capped = true;
      }
    }
    return pageOf(
      rows,
      f.limit,
      (last) => repo.memberKey(f.sort, last),
      (r) => this.view(actor, r),
      { total, capped },
    );
  }

  /** Active members of an org the actor sees and below, by name (person pickers); no personal data. */
  async search(actor: Actor, f: TSearchMembers): Promise<{ items: MemberSearchItem[] }> {
    await this.orgs.require(actor, f.org);
    const rows = await repo.searchMembers(this.db, f.org, f.q, f.limit);
    return { items: rows.map((r) => ({ memberId: r.id, name: r.name, orgId: r.org_id, orgName: r.org_name })) };
  }

  private async requireMember(actor: Actor, id: number, action: (typeof MEMBER_ACTIONS)[number] = 'read') {
    const m = await repo.findMember(this.db, id);
    if (!m) throw new AppError('NOT_FOUND');
    authorize(actor, memberPolicy, action, memberSubject(m));
    return m;
  }

  async detail(actor: Actor, id: number): Promise<MemberDetailView> {
    const m = await this.requireMember(actor, id);
    const events = await repo.eventsOf(this.db, id);
    return { ...this.view(actor, m), events: presentEvents(events) };
  }

  async create(actor: Actor, input: TCreateMember): Promise<MemberView> {
    const id = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const [org] = await orgRepo.lockOrgs(trx, [input.orgId]);
      if (!org) throw new AppError('NOT_FOUND');
      authorize(actor, memberPolicy, 'create', { entityType: 'org', entityId: org.id, paths: [org.path] });
      if (org.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: org.name });
      if (org.level !== 'branch') throw new AppError('MEMBER_NOT_BRANCH', { name: org.name });
      const row = toRow(input, org.id);
      const newId = await repo.insertMember(trx, row);
      await orgRepo.applyStatsDelta(trx, org.id, repo.memberDelta(row, 1), true);
      await repo.insertEvent(trx, {
        member_id: newId,
        kind: 'created',
        to_org_id: org.id,
        to_status: 'active',
        actor_id: actor.id,
      });
      await audit({
        action: 'member.create',
        entityType: 'member',
        entityId: newId,
        orgId: org.id,
        after: memberSnapshot({ ...row, status: 'active' }),
      });
      return newId;
    });
    return this.view(actor, (await repo.findMember(this.db, id))!);
  }

  async update(actor: Actor, id: number, input: TUpdateMember): Promise<MemberView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const before = await repo.lockMember(trx, id);
      if (!before) throw new AppError('NOT_FOUND');
      const org = (await orgRepo.findOrg(trx, before.org_id))!;
      authorize(actor, memberPolicy, 'update', memberSubject({ id, org_path: org.path }));
      const set: Partial<typeof before> = {};
      const map: Array<[keyof TUpdateMember, keyof typeof before]> = [
        ['name', 'name'],
        ['gender', 'gender'],
        ['birthDate', 'birth_date'],
        ['ethnicity', 'ethnicity'],
        ['education', 'education'],
        ['idNumber', 'id_number'],
        ['phone', 'phone'],
        ['category', 'category'],
        ['specialTypes', 'special_types'],
        ['joinDate', 'join_date'],
        ['position', 'position'],
      ];
      for (const [k, col] of map) if (input[k] !== undefined) (set as Record<string, unknown>)[col] = input[k];
      const after = { ...before, ...set };
      if (after.birth_date && after.join_date && after.join_date < after.birth_date) {
        throw new AppError('VALIDATION', {}, [{ path: 'joinDate', message: 'field.joinBeforeBirth' }]);
      }
      await repo.updateMember(trx, id, set);
      if (
        before.status === 'active' &&
        (before.category !== after.category || before.special_types.join() !== after.special_types.join())
      ) {
        await orgRepo.applyStatsDelta(trx, before.org_id, repo.memberDelta(before, -1), true);
        await orgRepo.applyStatsDelta(trx, before.org_id, repo.memberDelta(after, 1), true);
      }
      await audit({
        action: 'member.update',
        entityType: 'member',
        entityId: id,
        orgId: before.org_id,
        before: memberSnapshot(before),
        after: memberSnapshot(after),
      });
    });
    return this.view(actor, (await repo.findMember(this.db, id))!);
  }

  /** Moves a member to another branch; both branches must be in the actor's scope. */
  async transfer(actor: Actor, id: number, toOrgId: number, note: string | null): Promise<MemberView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const m = await repo.lockMember(trx, id);
      if (!m) throw new AppError('NOT_FOUND');
      const from = (await orgRepo.findOrg(trx, m.org_id))!;
      const [to] = await orgRepo.lockOrgs(trx, [toOrgId]);
      if (!to) throw new AppError('NOT_FOUND');
      authorizeAll(actor, [
        [memberPolicy, 'transfer', memberSubject({ id, org_path: from.path })],
        [memberPolicy, 'transfer', { entityType: 'org', entityId: to.id, paths: [to.path] }],
      ]);
      if (m.status !== 'active')
        throw new AppError('MEMBER_NOT_ACTIVE', { status: enumParam('memberStatus', m.status) });
      if (to.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: to.name });
      if (to.level !== 'branch') throw new AppError('MEMBER_NOT_BRANCH', { name: to.name });
      if (to.id === m.org_id) return;
      await repo.updateMember(trx, id, { org_id: to.id });
      // Leaving the branch ends the posts held there (posts on a body above stay).
      const ended = await postRepo.endPostsOfMember(trx, id, from.id, dateIn(), 'transfer');
      await orgRepo.applyStatsDelta(trx, from.id, repo.memberDelta(m, -1), true);
      await orgRepo.applyStatsDelta(trx, to.id, repo.memberDelta(m, 1), true);
      await repo.insertEvent(trx, {
        member_id: id,
        kind: 'transfer',
        from_org_id: from.id,
        to_org_id: to.id,
        note,
        actor_id: actor.id,
      });
      await audit({
        action: 'member.transfer',
        entityType: 'member',
        entityId: id,
        orgId: to.id,
        before: { orgId: from.id, orgName: from.name },
        after: { orgId: to.id, orgName: to.name },
        meta: { note, endedPosts: ended.map((p) => p.id) },
      });
    });
    return this.view(actor, (await repo.findMember(this.db, id))!);
  }

  async changeStatus(actor: Actor, id: number, status: string, note: string): Promise<MemberView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const m = await repo.lockMember(trx, id);
      if (!m) throw new AppError('NOT_FOUND');
      const org = (await orgRepo.findOrg(trx, m.org_id))!;
      authorize(actor, memberPolicy, 'changeStatus', memberSubject({ id, org_path: org.path }));
      if (m.status === status) return;
      if (!STATUS_TRANSITIONS[m.status]?.includes(status))
        throw new AppError('MEMBER_NOT_ACTIVE', { status: enumParam('memberStatus', m.status) });
      if (status === 'active' && (org.status !== 'active' || org.level !== 'branch'))
        throw new AppError('ORG_DISSOLVED', { name: org.name });
      await repo.updateMember(trx, id, { status, status_note: note });
      // A member transferred out of the tree or deceased holds no post from today.
      const ended = status === 'active' ? [] : await postRepo.endPostsOfMember(trx, id, null, dateIn(), status);
      await orgRepo.applyStatsDelta(trx, m.org_id, repo.memberDelta(m, status === 'active' ? 1 : -1), true);
      await repo.insertEvent(trx, {
        member_id: id,
        kind: 'status',
        from_status: m.status,
        to_status: status,
        note,
        actor_id: actor.id,
      });
      await audit({
        action: 'member.status',
        entityType: 'member',
        entityId: id,
        orgId: m.org_id,
        before: { status: m.status },
        after: { status, note },
        meta: { endedPosts: ended.map((p) => p.id) },
      });
    });
    return this.view(actor, (await repo.findMember(this.db, id))!);
  }

  /** Whether the actor may create members in the org (for import). */
  canCreateIn(actor: Actor, org: { id: number; path: string }): boolean {
    return can(actor, memberPolicy, 'create', orgSubject(org));
  }
}

/** Request fields → table columns. */
export function toRow(input: Omit<TCreateMember, 'orgId'>, orgId: number) {
  return {
    org_id: orgId,
    name: input.name,
    gender: input.gender,
    birth_date: input.birthDate ?? null,
    ethnicity: input.ethnicity ?? null,
    education: input.education ?? null,
    id_number: input.idNumber ?? null,
    phone: input.phone ?? null,
    category: input.category,
    special_types: input.specialTypes ?? [],
    join_date: input.joinDate ?? null,
    position: input.position ?? null,
  };
}

/** A person link asked for on an item: the member id and the field it fills (a catalogue key). */
export interface PersonLink {
  memberId: number;
  field: string;
}

/**
 * Checks the members named as persons on an item of `unit` (责任领导, 责任人, a measure's owner, a
 * form's addressee) and answers their names by id. A member the actor cannot see is a 404
 * (ScopeDenied, before anything else); one that is not active or not of the unit or below is
 * PERSON_OUTSIDE_UNIT (422). Call it before writing anything.
 */
export async function resolvePersonLinks(
  q: Q,
  actor: Actor,
  unit: { name: string; path: string },
  links: PersonLink[],
): Promise<Map<number, string>> {
  const ids = [...new Set(links.map((l) => l.memberId))];
  const rows = new Map((await repo.membersByIds(q, ids)).map((m) => [m.id, m]));
  for (const id of ids) {
    const m = rows.get(id);
    if (!m) throw new AppError('NOT_FOUND');
    if (!canSee(actor, memberSubject(m))) throw new ScopeDenied('read', 'member', id);
  }
  for (const l of links) {
    const m = rows.get(l.memberId)!;
    if (m.status !== 'active' || !pathWithin(m.org_path, unit.path))
      throw new AppError('PERSON_OUTSIDE_UNIT', { name: m.name, unit: unit.name, field: l.field });
  }
  return new Map([...rows.values()].map((m) => [m.id, m.name]));
}

/**
 * Names to members of one unit, for imports: a trimmed name that exactly one active member of the
 * unit bears is linked to them; a name nobody bears, or two people do, is not (it stays text).
 */
export async function uniqueMembersNamed(q: Q, orgId: number, names: Iterable<string>): Promise<Map<string, number>> {
  const wanted = [...new Set([...names].map((n) => n.trim()).filter(Boolean))];
  const found = new Map<string, number[]>();
  for (let i = 0; i < wanted.length; i += 5000)
    for (const m of await repo.activeMembersNamed(q, orgId, wanted.slice(i, i + 5000)))
      found.set(m.name, [...(found.get(m.name) ?? []), m.id]);
  return new Map([...found].filter(([, ids]) => ids.length === 1).map(([n, ids]) => [n, ids[0]]));
}
