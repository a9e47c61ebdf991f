import type { ProblemCategory, ProblemKind, ProblemStatus } from '../../../shared/ledger.ts';
import type {
  DisclosureItemKind,
  DisclosurePublicText,
  OpinionAbilities,
  OpinionChannel,
  OpinionDetailView,
  OpinionGroup,
  OpinionStatus,
  OpinionView,
  ReceiptView,
} from '../../../shared/opinions.ts';
import { dateIn } from '../../platform/dates.ts';
import type { OpinionWithOrg } from './opinions.repository.ts';

/** An opinion as staff see it; the submitter's name and contact only when the actor may see who gave it. */
export function presentOpinion(o: OpinionWithOrg, abilities: OpinionAbilities): OpinionView {
  const personal = abilities.viewSubmitter;
  return {
    id: o.id,
    orgId: o.org_id,
    orgName: o.org_name,
    campaignId: o.campaign_id,
    receiptCode: o.receipt_code,
    channel: o.channel as OpinionChannel,
    group: o.submitter_group as OpinionGroup,
    anonymous: o.anonymous,
    submitterName: personal ? o.submitter_name : null,
    submitterContact: personal ? o.submitter_contact : null,
    content: o.content,
    status: o.status as OpinionStatus,
    mergedInto: o.merged_into,
    answer: o.answer,
    answeredAt: o.answered_at ? o.answered_at.toISOString() : null,
    enteredBy: o.entered_by_name,
    createdAt: o.created_at.toISOString(),
    abilities,
  };
}

export interface MergedRow {
  id: number;
  content: string;
  channel: string;
  submitter_group: string;
  created_at: Date;
}
export interface ProblemLinkRow {
  id: number;
  org_id: number;
  seq: number;
  status: string;
  category: string;
  kind: string;
  deadline: string | null;
}

export function presentOpinionDetail(
  o: OpinionWithOrg,
  abilities: OpinionAbilities,
  merged: MergedRow[],
  problems: ProblemLinkRow[],
): OpinionDetailView {
  return {
    ...presentOpinion(o, abilities),
    orgPath: o.org_path,
    merged: merged.map((m) => ({
      id: m.id,
      content: m.content,
      channel: m.channel as OpinionChannel,
      group: m.submitter_group as OpinionGroup,
      createdAt: m.created_at.toISOString(),
    })),
    problems: problems.map((p) => ({
      id: p.id,
      orgId: p.org_id,
      seq: p.seq,
      status: p.status as ProblemStatus,
      category: p.category as ProblemCategory,
      kind: p.kind as ProblemKind,
    })),
  };
}

interface Outcome {
  id: number;
  status: string;
  answer: string | null;
  answered_at: Date | null;
}

/** What a receipt code shows: never a name, a contact or the text of others. */
export function presentReceipt(
  code: string,
  o: Outcome & { org_name: string; created_at: Date },
  target: Outcome,
  problems: ProblemLinkRow[],
  items: Array<{ problem_id: number; batch_id: number; batch_title: string; kind: string; public_text: unknown }>,
): ReceiptView {
  const day = (d: Date | null) => (d ? dateIn(d) : null);
  return {
    code,
    orgName: o.org_name,
    submittedOn: dateIn(o.created_at),
    status: o.status as OpinionStatus,
    answer: o.answer,
    answeredOn: day(o.answered_at),
    mergedInto:
      target.id !== o.id
        ? { status: target.status as OpinionStatus, answer: target.answer, answeredOn: day(target.answered_at) }
        : null,
    problems: problems.map((p) => ({
      status: p.status as ProblemStatus,
      kind: p.kind as ProblemKind,
      category: p.category as ProblemCategory,
      deadline: p.deadline,
      disclosures: items
        .filter((i) => i.problem_id === p.id)
        .map((i) => ({
          batchId: i.batch_id,
          batchTitle: i.batch_title,
          kind: i.kind as DisclosureItemKind,
          text: i.public_text as DisclosurePublicText,
        })),
    })),
  };
}
