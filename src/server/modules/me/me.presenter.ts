import type { MeProfileView, MemberPostView } from '../../../shared/api.ts';
import type { MemberCategory, MemberStatus, OrgPost } from '../../../shared/enums.ts';
import type { Actor } from '../../platform/actor.ts';
import type { MemberWithOrg } from '../members/members.repository.ts';
import { presentEvents } from '../members/members.presenter.ts';
import type { PostRow } from '../posts/posts.repository.ts';
import { presentGrant } from '../auth/auth.presenter.ts';

export function presentOwnPost(r: PostRow & { org_name: string }, today: string): MemberPostView {
  return {
    id: r.id,
    post: r.post as OrgPost,
    title: r.title,
    orgId: r.org_id,
    orgName: r.org_name,
    term: r.term,
    startDate: r.start_date,
    endDate: r.end_date,
    current: r.start_date <= today && (r.end_date === null || r.end_date >= today),
  };
}

/** The account (with its grants) and, when linked, its member's record as the member may see it: unmasked, their own. */
export function presentProfile(
  actor: Actor,
  member: {
    row: MemberWithOrg;
    posts: Array<PostRow & { org_name: string }>;
    events: Parameters<typeof presentEvents>[0];
  } | null,
  today: string,
  abilities: MeProfileView['abilities'],
): MeProfileView {
  return {
    account: {
      id: actor.id,
      username: actor.username,
      displayName: actor.displayName,
      isAdmin: actor.isAdmin,
      grants: actor.grants.map(presentGrant),
    },
    member: member
      ? {
          id: member.row.id,
          name: member.row.name,
          orgId: member.row.org_id,
          orgName: member.row.org_name,
          gender: member.row.gender as 'male' | 'female',
          category: member.row.category as MemberCategory,
          joinDate: member.row.join_date,
          phone: member.row.phone,
          position: member.row.position,
          status: member.row.status as MemberStatus,
          posts: member.posts.map((p) => presentOwnPost(p, today)),
          events: presentEvents(member.events),
        }
      : null,
    abilities,
  };
}
