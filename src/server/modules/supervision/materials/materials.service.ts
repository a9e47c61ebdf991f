import type { Kysely } from 'kysely';
import type { DB } from '../../../db/types.ts';
import { auditActor, pathWithin, type Actor } from '../../../platform/actor.ts';
import { dateIn } from '../../../platform/dates.ts';
import { AppError, ScopeDenied } from '../../../platform/errors.ts';
import { ENUM_LABELS, t } from '../../../platform/i18n.ts';
import { decodeAfter, pageOf } from '../../../platform/paging.ts';
import { authorize, can } from '../../../platform/policy.ts';
import { withTx } from '../../../platform/tx.ts';
import { requireVisibleCampaign } from '../../campaigns/campaigns.policy.ts';
import { resolvePersonLinks } from '../../members/members.service.ts';
import type { Q } from '../../../db/database.ts';
import type { MaterialAction } from '../../../../shared/labels.ts';
import {
  materialTransition,
  materialTransitions,
  NEAR_COPY_THRESHOLD,
  reviewOutcome,
  shingles,
  textSimilarity,
  type MaterialAbilities,
  type MaterialDetailView,
  type MaterialPage,
  type MaterialStatus,
  type ReviewerKind,
  type SimilarMaterial,
} from '../../../../shared/supervision.ts';
import type { ChecklistService } from '../checklists/checklists.service.ts';
import { itemLabel } from '../checklists/checklists.presenter.ts';
import { orgSubject, requireOrg, supervisionPolicy } from '../supervision.policy.ts';
import { iso } from '../supervision.presenter.ts';
import { presentMaterial, presentMaterialDetail } from './materials.presenter.ts';
import * as R from './materials.repository.ts';
import type {
  TCreateMaterial,
  TMaterialQuery,
  TReview,
  TSaveDraft,
} from '../../../../shared/schemas/supervision/materials.ts';

type MaterialRow = R.MaterialRow;

/**
 * The leader reviewer (the 书记 post holder) by the rule of the issue "the leader review follows
 * the post": the secretary of the material's org; for that secretary's own material (its subject
 * member, or its author's member when no subject member is named) the secretary of the parent org
 * — unless that is the same person, then nobody. `holders`: secretariesOn for the org and its parent.
 * The list's toReview filter says the same in SQL (materials.repository leaderReviewerSql).
 */
function leaderReviewer(
  m: { org_id: number; org_parent_id: number | null },
  subjectMemberId: number | null,
  holders: Map<number, R.PostHolder>,
): R.PostHolder | null {
  const own = holders.get(m.org_id);
  if (!own) return null;
  if (own.member_id === null || own.member_id !== subjectMemberId) return own;
  const up = m.org_parent_id === null ? undefined : holders.get(m.org_parent_id);
  if (!up || up.member_id === subjectMemberId) return null;
  return up;
}
/** Whose material it is for the rule above: its subject member, else its author's member. */
const subjectOf = (m: { subject_member_id: number | null; author_member_id: number | null }) =>
  m.subject_member_id ?? m.author_member_id;
/** How many recent materials of the neighbourhood a detail view compares against. */
const NEAR_COPY_CANDIDATES = 300;

/**
 * Material review (审核把关): analysis reports, comparison-check materials, speech outlines,
 * plans, problem lists and minutes are written in versions — every save is a new one, none is
 * overwritten — submitted, and reviewed by the unit's main leader and/or the supervision team
 * against a checklist (the five "not passed" criteria by default). Any failed criterion returns
 * the material; it passes when every required reviewer passes the version under review. Every
 * move is one of MATERIAL_TRANSITIONS (src/shared/supervision.ts); anything else is refused.
 */
export class MaterialService {
  private checklists: ChecklistService;

  /** `teams`: whatever holds the checklist service (the team service does). */
  constructor(
    private db: Kysely<DB>,
    teams: { checklists: ChecklistService },
  ) {
    this.checklists = teams.checklists;
  }

  /** Who may see a material: its author, or a reviewer, office or unit admin over its unit. */
  private requireRead(actor: Actor, m: MaterialRow) {
    if (m.author_id === actor.id) return;
    authorize(actor, supervisionPolicy, 'read', orgSubject('material', m.id, m.org_path));
  }

  private mayEdit(actor: Actor, m: MaterialRow): boolean {
    if (m.org_status !== 'active') return false;
    if (m.author_id === actor.id)
      return can(actor, supervisionPolicy, 'writeMaterial', orgSubject('material', m.id, m.org_path));
    return can(actor, supervisionPolicy, 'editOthersMaterial', orgSubject('material', m.id, m.org_path));
  }

  /**
   * The reviewer kinds the actor may act as on this material's version under review. `leaderId`:
   * the member id of its leader reviewer today (looked up once per request by the caller).
   */
  private reviewerKinds(
    actor: Actor,
    m: MaterialRow,
    done: Set<ReviewerKind>,
    leaderId: number | null,
  ): ReviewerKind[] {
    if (materialTransitions(m.status as MaterialStatus, 'review').length === 0) return [];
    const out: ReviewerKind[] = [];
    const subject = orgSubject('material', m.id, m.org_path);
    // The leader review is the 书记 post holder's alone (no role stands in for it); nobody passes their own.
    if (
      m.needs_leader &&
      !done.has('leader') &&
      m.author_id !== actor.id &&
      actor.memberId !== null &&
      actor.memberId === leaderId
    )
      out.push('leader');
    if (
      m.needs_team &&
      !done.has('team') &&
      m.author_id !== actor.id &&
      can(actor, supervisionPolicy, 'reviewAsTeam', subject)
    )
      out.push('team');
    return out;
  }

  /** The author's side of the table (save, submit) and the reviewer kinds still to judge. */
  private abilities(actor: Actor, m: MaterialRow, done: Set<ReviewerKind>, leaderId: number | null): MaterialAbilities {
    const status = m.status as MaterialStatus;
    const edit = materialTransitions(status, 'save').length > 0 && this.mayEdit(actor, m);
    const submit = materialTransitions(status, 'submit').length > 0 && this.mayEdit(actor, m);
    const review = this.reviewerKinds(actor, m, done, leaderId);
    return { edit, submit, reviewAsLeader: review.includes('leader'), reviewAsTeam: review.includes('team') };
  }

  async list(actor: Actor, query: TMaterialQuery): Promise<MaterialPage> {
    const org = await requireOrg(this.db, query.org);
    if (!actor.isAdmin && !actor.grants.some((g) => pathWithin(org.path, g.path) || pathWithin(g.path, org.path)))
      throw new ScopeDenied('read', 'org', org.id);
    const after = decodeAfter(query.after);
    const today = dateIn();
    const rows = await R.listMaterials(this.db, actor, {
      orgId: org.id,
      status: query.status,
      kind: query.kind,
      campaignId: query.campaignId,
      toReview: query.toReview,
      today,
      after,
      limit: query.limit,
    });
    // The page's 书记 post holders in one query (only an account linked to a member can be one).
    const holders =
      actor.memberId === null
        ? new Map<number, R.PostHolder>()
        : await R.secretariesOn(
            this.db,
            rows.flatMap((r) => (r.org_parent_id === null ? [r.org_id] : [r.org_id, r.org_parent_id])),
            today,
          );
    // A row tells the policy and the status; whether a reviewer has judged already, the detail view.
    return pageOf(
      rows,
      query.limit,
      (r) => [null, r.id],
      (r) =>
        presentMaterial(
          r,
          this.abilities(actor, r, new Set(), leaderReviewer(r, subjectOf(r), holders)?.member_id ?? null),
        ),
    );
  }

  async detail(actor: Actor, id: number): Promise<MaterialDetailView> {
    const m = await R.loadMaterial(this.db, id);
    if (!m) throw new AppError('NOT_FOUND');
    this.requireRead(actor, m);
    const [checklist, latest, versions, reviews, holders] = await Promise.all([
      this.checklists.get(this.db, actor, m.checklist_id),
      R.findVersion(this.db, id, m.version),
      R.versionsOf(this.db, id),
      R.reviewsOf(this.db, id),
      R.secretariesOn(this.db, m.org_parent_id === null ? [m.org_id] : [m.org_id, m.org_parent_id], dateIn()),
    ]);
    if (!latest) throw new AppError('NOT_FOUND');
    const done = new Set(
      reviews.filter((r) => r.version === m.submitted_version).map((r) => r.reviewer as ReviewerKind),
    );
    const leader = m.needs_leader ? leaderReviewer(m, subjectOf(m), holders) : null;
    const leaderId = leader?.member_id ?? null;
    const review = this.reviewerKinds(actor, m, done, leaderId);
    // What changed since the actor last reviewed: their latest review of an earlier version.
    const mine = reviews.find(
      (r) => r.reviewer_id === actor.id && (m.submitted_version === null || r.version < m.submitted_version),
    );
    const base = mine ? await R.findVersion(this.db, id, mine.version) : undefined;
    const baseline = base ? { version: base.version, body: base.body } : null;
    // Compared for whoever judges it (its reviewers, an office over it), not for every reader.
    const judges =
      review.length > 0 || can(actor, supervisionPolicy, 'issueDown', orgSubject('material', id, m.org_path));
    const similar = judges ? await this.nearCopies(actor, m, latest.body) : [];
    return presentMaterialDetail(m, {
      abilities: this.abilities(actor, m, done, leaderId),
      leader,
      review,
      checklist,
      body: latest.body,
      versions,
      reviews,
      baseline,
      similar,
    });
  }

  /**
   * Near-copies (形式主义): the latest text of up to NEAR_COPY_CANDIDATES recent materials of the
   * same kind in the parent org's subtree that the actor may read, compared by shingles.
   */
  private async nearCopies(actor: Actor, m: MaterialRow, body: string): Promise<SimilarMaterial[]> {
    const mine = shingles(body);
    if (mine.size < 30) return [];
    const parent = await R.parentOf(this.db, m.org_id);
    const rows = await R.nearCopyCandidates(this.db, actor, {
      kind: m.kind,
      excludeId: m.id,
      subtreeOf: parent ?? m.org_id,
      limit: NEAR_COPY_CANDIDATES,
    });
    return rows
      .map((r) => ({
        id: r.id,
        title: r.title,
        orgName: r.org_name,
        authorName: r.author_name,
        similarity: Math.round(textSimilarity(mine, shingles(r.body)) * 100) / 100,
      }))
      .filter((r) => r.similarity >= NEAR_COPY_THRESHOLD)
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, 10);
  }

  async version(actor: Actor, id: number, version: number) {
    const m = await R.loadMaterial(this.db, id);
    if (!m) throw new AppError('NOT_FOUND');
    this.requireRead(actor, m);
    const v = await R.findVersion(this.db, id, version);
    if (!v) throw new AppError('NOT_FOUND');
    return {
      version: v.version,
      body: v.body,
      authorName: v.author_name,
      createdAt: iso(v.created_at)!,
      submitted: v.submitted,
    };
  }

  async create(actor: Actor, input: TCreateMaterial): Promise<MaterialDetailView> {
    const id = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const org = await requireOrg(trx, input.orgId);
      authorize(actor, supervisionPolicy, 'writeMaterial', orgSubject('org', org.id, org.path));
      if (org.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: org.name });
      if (!input.needsLeader && !input.needsTeam)
        throw new AppError('VALIDATION', {}, [{ path: 'needsTeam', message: 'field.required' }]);
      const subject = await this.subject(trx, actor, org, input.subjectMemberId ?? null, input.subjectName);
      if (input.needsLeader)
        await this.requireLeaderReviewer(
          trx,
          { org_id: org.id, org_parent_id: org.parent_id },
          {
            subjectMemberId: subject.memberId ?? actor.memberId,
            authorMemberId: actor.memberId,
          },
        );
      if (input.campaignId) await requireVisibleCampaign(trx, actor, input.campaignId);
      const checklistId = await this.checklists.resolve(trx, org.id, 'review', input.checklistId);
      const id = await R.insertMaterial(trx, {
        orgId: org.id,
        campaignId: input.campaignId ?? null,
        kind: input.kind,
        title: input.title,
        subjectName: subject.name,
        subjectMemberId: subject.memberId,
        checklistId,
        needsLeader: input.needsLeader,
        needsTeam: input.needsTeam,
        authorId: actor.id,
        authorName: actor.displayName,
      });
      await R.insertVersion(trx, {
        materialId: id,
        version: 1,
        body: input.body,
        authorId: actor.id,
        authorName: actor.displayName,
      });
      await audit({
        action: 'material.create',
        entityType: 'material',
        entityId: id,
        orgId: org.id,
        after: {
          ...input,
          subjectName: subject.name,
          subjectMemberId: subject.memberId,
          body: undefined,
          bodyLength: input.body.length,
        },
      });
      return id;
    });
    return this.detail(actor, id);
  }

  /**
   * Whose material it is: with a member id, an active member of the org or of one below it, whose
   * name is the subject's (resolvePersonLinks: 404 out of scope, else PERSON_OUTSIDE_UNIT, 422, as
   * every person on an item); without, the text as given.
   */
  private async subject(
    q: Q,
    actor: Actor,
    unit: { name: string; path: string },
    memberId: number | null,
    name: string,
  ): Promise<{ memberId: number | null; name: string }> {
    if (memberId === null) return { memberId: null, name };
    const names = await resolvePersonLinks(q, actor, unit, [{ memberId, field: 'person.field.subject' }]);
    return { memberId, name: names.get(memberId)! };
  }

  /**
   * A material asking for the leader review needs a leader reviewer who can give it: a member
   * holding the 书记 post (see leaderReviewer) with an active account, who is not its author
   * (nobody passes their own). Otherwise it would wait forever: field.noLeader.
   */
  private async requireLeaderReviewer(
    q: Kysely<DB>,
    org: { org_id: number; org_parent_id: number | null },
    who: { subjectMemberId: number | null; authorMemberId: number | null },
  ): Promise<void> {
    const holders = await R.secretariesOn(
      q,
      org.org_parent_id === null ? [org.org_id] : [org.org_id, org.org_parent_id],
      dateIn(),
    );
    const leader = leaderReviewer(org, who.subjectMemberId, holders);
    const ok =
      leader?.member_id != null &&
      leader.member_id !== who.authorMemberId &&
      (await R.memberHasAccount(q, leader.member_id));
    if (!ok) throw new AppError('VALIDATION', {}, [{ path: 'needsLeader', message: 'field.noLeader' }]);
  }

  private transitionError(actor: Actor, from: string, action: MaterialAction) {
    const L = ENUM_LABELS[actor.locale];
    return new AppError('MATERIAL_TRANSITION', {
      from: L.materialStatus[from] ?? from,
      action: L.materialAction[action],
    });
  }

  /** Refuses an action the transition table does not list from the material's status. */
  private requireListed(actor: Actor, m: MaterialRow, action: MaterialAction) {
    if (materialTransitions(m.status as MaterialStatus, action).length === 0)
      throw this.transitionError(actor, m.status, action);
  }

  /** A save is a new version on top of the one the author started from (never an overwrite). */
  async saveDraft(actor: Actor, id: number, input: TSaveDraft): Promise<MaterialDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const m = await R.loadMaterial(trx, id, true);
      if (!m) throw new AppError('NOT_FOUND');
      this.requireRead(actor, m);
      if (!this.mayEdit(actor, m)) throw new AppError('FORBIDDEN');
      this.requireListed(actor, m, 'save');
      if (input.baseVersion !== m.version)
        throw new AppError('VERSION_CONFLICT', { current: m.version, base: input.baseVersion });
      // A changed subject may change the leader reviewer: one must still exist.
      const changesSubject = input.subjectMemberId !== undefined || input.subjectName !== undefined;
      const subject = changesSubject
        ? await this.subject(
            trx,
            actor,
            { name: m.org_name, path: m.org_path },
            input.subjectMemberId === undefined ? m.subject_member_id : input.subjectMemberId,
            input.subjectName ?? m.subject_name,
          )
        : null;
      if (subject && m.needs_leader)
        await this.requireLeaderReviewer(trx, m, {
          subjectMemberId: subject.memberId ?? m.author_member_id,
          authorMemberId: m.author_member_id,
        });
      const version = m.version + 1;
      await R.insertVersion(trx, {
        materialId: id,
        version,
        body: input.body,
        authorId: actor.id,
        authorName: actor.displayName,
      });
      await R.updateMaterial(trx, id, {
        version,
        ...(input.title ? { title: input.title } : {}),
        ...(subject ? { subject_name: subject.name, subject_member_id: subject.memberId } : {}),
      });
      await audit({
        action: 'material.save',
        entityType: 'material',
        entityId: id,
        orgId: m.org_id,
        before: {
          version: m.version,
          ...(subject ? { subjectName: m.subject_name, subjectMemberId: m.subject_member_id } : {}),
        },
        after: {
          version,
          bodyLength: input.body.length,
          title: input.title,
          ...(subject ? { subjectName: subject.name, subjectMemberId: subject.memberId } : {}),
        },
      });
    });
    return this.detail(actor, id);
  }

  async submit(actor: Actor, id: number): Promise<MaterialDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const m = await R.loadMaterial(trx, id, true);
      if (!m) throw new AppError('NOT_FOUND');
      this.requireRead(actor, m);
      if (!this.mayEdit(actor, m)) throw new AppError('FORBIDDEN');
      this.requireListed(actor, m, 'submit');
      const to = materialTransitions(m.status as MaterialStatus, 'submit')[0].to;
      // A returned version has its verdicts already: only a revised one goes back to the reviewers.
      if (m.status === 'returned' && m.version === m.submitted_version)
        throw new AppError('VALIDATION', {}, [{ path: 'body', message: 'field.unchanged' }]);
      const v = await R.findVersion(trx, id, m.version);
      if (!v?.body.trim()) throw new AppError('VALIDATION', {}, [{ path: 'body', message: 'field.required' }]);
      await R.markSubmitted(trx, id, m.version);
      await R.updateMaterial(trx, id, { status: to, submitted_version: m.version, round: m.round + 1 });
      await audit({
        action: 'material.submit',
        entityType: 'material',
        entityId: id,
        orgId: m.org_id,
        before: { status: m.status },
        after: { status: to, version: m.version, round: m.round + 1 },
      });
    });
    return this.detail(actor, id);
  }

  /**
   * One reviewer's verdict on the version under review, criterion by criterion. Any fail returns
   * the material to its author; it passes once every required reviewer has passed this version.
   */
  async review(actor: Actor, id: number, input: TReview): Promise<MaterialDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const m = await R.loadMaterial(trx, id, true);
      if (!m) throw new AppError('NOT_FOUND');
      this.requireRead(actor, m);
      const subject = orgSubject('material', id, m.org_path);
      if (input.as === 'leader' && !m.needs_leader) throw new AppError('FORBIDDEN');
      if (input.as === 'team' && !m.needs_team) throw new AppError('FORBIDDEN');
      if (input.as === 'team') authorize(actor, supervisionPolicy, 'reviewAsTeam', subject);
      else {
        // The 书记 post holder of today (the parent org's for the secretary's own material), nobody else.
        const holders = await R.secretariesOn(
          trx,
          m.org_parent_id === null ? [m.org_id] : [m.org_id, m.org_parent_id],
          dateIn(),
        );
        const leaderId = leaderReviewer(m, subjectOf(m), holders)?.member_id ?? null;
        if (actor.memberId === null || actor.memberId !== leaderId) throw new AppError('FORBIDDEN');
      }
      if (m.author_id === actor.id) throw new AppError('FORBIDDEN');
      this.requireListed(actor, m, 'review');
      if (input.version !== m.submitted_version)
        throw new AppError('REVIEW_STALE', { version: input.version, current: m.submitted_version ?? 0 });
      const checklist = await this.checklists.get(trx, actor, m.checklist_id);
      const label = (key: string) => itemLabel(actor.locale, checklist.items, key);
      const results = input.results.filter((r) => checklist.items.some((i) => i.key === r.key));
      const outcome = reviewOutcome(checklist.items, results);
      const sep = t(actor.locale, 'sv.separator');
      if (outcome.missing.length)
        throw new AppError('REVIEW_INCOMPLETE', { missing: outcome.missing.map(label).join(sep) });
      // Returning needs a reason (the table's commentRequired): one for each failed criterion.
      const from = m.status as MaterialStatus;
      const silent = results.filter((r) => !r.pass && !r.comment.trim());
      if (silent.length && materialTransition(from, 'review', 'returned')?.commentRequired)
        throw new AppError('REVIEW_FAIL_COMMENT', { criteria: silent.map((r) => label(r.key)).join(sep) });
      if (await R.reviewExists(trx, id, m.submitted_version, input.as))
        throw new AppError('CONFLICT', { what: 'sv.conflict.reviewed' });
      await R.insertReview(trx, {
        materialId: id,
        version: m.submitted_version,
        reviewer: input.as,
        reviewerId: actor.id,
        reviewerName: actor.displayName,
        pass: outcome.pass,
        results,
        comment: input.comment,
      });
      let status: MaterialStatus = 'in_review';
      if (!outcome.pass) status = 'returned';
      else {
        const kinds = await R.passedReviewers(trx, id, m.submitted_version);
        if ((!m.needs_leader || kinds.has('leader')) && (!m.needs_team || kinds.has('team'))) status = 'passed';
      }
      if (!materialTransition(from, 'review', status)) throw this.transitionError(actor, m.status, 'review');
      if (status !== m.status) await R.updateMaterial(trx, id, { status });
      if (status === 'returned' || status === 'passed') {
        // The unit's inbox, and the person it concerns: the author's member, else the subject member.
        await R.notifyOrg(
          trx,
          m.org_id,
          `material_${status}`,
          {
            materialId: id,
            title: m.title,
            version: m.submitted_version,
            reviewer: actor.displayName,
            failed: outcome.failed.map(label),
          },
          m.author_member_id ?? m.subject_member_id,
        );
      }
      await audit({
        action: `material.review`,
        entityType: 'material',
        entityId: id,
        orgId: m.org_id,
        before: { status: m.status },
        after: { status, as: input.as, version: m.submitted_version, pass: outcome.pass, failed: outcome.failed },
      });
    });
    return this.detail(actor, id);
  }
}
