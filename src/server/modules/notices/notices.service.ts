import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Q } from '../../db/database.ts';
import { auditActor, ownGrants, type Actor } from '../../platform/actor.ts';
import { AppError, ScopeDenied } from '../../platform/errors.ts';
import { authorize, can, canSee } from '../../platform/policy.ts';
import { withTx, type TxContext } from '../../platform/tx.ts';
import { attachFile, listAttachments } from '../../platform/files.ts';
import type { NoticeDetailView, NoticePage, NoticeReceiptsView } from '../../../shared/notices.ts';
import { decodeAfter, pageOf } from '../../platform/paging.ts';
import { findOrg } from '../orgs/orgs.repository.ts';
import { sanitizeHtml } from '../../platform/html.ts';
import { requireVisibleCampaign } from '../campaigns/campaigns.policy.ts';
import * as repo from './notices.repository.ts';
import { noticeAbilities, noticeListAbilities, noticeOrgSubject, noticePolicy } from './notices.policy.ts';
import { presentNotice, presentNoticeDetail, presentReceipts } from './notices.presenter.ts';
import type { TCreateNotice, TNoticeQuery, TReceiptsQuery, TUpdateNotice } from '../../../shared/schemas/notices.ts';

const orgSubject = (o: { id: number; path: string }) => ({ entityType: 'org', entityId: o.id, paths: [o.path] });
/** The orgs an actor acts for: where they hold a grant (not the whole subtree below). */
const grantOrgIds = (actor: Actor) => [...new Set(ownGrants(actor).map((g) => g.orgId))];
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Notices (通知、工作提示、通报): an office drafts one from an org of its scope, adds attachments,
 * and sends it to that org's whole subtree or to orgs it picks below it. Recipients are orgs; each
 * recipient org's first reading is its read receipt, and the sender follows the receipts rolled
 * up by its child orgs. A sent notice never changes. Every write is one transaction with its
 * audit event.
 */
export class NoticeService {
  constructor(private db: Kysely<DB>) {}

  /** The org a notice is sent from: one the actor is an office for (over its path). */
  private async sendingOrg(actor: Actor, q: Q, orgId: number) {
    const org = await findOrg(q, orgId);
    if (!org) throw new AppError('NOT_FOUND');
    authorize(actor, noticePolicy, 'send', orgSubject(org));
    if (org.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: org.name });
    return org;
  }

  /**
   * Picked recipients must be in the actor's scope (else the audited 404, before anything else is
   * said about them), strictly below the sending org, and active.
   */
  private async checkSelection(
    actor: Actor,
    q: Q,
    sender: { name: string; path: string },
    ids: number[],
  ): Promise<void> {
    if (ids.length === 0) throw new AppError('VALIDATION', {}, [{ path: 'orgIds', message: 'field.required' }]);
    const rows = await repo.orgsByIds(q, ids);
    if (rows.length !== ids.length) throw new AppError('NOT_FOUND');
    for (const o of rows) if (!canSee(actor, orgSubject(o))) throw new ScopeDenied('send', 'org', o.id);
    for (const o of rows) {
      if (!o.path.startsWith(sender.path + '.'))
        throw new AppError('NOTICE_RECIPIENT_OUTSIDE', { name: o.name, sender: sender.name });
      if (o.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: o.name });
    }
  }

  private async checkCampaign(actor: Actor, q: Q, campaignId: number): Promise<void> {
    await requireVisibleCampaign(q, actor, campaignId);
  }

  /** Loads a notice the actor may send from (drafts), or the audited 404; inside a transaction, locked. */
  private async loadForSender(actor: Actor, trx: Transaction<DB>, id: number): Promise<repo.NoticeWithOrg> {
    const n = await repo.findNotice(trx, id, true);
    if (!n) throw new AppError('NOT_FOUND');
    const subject = noticeOrgSubject(n);
    if (!canSee(actor, subject)) throw new ScopeDenied('send', 'notice', id);
    authorize(actor, noticePolicy, 'send', subject);
    if (n.status !== 'draft') throw new AppError('NOTICE_SENT');
    return n;
  }

  /**
   * May the actor read this notice? The sending side (a grant at or above the sending org; drafts:
   * its offices) or the receiving side (a grant at or above a recipient org). Otherwise the
   * audited 404. Returns which side the actor reads from.
   */
  private async readable(actor: Actor, q: Q, n: repo.NoticeWithOrg): Promise<'sender' | 'recipient'> {
    const subject = noticeOrgSubject(n);
    if (n.status === 'draft') {
      if (can(actor, noticePolicy, 'send', subject)) return 'sender';
      throw new ScopeDenied('read', 'notice', n.id);
    }
    if (canSee(actor, subject)) return 'sender';
    if (await repo.addressedWithin(q, n.id, grantOrgIds(actor))) return 'recipient';
    throw new ScopeDenied('read', 'notice', n.id);
  }

  /** Materializes the recipients and marks the notice sent; refuses a notice that would reach nobody. */
  private async sendIn({ trx, audit }: TxContext, actor: Actor, n: repo.NoticeWithOrg): Promise<void> {
    const selection = n.audience === 'selection' ? n.selected_org_ids : null;
    const count = await repo.insertRecipients(trx, n.id, { id: n.org_id, depth: n.org_depth }, selection);
    if (count === 0) throw new AppError('NOTICE_NO_RECIPIENTS', { sender: n.org_name });
    const sentAt = new Date();
    await repo.updateNotice(trx, n.id, {
      status: 'sent',
      recipient_count: count,
      sent_at: sentAt,
      sent_by: actor.id,
      updated_at: sentAt,
    });
    const files = await listAttachments(trx, 'notice', [n.id]);
    await audit({
      action: 'notice.send',
      entityType: 'notice',
      entityId: n.id,
      orgId: n.org_id,
      after: {
        kind: n.kind,
        title: n.title,
        docNumber: n.doc_number,
        campaignId: n.campaign_id,
        audience: n.audience,
        orgIds: selection,
        recipients: count,
        bodySha256: sha256(n.body),
        attachments: files.map((f) => ({ file: f.filename, sha256: f.sha256 })),
      },
    });
  }

  /** Creates a notice and sends it at once, or keeps it as a draft (`draft: true`) to add attachments first. */
  async create(actor: Actor, input: TCreateNotice): Promise<NoticeDetailView> {
    const id = await withTx(this.db, auditActor(actor), async (ctx) => {
      const { trx, audit } = ctx;
      const org = await this.sendingOrg(actor, trx, input.orgId);
      const selection = input.audience === 'selection' ? [...new Set(input.orgIds)] : [];
      if (input.audience === 'selection') await this.checkSelection(actor, trx, org, selection);
      if (input.campaignId) await this.checkCampaign(actor, trx, input.campaignId);
      const newId = await repo.insertNotice(trx, {
        org_id: org.id,
        kind: input.kind,
        campaign_id: input.campaignId ?? null,
        title: input.title,
        doc_number: input.docNumber || null,
        body: sanitizeHtml(input.body),
        audience: input.audience,
        selected_org_ids: selection,
        created_by: actor.id,
      });
      const n = (await repo.findNotice(trx, newId, true))!;
      if (input.draft) {
        await audit({
          action: 'notice.create',
          entityType: 'notice',
          entityId: n.id,
          orgId: org.id,
          after: {
            kind: n.kind,
            title: n.title,
            docNumber: n.doc_number,
            campaignId: n.campaign_id,
            audience: n.audience,
            orgIds: selection,
          },
        });
      } else {
        await this.sendIn(ctx, actor, n);
      }
      return n.id;
    });
    return this.detail(actor, id);
  }

  /** Edits a draft. */
  async update(actor: Actor, id: number, input: TUpdateNotice): Promise<NoticeDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const n = await this.loadForSender(actor, trx, id);
      const audience = input.audience ?? n.audience;
      const selection = audience === 'selection' ? [...new Set(input.orgIds ?? n.selected_org_ids)] : [];
      if (audience === 'selection' && (input.audience !== undefined || input.orgIds !== undefined)) {
        await this.checkSelection(actor, trx, { name: n.org_name, path: n.org_path }, selection);
      }
      if (input.campaignId) await this.checkCampaign(actor, trx, input.campaignId);
      const set = {
        ...(input.kind !== undefined ? { kind: input.kind } : {}),
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.docNumber !== undefined ? { doc_number: input.docNumber || null } : {}),
        ...(input.body !== undefined ? { body: sanitizeHtml(input.body) } : {}),
        ...(input.campaignId !== undefined ? { campaign_id: input.campaignId } : {}),
        audience,
        selected_org_ids: selection,
        updated_at: new Date(),
      };
      await repo.updateNotice(trx, id, set);
      await audit({
        action: 'notice.update',
        entityType: 'notice',
        entityId: id,
        orgId: n.org_id,
        before: {
          kind: n.kind,
          title: n.title,
          docNumber: n.doc_number,
          campaignId: n.campaign_id,
          audience: n.audience,
          orgIds: n.selected_org_ids,
          bodySha256: sha256(n.body),
        },
        after: {
          ...input,
          body: undefined,
          bodySha256: input.body !== undefined ? sha256(set.body as string) : undefined,
        },
      });
    });
    return this.detail(actor, id);
  }

  /** Adds an attachment to a draft (a sent notice is final). */
  async attach(actor: Actor, id: number, file: { filename: string; content: Buffer }): Promise<NoticeDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const n = await this.loadForSender(actor, trx, id);
      const stored = await attachFile(trx, { type: 'notice', id }, file, actor.id);
      await audit({
        action: 'notice.attach',
        entityType: 'notice',
        entityId: id,
        orgId: n.org_id,
        after: { file: stored.filename, sha256: stored.sha256, size: stored.size },
      });
    });
    return this.detail(actor, id);
  }

  /** Sends a draft: recipients are taken from the tree as it is now. */
  async send(actor: Actor, id: number): Promise<NoticeDetailView> {
    await withTx(this.db, auditActor(actor), async (ctx) => {
      const n = await this.loadForSender(actor, ctx.trx, id);
      if (n.audience === 'selection')
        await this.checkSelection(actor, ctx.trx, { name: n.org_name, path: n.org_path }, n.selected_org_ids);
      if (n.campaign_id) await this.checkCampaign(actor, ctx.trx, n.campaign_id);
      await this.sendIn(ctx, actor, n);
    });
    return this.detail(actor, id);
  }

  async detail(actor: Actor, id: number): Promise<NoticeDetailView> {
    const n = await repo.findNotice(this.db, id);
    if (!n) throw new AppError('NOT_FOUND');
    await this.readable(actor, this.db, n);
    const files = await listAttachments(this.db, 'notice', [id]);
    const mine = await repo.recipientsFor(this.db, [id], grantOrgIds(actor));
    const campaign = n.campaign_id ? await repo.campaignName(this.db, n.campaign_id) : undefined;
    const selected = await repo.orgNames(this.db, n.selected_org_ids);
    return presentNoticeDetail(n, files, mine, campaign, selected, noticeAbilities(actor, n, mine));
  }

  /**
   * The inbox (notices addressed to an org) or the sent box (notices an org sent, drafts included
   * for its offices). Without ?org= it covers the orgs the actor holds a grant at — not their
   * whole subtrees: a city office does not get every branch's mail.
   */
  async list(actor: Actor, query: TNoticeQuery): Promise<NoticePage> {
    let orgs: Array<{ id: number; path: string }>;
    if (query.org) {
      const org = await findOrg(this.db, query.org);
      if (!org) throw new AppError('NOT_FOUND');
      authorize(actor, noticePolicy, 'read', orgSubject(org));
      orgs = [{ id: org.id, path: org.path }];
    } else {
      orgs = [...new Map(ownGrants(actor).map((g) => [g.orgId, { id: g.orgId, path: g.path }])).values()];
    }
    const ids = orgs.map((o) => o.id);
    const after = decodeAfter(query.after, (v) => v === null)?.[1];
    const mineOf = grantOrgIds(actor);
    if (query.box === 'inbox') {
      const rows = await repo.inboxPage(this.db, ids, { after, limit: query.limit, unread: query.unread });
      const recipients = await repo.recipientsFor(
        this.db,
        rows.map((r) => r.id),
        ids,
      );
      const present = (r: repo.NoticeListRow) => {
        const own = recipients.filter((x) => x.notice_id === r.id && mineOf.includes(x.org_id));
        return presentNotice(r, recipients, noticeAbilities(actor, r, own));
      };
      return {
        ...pageOf(rows, query.limit, (r) => [null, r.id], present),
        unread: await repo.inboxUnread(this.db, ids),
        ...noticeListAbilities(actor),
      };
    }
    const draftOrgs = orgs.filter((o) => can(actor, noticePolicy, 'send', orgSubject(o))).map((o) => o.id);
    const rows = await repo.sentPage(this.db, ids, draftOrgs, { after, limit: query.limit });
    return {
      ...pageOf(
        rows,
        query.limit,
        (r) => [null, r.id],
        (r) => presentNotice(r, [], noticeAbilities(actor, r, [])),
      ),
      unread: 0,
      ...noticeListAbilities(actor),
    };
  }

  /**
   * Records that a recipient org has read the notice (its first reader and the time; later
   * readings change nothing). The org is one the actor holds a grant at; by default the deepest
   * such recipient that has not read it yet.
   */
  async markRead(actor: Actor, id: number, orgId?: number): Promise<NoticeDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const n = await repo.findNotice(trx, id);
      if (!n) throw new AppError('NOT_FOUND');
      await this.readable(actor, trx, n);
      let target: { id: number; name: string };
      if (orgId !== undefined) {
        const org = await findOrg(trx, orgId);
        if (!org) throw new AppError('NOT_FOUND');
        if (!canSee(actor, orgSubject(org))) throw new ScopeDenied('read', 'org', orgId);
        // Reading for an org means acting for it: a grant there, not merely above it.
        if (!actor.isAdmin && !ownGrants(actor).some((g) => g.orgId === orgId)) throw new AppError('FORBIDDEN');
        const [row] = await repo.recipientsFor(trx, [id], [orgId]);
        if (!row) throw new AppError('NOTICE_NOT_RECIPIENT', { name: org.name });
        target = { id: org.id, name: org.name };
      } else {
        const rows = await repo.recipientsFor(trx, [id], grantOrgIds(actor));
        const row = rows.find((r) => r.read_at === null) ?? rows[0];
        if (!row)
          throw new AppError('NOTICE_NOT_RECIPIENT', {
            name: [...new Set(ownGrants(actor).map((g) => g.orgName))].join('、'),
          });
        target = { id: row.org_id, name: row.org_name };
      }
      if (await repo.markRead(trx, id, target.id, actor.id)) {
        await audit({
          action: 'notice.read',
          entityType: 'notice',
          entityId: id,
          orgId: target.id,
          after: { org: target.name },
        });
      }
    });
    return this.detail(actor, id);
  }

  /** Read receipts for the sender: totals, the roll-up by child org, and the unread orgs. */
  async receipts(actor: Actor, id: number, query: TReceiptsQuery): Promise<NoticeReceiptsView> {
    const n = await repo.findNotice(this.db, id);
    if (!n) throw new AppError('NOT_FOUND');
    await this.readable(actor, this.db, n);
    if (!can(actor, noticePolicy, 'receipts', noticeOrgSubject(n))) throw new AppError('FORBIDDEN');
    const children = await repo.receiptsByChild(this.db, id);
    const after = decodeAfter(query.after, (v) => v === null)?.[1];
    const rows = await repo.unreadOrgs(this.db, id, { child: query.child, after, limit: query.limit });
    const unreadTotal = await repo.unreadCount(this.db, id, query.child);
    return presentReceipts(n, children, rows, query.limit, unreadTotal);
  }

  /** May the actor download an attachment of this notice? (Recipients and the sending side.) */
  async authorizeAttachmentRead(actor: Actor, noticeId: number): Promise<void> {
    const n = await repo.findNotice(this.db, noticeId);
    if (!n) throw new AppError('NOT_FOUND');
    await this.readable(actor, this.db, n);
  }
}
