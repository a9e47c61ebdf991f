import type { OrgPostView } from '../../../shared/api.ts';
import type { OrgPost } from '../../../shared/enums.ts';
import type { PostRow } from './posts.repository.ts';

export function presentPost(r: PostRow, today: string, canManage: boolean): OrgPostView {
  const current = r.start_date <= today && (r.end_date === null || r.end_date >= today);
  return {
    id: r.id,
    orgId: r.org_id,
    post: r.post as OrgPost,
    title: r.title,
    holder: {
      memberId: r.member_id,
      name: r.member_id ? (r.member_name ?? '') : r.outside_name,
      unit: r.outside_unit,
      outside: r.member_id === null,
    },
    term: r.term,
    document: r.document,
    startDate: r.start_date,
    endDate: r.end_date,
    endReason: r.end_reason,
    current,
    abilities: { end: canManage && r.end_date === null },
  };
}
