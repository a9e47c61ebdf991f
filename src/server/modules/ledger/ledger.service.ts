import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Q } from '../../db/database.ts';
import type { DB } from '../../db/types.ts';
import { auditActor, type Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { isRealDate, isRowId } from '../../platform/validation.ts';
import { requireVisibleCampaign } from '../campaigns/campaigns.policy.ts';
import { authorize, can } from '../../platform/policy.ts';
import { withTx, type TxContext } from '../../platform/tx.ts';
import { dateIn } from '../../platform/dates.ts';
import { mimeFor } from '../../platform/files.ts';
import { decodeAfter, pageOf } from '../../platform/paging.ts';
import { ENUM_LABELS, t } from '../../platform/i18n.ts';
import {
  FIVE_CLEAR,
  fiveClearMissing,
  findTransition,
  type LedgerSummaryView,
  type ProblemAction,
  type ProblemDetailView,
  type ProblemPage,
} from '../../../shared/ledger.ts';
import { findOrg } from '../orgs/orgs.repository.ts';
import { resolvePersonLinks, type PersonLink } from '../members/members.service.ts';
import * as repo from './ledger.repository.ts';
import { isResponsible, ledgerAbilities, problemAbilities, problemPolicy, problemSubject } from './ledger.policy.ts';
import { presentFigures, presentProblem, presentProblemDetail } from './ledger.presenter.ts';
import type { TCreateProblem, TProblemQuery, TUpdateProblem } from '../../../shared/schemas/ledger.ts';

type ProblemWithOrg = repo.ProblemWithOrg;

/**
 * The sort value of an `after` key must be one the column holds, or the database refuses it:
 * a real date for the deadline order, an org id for the ledger (序号) order, none for newest first.
 */
const afterCheck =
  (sort: repo.ProblemSort) =>
  (v: string | number | null): boolean =>
    sort === 'deadline'
      ? typeof v === 'string' && isRealDate(v)
      : sort === 'seq'
        ? typeof v === 'number' && isRowId(v)
        : v === null;

/**
 * The problem ledger: problems at every level, their rectification along the transition table,
 * evidence versions, and subtree roll-ups read from counters. Every write is one transaction with
 * its audit event and its history event.
 */
export class LedgerService {
  constructor(
    private db: Kysely<DB>,
    /** Today's date in the office time zone; tests pin it. */
    private today: () => string = () => dateIn(),
  ) {}

  private async requireOrg(q: Q, actor: Actor, orgId: number, action: 'read' | 'create') {
    const org = await findOrg(q, orgId);
    if (!org) throw new AppError('NOT_FOUND');
    authorize(actor, problemPolicy, action, problemSubject({ id: null, org_path: org.path }));
    return org;
  }

  // ---------- reads ----------

  async detail(actor: Actor, id: number): Promise<ProblemDetailView> {
    const p = await repo.findProblem(this.db, id);
    if (!p) throw new AppError('NOT_FOUND');
    authorize(actor, problemPolicy, 'read', problemSubject(p));
    const parts = await repo.problemParts(this.db, id);
    const sentDownFrom = p.sent_down_from ? ((await findOrg(this.db, p.sent_down_from))?.name ?? null) : null;
    return presentProblemDetail(p, parts, {
      today: this.today(),
      abilities: problemAbilities(actor, p),
      sentDownFrom,
    });
  }

  /**
   * One page of an org's ledger (its subtree by default), filtered, keyset-paged by an opaque
   * `after` key (the sort value and id of the last row), with the filtered total.
   */
  async list(actor: Actor, query: TProblemQuery): Promise<ProblemPage> {
    const org = await this.requireOrg(this.db, actor, query.org, 'read');
    const today = this.today();
    const after = decodeAfter(query.after, afterCheck(query.sort));
    const filter: repo.ProblemFilter = {
      status: query.status,
      kind: query.kind,
      category: query.category,
      source: query.source,
      campaignId: query.campaignId,
      overdue: query.overdue,
      responsible: query.responsible,
      today,
    };
    // The total: from the subtree counters when they cover the filters (a province's ledger has
    // millions of rows), otherwise counted.
    const total =
      query.subtree && !query.source && !query.responsible
        ? await repo.countProblemsFromStats(this.db, org.id, filter)
        : await repo.countProblems(this.db, org.id, query.subtree, filter);
    const rows = await repo.problemRows(this.db, {
      orgId: org.id,
      subtree: query.subtree,
      filter,
      sort: query.sort,
      after,
      limit: query.limit + 1,
    });
    // The units' names and paths, read for the page's rows only.
    const orgs = await repo.orgLabels(this.db, [...new Set(rows.slice(0, query.limit).map((r) => r.org_id))]);
    const page = pageOf(
      rows,
      query.limit,
      (last) => repo.problemKey(query.sort, last),
      (r) => {
        const o = orgs.get(r.org_id);
        return presentProblem(
          { ...r, org_name: o?.name ?? '' },
          today,
          problemAbilities(actor, { ...r, org_path: o?.path ?? '' }),
        );
      },
      { total },
    );
    return { ...page, total };
  }

  /** Roll-up figures of an org's subtree and of each child, read from the counters. */
  async summary(actor: Actor, orgId: number, campaignId?: number): Promise<LedgerSummaryView> {
    const org = await this.requireOrg(this.db, actor, orgId, 'read');
    const children = await repo.activeChildren(this.db, orgId);
    const ids = [orgId, ...children.map((c) => c.id)];
    const figures = presentFigures(ids, await repo.figureRows(this.db, ids, this.today(), campaignId));
    const parent = org.parent_id ? await findOrg(this.db, org.parent_id) : undefined;
    const parentVisible =
      parent && can(actor, problemPolicy, 'read', problemSubject({ id: null, org_path: parent.path }));
    return {
      org: { id: org.id, name: org.name, level: org.level },
      abilities: ledgerAbilities(actor, org),
      parent: parentVisible && parent ? { id: parent.id, name: parent.name } : null,
      figures: figures.get(orgId)!,
      children: children.map((c) => ({
        org: { id: c.id, name: c.name, level: c.level, hasChildren: c.has_children },
        figures: figures.get(c.id)!,
      })),
    };
  }

  // ---------- writes ----------

  async create(actor: Actor, input: TCreateProblem): Promise<ProblemDetailView> {
    const id = await withTx(this.db, auditActor(actor), async (ctx) => {
      if (input.campaignId) await requireVisibleCampaign(ctx.trx, actor, input.campaignId);
      return this.createIn(ctx, actor, input);
    });
    return this.detail(actor, id);
  }

  /** Records a problem inside a caller's transaction (a look-back finding, say); returns its id. */
  async createIn({ trx, audit }: TxContext, actor: Actor, input: TCreateProblem): Promise<number> {
    const org = await this.requireOrg(trx, actor, input.orgId, 'create');
    if (org.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: org.name });
    const names = await this.personNames(trx, actor, org, input);
    const leader = linkedText(names, input.responsibleLeaderMemberId, input.responsibleLeader);
    const person = linkedText(names, input.responsiblePersonMemberId, input.responsiblePerson);
    const [pid] = await repo.insertProblems(trx, org.id, [
      {
        org_id: org.id,
        campaign_id: input.campaignId ?? null,
        source: input.source,
        category: input.category,
        subject: input.subject,
        subject_name: input.subjectName,
        description: input.description,
        standard: input.standard,
        responsible_leader: leader.text,
        responsible_leader_member_id: leader.memberId ?? null,
        responsible_dept: input.responsibleDept,
        responsible_person: person.text,
        responsible_person_member_id: person.memberId ?? null,
        kind: input.kind,
        deadline: input.deadline ?? null,
        remark: input.remark,
        sent_down_from: this.sentDownFrom(actor, org.path, input.source),
        created_by: actor.id,
        measures: input.measures && linkedMeasures(names, input.measures),
        milestones: input.milestones?.map((m) => ({ title: m.title, due_date: m.dueDate })),
      },
    ]);
    await repo.insertProblemEvents(trx, [pid], 'create', { id: actor.id, name: actor.displayName }, 'draft');
    await audit({ action: 'problem.create', entityType: 'problem', entityId: pid, orgId: org.id, after: input });
    return pid;
  }

  /**
   * A problem a higher level feeds back or a supervision team finds (e.g. the 18 problems a
   * provincial group fed back, assigned to units) records the level it came from: the actor's
   * deepest granted org strictly above the unit.
   */
  private sentDownFrom(actor: Actor, unitPath: string, source: string): number | null {
    if (source !== 'higher_level' && source !== 'supervision') return null;
    const above = actor.grants
      .filter((g) => unitPath.startsWith(`${g.path}.`))
      .sort((a, b) => b.path.length - a.path.length)[0];
    return above?.orgId ?? null;
  }

  /**
   * The members a request names as persons (责任领导, 责任人, measures' owners), checked against the
   * problem's unit: out of the actor's sight 404, not an active member of the unit or below 422.
   */
  private async personNames(
    trx: Q,
    actor: Actor,
    unit: { name: string; path: string },
    input: Pick<TUpdateProblem, 'responsibleLeaderMemberId' | 'responsiblePersonMemberId' | 'measures'>,
  ): Promise<Map<number, string>> {
    const links: PersonLink[] = [];
    if (input.responsibleLeaderMemberId)
      links.push({ memberId: input.responsibleLeaderMemberId, field: 'person.field.leader' });
    if (input.responsiblePersonMemberId)
      links.push({ memberId: input.responsiblePersonMemberId, field: 'person.field.person' });
    for (const m of input.measures ?? [])
      if (m.ownerMemberId) links.push({ memberId: m.ownerMemberId, field: 'person.field.measureOwner' });
    return links.length ? resolvePersonLinks(trx, actor, unit, links) : new Map();
  }

  /** Changes a draft's particulars (measures and milestones are replaced when given). */
  async update(actor: Actor, id: number, input: TUpdateProblem): Promise<ProblemDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const p = await repo.findProblem(trx, id, true);
      if (!p) throw new AppError('NOT_FOUND');
      authorize(actor, problemPolicy, 'edit', problemSubject(p));
      if (p.status !== 'draft') throw new AppError('PROBLEM_NOT_DRAFT');
      if (input.campaignId) await requireVisibleCampaign(trx, actor, input.campaignId);
      const names = await this.personNames(trx, actor, { name: p.org_name, path: p.org_path }, input);
      // A link given sets the name; a new name without one is a different person (the link goes).
      const relink = (memberId: number | null | undefined, text: string | undefined, current: string) =>
        memberId !== undefined
          ? linkedText(names, memberId, text ?? current)
          : text !== undefined && text !== current
            ? { text, memberId: null }
            : { text, memberId: undefined };
      const leader = relink(input.responsibleLeaderMemberId, input.responsibleLeader, p.responsible_leader);
      const person = relink(input.responsiblePersonMemberId, input.responsiblePerson, p.responsible_person);
      const set = stripUndefined({
        campaign_id: input.campaignId,
        source: input.source,
        category: input.category,
        subject: input.subject,
        subject_name: input.subjectName,
        description: input.description,
        standard: input.standard,
        responsible_leader: leader.text,
        responsible_leader_member_id: leader.memberId,
        responsible_dept: input.responsibleDept,
        responsible_person: person.text,
        responsible_person_member_id: person.memberId,
        kind: input.kind,
        deadline: input.deadline,
        remark: input.remark,
      });
      await repo.withProblemStats(trx, repo.problemIs(id), () =>
        repo.updateProblem(trx, id, { ...set, updated_at: new Date() }),
      );
      if (input.measures) await repo.replaceMeasures(trx, id, linkedMeasures(names, input.measures));
      if (input.milestones) await repo.replaceMilestones(trx, id, input.milestones);
      await audit({
        action: 'problem.update',
        entityType: 'problem',
        entityId: id,
        orgId: p.org_id,
        before: pick(p, Object.keys(set)),
        after: input,
      });
    });
    return this.detail(actor, id);
  }

  /** The unit's running text while rectifying: progress (完成情况) and effect (成效). */
  async saveProgress(
    actor: Actor,
    id: number,
    input: { progress?: string; effect?: string },
  ): Promise<ProblemDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const p = await repo.findProblem(trx, id, true);
      if (!p) throw new AppError('NOT_FOUND');
      // The responsible person writes the progress of their own problem (isResponsible).
      if (!isResponsible(actor, p)) authorize(actor, problemPolicy, 'edit', problemSubject(p));
      if (p.status === 'closed' || p.status === 'awaiting')
        throw new AppError(
          p.status === 'closed' ? 'PROBLEM_CLOSED' : 'PROBLEM_TRANSITION',
          this.transitionParams(actor, p.status, 'report'),
        );
      const set = stripUndefined({ progress: input.progress, effect: input.effect });
      await repo.updateProblem(trx, id, { ...set, updated_at: new Date() });
      await audit({
        action: 'problem.progress',
        entityType: 'problem',
        entityId: id,
        orgId: p.org_id,
        before: pick(p, Object.keys(set)),
        after: set,
      });
    });
    return this.detail(actor, id);
  }

  private transitionParams(actor: Actor, from: string, action: string) {
    const L = ENUM_LABELS[actor.locale];
    return { from: L.problemStatus[from] ?? from, action: L.problemAction[action] ?? action };
  }

  /** Moves a problem along the transition table; anything not in it, or unguarded, is refused. */
  async transition(
    actor: Actor,
    id: number,
    action: ProblemAction,
    comment: string | undefined,
  ): Promise<ProblemDetailView> {
    await withTx(this.db, auditActor(actor), (ctx) => this.transitionIn(ctx, actor, id, action, comment));
    return this.detail(actor, id);
  }

  /** One step along the table inside a caller's transaction (a look-back finding re-opens, say). */
  async transitionIn(
    { trx, audit }: TxContext,
    actor: Actor,
    id: number,
    action: ProblemAction,
    comment: string | undefined,
  ): Promise<void> {
    const p = await repo.findProblem(trx, id, true);
    if (!p) throw new AppError('NOT_FOUND');
    const tr = findTransition(p.status, action, p.kind);
    const by = tr?.by ?? (['verify', 'return', 'reopen'].includes(action) ? 'verifier' : 'unit');
    // The responsible person reports progress on their own problem; every other step is the policy's.
    if (!(action === 'report' && isResponsible(actor, p)))
      authorize(actor, problemPolicy, by === 'verifier' ? 'verify' : 'edit', problemSubject(p));
    if (!tr) throw new AppError('PROBLEM_TRANSITION', this.transitionParams(actor, p.status, action));
    if (tr.commentRequired && !comment) throw new AppError('COMMENT_REQUIRED');
    await this.guard(trx, actor, p, action);

    const now = new Date();
    const cycle = action === 'reopen' ? p.cycle + 1 : p.cycle;
    await repo.withProblemStats(trx, repo.problemIs(id), () =>
      repo.updateProblem(trx, id, {
        status: tr.to,
        cycle,
        updated_at: now,
        ...(action === 'verify' ? { closed_at: now } : {}),
        ...(action === 'reopen' ? { closed_at: null } : {}),
        ...(action === 'report' && comment ? { progress: comment } : {}),
      }),
    );
    if (action === 'verify') await repo.verifyEvidence(trx, id, p.cycle, actor.id, now);
    // A new cycle: milestones are to be done again; earlier evidence stays, with its cycle.
    if (action === 'reopen') await repo.resetMilestones(trx, id);
    await repo.insertProblemEvent(trx, {
      problem_id: id,
      cycle,
      action,
      from_status: p.status,
      to_status: tr.to,
      comment: comment ?? null,
      actor_id: actor.id,
      actor_name: actor.displayName,
    });
    // Who hears of it: the verifying level when the unit asks, the unit on a decision.
    const notifyOrg =
      tr.by === 'unit'
        ? action === 'finish'
          ? p.org_id && (await findOrg(trx, p.org_id))?.parent_id
          : null
        : p.org_id;
    if (notifyOrg) {
      await repo.insertNotification(trx, {
        org_id: notifyOrg,
        kind: `problem_${action}`,
        params: JSON.stringify({
          unit: p.org_name,
          problemId: id,
          seq: p.seq,
          description: p.description.slice(0, 60),
          comment: comment ?? null,
        }),
      });
      // A decision on the unit's problem also reaches its responsible person, when linked.
      if (notifyOrg === p.org_id && p.responsible_person_member_id)
        await repo.insertNotification(trx, {
          org_id: p.org_id,
          member_id: p.responsible_person_member_id,
          kind: `problem_${action}`,
          params: JSON.stringify({
            unit: p.org_name,
            problemId: id,
            seq: p.seq,
            description: p.description.slice(0, 60),
            comment: comment ?? null,
          }),
        });
    }
    await audit({
      action: `problem.${action}`,
      entityType: 'problem',
      entityId: id,
      orgId: p.org_id,
      before: { status: p.status, cycle: p.cycle },
      after: { status: tr.to, cycle, comment: comment ?? null },
    });
  }

  /** The guards of the table: five clear to leave draft; evidence, effect and milestones to finish. */
  private async guard(trx: Q, actor: Actor, p: ProblemWithOrg, action: ProblemAction) {
    const L = ENUM_LABELS[actor.locale];
    const sep = t(actor.locale, 'ledger.listSep');
    if (action === 'confirm') {
      const n = await repo.countMeasuresAndMilestones(trx, p.id);
      const missing = fiveClearMissing({
        description: p.description,
        responsible_leader: p.responsible_leader,
        responsible_person: p.responsible_person,
        standard: p.standard,
        measures: n.measures,
        kind: p.kind,
        deadline: p.deadline,
        milestones: n.milestones,
      });
      if (missing.length)
        throw new AppError('PROBLEM_INCOMPLETE', { missing: missing.map((k) => L.fiveClear[k]).join(sep) });
    }
    if (action === 'finish') {
      if (!(await repo.hasEvidence(trx, { problemId: p.id }, p.cycle))) throw new AppError('PROBLEM_NO_EVIDENCE');
      if (!p.effect.trim()) throw new AppError('PROBLEM_NO_EFFECT');
      if (p.kind !== 'immediate') {
        const open = await repo.openMilestoneTitles(trx, p.id);
        if (open.length) throw new AppError('PROBLEM_MILESTONES_OPEN', { count: open.length, titles: open.join(sep) });
      }
    }
  }

  /** Marks a milestone done (or not) while rectifying; a phased milestone needs its evidence first. */
  async setMilestone(
    actor: Actor,
    id: number,
    milestoneId: number,
    input: { done: boolean; note: string },
  ): Promise<ProblemDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const p = await repo.findProblem(trx, id, true);
      if (!p) throw new AppError('NOT_FOUND');
      if (!isResponsible(actor, p)) authorize(actor, problemPolicy, 'edit', problemSubject(p));
      if (p.status !== 'in_progress')
        throw new AppError('PROBLEM_TRANSITION', this.transitionParams(actor, p.status, 'report'));
      const m = await repo.findMilestone(trx, id, milestoneId);
      if (!m) throw new AppError('NOT_FOUND');
      if (input.done && !(await repo.hasEvidence(trx, { milestoneId }, p.cycle)))
        throw new AppError('PROBLEM_NO_EVIDENCE');
      await repo.setMilestoneDone(trx, milestoneId, input.done, input.note);
      await repo.insertProblemEvent(trx, {
        problem_id: id,
        cycle: p.cycle,
        action: input.done ? 'milestone_done' : 'milestone_undone',
        from_status: p.status,
        to_status: p.status,
        comment: `${m.title}${input.note ? `：${input.note}` : ''}`,
        actor_id: actor.id,
        actor_name: actor.displayName,
      });
      await audit({
        action: 'problem.milestone',
        entityType: 'problem',
        entityId: id,
        orgId: p.org_id,
        before: { milestone: milestoneId, done: !!m.done_at },
        after: { milestone: milestoneId, done: input.done, note: input.note },
      });
    });
    return this.detail(actor, id);
  }

  /**
   * Stores one evidence file (by its SHA-256, once) as a new version: re-uploading a file of the
   * same name in the same cycle adds version n+1 and keeps the earlier ones.
   */
  async addEvidence(
    actor: Actor,
    id: number,
    file: { filename: string; content: Buffer },
    meta: { milestoneId?: number; note?: string },
  ): Promise<ProblemDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const p = await repo.findProblem(trx, id, true);
      if (!p) throw new AppError('NOT_FOUND');
      if (!isResponsible(actor, p)) authorize(actor, problemPolicy, 'edit', problemSubject(p));
      if (p.status !== 'pending' && p.status !== 'in_progress')
        throw new AppError('PROBLEM_TRANSITION', this.transitionParams(actor, p.status, 'report'));
      if (meta.milestoneId && !(await repo.findMilestone(trx, id, meta.milestoneId))) throw new AppError('NOT_FOUND');
      const mime = mimeFor(file.filename);
      const sha256 = createHash('sha256').update(file.content).digest('hex');
      await repo.storeBlob(trx, sha256, file.content);
      const version = (await repo.lastEvidenceVersion(trx, id, p.cycle, file.filename)) + 1;
      const evidenceId = await repo.insertEvidence(trx, {
        problem_id: id,
        cycle: p.cycle,
        milestone_id: meta.milestoneId ?? null,
        sha256,
        filename: file.filename.slice(0, 255),
        mime,
        size: file.content.length,
        version,
        note: meta.note ?? '',
        created_by: actor.id,
      });
      await repo.insertProblemEvent(trx, {
        problem_id: id,
        cycle: p.cycle,
        action: 'evidence',
        from_status: p.status,
        to_status: p.status,
        comment: `${file.filename} v${version}`,
        actor_id: actor.id,
        actor_name: actor.displayName,
      });
      await audit({
        action: 'problem.evidence',
        entityType: 'problem',
        entityId: id,
        orgId: p.org_id,
        after: { evidence: evidenceId, file: file.filename, sha256, size: file.content.length, version },
      });
    });
    return this.detail(actor, id);
  }

  async readEvidence(actor: Actor, id: number, evidenceId: number) {
    const p = await repo.findProblem(this.db, id);
    if (!p) throw new AppError('NOT_FOUND');
    authorize(actor, problemPolicy, 'read', problemSubject(p));
    const e = await repo.findEvidenceFile(this.db, id, evidenceId);
    if (!e) throw new AppError('NOT_FOUND');
    return e;
  }
}

/** A person's text and link: with a member, their name; otherwise the text as written. */
function linkedText(
  names: Map<number, string>,
  memberId: number | null | undefined,
  text: string | undefined,
): { text: string | undefined; memberId: number | null | undefined } {
  if (memberId) return { text: names.get(memberId)!, memberId };
  return { text, memberId: memberId === null ? null : undefined };
}

function linkedMeasures<M extends { owner: string; ownerMemberId?: number | null }>(
  names: Map<number, string>,
  measures: M[],
): M[] {
  return measures.map((m) => (m.ownerMemberId ? { ...m, owner: names.get(m.ownerMemberId)! } : m));
}

function stripUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function pick(o: Record<string, unknown>, keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

export { FIVE_CLEAR };
