import type {
  TeamAbilities,
  TeamCandidateView,
  TeamDetailView,
  TeamRole,
  TeamView,
  VisitView,
} from '../../../../shared/supervision.ts';
import { iso } from '../supervision.presenter.ts';
import type { TeamRow, VisitRow } from './teams.repository.ts';

export function presentTeam(r: TeamRow, abilities: TeamAbilities): TeamView {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    campaignId: r.campaign_id,
    name: r.name,
    status: r.status as TeamView['status'],
    leaderName: r.leader_name,
    memberCount: Number(r.member_count),
    unitCount: Number(r.unit_count),
    createdAt: iso(r.created_at)!,
    abilities,
  };
}

export function presentVisit(v: VisitRow): VisitView {
  return {
    id: v.id,
    teamId: v.team_id,
    orgId: v.org_id,
    orgName: v.org_name,
    visitDate: v.visit_date,
    seen: v.seen,
    meetings: v.meetings,
    authorName: v.author_name,
    createdAt: iso(v.created_at)!,
  };
}

export function presentTeamDetail(
  r: TeamRow,
  abilities: TeamAbilities,
  members: Array<{ user_id: number; role: string; display_name: string; username: string }>,
  units: Array<{ id: number; name: string }>,
  visits: VisitRow[],
): TeamDetailView {
  return {
    ...presentTeam(r, abilities),
    members: members.map((m) => ({
      userId: m.user_id,
      displayName: m.display_name,
      username: m.username,
      role: m.role as TeamRole,
    })),
    units: units.map((u) => ({ orgId: u.id, name: u.name })),
    visits: visits.map(presentVisit),
    can: { manage: abilities.manage, logVisit: abilities.logVisit },
  };
}

export const presentCandidate = (r: { id: number; username: string; display_name: string }): TeamCandidateView => ({
  userId: r.id,
  username: r.username,
  displayName: r.display_name,
});
