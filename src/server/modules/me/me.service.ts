import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { auditActor, type Actor } from '../../platform/actor.ts';
import { dateIn } from '../../platform/dates.ts';
import { AppError } from '../../platform/errors.ts';
import { withTx } from '../../platform/tx.ts';
import type { MeProfileView } from '../../../shared/api.ts';
import type { TUpdateMeProfile } from '../../../shared/schemas/me.ts';
import { memberSnapshot } from '../members/members.presenter.ts';
import * as repo from './me.repository.ts';
import { presentProfile } from './me.presenter.ts';

/**
 * 我的: the signed-in account's own page. The subject is the account's own member
 * (`actor.memberId`, set by an office when it links the account) and nothing else — no id is taken
 * from the request, so no other member is reachable through it. A member corrects their phone
 * while they are an active member; every other field stays with the roster's keepers.
 */
export class MeService {
  constructor(private db: Kysely<DB>) {}

  async profile(actor: Actor): Promise<MeProfileView> {
    const row = actor.memberId ? await repo.findOwnMember(this.db, actor.memberId) : undefined;
    if (!row) return presentProfile(actor, null, dateIn(), { correct: false });
    const [posts, events] = await Promise.all([repo.ownPosts(this.db, row.id), repo.ownEvents(this.db, row.id)]);
    return presentProfile(actor, { row, posts, events }, dateIn(), { correct: row.status === 'active' });
  }

  async correct(actor: Actor, input: TUpdateMeProfile): Promise<MeProfileView> {
    const memberId = actor.memberId;
    // An account without a member has no record to correct.
    if (!memberId) throw new AppError('NOT_FOUND');
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const before = await repo.lockOwnMember(trx, memberId);
      if (!before) throw new AppError('NOT_FOUND');
      if (before.status !== 'active') throw new AppError('FORBIDDEN');
      if (before.phone === input.phone) return;
      await repo.setOwnPhone(trx, memberId, input.phone);
      await audit({
        action: 'member.update',
        entityType: 'member',
        entityId: memberId,
        orgId: before.org_id,
        before: memberSnapshot(before),
        after: memberSnapshot({ ...before, phone: input.phone }),
        meta: { self: true, fields: ['phone'] },
      });
    });
    return this.profile(actor);
  }
}
