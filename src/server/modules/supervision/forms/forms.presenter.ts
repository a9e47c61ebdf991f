import type { ProblemStatus } from '../../../../shared/ledger.ts';
import type {
  FormAbilities,
  FormAction,
  FormDetailView,
  FormKind,
  FormStatus,
  FormView,
} from '../../../../shared/supervision.ts';
import { iso } from '../supervision.presenter.ts';
import type { FormEventRow, FormRow } from './forms.repository.ts';

export function presentForm(r: FormRow, today: string, abilities: FormAbilities): FormView {
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
    recipientPerson:
      r.recipient_member_id != null
        ? { memberId: r.recipient_member_id, name: r.recipient_member_name ?? '', outside: false }
        : null,
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
    abilities,
  };
}

export function presentFormDetail(
  r: FormRow,
  today: string,
  d: {
    problems: Array<{ id: number; seq: number; org_name: string; description: string; status: string }>;
    events: FormEventRow[];
    edit: boolean;
    actions: FormAction[];
    abilities: FormAbilities;
  },
): FormDetailView {
  return {
    ...presentForm(r, today, d.abilities),
    problems: d.problems.map((p) => ({
      id: p.id,
      seq: p.seq,
      orgName: p.org_name,
      description: p.description,
      status: p.status as ProblemStatus,
    })),
    events: d.events.map((e) => ({
      id: e.id,
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      comment: e.comment,
      actorName: e.actor_name,
      at: iso(e.at)!,
    })),
    can: { edit: d.edit, actions: d.actions },
  };
}
