import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Q } from '../../db/database.ts';
import {
  findDisclosureTransition,
  type DisclosureBatchAction,
  type DisclosureBatchDetailView,
  type DisclosureBatchPage,
  type DisclosureBatchView,
  type DisclosureItemView,
} from '../../../shared/opinions.ts';
import { auditActor, pathWithin, type Actor } from '../../platform/actor.ts';
import { canonicalJson } from '../../platform/canonical.ts';
import { AppError, ScopeDenied } from '../../platform/errors.ts';
import { isRowId } from '../../platform/validation.ts';
import { authorize, canSee } from '../../platform/policy.ts';
import { withTx } from '../../platform/tx.ts';
import { decodeAfter, pageOf } from '../../platform/paging.ts';
import { findOrg } from '../orgs/orgs.repository.ts';
import * as repo from './disclosure.repository.ts';
import {
  batchAbilities,
  batchSubject,
  canCreateBatch,
  disclosurePolicy,
  type DisclosureAction,
} from './disclosure.policy.ts';
import { presentBatch, presentBatchDetail, presentBatchRow, presentItem, snapshot } from './disclosure.presenter.ts';
import type { TAddItems, TBatchQuery, TCreateBatch, TPublicBatchQuery } from '../../../shared/schemas/disclosure.ts';
import type { Page } from '../../../shared/api.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const orgSubject = (o: { id: number; path: string }) => ({ entityType: 'org', entityId: o.id, paths: [o.path] });
export const PUBLIC_BATCHES_PER_PAGE = 20;

/**
 * Public disclosure (整改问题公示): numbered batches per org; an office adds confirmed problems and,
 * once verified and closed, their rectifications as redacted snapshots, publishes the batch, and
 * may withdraw an item with a reason (it leaves the public pages; the audit chain keeps why).
 */
export class DisclosureService {
  constructor(private db: Kysely<DB>) {}

  private async orgFor(actor: Actor, q: Q, orgId: number, action: DisclosureAction) {
    const org = await findOrg(q, orgId);
    if (!org) throw new AppError('NOT_FOUND');
    authorize(actor, disclosurePolicy, action, orgSubject(org));
    return org;
  }

  private async batchFor(
    actor: Actor,
    q: Q,
    id: number,
    action: DisclosureAction,
    lock = false,
  ): Promise<repo.BatchRow> {
    const b = await repo.findBatch(q, id, lock);
    if (!b) throw new AppError('NOT_FOUND');
    authorize(actor, disclosurePolicy, action, batchSubject(b));
    return b;
  }

  /** Refuses what DISCLOSURE_TRANSITIONS does not list for the batch's status. */
  private checkTransition(b: repo.BatchRow, action: DisclosureBatchAction): void {
    if (!findDisclosureTransition(b.status, action)) throw new AppError('DISCLOSURE_PUBLISHED', { title: b.title });
  }

  /** An org's batches, newest first, a page at a time (?after=&limit=), with the total. */
  async listBatches(actor: Actor, orgId: number, query: TBatchQuery): Promise<DisclosureBatchPage> {
    const org = await this.orgFor(actor, this.db, orgId, 'read');
    const after = decodeAfter(query.after, (v) => typeof v === 'number' && isRowId(v));
    const rows = await repo.batchesOfOrg(this.db, org.id, {
      afterSeq: after ? Number(after[0]) : undefined,
      limit: query.limit,
    });
    const total = !after && rows.length <= query.limit ? rows.length : await repo.countBatchesOfOrg(this.db, org.id);
    return {
      ...pageOf(
        rows,
        query.limit,
        (last) => [last.seq, last.id],
        (b) => presentBatchRow(b, batchAbilities(actor, b)),
        { total },
      ),
      abilities: { create: canCreateBatch(actor, org) },
    };
  }

  /** A new draft batch, numbered after the org's last one. */
  async createBatch(actor: Actor, orgId: number, input: TCreateBatch): Promise<DisclosureBatchDetailView> {
    const id = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const org = await this.orgFor(actor, trx, orgId, 'manage');
      if (org.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: org.name });
      const seq = await repo.nextBatchSeq(trx, org.id);
      const batchId = await repo.insertBatch(trx, {
        org_id: org.id,
        seq,
        title: input.title,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        created_by: actor.id,
      });
      await audit({
        action: 'disclosure.create',
        entityType: 'disclosure_batch',
        entityId: batchId,
        orgId: org.id,
        after: { seq, ...input },
      });
      return batchId;
    });
    return this.detail(actor, id);
  }

  async detail(actor: Actor, id: number): Promise<DisclosureBatchDetailView> {
    const b = await this.batchFor(actor, this.db, id, 'read');
    const items = await repo.itemsOf(this.db, id, true);
    return presentBatchDetail(b, batchAbilities(actor, b), items);
  }

  /**
   * Adds problems of the batch org's subtree to a draft batch: as 'problem' once confirmed (not a
   * draft), as 'rectification' only once closed. Each item is a redacted snapshot taken now;
   * adding again refreshes it (and brings back an item withdrawn before publishing).
   */
  async addItems(actor: Actor, id: number, input: TAddItems): Promise<DisclosureBatchDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const b = await this.batchFor(actor, trx, id, 'manage', true);
      this.checkTransition(b, 'addItems');
      const ids = [...new Set(input.problemIds)];
      const problems = await repo.problemsForSnapshot(trx, ids);
      for (const p of problems)
        if (!canSee(actor, { entityType: 'problem', entityId: p.id, paths: [p.org_path] }))
          throw new ScopeDenied('disclose', 'problem', p.id);
      if (problems.length !== ids.length) throw new AppError('NOT_FOUND');
      for (const p of problems) {
        if (!pathWithin(p.org_path, b.org_path))
          throw new AppError('DISCLOSURE_OUTSIDE', { seq: p.seq, org: p.org_name, batchOrg: b.org_name });
        if (input.kind === 'problem' && p.status === 'draft')
          throw new AppError('DISCLOSURE_PROBLEM_DRAFT', { seq: p.seq, org: p.org_name });
        if (input.kind === 'rectification' && p.status !== 'closed')
          throw new AppError('DISCLOSURE_NOT_CLOSED', { seq: p.seq, org: p.org_name });
      }
      const measures = await repo.measuresOf(trx, ids);
      const names = await repo.personalNames(trx, problems);
      const rows = problems.map((p) => ({
        batch_id: id,
        problem_id: p.id,
        kind: input.kind,
        public_text: JSON.stringify(
          snapshot(
            p,
            measures.filter((m) => m.problem_id === p.id).map((m) => m.content),
            names.get(p.id) ?? [],
          ),
        ),
      }));
      await repo.upsertItems(trx, rows);
      await audit({
        action: 'disclosure.add',
        entityType: 'disclosure_batch',
        entityId: id,
        orgId: b.org_id,
        after: {
          kind: input.kind,
          problemIds: problems.map((p) => p.id),
          snapshotsSha256: sha256(rows.map((r) => r.public_text).join('\n')),
        },
      });
    });
    return this.detail(actor, id);
  }

  /** Publishes a draft batch that has at least one item. */
  async publish(actor: Actor, id: number): Promise<DisclosureBatchDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const b = await this.batchFor(actor, trx, id, 'manage', true);
      this.checkTransition(b, 'publish');
      const items = await repo.itemsOf(trx, id, false);
      if (items.length === 0) throw new AppError('DISCLOSURE_EMPTY', { title: b.title });
      await repo.markPublished(trx, id);
      await audit({
        action: 'disclosure.publish',
        entityType: 'disclosure_batch',
        entityId: id,
        orgId: b.org_id,
        before: { status: 'draft' },
        after: {
          status: 'published',
          seq: b.seq,
          title: b.title,
          startsOn: b.starts_on,
          endsOn: b.ends_on,
          items: items.map((i) => ({ id: i.id, problemId: i.problem_id, kind: i.kind })),
          snapshotsSha256: sha256(items.map((i) => canonicalJson(i.public_text)).join('\n')),
        },
      });
    });
    return this.detail(actor, id);
  }

  /** Withdraws an item (draft or published batch) with the reason; it leaves the public pages. */
  async withdraw(actor: Actor, id: number, itemId: number, reason: string): Promise<DisclosureBatchDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const b = await this.batchFor(actor, trx, id, 'manage', true);
      this.checkTransition(b, 'withdrawItem');
      const item = await repo.lockItem(trx, id, itemId);
      if (!item) throw new AppError('NOT_FOUND');
      if (item.withdrawn_at) throw new AppError('DISCLOSURE_WITHDRAWN');
      await repo.withdrawItem(trx, itemId, { reason, by: actor.id });
      await audit({
        action: 'disclosure.withdraw',
        entityType: 'disclosure_item',
        entityId: itemId,
        orgId: b.org_id,
        before: { withdrawn: false },
        after: {
          withdrawn: true,
          batchId: id,
          batchStatus: b.status,
          problemId: item.problem_id,
          kind: item.kind,
          reason,
        },
      });
    });
    return this.detail(actor, id);
  }

  // ---------- public ----------

  /** Published batches of an org's subtree, newest first, a page at a time; undefined for an unknown org. */
  async publicBatches(
    orgId: number,
    page: number,
  ): Promise<{ org: { id: number; name: string }; batches: DisclosureBatchView[]; hasMore: boolean } | undefined> {
    if (!isRowId(orgId)) return undefined;
    const org = await repo.orgName(this.db, orgId);
    if (!org) return undefined;
    const rows = await repo.publishedInSubtree(this.db, org.id, {
      offset: (page - 1) * PUBLIC_BATCHES_PER_PAGE,
      limit: PUBLIC_BATCHES_PER_PAGE + 1,
    });
    return {
      org,
      batches: rows.slice(0, PUBLIC_BATCHES_PER_PAGE).map(presentBatch),
      hasMore: rows.length > PUBLIC_BATCHES_PER_PAGE,
    };
  }

  /**
   * The same list in the one paging contract (?after=&limit=, `Page<T>`), for the public JSON API;
   * undefined for an unknown org. The key is the last batch's publishing instant and id.
   */
  async publicBatchPage(
    orgId: number,
    query: TPublicBatchQuery,
  ): Promise<(Page<DisclosureBatchView> & { org: { id: number; name: string } }) | undefined> {
    if (!isRowId(orgId)) return undefined;
    const org = await repo.orgName(this.db, orgId);
    if (!org) return undefined;
    // The key's instant is one this server wrote (an ISO string), so it reads back the same.
    const after = decodeAfter(
      query.after,
      (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString() === v,
    );
    const rows = await repo.publishedInSubtreeAfter(this.db, org.id, {
      after: after ? [String(after[0]), after[1]] : null,
      limit: query.limit,
    });
    return {
      org,
      ...pageOf(rows, query.limit, (last) => [last.published_at!.toISOString(), last.id], presentBatch),
    };
  }

  /** A published batch and its items not withdrawn; undefined when unknown or not published. */
  async publicBatch(id: number): Promise<{ batch: DisclosureBatchView; items: DisclosureItemView[] } | undefined> {
    // The public pages parse their own path; an id no integer column holds names no batch.
    if (!isRowId(id)) return undefined;
    const b = await repo.findBatch(this.db, id);
    if (!b || b.status !== 'published') return undefined;
    const items = await repo.itemsOf(this.db, id, false);
    return { batch: presentBatch(b), items: items.map(presentItem) };
  }
}
