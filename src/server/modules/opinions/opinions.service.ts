import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Q } from '../../db/database.ts';
import type { Locale } from '../../../shared/enums.ts';
import type { ConvertResult, OpinionDetailView, OpinionPage, ReceiptView } from '../../../shared/opinions.ts';
import { canMergeInto, findOpinionTransition, normalizeReceiptCode } from '../../../shared/opinions.ts';
import { auditActor, type Actor } from '../../platform/actor.ts';
import type { AuditActor } from '../../platform/audit.ts';
import { AppError, ScopeDenied } from '../../platform/errors.ts';
import { isRowId } from '../../platform/validation.ts';
import { ENUM_LABELS, t } from '../../platform/i18n.ts';
import { authorize, canSee } from '../../platform/policy.ts';
import { withTx } from '../../platform/tx.ts';
import { decodeAfter, pageOf } from '../../platform/paging.ts';
import { findOrg } from '../orgs/orgs.repository.ts';
import { campaignVisible } from '../campaigns/campaigns.policy.ts';
import { insertProblemEvents, insertProblems } from '../ledger/ledger.repository.ts';
import * as repo from './opinions.repository.ts';
import { opinionAbilities, opinionListAbilities, opinionPolicy, opinionSubject } from './opinions.policy.ts';
import { presentOpinion, presentOpinionDetail, presentReceipt } from './opinions.presenter.ts';
import type {
  TConvertOpinions,
  TCreateOpinion,
  TMergeOpinions,
  TOpinionQuery,
  TPublicOpinion,
} from '../../../shared/schemas/opinions.ts';

type Triage = 'merge' | 'convert' | 'answer' | 'decline';

/** Who writes a public submission into the audit chain: nobody identifiable, never an address. */
export const PUBLIC_ACTOR: AuditActor = { id: null, name: 'public' };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const orgSubject = (o: { id: number; path: string }) => ({ entityType: 'org', entityId: o.id, paths: [o.path] });
const chars = (s: string) => [...s];

/** The default description of a problem made from opinions: their text, numbered when several. */
export function describeOpinions(contents: string[], max = 4000): string {
  const text = contents.length === 1 ? contents[0] : contents.map((c, i) => `${i + 1}. ${c}`).join('\n');
  const cs = chars(text);
  return cs.length <= max ? text : cs.slice(0, max - 1).join('') + '…';
}

/**
 * Opinions and suggestions (意见建议): entered by unit staff per channel, submitted by anyone
 * through the public form, triaged by the unit (merged, converted into a draft problem of the
 * ledger, answered or declined with a reason) and followed by the submitter with a receipt code.
 * Every write is one transaction with its audit event; a public submission stores nothing about
 * who sent it beyond what they chose to give.
 */
export class OpinionService {
  constructor(private db: Kysely<DB>) {}

  /** Refuses a move OPINION_TRANSITIONS does not list for the opinion's status. */
  private checkTransition(locale: Locale, o: { id: number; status: string }, action: Triage): void {
    if (!findOpinionTransition(o.status, action)) throw this.transitionError(locale, o, action);
  }

  private transitionError(locale: Locale, o: { id: number; status: string }, action: Triage): AppError {
    const L = ENUM_LABELS[locale];
    return new AppError('OPINION_TRANSITION', {
      id: o.id,
      status: L.opinionStatus?.[o.status] ?? o.status,
      action: L.opinionAction?.[action] ?? action,
    });
  }

  private async checkCampaign(actor: Actor, q: Q, campaignId: number): Promise<void> {
    const c = await repo.campaignWithPath(q, campaignId);
    if (!c) throw new AppError('NOT_FOUND');
    if (!campaignVisible(actor, c.path)) throw new ScopeDenied('read', 'campaign', campaignId);
  }

  /**
   * Loads opinions for triage, locked: every one must exist, be visible (else the audited 404,
   * before anything else is said) and be triaged by the actor over its org.
   */
  private async loadForTriage(
    actor: Actor,
    trx: Transaction<DB>,
    ids: number[],
    action: Triage,
  ): Promise<repo.OpinionWithOrg[]> {
    const unique = [...new Set(ids)];
    const rows = await repo.findOpinions(trx, unique, true);
    for (const o of rows) if (!canSee(actor, opinionSubject(o))) throw new ScopeDenied(action, 'opinion', o.id);
    if (rows.length !== unique.length) throw new AppError('NOT_FOUND');
    for (const o of rows) authorize(actor, opinionPolicy, 'triage', opinionSubject(o));
    return rows;
  }

  // ---------- staff: entry, list, detail ----------

  /** Records an opinion received through any channel, for an org in the actor's scope. */
  async create(actor: Actor, input: TCreateOpinion): Promise<OpinionDetailView> {
    const id = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const org = await findOrg(trx, input.orgId);
      if (!org) throw new AppError('NOT_FOUND');
      authorize(actor, opinionPolicy, 'enter', orgSubject(org));
      if (org.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: org.name });
      if (input.campaignId) await this.checkCampaign(actor, trx, input.campaignId);
      const anonymous = input.anonymous || input.group === 'anonymous';
      const row = await repo.insertOpinion(trx, {
        org_id: org.id,
        campaign_id: input.campaignId ?? null,
        channel: input.channel,
        submitter_group: input.group,
        anonymous,
        submitter_name: anonymous ? null : (input.name ?? null),
        submitter_contact: anonymous ? null : (input.contact ?? null),
        content: input.content,
        // An anonymous opinion keeps no account either; who typed it in stays in the audit chain.
        created_by: anonymous ? null : actor.id,
      });
      await audit({
        action: 'opinion.create',
        entityType: 'opinion',
        entityId: row.id,
        orgId: org.id,
        after: {
          channel: input.channel,
          group: input.group,
          anonymous,
          campaignId: input.campaignId ?? null,
          hasName: !anonymous && !!input.name,
          hasContact: !anonymous && !!input.contact,
          contentSha256: sha256(input.content),
        },
      });
      return row.id;
    });
    return this.detail(actor, id);
  }

  /**
   * A page of opinions of an org's subtree (?org=) or of every org the actor reads opinions of,
   * filtered by status, channel, group, campaign and words; newest first, keyset-paged.
   */
  async list(actor: Actor, query: TOpinionQuery): Promise<OpinionPage> {
    let scope;
    let org: Awaited<ReturnType<typeof findOrg>> | null = null;
    if (query.org) {
      org = await findOrg(this.db, query.org);
      if (!org) throw new AppError('NOT_FOUND');
      authorize(actor, opinionPolicy, 'read', orgSubject(org));
      scope = repo.inSubtreeOf([org.id]);
    } else if (actor.isAdmin) {
      scope = repo.everywhere();
    } else {
      scope = repo.inSubtreeOf([
        ...new Set(actor.grants.filter((g) => opinionPolicy.read.roles.includes(g.role)).map((g) => g.orgId)),
      ]);
    }
    const after = decodeAfter(query.after, (v) => v === null);
    const rows = await repo.opinionPage(this.db, scope, {
      status: query.status,
      channel: query.channel,
      group: query.group,
      campaign: query.campaign,
      q: query.q || undefined,
      receiptCode: query.q ? normalizeReceiptCode(query.q) : null,
      after: after?.[1],
      limit: query.limit,
    });
    return {
      ...pageOf(
        rows,
        query.limit,
        (last) => [null, last.id],
        (o) => presentOpinion(o, opinionAbilities(actor, o)),
      ),
      abilities: opinionListAbilities(actor, org),
    };
  }

  async detail(actor: Actor, id: number): Promise<OpinionDetailView> {
    const o = await repo.findOpinion(this.db, id);
    if (!o) throw new AppError('NOT_FOUND');
    authorize(actor, opinionPolicy, 'read', opinionSubject(o));
    const merged = await repo.mergedInto(this.db, id);
    const problems = await repo.problemsOf(this.db, [id]);
    return presentOpinionDetail(o, opinionAbilities(actor, o), merged, problems);
  }

  // ---------- staff: triage ----------

  /**
   * Merges duplicates into one opinion of the same org: each becomes 'merged' and points at it;
   * opinions earlier merged into a duplicate now point at the target too (chains stay one deep).
   */
  async merge(actor: Actor, input: TMergeOpinions): Promise<OpinionDetailView> {
    const sources = [...new Set(input.ids)];
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const rows = await this.loadForTriage(actor, trx, [...sources, input.into], 'merge');
      if (sources.includes(input.into)) throw new AppError('OPINION_MERGE_SELF');
      const target = rows.find((r) => r.id === input.into)!;
      if (!canMergeInto(target.status)) throw this.transitionError(actor.locale, target, 'merge');
      for (const o of rows) {
        if (o.id === target.id) continue;
        if (o.org_id !== target.org_id)
          throw new AppError('OPINION_ORG_MISMATCH', { id: o.id, org: o.org_name, target: target.org_name });
        this.checkTransition(actor.locale, o, 'merge');
      }
      await repo.mergeInto(trx, sources, target.id);
      for (const id of sources) {
        await audit({
          action: 'opinion.merge',
          entityType: 'opinion',
          entityId: id,
          orgId: target.org_id,
          before: { status: 'new' },
          after: { status: 'merged', mergedInto: target.id },
        });
      }
    });
    return this.detail(actor, input.into);
  }

  /**
   * Turns one or several new opinions of one org into ONE new draft problem of that org's ledger
   * (source 'opinion', numbered, counted), linked to them; they become 'converted'.
   */
  async convert(actor: Actor, input: TConvertOpinions): Promise<ConvertResult> {
    return withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const rows = await this.loadForTriage(actor, trx, input.ids, 'convert');
      const first = rows[0];
      for (const o of rows) {
        if (o.org_id !== first.org_id)
          throw new AppError('OPINION_ORG_MISMATCH', { id: o.id, org: o.org_name, target: first.org_name });
      }
      for (const o of rows) this.checkTransition(actor.locale, o, 'convert');
      const org = (await findOrg(trx, first.org_id))!;
      if (org.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: org.name });
      if (input.campaignId) await this.checkCampaign(actor, trx, input.campaignId);
      const campaigns = [...new Set(rows.map((r) => r.campaign_id))];
      const campaignId =
        input.campaignId !== undefined ? input.campaignId : campaigns.length === 1 ? campaigns[0] : null;
      const description = input.description ?? describeOpinions(rows.map((r) => r.content));
      const ids = rows.map((r) => r.id);
      const [problemId] = await insertProblems(trx, org.id, [
        {
          org_id: org.id,
          campaign_id: campaignId,
          source: 'opinion',
          category: input.category,
          kind: input.kind,
          description,
          status: 'draft',
          created_by: actor.id,
        },
      ]);
      await insertProblemEvents(
        trx,
        [problemId],
        'create',
        { id: actor.id, name: actor.displayName },
        'draft',
        t(actor.locale, 'opinion.convertComment', { ids: ids.join(', ') }),
      );
      await repo.markConverted(trx, ids, problemId);
      const seq = await repo.problemSeq(trx, problemId);
      await audit({
        action: 'problem.create',
        entityType: 'problem',
        entityId: problemId,
        orgId: org.id,
        after: {
          source: 'opinion',
          seq,
          category: input.category,
          kind: input.kind,
          campaignId,
          opinionIds: ids,
          descriptionSha256: sha256(description),
        },
      });
      for (const id of ids) {
        await audit({
          action: 'opinion.convert',
          entityType: 'opinion',
          entityId: id,
          orgId: org.id,
          before: { status: 'new' },
          after: { status: 'converted', problemId },
        });
      }
      return { problemId, seq, opinionIds: ids };
    });
  }

  /** Answers a new opinion (答复): the submitter reads the answer with the receipt code. */
  async answer(actor: Actor, id: number, answer: string): Promise<OpinionDetailView> {
    return this.close(actor, id, 'answer', answer);
  }

  /** Declines a new opinion (不予采纳) with the reason, which the submitter reads as the answer. */
  async decline(actor: Actor, id: number, reason: string): Promise<OpinionDetailView> {
    return this.close(actor, id, 'decline', reason);
  }

  private async close(
    actor: Actor,
    id: number,
    action: 'answer' | 'decline',
    text: string,
  ): Promise<OpinionDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const [o] = await this.loadForTriage(actor, trx, [id], action);
      const move = findOpinionTransition(o.status, action);
      if (!move) throw this.transitionError(actor.locale, o, action);
      const status = move.to;
      await repo.closeOpinion(trx, id, { status, answer: text, answeredBy: actor.id });
      await audit({
        action: `opinion.${action}`,
        entityType: 'opinion',
        entityId: id,
        orgId: o.org_id,
        before: { status: o.status },
        after: { status, [action === 'answer' ? 'answer' : 'reason']: text },
      });
    });
    return this.detail(actor, id);
  }

  // ---------- public ----------

  /** The org a public form is for: an active org, by id. */
  async publicOrg(orgId: number): Promise<{ id: number; name: string } | undefined> {
    // The public pages parse their own query; an id no integer column holds names no org.
    if (!isRowId(orgId)) return undefined;
    const org = await repo.orgForPublic(this.db, orgId, true);
    return org && { id: org.id, name: org.name };
  }

  /**
   * A submission through the public form (channel 'online'). The honeypot filled in means a
   * robot: it gets a receipt code like anyone, and nothing is stored. Anonymous: no name and no
   * contact; no account and no network address is ever stored for a public opinion.
   */
  async submitPublic(input: TPublicOpinion): Promise<{ code: string; stored: boolean }> {
    if (input.website.trim() !== '') return { code: repo.newReceiptCode(), stored: false };
    return withTx(this.db, PUBLIC_ACTOR, async ({ trx, audit }) => {
      const org = await repo.orgForPublic(trx, input.org, false);
      if (!org || org.status !== 'active') throw new AppError('NOT_FOUND');
      let campaignId: number | null = null;
      if (input.campaign) {
        // Only a campaign deployed over this org (by it or a level above) may be named.
        const c = await repo.campaignOverOrg(trx, input.campaign, org.id);
        campaignId = c ? c.id : null;
      }
      const anonymous = input.anonymous;
      const row = await repo.insertOpinion(trx, {
        org_id: org.id,
        campaign_id: campaignId,
        channel: 'online',
        submitter_group: input.group,
        anonymous,
        submitter_name: anonymous ? null : (input.name ?? null),
        submitter_contact: anonymous ? null : (input.contact ?? null),
        content: input.content,
        created_by: null,
      });
      await audit({
        action: 'opinion.submit',
        entityType: 'opinion',
        entityId: row.id,
        orgId: org.id,
        after: {
          channel: 'online',
          group: input.group,
          anonymous,
          campaignId,
          hasName: !anonymous && !!input.name,
          hasContact: !anonymous && !!input.contact,
          contentSha256: sha256(input.content),
        },
      });
      return { code: row.receipt_code, stored: true };
    });
  }

  /**
   * What a receipt code shows: the status and the answer, or the problems the opinion became with
   * their rectification status and what of them was made public. A merged opinion shows the
   * outcome of the one it was merged into. Never a name, a contact or the text of others.
   */
  async receipt(rawCode: string): Promise<ReceiptView | undefined> {
    const code = normalizeReceiptCode(rawCode);
    if (!code) return undefined;
    const o = await repo.findByReceipt(this.db, code);
    if (!o) return undefined;
    let target: {
      id: number;
      status: string;
      merged_into: number | null;
      answer: string | null;
      answered_at: Date | null;
    } = o;
    for (let hops = 0; target.status === 'merged' && target.merged_into && hops < 5; hops++) {
      const next = await repo.findOutcome(this.db, target.merged_into);
      if (!next) break;
      target = next;
    }
    const problems = await repo.problemsOf(this.db, [target.id]);
    const items = await repo.publicItemsOf(
      this.db,
      problems.map((p) => p.id),
    );
    return presentReceipt(code, o, target, problems, items);
  }
}
