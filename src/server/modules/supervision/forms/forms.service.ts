import type { Kysely, Transaction } from 'kysely';
import type { Q } from '../../../db/database.ts';
import type { DB } from '../../../db/types.ts';
import { auditActor, pathWithin, type Actor } from '../../../platform/actor.ts';
import type { AuditInput } from '../../../platform/audit.ts';
import { addDays, dateIn, formatDate } from '../../../platform/dates.ts';
import { AppError, ScopeDenied } from '../../../platform/errors.ts';
import { ENUM_LABELS, t } from '../../../platform/i18n.ts';
import { decodeAfter, pageOf } from '../../../platform/paging.ts';
import { can, canSee, type Subject } from '../../../platform/policy.ts';
import { withTx } from '../../../platform/tx.ts';
import {
  FORM_ACTIONS,
  FORM_TRANSITIONS,
  UPWARD_FORMS,
  type FormAbilities,
  type FormAction,
  type FormDetailView,
  type FormKind,
  type FormPage,
} from '../../../../shared/supervision.ts';
import { orgSubject, requireOrg, supervisionPolicy, type SupervisionAction } from '../supervision.policy.ts';
import { presentForm, presentFormDetail } from './forms.presenter.ts';
import * as R from './forms.repository.ts';
import { resolvePersonLinks } from '../../members/members.service.ts';
import type { TCreateForm, TFormQuery, TUpdateForm } from '../../../../shared/schemas/supervision/forms.ts';

type FormRow = R.FormRow;

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
    return !!teamId && R.isActiveTeamMember(q, teamId, userId);
  }

  /** What the actor may do with the form now: the transitions of its status the actor's side may take. */
  private abilities(actor: Actor, r: FormRow, member: boolean): { abilities: FormAbilities; actions: FormAction[] } {
    const sides = this.sides(actor, r, member);
    const actions = [
      ...new Set(
        FORM_TRANSITIONS.filter(
          (tr) =>
            tr.from === r.status &&
            tr.kinds.includes(r.kind as FormKind) &&
            (tr.by === 'issuer' ? sides.issuer : sides.recipient),
        ).map((tr) => tr.action),
      ),
    ];
    const edit = sides.issuer && (r.status === 'draft' || r.status === 'proposed');
    const abilities = {
      edit,
      docx: true,
      ...Object.fromEntries(FORM_ACTIONS.map((a) => [a, actions.includes(a)])),
    } as FormAbilities;
    return { abilities, actions };
  }

  async list(actor: Actor, query: TFormQuery): Promise<FormPage> {
    const org = await requireOrg(this.db, query.org);
    if (!canSee(actor, orgSubject('org', org.id, org.path))) throw new ScopeDenied('read', 'org', org.id);
    const after = decodeAfter(query.after);
    const rows = await R.listForms(this.db, actor, {
      orgId: org.id,
      kind: query.kind,
      status: query.status,
      after,
      limit: query.limit,
    });
    const today = dateIn();
    const teams = new Set(
      await R.activeTeamsOf(
        this.db,
        actor.id,
        rows.flatMap((r) => (r.team_id === null ? [] : [r.team_id])),
      ),
    );
    return pageOf(
      rows,
      query.limit,
      (r) => [null, r.id],
      (r) => presentForm(r, today, this.abilities(actor, r, r.team_id !== null && teams.has(r.team_id)).abilities),
    );
  }

  async detail(actor: Actor, id: number): Promise<FormDetailView> {
    const r = await R.loadForm(this.db, id);
    if (!r || !this.visible(actor, r)) throw new AppError('NOT_FOUND');
    const [problems, events, member] = await Promise.all([
      R.formProblems(this.db, id),
      R.formEvents(this.db, id),
      this.teamMember(this.db, r.team_id, actor.id),
    ]);
    const { abilities, actions } = this.abilities(actor, r, member);
    return presentFormDetail(r, dateIn(), { problems, events, edit: abilities.edit, actions, abilities });
  }

  /** Problems linked to a form must belong to the subject unit's subtree. */
  private async linkProblems(trx: Transaction<DB>, formId: number, subjectOrgId: number, problemIds: number[]) {
    const unique = [...new Set(problemIds)];
    if (unique.length && (await R.countProblemsInSubtree(trx, unique, subjectOrgId)) !== unique.length)
      throw new AppError('VALIDATION', {}, [{ path: 'problemIds', message: 'field.invalid' }]);
    await R.replaceFormProblems(trx, formId, unique);
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
            const team = await R.activeTeam(trx, input.teamId);
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
      if (input.recipientMemberId)
        await resolvePersonLinks(trx, actor, subject, [
          { memberId: input.recipientMemberId, field: 'person.field.recipient' },
        ]);
      const f = {
        id: await R.insertForm(trx, {
          kind,
          status: 'draft',
          issuerOrgId: issuer.id,
          teamId,
          subjectOrgId: subject.id,
          recipientOrgId,
          recipientName,
          recipientMemberId: input.recipientMemberId ?? null,
          title: input.title,
          content: input.content,
          deadline: input.deadline ?? null,
          createdBy: actor.id,
        }),
      };
      await this.linkProblems(trx, f.id, subject.id, input.problemIds);
      await R.insertFormEvent(trx, {
        formId: f.id,
        action: 'create',
        toStatus: 'draft',
        actorId: actor.id,
        actorName: actor.displayName,
      });
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
      const r = await R.loadForm(trx, id, true);
      if (!r || !this.visible(actor, r)) throw new AppError('NOT_FOUND');
      if (!this.sides(actor, r, await this.teamMember(trx, r.team_id, actor.id)).issuer)
        throw new AppError('FORBIDDEN');
      if (r.status !== 'draft' && r.status !== 'proposed') throw this.transitionError(actor, r.status, 'edit');
      if (input.recipientMemberId)
        await resolvePersonLinks(trx, actor, { name: r.subject_name, path: r.subject_path }, [
          { memberId: input.recipientMemberId, field: 'person.field.recipient' },
        ]);
      const set = Object.fromEntries(
        Object.entries({
          title: input.title,
          content: input.content,
          deadline: input.deadline,
          recipient_name: input.recipientName,
          recipient_member_id: input.recipientMemberId,
        }).filter(([, v]) => v !== undefined),
      );
      await R.updateForm(trx, id, set);
      if (input.problemIds) await this.linkProblems(trx, id, r.subject_org_id, input.problemIds);
      await audit({
        action: 'supervision_form.update',
        entityType: 'supervision_form',
        entityId: id,
        orgId: r.issuer_org_id,
        before: {
          title: r.title,
          content: r.content,
          deadline: r.deadline,
          recipientMemberId: r.recipient_member_id,
        },
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
    const seq = await R.nextFormSeq(trx, r.issuer_org_id, r.kind, year);
    const short = r.issuer_name.replace(/^中共/, '').replace(/(委员会|党工委|党委|党组|党总支|党支部)$/, '');
    return { number: `${short}${ENUM_LABELS['zh-CN'].formShort[r.kind]}〔${year}〕${seq}号`, year, seq };
  }

  async transition(actor: Actor, id: number, action: FormAction, comment: string | undefined): Promise<FormDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const r = await R.loadForm(trx, id, true);
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
      const set: Record<string, unknown> = { status: tr.to };
      if (action === 'issue') {
        if (r.kind === 'order' && !r.deadline)
          throw new AppError('VALIDATION', {}, [{ path: 'deadline', message: 'field.required' }]);
        Object.assign(set, await this.nextNumber(trx, r, today), { issued_at: now, issued_by: actor.id });
      }
      if (action === 'reply') Object.assign(set, { reply: comment, replied_at: now, replied_by: actor.displayName });
      if (action === 'dismiss' || action === 'reject' || action === 'accept') set.decision_comment = comment ?? null;
      await R.updateForm(trx, id, set);
      await R.insertFormEvent(trx, {
        formId: id,
        action,
        fromStatus: r.status,
        toStatus: tr.to,
        comment: comment ?? null,
        actorId: actor.id,
        actorName: actor.displayName,
      });
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
        await R.notifyOrg(trx, notifyOrg, `form_${action}`, {
          formId: id,
          kind: r.kind,
          title: r.title,
          number: (set.number as string | undefined) ?? r.number,
          unit: r.subject_name,
        });
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
  const rung1 = await R.overdueOrders(trx, today);
  const rung2 = await R.overdueCriticisedOrders(trx, today);
  const propose = async (o: (typeof rung1)[number], level: 1 | 2, criticism?: string | null) => {
    const params = {
      unit: o.unit,
      number: o.number ?? '',
      title: o.title,
      deadline: formatDate(o.deadline!, 'zh-CN'),
      criticism: criticism ?? '',
    };
    const f = {
      id: await R.insertForm(trx, {
        kind: level === 1 ? 'criticism' : 'org_adjustment',
        status: 'proposed',
        issuerOrgId: o.issuer_org_id,
        subjectOrgId: o.subject_org_id,
        recipientOrgId: level === 1 ? o.issuer_org_id : null,
        recipientName: level === 1 ? '' : zh('sv.proposal.recipient', {}),
        title: zh(level === 1 ? 'sv.proposal.criticism.title' : 'sv.proposal.adjustment.title', params),
        content: zh(level === 1 ? 'sv.proposal.criticism.content' : 'sv.proposal.adjustment.content', params),
        deadline: level === 1 ? addDays(today, CRITICISM_GRACE_DAYS) : null,
        escalatedFromId: o.id,
        escalationLevel: level,
      }),
    };
    await R.copyFormProblems(trx, f.id, o.id);
    await R.insertFormEvent(trx, {
      formId: f.id,
      action: 'propose',
      toStatus: 'proposed',
      comment: o.number,
      actorName: 'system',
    });
    await R.notifyOrg(
      trx,
      o.issuer_org_id,
      'form_proposed',
      { formId: f.id, kind: level === 1 ? 'criticism' : 'org_adjustment', number: o.number, unit: o.unit },
      `form_proposed:${o.id}:${level}`,
    );
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
