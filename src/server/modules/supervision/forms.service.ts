import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import { auditActor, pathWithin, type Actor } from '../../platform/actor.ts';
import type { AuditInput } from '../../platform/audit.ts';
import { addDays, dateIn, formatDate } from '../../platform/dates.ts';
import { AppError, ScopeDenied } from '../../platform/errors.ts';
import { isRowId } from '../../platform/validation.ts';
import { ENUM_LABELS, t } from '../../platform/i18n.ts';
import { can, canSee, type Subject } from '../../platform/policy.ts';
import { withTx } from '../../platform/tx.ts';
import {
  FORM_TRANSITIONS,
  UPWARD_FORMS,
  type FormAction,
  type FormDetailView,
  type FormKind,
  type FormStatus,
  type FormView,
} from '../../../shared/supervision.ts';
import type { ProblemStatus } from '../../../shared/ledger.ts';
import type { TCreateForm, TFormQuery, TUpdateForm } from './supervision.schema.ts';
import {
  inRoleScope,
  inSubtree,
  iso,
  seenBelow,
  orgSubject,
  requireOrg,
  supervisionPolicy,
  type Q,
  type SupervisionAction,
} from './supervision.policy.ts';

type FormRow = NonNullable<Awaited<ReturnType<FormService['load']>>>;

/** Days a proposed criticism gives the unit to rectify, counted from the day it is proposed. */
export const CRITICISM_GRACE_DAYS = 14;

/**
 * The three systems and five forms (三制五单). Units pre-report the problems they find and report
 * those resolved; offices and teams order rectification by a date and judge the replies; past
 * the deadline an open order escalates — first a proposed criticism notice (通报批评单), then,
 * if the criticism's own deadline passes too, a proposed organization adjustment (组织调整建议单).
 * Proposals wait on the office's desk: only a person issues them, with a number (文号).
 */
export class FormService {
  constructor(private db: Kysely<DB>) {}

  private base(q: Q) {
    return q
      .selectFrom('supervision_forms as f')
      .innerJoin('orgs as io', 'io.id', 'f.issuer_org_id')
      .innerJoin('orgs as so', 'so.id', 'f.subject_org_id')
      .leftJoin('orgs as ro', 'ro.id', 'f.recipient_org_id')
      .leftJoin('supervision_teams as tm', 'tm.id', 'f.team_id')
      .leftJoin('supervision_forms as ef', 'ef.id', 'f.escalated_from_id')
      .selectAll('f')
      .select([
        'ef.number as escalated_from_number',
        'ef.title as escalated_from_title',
        'io.name as issuer_name',
        'io.path as issuer_path',
        'so.name as subject_name',
        'so.path as subject_path',
        'ro.name as recipient_org_name',
        'ro.path as recipient_path',
        'tm.name as team_name',
      ]);
  }

  private load(q: Q, id: number, lock = false) {
    let qb = this.base(q).where('f.id', '=', id);
    if (lock) qb = qb.forUpdate('f');
    return qb.executeTakeFirst();
  }

  private view(r: FormRow, today: string): FormView {
    const open = r.kind === 'order' && ['issued', 'rejected', 'answered'].includes(r.status);
    return {
      id: r.id,
      kind: r.kind as FormKind,
      number: r.number,
      status: r.status as FormStatus,
      issuerOrgId: r.issuer_org_id,
      issuerOrgName: r.issuer_name,
      teamId: r.team_id,
      teamName: r.team_name,
      subjectOrgId: r.subject_org_id,
      subjectOrgName: r.subject_name,
      recipientOrgId: r.recipient_org_id,
      recipientOrgName: r.recipient_org_name,
      recipientName: r.recipient_name,
      title: r.title,
      content: r.content,
      deadline: r.deadline,
      reply: r.reply,
      repliedAt: iso(r.replied_at),
      decisionComment: r.decision_comment,
      escalatedFromId: r.escalated_from_id,
      escalatedFromNumber: r.escalated_from_number,
      escalatedFromTitle: r.escalated_from_title,
      escalationLevel: r.escalation_level,
      issuedAt: iso(r.issued_at),
      createdAt: iso(r.created_at)!,
      overdue: open && r.deadline !== null && r.deadline < today,
    };
  }

  /**
   * Who sees a form: anyone over its issuer or its subject unit, the office it was sent to, and —
   * once a criticism is issued — everyone in the subtree it was circulated to.
   */
  private visible(actor: Actor, r: FormRow): boolean {
    // Drafts and proposals stay on the issuing side's desk until a person issues them.
    if (r.status === 'draft' || r.status === 'proposed')
      return (
        canSee(actor, orgSubject('supervision_form', r.id, r.issuer_path)) ||
        (r.team_id !== null && actor.grants.some((g) => g.teamId === r.team_id))
      );
    const paths = [r.issuer_path, r.subject_path, ...(r.recipient_path ? [r.recipient_path] : [])];
    if (paths.some((p) => canSee(actor, orgSubject('supervision_form', r.id, p)))) return true;
    if (r.kind === 'criticism' && r.status === 'issued' && r.recipient_path)
      return actor.grants.some((g) => pathWithin(g.path, r.recipient_path!, true));
    return false;
  }

  /** Which side the actor can act for: the issuing side or the recipient side. */
  private sides(actor: Actor, r: FormRow, member: boolean): { issuer: boolean; recipient: boolean } {
    const kind = r.kind as FormKind;
    const at = (action: SupervisionAction, path: string | null) =>
      !!path && can(actor, supervisionPolicy, action, orgSubject('supervision_form', r.id, path));
    if (UPWARD_FORMS.includes(kind))
      return { issuer: at('issueUp', r.issuer_path), recipient: at('receive', r.recipient_path) };
    if (kind === 'order') {
      const issuer = at('issueDown', r.issuer_path) || (member && at('decideOrder', r.subject_path));
      // The office that issued an order does not answer it for the unit.
      return { issuer, recipient: at('reply', r.subject_path) && (actor.isAdmin || !issuer) };
    }
    return { issuer: at('issueDown', r.issuer_path), recipient: false };
  }

  private async teamMember(q: Q, teamId: number | null, userId: number): Promise<boolean> {
    if (!teamId) return false;
    return !!(await q
      .selectFrom('supervision_team_members as m')
      .innerJoin('supervision_teams as t', 't.id', 'm.team_id')
      .select('m.user_id')
      .where('m.team_id', '=', teamId)
      .where('m.user_id', '=', userId)
      .where('t.status', '=', 'active')
      .executeTakeFirst());
  }

  async list(actor: Actor, query: TFormQuery): Promise<{ rows: FormView[]; nextCursor: string | null }> {
    const org = await requireOrg(this.db, query.org);
    if (!canSee(actor, orgSubject('org', org.id, org.path))) throw new ScopeDenied('read', 'org', org.id);
    let qb = this.base(this.db).where((eb) =>
      eb.or([
        seenBelow(actor, org.id, 'f.issuer_org_id'),
        seenBelow(actor, org.id, 'f.subject_org_id'),
        // a criticism circulated to a subtree above the org reaches it
        eb.and([
          eb('f.kind', '=', 'criticism'),
          eb('f.status', '=', 'issued'),
          sql<boolean>`f.recipient_org_id IN (SELECT ancestor_id FROM org_closure WHERE descendant_id = ${org.id})`,
        ]),
      ]),
    );
    // Proposals and drafts stay on the issuing side's desk.
    qb = qb.where(
      sql<boolean>`(f.status NOT IN ('draft','proposed') OR ${inRoleScope(actor, ['office', 'supervisor', 'unit_admin'], 'f.issuer_org_id')})`,
    );
    if (query.kind) qb = qb.where('f.kind', '=', query.kind);
    if (query.status) qb = qb.where('f.status', '=', query.status);
    if (query.cursor) {
      const after = Number(query.cursor);
      if (!isRowId(after)) throw new AppError('VALIDATION', {}, [{ path: 'cursor', message: 'field.invalid' }]);
      qb = qb.where('f.id', '<', after);
    }
    const rows = await qb
      .orderBy('f.id', 'desc')
      .limit(query.limit + 1)
      .execute();
    const more = rows.length > query.limit;
    const page = rows.slice(0, query.limit);
    const today = dateIn();
    return { rows: page.map((r) => this.view(r, today)), nextCursor: more ? String(page[page.length - 1].id) : null };
  }

  async detail(actor: Actor, id: number): Promise<FormDetailView> {
    const r = await this.load(this.db, id);
    if (!r || !this.visible(actor, r)) throw new AppError('NOT_FOUND');
    const [problems, events, member] = await Promise.all([
      this.db
        .selectFrom('supervision_form_problems as fp')
        .innerJoin('problems as p', 'p.id', 'fp.problem_id')
        .innerJoin('orgs as o', 'o.id', 'p.org_id')
        .select(['p.id', 'p.seq', 'o.name as org_name', 'p.description', 'p.status'])
        .where('fp.form_id', '=', id)
        .orderBy('p.org_id')
        .orderBy('p.seq')
        .execute(),
      this.db.selectFrom('supervision_form_events').selectAll().where('form_id', '=', id).orderBy('id').execute(),
      this.teamMember(this.db, r.team_id, actor.id),
    ]);
    const sides = this.sides(actor, r, member);
    const actions = FORM_TRANSITIONS.filter(
      (tr) =>
        tr.from === r.status &&
        tr.kinds.includes(r.kind as FormKind) &&
        (tr.by === 'issuer' ? sides.issuer : sides.recipient),
    ).map((tr) => tr.action);
    return {
      ...this.view(r, dateIn()),
      problems: problems.map((p) => ({
        id: p.id,
        seq: p.seq,
        orgName: p.org_name,
        description: p.description,
        status: p.status as ProblemStatus,
      })),
      events: events.map((e) => ({
        id: e.id,
        action: e.action,
        fromStatus: e.from_status,
        toStatus: e.to_status,
        comment: e.comment,
        actorName: e.actor_name,
        at: iso(e.at)!,
      })),
      can: { edit: sides.issuer && (r.status === 'draft' || r.status === 'proposed'), actions: [...new Set(actions)] },
    };
  }

  /** Problems linked to a form must belong to the subject unit's subtree. */
  private async linkProblems(trx: Transaction<DB>, formId: number, subjectOrgId: number, problemIds: number[]) {
    const unique = [...new Set(problemIds)];
    if (unique.length) {
      const found = await trx
        .selectFrom('problems')
        .select('id')
        .where('id', 'in', unique)
        .where(inSubtree(subjectOrgId, 'org_id'))
        .execute();
      if (found.length !== unique.length)
        throw new AppError('VALIDATION', {}, [{ path: 'problemIds', message: 'field.invalid' }]);
    }
    await trx.deleteFrom('supervision_form_problems').where('form_id', '=', formId).execute();
    if (unique.length)
      await trx
        .insertInto('supervision_form_problems')
        .values(unique.map((p) => ({ form_id: formId, problem_id: p })))
        .execute();
  }

  private deny(actor: Actor, subject: Subject): never {
    throw canSee(actor, subject)
      ? new AppError('FORBIDDEN')
      : new ScopeDenied('issue', subject.entityType, subject.entityId);
  }

  /** An org the request names that the actor cannot see: the audited 404 an unknown id gets. */
  private outside(actor: Actor, org: { id: number; path: string }): boolean {
    return !canSee(actor, orgSubject('org', org.id, org.path));
  }

  async create(actor: Actor, input: TCreateForm): Promise<FormDetailView> {
    const id = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const kind = input.kind;
      const issuer = await requireOrg(trx, input.issuerOrgId);
      const subject = await requireOrg(trx, input.subjectOrgId);
      // Whoever may issue sees the subject unit (their own, below their office, or their team's),
      // and the issuer too, save a team's order in its forming office's name. Anything else is
      // answered as an id that does not exist: no rule below may name an org outside scope.
      if (this.outside(actor, subject)) throw new ScopeDenied('issue', 'org', subject.id);
      if (this.outside(actor, issuer) && !(kind === 'order' && input.teamId))
        throw new ScopeDenied('issue', 'org', issuer.id);
      const invalid = (path: string): never => {
        throw new AppError('VALIDATION', {}, [{ path, message: 'field.invalid' }]);
      };
      let recipientOrgId: number | null = null;
      let recipientName = input.recipientName ?? '';
      let teamId: number | null = null;
      if (UPWARD_FORMS.includes(kind)) {
        // The unit reports to an org above it: its parent unless another ancestor is named.
        if (subject.id !== issuer.id) invalid('subjectOrgId');
        if (!can(actor, supervisionPolicy, 'issueUp', orgSubject('org', issuer.id, issuer.path)))
          this.deny(actor, orgSubject('org', issuer.id, issuer.path));
        recipientOrgId = input.recipientOrgId ?? issuer.parent_id;
        if (!recipientOrgId) invalid('recipientOrgId');
        const recipient = await requireOrg(trx, recipientOrgId!);
        if (!pathWithin(issuer.path, recipient.path, true)) {
          if (this.outside(actor, recipient)) throw new ScopeDenied('issue', 'org', recipient.id);
          invalid('recipientOrgId');
        }
      } else {
        if (!pathWithin(subject.path, issuer.path, true)) invalid('subjectOrgId');
        const issuerSubject = orgSubject('org', issuer.id, issuer.path);
        if (kind === 'order') {
          // A team orders in its forming office's name, for units it is assigned to.
          if (input.teamId) {
            const team = await trx
              .selectFrom('supervision_teams')
              .select(['id', 'org_id'])
              .where('id', '=', input.teamId)
              .where('status', '=', 'active')
              .executeTakeFirst();
            if (!team || team.org_id !== issuer.id) {
              if (this.outside(actor, issuer)) throw new ScopeDenied('issue', 'org', issuer.id);
              invalid('teamId');
            }
            teamId = team!.id;
          }
          const asTeam =
            teamId !== null &&
            (await this.teamMember(trx, teamId, actor.id)) &&
            can(actor, supervisionPolicy, 'issueOrder', orgSubject('org', subject.id, subject.path));
          if (!asTeam && !can(actor, supervisionPolicy, 'issueDown', issuerSubject)) this.deny(actor, issuerSubject);
          recipientOrgId = subject.id;
        } else {
          if (!can(actor, supervisionPolicy, 'issueDown', issuerSubject)) this.deny(actor, issuerSubject);
          if (kind === 'criticism') {
            recipientOrgId = input.recipientOrgId ?? issuer.id;
            const recipient = await requireOrg(trx, recipientOrgId);
            if (this.outside(actor, recipient)) throw new ScopeDenied('issue', 'org', recipient.id);
            if (!pathWithin(recipient.path, issuer.path) || !pathWithin(subject.path, recipient.path, true))
              invalid('recipientOrgId');
          } else if (!recipientName) recipientName = t(actor.locale, 'sv.proposal.recipient');
        }
      }
      // Only now that the actor may issue here are the orgs named.
      if (issuer.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: issuer.name });
      if (subject.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: subject.name });
      const f = await trx
        .insertInto('supervision_forms')
        .values({
          kind,
          status: 'draft',
          issuer_org_id: issuer.id,
          team_id: teamId,
          subject_org_id: subject.id,
          recipient_org_id: recipientOrgId,
          recipient_name: recipientName,
          title: input.title,
          content: input.content,
          deadline: input.deadline ?? null,
          created_by: actor.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.linkProblems(trx, f.id, subject.id, input.problemIds);
      await trx
        .insertInto('supervision_form_events')
        .values({
          form_id: f.id,
          action: 'create',
          to_status: 'draft',
          actor_id: actor.id,
          actor_name: actor.displayName,
        })
        .execute();
      await audit({
        action: 'supervision_form.create',
        entityType: 'supervision_form',
        entityId: f.id,
        orgId: issuer.id,
        after: input,
      });
      return f.id;
    });
    return this.detail(actor, id);
  }

  async update(actor: Actor, id: number, input: TUpdateForm): Promise<FormDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const r = await this.load(trx, id, true);
      if (!r || !this.visible(actor, r)) throw new AppError('NOT_FOUND');
      if (!this.sides(actor, r, await this.teamMember(trx, r.team_id, actor.id)).issuer)
        throw new AppError('FORBIDDEN');
      if (r.status !== 'draft' && r.status !== 'proposed') throw this.transitionError(actor, r.status, 'edit');
      const set = Object.fromEntries(
        Object.entries({
          title: input.title,
          content: input.content,
          deadline: input.deadline,
          recipient_name: input.recipientName,
        }).filter(([, v]) => v !== undefined),
      );
      await trx
        .updateTable('supervision_forms')
        .set({ ...set, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
      if (input.problemIds) await this.linkProblems(trx, id, r.subject_org_id, input.problemIds);
      await audit({
        action: 'supervision_form.update',
        entityType: 'supervision_form',
        entityId: id,
        orgId: r.issuer_org_id,
        before: { title: r.title, content: r.content, deadline: r.deadline },
        after: input,
      });
    });
    return this.detail(actor, id);
  }

  private transitionError(actor: Actor, from: string, action: string) {
    const L = ENUM_LABELS[actor.locale];
    return new AppError('FORM_TRANSITION', {
      from: L.formStatus[from] ?? from,
      action: L.formAction[action] ?? action,
    });
  }

  /** The next 文号 of an issuer, kind and year, e.g. 城关区督办〔2026〕3号 (serialized per issuer). */
  private async nextNumber(
    trx: Transaction<DB>,
    r: FormRow,
    today: string,
  ): Promise<{ number: string; year: number; seq: number }> {
    const year = Number(today.slice(0, 4));
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`form:${r.issuer_org_id}:${r.kind}:${year}`}))`.execute(trx);
    const last = await trx
      .selectFrom('supervision_forms')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('issuer_org_id', '=', r.issuer_org_id)
      .where('kind', '=', r.kind)
      .where('year', '=', year)
      .executeTakeFirst();
    const seq = Number(last?.seq ?? 0) + 1;
    const short = r.issuer_name.replace(/^中共/, '').replace(/(委员会|党工委|党委|党组|党总支|党支部)$/, '');
    return { number: `${short}${ENUM_LABELS['zh-CN'].formShort[r.kind]}〔${year}〕${seq}号`, year, seq };
  }

  async transition(actor: Actor, id: number, action: FormAction, comment: string | undefined): Promise<FormDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const r = await this.load(trx, id, true);
      if (!r || !this.visible(actor, r)) throw new AppError('NOT_FOUND');
      const tr = FORM_TRANSITIONS.find(
        (x) => x.action === action && x.from === r.status && x.kinds.includes(r.kind as FormKind),
      );
      const sides = this.sides(actor, r, await this.teamMember(trx, r.team_id, actor.id));
      const by = tr?.by ?? (action === 'reply' ? 'recipient' : 'issuer');
      if (!(by === 'issuer' ? sides.issuer : sides.recipient)) throw new AppError('FORBIDDEN');
      if (!tr) throw this.transitionError(actor, r.status, action);
      if (tr.commentRequired && !comment?.trim()) throw new AppError('COMMENT_REQUIRED');
      const today = dateIn();
      const now = new Date();
      const set: Record<string, unknown> = { status: tr.to, updated_at: now };
      if (action === 'issue') {
        if (r.kind === 'order' && !r.deadline)
          throw new AppError('VALIDATION', {}, [{ path: 'deadline', message: 'field.required' }]);
        Object.assign(set, await this.nextNumber(trx, r, today), { issued_at: now, issued_by: actor.id });
      }
      if (action === 'reply') Object.assign(set, { reply: comment, replied_at: now, replied_by: actor.displayName });
      if (action === 'dismiss' || action === 'reject' || action === 'accept') set.decision_comment = comment ?? null;
      await trx.updateTable('supervision_forms').set(set).where('id', '=', id).execute();
      await trx
        .insertInto('supervision_form_events')
        .values({
          form_id: id,
          action,
          from_status: r.status,
          to_status: tr.to,
          comment: comment ?? null,
          actor_id: actor.id,
          actor_name: actor.displayName,
        })
        .execute();
      // Who hears of it: the unit when a form reaches it, the issuer's office when the unit answers.
      const notifyOrg =
        action === 'issue'
          ? UPWARD_FORMS.includes(r.kind as FormKind)
            ? r.recipient_org_id
            : r.kind === 'org_adjustment'
              ? null
              : r.subject_org_id
          : action === 'reply'
            ? r.issuer_org_id
            : r.subject_org_id;
      if (notifyOrg && action !== 'dismiss') {
        await trx
          .insertInto('notifications')
          .values({
            org_id: notifyOrg,
            kind: `form_${action}`,
            params: JSON.stringify({
              formId: id,
              kind: r.kind,
              title: r.title,
              number: (set.number as string | undefined) ?? r.number,
              unit: r.subject_name,
            }),
          })
          .execute();
      }
      await audit({
        action: `supervision_form.${action}`,
        entityType: 'supervision_form',
        entityId: id,
        orgId: r.issuer_org_id,
        before: { status: r.status },
        after: { status: tr.to, number: set.number ?? r.number, comment: comment ?? null },
      });
    });
    return this.detail(actor, id);
  }
}

/**
 * The escalation ladder, run by the scheduler each day (and idempotent: one proposal per order
 * and rung, enforced by a unique index). Rung 1: an order still unanswered (issued) or failed
 * (rejected) after its deadline puts a proposed criticism on the issuing office's desk. Rung 2:
 * when that criticism has been issued and its own deadline has passed with the order still not
 * closed, an organization adjustment is proposed. Nothing is ever issued here.
 */
export async function proposeEscalations(
  trx: Transaction<DB>,
  today: string,
): Promise<{ proposed: number; audits: AuditInput[] }> {
  const zh = (key: Parameters<typeof t>[1], params: Record<string, string | number>) => t('zh-CN', key, params);
  const audits: AuditInput[] = [];
  const rung1 = await trx
    .selectFrom('supervision_forms as f')
    .innerJoin('orgs as s', 's.id', 'f.subject_org_id')
    .select([
      'f.id',
      'f.issuer_org_id',
      'f.subject_org_id',
      'f.team_id',
      'f.number',
      'f.title',
      'f.deadline',
      's.name as unit',
    ])
    .where('f.kind', '=', 'order')
    .where('f.status', 'in', ['issued', 'rejected'])
    .where('f.deadline', '<', today)
    .where(
      sql<boolean>`NOT EXISTS (SELECT 1 FROM supervision_forms e WHERE e.escalated_from_id = f.id AND e.escalation_level = 1)`,
    )
    .orderBy('f.id')
    .execute();
  const rung2 = await trx
    .selectFrom('supervision_forms as f')
    .innerJoin('orgs as s', 's.id', 'f.subject_org_id')
    .innerJoin('supervision_forms as c', (j) =>
      j.onRef('c.escalated_from_id', '=', 'f.id').on('c.escalation_level', '=', 1),
    )
    .select([
      'f.id',
      'f.issuer_org_id',
      'f.subject_org_id',
      'f.team_id',
      'f.number',
      'f.title',
      'f.deadline',
      's.name as unit',
      'c.number as criticism_number',
    ])
    .where('f.kind', '=', 'order')
    .where('f.status', 'in', ['issued', 'rejected'])
    .where('c.status', '=', 'issued')
    .where('c.deadline', '<', today)
    .where(
      sql<boolean>`NOT EXISTS (SELECT 1 FROM supervision_forms e WHERE e.escalated_from_id = f.id AND e.escalation_level = 2)`,
    )
    .orderBy('f.id')
    .execute();
  const propose = async (o: (typeof rung1)[number], level: 1 | 2, criticism?: string | null) => {
    const params = {
      unit: o.unit,
      number: o.number ?? '',
      title: o.title,
      deadline: formatDate(o.deadline!, 'zh-CN'),
      criticism: criticism ?? '',
    };
    const f = await trx
      .insertInto('supervision_forms')
      .values({
        kind: level === 1 ? 'criticism' : 'org_adjustment',
        status: 'proposed',
        issuer_org_id: o.issuer_org_id,
        subject_org_id: o.subject_org_id,
        recipient_org_id: level === 1 ? o.issuer_org_id : null,
        recipient_name: level === 1 ? '' : zh('sv.proposal.recipient', {}),
        title: zh(level === 1 ? 'sv.proposal.criticism.title' : 'sv.proposal.adjustment.title', params),
        content: zh(level === 1 ? 'sv.proposal.criticism.content' : 'sv.proposal.adjustment.content', params),
        deadline: level === 1 ? addDays(today, CRITICISM_GRACE_DAYS) : null,
        escalated_from_id: o.id,
        escalation_level: level,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`INSERT INTO supervision_form_problems (form_id, problem_id) SELECT ${f.id}, problem_id FROM supervision_form_problems WHERE form_id = ${o.id}`.execute(
      trx,
    );
    await trx
      .insertInto('supervision_form_events')
      .values({ form_id: f.id, action: 'propose', to_status: 'proposed', comment: o.number, actor_name: 'system' })
      .execute();
    await trx
      .insertInto('notifications')
      .values({
        org_id: o.issuer_org_id,
        kind: 'form_proposed',
        params: JSON.stringify({
          formId: f.id,
          kind: level === 1 ? 'criticism' : 'org_adjustment',
          number: o.number,
          unit: o.unit,
        }),
        dedupe_key: `form_proposed:${o.id}:${level}`,
      })
      .execute();
    audits.push({
      action: 'supervision_form.propose',
      entityType: 'supervision_form',
      entityId: f.id,
      orgId: o.issuer_org_id,
      after: { escalatedFrom: o.id, level, today },
    });
  };
  for (const o of rung1) await propose(o, 1);
  for (const o of rung2) await propose(o, 2, o.criticism_number);
  return { proposed: rung1.length + rung2.length, audits };
}
