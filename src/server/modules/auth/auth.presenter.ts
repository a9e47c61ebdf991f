import type { Actor } from '../../platform/actor.ts';
import type { MeView } from '../../../shared/api.ts';
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
    grants: actor.grants.map((g) => ({
      id: g.id,
      role: g.role,
      orgId: g.orgId,
      orgName: g.orgName,
      orgPath: g.path,
      ...(g.teamId ? { teamId: g.teamId } : {}),
    })),
    csrfToken: actor.csrfToken,
    timeZone: officeTz(),
    abilities: meAbilities(actor),
    homes: meHomes(actor, topLevel),
  };
}
