import type {
  DisclosureBatchView,
  DisclosureItemKind,
  DisclosureItemView,
  DisclosurePublicText,
  DisclosureStatus,
} from '../../../shared/opinions.ts';
import type { BatchRow } from './disclosure.repository.ts';

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
