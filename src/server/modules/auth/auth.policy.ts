import type { Actor } from '../../platform/actor.ts';
import type { Rule } from '../../platform/policy.ts';
import type { MeAbilities, MeHome } from '../../../shared/api.ts';
import type { Role } from '../../../shared/enums.ts';
import { userPolicy } from '../users/users.policy.ts';
import { opinionPolicy } from '../opinions/opinions.policy.ts';
import { disclosurePolicy } from '../disclosure/disclosure.policy.ts';
import { supervisionPolicy } from '../supervision/supervision.policy.ts';
import { problemPolicy } from '../ledger/ledger.policy.ts';

/**
 * The rule that opens each page of the shell, taken from the modules' policy tables. Supervision
 * opens to whoever may read it or write their own analysis material (a member too).
 */
const PAGE_RULES: Record<keyof MeAbilities, readonly Rule[]> = {
  manageUsers: [userPolicy.manage],
  readOpinions: [opinionPolicy.read],
  readDisclosures: [disclosurePolicy.read],
  readSupervision: [supervisionPolicy.read, supervisionPolicy.writeMaterial],
  readLedger: [problemPolicy.read],
};

/** The page whose rule chooses each home org (`orgs`: any grant). */
const HOME_RULES: Record<MeHome, keyof MeAbilities | null> = {
  orgs: null,
  users: 'manageUsers',
  opinions: 'readOpinions',
  disclosures: 'readDisclosures',
  supervision: 'readSupervision',
  ledger: 'readLedger',
};

const admits = (rules: readonly Rule[], role: Role) => rules.some((r) => r.roles.includes(role));

/** What the shell may offer: some grant of the actor holds a role the page's rule admits (an administrator: all). */
export function meAbilities(actor: Actor): MeAbilities {
  return Object.fromEntries(
    (Object.keys(PAGE_RULES) as Array<keyof MeAbilities>).map((k) => [
      k,
      actor.isAdmin || actor.grants.some((g) => admits(PAGE_RULES[k], g.role)),
    ]),
  ) as unknown as MeAbilities;
}

/**
 * The org each page opens at: the first grant whose role the page's rule admits; an
 * administrator without one starts at `topLevel` (the accounts page: at none, listing everyone).
 */
export function meHomes(actor: Actor, topLevel: number | null): Record<MeHome, number | null> {
  return Object.fromEntries(
    (Object.keys(HOME_RULES) as MeHome[]).map((home) => {
      const page = HOME_RULES[home];
      const grant = actor.grants.find((g) => page === null || admits(PAGE_RULES[page], g.role));
      const fallback = actor.isAdmin && home !== 'users' ? topLevel : null;
      return [home, grant?.orgId ?? fallback];
    }),
  ) as Record<MeHome, number | null>;
}

/** Whether the /api/me answer needs the first top-level org (an administrator missing a home). */
export function needsTopLevel(actor: Actor): boolean {
  if (!actor.isAdmin) return false;
  const homes = meHomes(actor, null);
  return (Object.keys(homes) as MeHome[]).some((k) => k !== 'users' && homes[k] === null);
}
