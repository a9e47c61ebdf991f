import type { Actor, ActorGrant } from '../../platform/actor.ts';
import type { GrantView, MeView } from '../../../shared/api.ts';
import { officeTz } from '../../platform/dates.ts';
import { meAbilities, meHomes } from './auth.policy.ts';

/** The /api/me answer; `topLevel` is the first top-level org (where an administrator without grants starts). */
export function presentMe(actor: Actor, topLevel: number | null): MeView {
  return {
    user: {
      id: actor.id,
      username: actor.username,
      displayName: actor.displayName,
      locale: actor.locale,
      isAdmin: actor.isAdmin,
      memberId: actor.memberId,
    },
    grants: actor.grants.map(presentGrant),
    csrfToken: actor.csrfToken,
    timeZone: officeTz(),
    abilities: meAbilities(actor),
    homes: meHomes(actor, topLevel),
  };
}

/** One grant as the web sees it (the team's id on a scope a supervision team lends). */
export function presentGrant(g: ActorGrant): GrantView {
  return {
    id: g.id,
    role: g.role,
    orgId: g.orgId,
    orgName: g.orgName,
    orgPath: g.path,
    ...(g.teamId ? { teamId: g.teamId } : {}),
  };
}
