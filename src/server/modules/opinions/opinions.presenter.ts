import type { OpinionChannel, OpinionGroup, OpinionStatus, OpinionView } from '../../../shared/opinions.ts';
import type { OpinionWithOrg } from './opinions.repository.ts';

/** An opinion as staff see it; the submitter's name and contact only when `personal`. */
export function presentOpinion(o: OpinionWithOrg, personal: boolean): OpinionView {
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
  };
}
