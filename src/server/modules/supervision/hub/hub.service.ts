import type { Kysely } from 'kysely';
import type { DB } from '../../../db/types.ts';
import type { Actor } from '../../../platform/actor.ts';
import { abilities } from '../../../platform/policy.ts';
import { HUB_ABILITIES, HUB_CREATE_ABILITIES, type HubAbilities } from '../../../../shared/supervision.ts';
import { orgSubject, requireOrg, requireSee, supervisionPolicy } from '../supervision.policy.ts';

/**
 * An org's supervision hub: what the actor may do there (the tabs' "new" buttons read it). The
 * supervision policy's actions over the org; what creates something needs the org to be active.
 */
export class HubService {
  constructor(private db: Kysely<DB>) {}

  /** Outside the actor's scope: the audited 404 of every other read. */
  async abilities(actor: Actor, orgId: number): Promise<HubAbilities> {
    const org = await requireOrg(this.db, orgId);
    requireSee(actor, 'org', org.id, org.path);
    const can = abilities(actor, supervisionPolicy, HUB_ABILITIES, orgSubject('org', org.id, org.path));
    if (org.status !== 'active') for (const a of HUB_CREATE_ABILITIES) can[a] = false;
    return can;
  }
}
