import type {
  DisclosureBatchAbilities,
  DisclosureBatchDetailView,
  DisclosureBatchRowView,
  DisclosureBatchView,
  DisclosureItemKind,
  DisclosureItemView,
  DisclosurePublicText,
  DisclosureStatus,
} from '../../../shared/opinions.ts';
import type { ProblemCategory, ProblemKind, ProblemStatus } from '../../../shared/ledger.ts';
import type { BatchRow, problemsForSnapshot } from './disclosure.repository.ts';
import { namesIn, redactText } from './redact.ts';

type SnapshotSource = Awaited<ReturnType<typeof problemsForSnapshot>>[number];

export function presentBatch(b: BatchRow): DisclosureBatchView {
  return {
    id: b.id,
    orgId: b.org_id,
    orgName: b.org_name,
    seq: b.seq,
    title: b.title,
    startsOn: b.starts_on,
    endsOn: b.ends_on,
    status: b.status as DisclosureStatus,
    publishedAt: b.published_at ? b.published_at.toISOString() : null,
    itemCount: b.item_count,
    createdAt: b.created_at.toISOString(),
  };
}

/** A batch as the staff see it, with what they may do with it. */
export function presentBatchRow(b: BatchRow, abilities: DisclosureBatchAbilities): DisclosureBatchRowView {
  return { ...presentBatch(b), abilities };
}

export function presentBatchDetail(
  b: BatchRow,
  abilities: DisclosureBatchAbilities,
  items: Parameters<typeof presentItem>[0][],
): DisclosureBatchDetailView {
  return {
    ...presentBatchRow(b, abilities),
    items: items.map(presentItem),
    publicUrl: `/p/disclosures/${b.id}`,
  };
}

export function presentItem(i: {
  id: number;
  problem_id: number;
  kind: string;
  public_text: unknown;
  withdrawn_at: Date | null;
  withdrawn_reason: string | null;
}): DisclosureItemView {
  return {
    id: i.id,
    problemId: i.problem_id,
    kind: i.kind as DisclosureItemKind,
    text: i.public_text as DisclosurePublicText,
    withdrawnAt: i.withdrawn_at ? i.withdrawn_at.toISOString() : null,
    withdrawnReason: i.withdrawn_reason,
  };
}

/**
 * The redacted public text of a problem: what it is and how it is being (or was) rectified, with
 * every personal name the ledger knows, telephone and ID-card number masked. No responsible
 * person or leader is named.
 */
export function snapshot(p: SnapshotSource, measures: string[], extraNames: string[]): DisclosurePublicText {
  const names = [
    ...namesIn(p.responsible_person, p.responsible_leader, p.subject === 'leader' ? p.subject_name : ''),
    ...extraNames,
  ];
  const r = (s: string) => redactText(s, names);
  return {
    orgName: p.org_name,
    seq: p.seq,
    category: p.category as ProblemCategory,
    kind: p.kind as ProblemKind,
    description: r(p.description),
    measures: measures.map(r),
    deadline: p.deadline,
    deadlineText: r(p.deadline_text),
    status: p.status as ProblemStatus,
    effect: r(p.effect),
  };
}
