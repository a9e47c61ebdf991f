import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { auditActor, pathWithin, type Actor } from '../../platform/actor.ts';
import { AppError, ScopeDenied } from '../../platform/errors.ts';
import { isRowId } from '../../platform/validation.ts';
import { requireVisibleCampaign } from '../campaigns/campaigns.policy.ts';
import { ENUM_LABELS } from '../../platform/i18n.ts';
import { authorize, can } from '../../platform/policy.ts';
import { withTx } from '../../platform/tx.ts';
import {
  NEAR_COPY_THRESHOLD,
  reviewOutcome,
  shingles,
  textSimilarity,
  type CriterionResult,
  type SimilarMaterial,
  type MaterialDetailView,
  type MaterialKind,
  type MaterialPage,
  type MaterialStatus,
  type MaterialView,
  type ReviewerKind,
} from '../../../shared/supervision.ts';
import type { TCreateMaterial, TMaterialQuery, TReview } from './supervision.schema.ts';
import {
  inRoleScope,
  inSubtree,
  iso,
  orgSubject,
  requireOrg,
  supervisionPolicy,
  type Q,
} from './supervision.policy.ts';
import type { TeamService } from './teams.service.ts';

type MaterialRow = NonNullable<Awaited<ReturnType<MaterialService['load']>>>;
const REVIEW_ACTION: Record<ReviewerKind, 'reviewAsLeader' | 'reviewAsTeam'> = {
  leader: 'reviewAsLeader',
  team: 'reviewAsTeam',
};
/** How many recent materials of the neighbourhood a detail view compares against. */
const NEAR_COPY_CANDIDATES = 300;

/**
 * Material review (审核把关): analysis reports, comparison-check materials, speech outlines,
 * plans, problem lists and minutes are written in versions — every save is a new one, none is
 * overwritten — submitted, and reviewed by the unit's main leader and/or the supervision team
 * against a checklist (the five "not passed" criteria by default). Any failed criterion returns
 * the material; it passes when every required reviewer passes the version under review.
 */
export class MaterialService {
  constructor(
    private db: Kysely<DB>,
    private teams: TeamService,
  ) {}

  private load(q: Q, id: number, lock = false) {
    let qb = q
      .selectFrom('materials as m')
      .innerJoin('orgs as o', 'o.id', 'm.org_id')
      .selectAll('m')
      .select(['o.name as org_name', 'o.path as org_path', 'o.status as org_status'])
      .where('m.id', '=', id);
    if (lock) qb = qb.forUpdate('m');
    return qb.executeTakeFirst();
  }

  private view(r: {
    id: number;
    org_id: number;
    org_name: string;
    campaign_id: number | null;
    kind: string;
    title: string;
    subject_name: string;
    author_name: string;
    status: string;
    needs_leader: boolean;
    needs_team: boolean;
    version: number;
    submitted_version: number | null;
    round: number;
    updated_at: Date;
  }): MaterialView {
    return {
      id: r.id,
      orgId: r.org_id,
      orgName: r.org_name,
      campaignId: r.campaign_id,
      kind: r.kind as MaterialKind,
      title: r.title,
      subjectName: r.subject_name,
      authorName: r.author_name,
      status: r.status as MaterialStatus,
      needsLeader: r.needs_leader,
      needsTeam: r.needs_team,
      version: r.version,
      submittedVersion: r.submitted_version,
      round: r.round,
      updatedAt: iso(r.updated_at)!,
    };
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

  /** The reviewer kinds the actor may act as on this material's version under review. */
  private reviewerKinds(actor: Actor, m: MaterialRow, done: Set<ReviewerKind>): ReviewerKind[] {
    if (m.status !== 'in_review') return [];
    const out: ReviewerKind[] = [];
    const subject = orgSubject('material', m.id, m.org_path);
    // The main leader reviews others' materials; nobody passes their own.
    if (
      m.needs_leader &&
      !done.has('leader') &&
      m.author_id !== actor.id &&
      can(actor, supervisionPolicy, 'reviewAsLeader', subject)
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

  async list(actor: Actor, query: TMaterialQuery): Promise<MaterialPage> {
    const org = await requireOrg(this.db, query.org);
    if (!actor.isAdmin && !actor.grants.some((g) => pathWithin(org.path, g.path) || pathWithin(g.path, org.path)))
      throw new ScopeDenied('read', 'org', org.id);
    let qb = this.db
      .selectFrom('materials as m')
      .innerJoin('orgs as o', 'o.id', 'm.org_id')
      .selectAll('m')
      .select(['o.name as org_name'])
      .where(inSubtree(org.id, 'm.org_id'))
      .where(
        sql<boolean>`(${inRoleScope(actor, ['office', 'supervisor', 'unit_admin'], 'm.org_id')} OR m.author_id = ${actor.id})`,
      );
    if (query.status) qb = qb.where('m.status', '=', query.status);
    if (query.kind) qb = qb.where('m.kind', '=', query.kind);
    if (query.campaignId) qb = qb.where('m.campaign_id', '=', query.campaignId);
    if (query.toReview) {
      const pending = (kind: ReviewerKind) =>
        sql<boolean>`NOT EXISTS (SELECT 1 FROM material_reviews r WHERE r.material_id = m.id AND r.version = m.submitted_version AND r.reviewer = ${kind})`;
      qb = qb
        .where('m.status', '=', 'in_review')
        .where((eb) => eb('m.author_id', 'is', null).or('m.author_id', '!=', actor.id))
        .where(
          sql<boolean>`((m.needs_leader AND ${pending('leader')} AND ${inRoleScope(actor, ['unit_admin'], 'm.org_id')}) OR (m.needs_team AND ${pending('team')} AND ${inRoleScope(actor, ['supervisor'], 'm.org_id')}))`,
        );
    }
    if (query.cursor) {
      const after = Number(query.cursor);
      if (!isRowId(after)) throw new AppError('VALIDATION', {}, [{ path: 'cursor', message: 'field.invalid' }]);
      qb = qb.where('m.id', '<', after);
    }
    const rows = await qb
      .orderBy('m.id', 'desc')
      .limit(query.limit + 1)
      .execute();
    const more = rows.length > query.limit;
    const page = rows.slice(0, query.limit);
    return { rows: page.map((r) => this.view(r)), nextCursor: more ? String(page[page.length - 1].id) : null };
  }

  async detail(actor: Actor, id: number): Promise<MaterialDetailView> {
    const m = await this.load(this.db, id);
    if (!m) throw new AppError('NOT_FOUND');
    this.requireRead(actor, m);
    const [checklist, latest, versions, reviews] = await Promise.all([
      this.teams.checklist(this.db, actor, m.checklist_id),
      this.db
        .selectFrom('material_versions')
        .select('body')
        .where('material_id', '=', id)
        .where('version', '=', m.version)
        .executeTakeFirstOrThrow(),
      this.db
        .selectFrom('material_versions')
        .select(['version', 'author_name', 'created_at', 'submitted'])
        .where('material_id', '=', id)
        .orderBy('version', 'desc')
        .execute(),
      this.db.selectFrom('material_reviews').selectAll().where('material_id', '=', id).orderBy('id', 'desc').execute(),
    ]);
    const done = new Set(
      reviews.filter((r) => r.version === m.submitted_version).map((r) => r.reviewer as ReviewerKind),
    );
    const review = this.reviewerKinds(actor, m, done);
    // What changed since the actor last reviewed: their latest review of an earlier version.
    const mine = reviews.find(
      (r) => r.reviewer_id === actor.id && (m.submitted_version === null || r.version < m.submitted_version),
    );
    const baseline = mine
      ? await this.db
          .selectFrom('material_versions')
          .select(['version', 'body'])
          .where('material_id', '=', id)
          .where('version', '=', mine.version)
          .executeTakeFirstOrThrow()
      : null;
    const editable = (m.status === 'draft' || m.status === 'returned') && this.mayEdit(actor, m);
    // Compared for whoever judges it (its reviewers, an office over it), not for every reader.
    const judges =
      review.length > 0 || can(actor, supervisionPolicy, 'issueDown', orgSubject('material', id, m.org_path));
    const similar = judges ? await this.nearCopies(actor, m, latest.body) : [];
    return {
      ...this.view(m),
      checklist,
      body: latest.body,
      versions: versions.map((v) => ({
        version: v.version,
        authorName: v.author_name,
        createdAt: iso(v.created_at)!,
        submitted: v.submitted,
      })),
      reviews: reviews.map((r) => ({
        id: r.id,
        version: r.version,
        reviewer: r.reviewer as ReviewerKind,
        reviewerName: r.reviewer_name,
        pass: r.pass,
        results: (typeof r.results === 'string' ? JSON.parse(r.results) : r.results) as CriterionResult[],
        comment: r.comment,
        createdAt: iso(r.created_at)!,
      })),
      baseline,
      similar,
      can: { edit: editable, submit: editable, review },
    };
  }

  /**
   * Near-copies (形式主义): the latest text of up to NEAR_COPY_CANDIDATES recent materials of the
   * same kind in the parent org's subtree that the actor may read, compared by shingles.
   */
  private async nearCopies(actor: Actor, m: MaterialRow, body: string): Promise<SimilarMaterial[]> {
    const mine = shingles(body);
    if (mine.size < 30) return [];
    const org = await this.db
      .selectFrom('orgs')
      .select(['parent_id'])
      .where('id', '=', m.org_id)
      .executeTakeFirstOrThrow();
    const rows = await this.db
      .selectFrom('materials as c')
      .innerJoin('orgs as o', 'o.id', 'c.org_id')
      .innerJoin('material_versions as v', (j) =>
        j.onRef('v.material_id', '=', 'c.id').onRef('v.version', '=', 'c.version'),
      )
      .select(['c.id', 'c.title', 'c.author_name', 'o.name as org_name', 'v.body'])
      .where('c.kind', '=', m.kind)
      .where('c.id', '!=', m.id)
      .where(inSubtree(org.parent_id ?? m.org_id, 'c.org_id'))
      .where(inRoleScope(actor, ['office', 'supervisor', 'unit_admin'], 'c.org_id'))
      .orderBy('c.id', 'desc')
      .limit(NEAR_COPY_CANDIDATES)
      .execute();
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
    const m = await this.load(this.db, id);
    if (!m) throw new AppError('NOT_FOUND');
    this.requireRead(actor, m);
    const v = await this.db
      .selectFrom('material_versions')
      .selectAll()
      .where('material_id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
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
      if (input.needsLeader) {
        // Somebody other than the author must be able to review as the unit's main leader, or the
        // material would wait forever (a secretary's own report goes to the team only).
        const leader = await trx
          .selectFrom('grants as g')
          .innerJoin('users as u', 'u.id', 'g.user_id')
          .select('g.id')
          .where('g.role', '=', 'unit_admin')
          .where('u.status', '=', 'active')
          .where('u.id', '!=', actor.id)
          .where('g.org_id', 'in', (eb) =>
            eb.selectFrom('org_closure').select('ancestor_id').where('descendant_id', '=', org.id),
          )
          .executeTakeFirst();
        if (!leader) throw new AppError('VALIDATION', {}, [{ path: 'needsLeader', message: 'field.noLeader' }]);
      }
      if (input.campaignId) await requireVisibleCampaign(trx, actor, input.campaignId);
      const checklistId = await this.teams.resolveChecklist(trx, org.id, 'review', input.checklistId);
      const m = await trx
        .insertInto('materials')
        .values({
          org_id: org.id,
          campaign_id: input.campaignId ?? null,
          kind: input.kind,
          title: input.title,
          subject_name: input.subjectName,
          checklist_id: checklistId,
          needs_leader: input.needsLeader,
          needs_team: input.needsTeam,
          author_id: actor.id,
          author_name: actor.displayName,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('material_versions')
        .values({
          material_id: m.id,
          version: 1,
          body: input.body,
          author_id: actor.id,
          author_name: actor.displayName,
        })
        .execute();
      await audit({
        action: 'material.create',
        entityType: 'material',
        entityId: m.id,
        orgId: org.id,
        after: { ...input, body: undefined, bodyLength: input.body.length },
      });
      return m.id;
    });
    return this.detail(actor, id);
  }

  private transitionError(actor: Actor, from: string, action: 'save' | 'submit' | 'review') {
    const L = ENUM_LABELS[actor.locale];
    return new AppError('MATERIAL_TRANSITION', {
      from: L.materialStatus[from] ?? from,
      action: L.materialAction[action],
    });
  }

  /** A save is a new version on top of the one the author started from (never an overwrite). */
  async saveDraft(
    actor: Actor,
    id: number,
    input: { baseVersion: number; body: string; title?: string },
  ): Promise<MaterialDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const m = await this.load(trx, id, true);
      if (!m) throw new AppError('NOT_FOUND');
      this.requireRead(actor, m);
      if (!this.mayEdit(actor, m)) throw new AppError('FORBIDDEN');
      if (m.status !== 'draft' && m.status !== 'returned') throw this.transitionError(actor, m.status, 'save');
      if (input.baseVersion !== m.version)
        throw new AppError('VERSION_CONFLICT', { current: m.version, base: input.baseVersion });
      const version = m.version + 1;
      await trx
        .insertInto('material_versions')
        .values({ material_id: id, version, body: input.body, author_id: actor.id, author_name: actor.displayName })
        .execute();
      await trx
        .updateTable('materials')
        .set({ version, ...(input.title ? { title: input.title } : {}), updated_at: new Date() })
        .where('id', '=', id)
        .execute();
      await audit({
        action: 'material.save',
        entityType: 'material',
        entityId: id,
        orgId: m.org_id,
        before: { version: m.version },
        after: { version, bodyLength: input.body.length, title: input.title },
      });
    });
    return this.detail(actor, id);
  }

  async submit(actor: Actor, id: number): Promise<MaterialDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const m = await this.load(trx, id, true);
      if (!m) throw new AppError('NOT_FOUND');
      this.requireRead(actor, m);
      if (!this.mayEdit(actor, m)) throw new AppError('FORBIDDEN');
      if (m.status !== 'draft' && m.status !== 'returned') throw this.transitionError(actor, m.status, 'submit');
      // A returned version has its verdicts already: only a revised one goes back to the reviewers.
      if (m.status === 'returned' && m.version === m.submitted_version)
        throw new AppError('VALIDATION', {}, [{ path: 'body', message: 'field.unchanged' }]);
      const v = await trx
        .selectFrom('material_versions')
        .select('body')
        .where('material_id', '=', id)
        .where('version', '=', m.version)
        .executeTakeFirstOrThrow();
      if (!v.body.trim()) throw new AppError('VALIDATION', {}, [{ path: 'body', message: 'field.required' }]);
      await trx
        .updateTable('material_versions')
        .set({ submitted: true })
        .where('material_id', '=', id)
        .where('version', '=', m.version)
        .execute();
      await trx
        .updateTable('materials')
        .set({ status: 'in_review', submitted_version: m.version, round: m.round + 1, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
      await audit({
        action: 'material.submit',
        entityType: 'material',
        entityId: id,
        orgId: m.org_id,
        before: { status: m.status },
        after: { status: 'in_review', version: m.version, round: m.round + 1 },
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
      const m = await this.load(trx, id, true);
      if (!m) throw new AppError('NOT_FOUND');
      this.requireRead(actor, m);
      const subject = orgSubject('material', id, m.org_path);
      if (input.as === 'leader' && !m.needs_leader) throw new AppError('FORBIDDEN');
      if (input.as === 'team' && !m.needs_team) throw new AppError('FORBIDDEN');
      authorize(actor, supervisionPolicy, REVIEW_ACTION[input.as], subject);
      if (m.author_id === actor.id) throw new AppError('FORBIDDEN');
      if (m.status !== 'in_review') throw this.transitionError(actor, m.status, 'review');
      if (input.version !== m.submitted_version)
        throw new AppError('REVIEW_STALE', { version: input.version, current: m.submitted_version ?? 0 });
      const checklist = await this.teams.checklist(trx, actor, m.checklist_id);
      const label = (key: string) => {
        const item = checklist.items.find((i) => i.key === key);
        return item ? (actor.locale === 'en' ? item.en || item.zh : item.zh) : key;
      };
      const results = input.results.filter((r) => checklist.items.some((i) => i.key === r.key));
      const outcome = reviewOutcome(checklist.items, results);
      const sep = actor.locale === 'en' ? '; ' : '；';
      if (outcome.missing.length)
        throw new AppError('REVIEW_INCOMPLETE', { missing: outcome.missing.map(label).join(sep) });
      const silent = results.filter((r) => !r.pass && !r.comment.trim());
      if (silent.length)
        throw new AppError('REVIEW_FAIL_COMMENT', { criteria: silent.map((r) => label(r.key)).join(sep) });
      const already = await trx
        .selectFrom('material_reviews')
        .select('id')
        .where('material_id', '=', id)
        .where('version', '=', m.submitted_version)
        .where('reviewer', '=', input.as)
        .executeTakeFirst();
      if (already)
        throw new AppError('CONFLICT', {
          what: actor.locale === 'en' ? 'this version has been reviewed already' : '该稿已审核',
        });
      await trx
        .insertInto('material_reviews')
        .values({
          material_id: id,
          version: m.submitted_version,
          reviewer: input.as,
          reviewer_id: actor.id,
          reviewer_name: actor.displayName,
          pass: outcome.pass,
          results: JSON.stringify(results),
          comment: input.comment,
        })
        .execute();
      let status: MaterialStatus = 'in_review';
      if (!outcome.pass) status = 'returned';
      else {
        const passed = await trx
          .selectFrom('material_reviews')
          .select('reviewer')
          .where('material_id', '=', id)
          .where('version', '=', m.submitted_version)
          .where('pass', '=', true)
          .execute();
        const kinds = new Set(passed.map((p) => p.reviewer));
        if ((!m.needs_leader || kinds.has('leader')) && (!m.needs_team || kinds.has('team'))) status = 'passed';
      }
      if (status !== m.status)
        await trx.updateTable('materials').set({ status, updated_at: new Date() }).where('id', '=', id).execute();
      if (status === 'returned' || status === 'passed') {
        await trx
          .insertInto('notifications')
          .values({
            org_id: m.org_id,
            kind: `material_${status}`,
            params: JSON.stringify({
              materialId: id,
              title: m.title,
              version: m.submitted_version,
              reviewer: actor.displayName,
              failed: outcome.failed.map(label),
            }),
          })
          .execute();
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
