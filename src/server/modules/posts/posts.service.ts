import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { auditActor, type Actor } from '../../platform/actor.ts';
import { dateIn } from '../../platform/dates.ts';
import { AppError, enumParam } from '../../platform/errors.ts';
import { authorize, can } from '../../platform/policy.ts';
import { withTx } from '../../platform/tx.ts';
import { SINGLE_HOLDER_POSTS, type OrgPost } from '../../../shared/enums.ts';
import type { OrgBodyView, OrgPostView } from '../../../shared/api.ts';
import type { TCreatePost, TEndPost, TListPosts } from '../../../shared/schemas/posts.ts';
import * as orgRepo from '../orgs/orgs.repository.ts';
import * as repo from './posts.repository.ts';
import { postPolicy, postSubject } from './posts.policy.ts';
import { presentPost } from './posts.presenter.ts';

/** Leading bodies (领导班子): who holds which post of a unit, from a date to a date, history kept. */
export class PostService {
  constructor(private db: Kysely<DB>) {}

  private async requireOrg(actor: Actor, orgId: number, action: 'read' | 'manage') {
    const org = await orgRepo.findOrg(this.db, orgId);
    if (!org) throw new AppError('NOT_FOUND');
    authorize(actor, postPolicy, action, postSubject(org));
    return org;
  }

  /** The body on a date (today by default), or every post ever held with `history`. */
  async body(actor: Actor, f: TListPosts): Promise<OrgBodyView> {
    const org = await this.requireOrg(actor, f.org, 'read');
    const today = dateIn();
    const on = f.history ? null : (f.on ?? today);
    const manage = can(actor, postPolicy, 'manage', postSubject(org));
    const rows = await repo.listPosts(this.db, org.id, on);
    return {
      orgId: org.id,
      on,
      items: rows.map((r) => presentPost(r, today, manage)),
      abilities: { create: manage && org.status === 'active' },
    };
  }

  async create(actor: Actor, input: TCreatePost): Promise<OrgPostView> {
    const id = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const [org] = await orgRepo.lockOrgs(trx, [input.orgId]);
      if (!org) throw new AppError('NOT_FOUND');
      authorize(actor, postPolicy, 'manage', postSubject(org));
      if (org.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: org.name });
      const end = input.endDate ?? null;
      if (end && end < input.startDate) throw new AppError('POST_DATES');
      if (input.memberId && !(await repo.memberWithin(trx, input.memberId, org.id)))
        throw new AppError('POST_MEMBER_OUTSIDE');
      if (SINGLE_HOLDER_POSTS.includes(input.post as OrgPost)) {
        const [clash] = await repo.overlapping(trx, org.id, input.post, input.startDate, end, null);
        if (clash)
          throw new AppError('POST_TAKEN', {
            post: enumParam('orgPost', input.post),
            holder: clash.member_name ?? clash.outside_name,
            date: clash.start_date > input.startDate ? clash.start_date : input.startDate,
          });
      }
      const id = await repo.insertPost(trx, {
        org_id: org.id,
        post: input.post,
        title: input.title,
        member_id: input.memberId ?? null,
        outside_name: input.memberId ? '' : input.outsideName,
        outside_unit: input.memberId ? '' : input.outsideUnit,
        term: input.term,
        document: input.document,
        start_date: input.startDate,
        end_date: end,
        created_by: actor.id,
      });
      await audit({
        action: 'post.create',
        entityType: 'org_post',
        entityId: id,
        orgId: org.id,
        after: { ...input },
      });
      return id;
    });
    return this.view(actor, id);
  }

  async end(actor: Actor, id: number, input: TEndPost): Promise<OrgPostView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const p = await repo.findPost(trx, id);
      if (!p) throw new AppError('NOT_FOUND');
      const [org] = await orgRepo.lockOrgs(trx, [p.org_id]);
      authorize(actor, postPolicy, 'manage', postSubject(org!));
      if (p.end_date !== null) return;
      if (input.endDate < p.start_date) throw new AppError('POST_DATES');
      await repo.endPost(trx, id, input.endDate, input.reason);
      await audit({
        action: 'post.end',
        entityType: 'org_post',
        entityId: id,
        orgId: p.org_id,
        before: { endDate: null },
        after: { endDate: input.endDate, reason: input.reason },
      });
    });
    return this.view(actor, id);
  }

  private async view(actor: Actor, id: number): Promise<OrgPostView> {
    const p = (await repo.findPost(this.db, id))!;
    const org = (await orgRepo.findOrg(this.db, p.org_id))!;
    return presentPost(p, dateIn(), can(actor, postPolicy, 'manage', postSubject(org)));
  }
}
