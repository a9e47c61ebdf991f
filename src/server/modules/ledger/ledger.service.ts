import { createHash } from 'node:crypto';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB, ProblemRow } from '../../db/types.ts';
import { auditActor, type Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { isRealDate, isRowId } from '../../platform/validation.ts';
import { requireVisibleCampaign } from '../campaigns/campaigns.policy.ts';
import { authorize, can } from '../../platform/policy.ts';
import { withTx, type TxContext } from '../../platform/tx.ts';
import { dateIn, daysBetween } from '../../platform/dates.ts';
import { mimeFor } from '../../platform/files.ts';
import { ENUM_LABELS } from '../../platform/i18n.ts';
import {
  FIVE_CLEAR,
  OPEN_PROBLEM_STATUSES,
  PROBLEM_CATEGORIES,
  PROBLEM_KINDS,
  PROBLEM_STATUSES,
  PROBLEM_TRANSITIONS,
  fiveClearMissing,
  findTransition,
  type LedgerFigures,
  type LedgerSummaryView,
  type ProblemAction,
  type ProblemDetailView,
  type ProblemPage,
  type ProblemView,
} from '../../../shared/ledger.ts';
import { findOrg } from '../orgs/orgs.repository.ts';
import * as repo from './ledger.repository.ts';
import { problemPolicy, problemSubject } from './ledger.policy.ts';
import type { TCreateProblem, TProblemQuery, TUpdateProblem } from './ledger.schema.ts';

type Q = Kysely<DB> | Transaction<DB>;
type ProblemWithOrg = ProblemRow & { org_path: string; org_name: string };

const iso = (d: Date | string | null) => (d == null ? null : d instanceof Date ? d.toISOString() : String(d));

/**
 * The problem ledger: problems at every level, their rectification along the transition table,
 * evidence versions, and subtree roll-ups read from counters. Every write is one transaction with
 * its audit event and its history event.
 */
export class LedgerService {
  constructor(
    private db: Kysely<DB>,
    /** Today's date in the office time zone; tests pin it. */
    private today: () => string = () => dateIn(),
  ) {}

  private async load(q: Q, id: number, lock = false): Promise<ProblemWithOrg | undefined> {
    let sel = q
      .selectFrom('problems as p')
      .innerJoin('orgs as o', 'o.id', 'p.org_id')
      .selectAll('p')
      .select(['o.path as org_path', 'o.name as org_name'])
      .where('p.id', '=', id);
    if (lock) sel = sel.forUpdate('p');
    return sel.executeTakeFirst();
  }

  private async requireOrg(q: Q, actor: Actor, orgId: number, action: 'read' | 'create') {
    const org = await findOrg(q, orgId);
    if (!org) throw new AppError('NOT_FOUND');
    authorize(actor, problemPolicy, action, problemSubject({ id: null, org_path: org.path }));
    return org;
  }

  private present(p: ProblemRow & { org_name: string }): ProblemView {
    const today = this.today();
    const open = (OPEN_PROBLEM_STATUSES as readonly string[]).includes(p.status);
    const overdue = open && !!p.deadline && p.deadline < today;
    return {
      id: p.id,
      orgId: p.org_id,
      orgName: p.org_name,
      campaignId: p.campaign_id,
      seq: p.seq,
      source: p.source as ProblemView['source'],
      category: p.category as ProblemView['category'],
      subject: p.subject as ProblemView['subject'],
      subjectName: p.subject_name,
      description: p.description,
      standard: p.standard,
      responsibleLeader: p.responsible_leader,
      responsibleDept: p.responsible_dept,
      responsiblePerson: p.responsible_person,
      kind: p.kind as ProblemView['kind'],
      deadline: p.deadline,
      deadlineText: p.deadline_text,
      status: p.status as ProblemView['status'],
      cycle: p.cycle,
      overdue,
      daysOverdue: overdue ? daysBetween(p.deadline!, today) : 0,
      progress: p.progress,
      effect: p.effect,
      remark: p.remark,
      updatedAt: iso(p.updated_at)!,
      closedAt: iso(p.closed_at),
    };
  }

  // ---------- reads ----------

  async detail(actor: Actor, id: number): Promise<ProblemDetailView> {
    const p = await this.load(this.db, id);
    if (!p) throw new AppError('NOT_FOUND');
    authorize(actor, problemPolicy, 'read', problemSubject(p));
    const [measures, milestones, evidence, events, opinions] = await Promise.all([
      this.db.selectFrom('problem_measures').selectAll().where('problem_id', '=', id).orderBy('seq').execute(),
      this.db.selectFrom('problem_milestones').selectAll().where('problem_id', '=', id).orderBy('seq').execute(),
      this.db.selectFrom('problem_evidence').selectAll().where('problem_id', '=', id).orderBy('id').execute(),
      this.db.selectFrom('problem_events').selectAll().where('problem_id', '=', id).orderBy('id').execute(),
      this.db
        .selectFrom('opinion_problems')
        .select('opinion_id')
        .where('problem_id', '=', id)
        .orderBy('opinion_id')
        .execute(),
    ]);
    const subject = problemSubject(p);
    const mayEdit = can(actor, problemPolicy, 'edit', subject);
    const mayVerify = can(actor, problemPolicy, 'verify', subject);
    const actions = [
      ...new Set(
        PROBLEM_TRANSITIONS.filter(
          (t) =>
            t.from === p.status &&
            (!t.kinds || t.kinds.includes(p.kind as never)) &&
            (t.by === 'unit' ? mayEdit : mayVerify),
        ).map((t) => t.action),
      ),
    ];
    return {
      ...this.present(p),
      orgPath: p.org_path,
      measures: measures.map((m) => ({
        id: m.id,
        seq: m.seq,
        content: m.content,
        owner: m.owner,
        deadline: m.deadline,
      })),
      milestones: milestones.map((m) => ({
        id: m.id,
        seq: m.seq,
        title: m.title,
        dueDate: m.due_date,
        doneAt: iso(m.done_at),
        note: m.note,
      })),
      evidence: evidence.map((e) => ({
        id: e.id,
        cycle: e.cycle,
        milestoneId: e.milestone_id,
        sha256: e.sha256,
        filename: e.filename,
        mime: e.mime,
        size: e.size,
        version: e.version,
        note: e.note,
        createdAt: iso(e.created_at)!,
        verifiedAt: iso(e.verified_at),
        url: `/api/problems/${id}/evidence/${e.id}`,
      })),
      events: events.map((e) => ({
        id: e.id,
        cycle: e.cycle,
        action: e.action,
        fromStatus: e.from_status,
        toStatus: e.to_status,
        comment: e.comment,
        actorName: e.actor_name,
        at: iso(e.at)!,
      })),
      opinionIds: opinions.map((o) => o.opinion_id),
      sentDownFrom: p.sent_down_from ? (((await findOrg(this.db, p.sent_down_from)) ?? null)?.name ?? null) : null,
      missing: fiveClearMissing({
        description: p.description,
        responsible_leader: p.responsible_leader,
        responsible_person: p.responsible_person,
        standard: p.standard,
        measures: measures.length,
        kind: p.kind,
        deadline: p.deadline,
        milestones: milestones.length,
      }),
      can: {
        edit: mayEdit && p.status === 'draft',
        actions,
        uploadEvidence: mayEdit && (p.status === 'pending' || p.status === 'in_progress'),
      },
    };
  }

  /**
   * One page of an org's ledger (its subtree by default), filtered, keyset-paged by an opaque
   * cursor (the sort value and id of the last row), with the filtered total.
   */
  async list(actor: Actor, query: TProblemQuery): Promise<ProblemPage> {
    const org = await this.requireOrg(this.db, actor, query.org, 'read');
    const today = this.today();
    // Problems only: the unit names of the page are read afterwards for its 50 rows (joining orgs
    // here makes the planner hash the whole org table for a large subtree).
    // The filters, over alias p, shared by the count, the page and the per-unit page below.
    const conds: RawBuilder<boolean>[] = [];
    if (query.status) conds.push(sql<boolean>`p.status = ${query.status}`);
    if (query.kind) conds.push(sql<boolean>`p.kind = ${query.kind}`);
    if (query.category) conds.push(sql<boolean>`p.category = ${query.category}`);
    if (query.source) conds.push(sql<boolean>`p.source = ${query.source}`);
    if (query.campaignId) conds.push(sql<boolean>`p.campaign_id = ${query.campaignId}`);
    if (query.overdue)
      conds.push(sql<boolean>`p.status IN ('pending','in_progress','awaiting') AND p.deadline < ${today}::date`);
    if (query.responsible) {
      const like = `%${query.responsible.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      conds.push(
        sql<boolean>`(p.responsible_person LIKE ${like} OR p.responsible_leader LIKE ${like} OR p.responsible_dept LIKE ${like})`,
      );
    }
    let q = this.db.selectFrom('problems as p');
    q = query.subtree
      ? q.where(sql<boolean>`p.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = ${org.id})`)
      : q.where('p.org_id', '=', org.id);
    for (const c of conds) q = q.where(c);
    // The total: from the subtree counters when they cover the filters (a province's ledger has
    // millions of rows), otherwise counted.
    const total =
      query.subtree && !query.source && !query.responsible
        ? await this.countFromStats(org.id, query)
        : Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    let page = q.selectAll('p');
    const c = decodeCursor(query.cursor, query.sort);
    // Newest first in a subtree of up to a few thousand units: each unit's newest rows through
    // (org_id, id), merged — the backward walk of the whole table would pass every other unit's rows.
    const subtreeOrgs =
      query.subtree && query.sort === 'newest'
        ? Number(
            (await this.db.selectFrom('org_stats').select('orgs').where('org_id', '=', org.id).executeTakeFirst())
              ?.orgs ?? 0,
          )
        : 0;
    if (subtreeOrgs > 0 && subtreeOrgs <= 5000) {
      const where = sql.join(
        [sql<boolean>`p.org_id = c.descendant_id`, ...(c ? [sql<boolean>`p.id < ${c.id}`] : []), ...conds],
        sql` AND `,
      );
      const r = await sql<ProblemRow>`
        SELECT x.* FROM org_closure c
        CROSS JOIN LATERAL (SELECT p.* FROM problems p WHERE ${where} ORDER BY p.id DESC LIMIT ${query.limit}) x
        WHERE c.ancestor_id = ${org.id}
        ORDER BY x.id DESC LIMIT ${query.limit}`.execute(this.db);
      return this.pageOf(r.rows, total, query, (last) => encodeCursor('', last.id));
    }
    if (query.sort === 'deadline') {
      // Open-ended (长期坚持) problems sort last, as NO_DEADLINE.
      // A literal, not a parameter, so that problems_deadline_order_idx matches the expression.
      const key = sql<string>`coalesce(p.deadline, ${sql.lit(repo.NO_DEADLINE)}::date)`;
      if (c) page = page.where(sql<boolean>`(${key}, p.id) > (${c.v}::date, ${c.id})`);
      page = page.orderBy(key).orderBy('p.id');
    } else if (query.sort === 'seq') {
      if (c) page = page.where(sql<boolean>`(p.org_id, p.seq) > (${Number(c.v)}, ${c.id})`);
      page = page.orderBy('p.org_id').orderBy('p.seq');
    } else {
      if (c) page = page.where('p.id', '<', c.id);
      page = page.orderBy('p.id', 'desc');
    }
    const rows = await page.limit(query.limit).execute();
    return this.pageOf(rows, total, query, (last) =>
      query.sort === 'deadline'
        ? encodeCursor(last.deadline ?? repo.NO_DEADLINE, last.id)
        : query.sort === 'seq'
          ? encodeCursor(String(last.org_id), last.seq)
          : encodeCursor('', last.id),
    );
  }

  /** A page with its cursor and its units' names (read for the page's rows only). */
  private async pageOf(
    rows: ProblemRow[],
    total: number,
    query: TProblemQuery,
    cursorOf: (last: ProblemRow) => string,
  ): Promise<ProblemPage> {
    const last = rows[rows.length - 1];
    const next = rows.length === query.limit && last ? cursorOf(last) : null;
    const orgIds = [...new Set(rows.map((r) => r.org_id))];
    const names = new Map(
      orgIds.length
        ? (await this.db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', orgIds).execute()).map((o) => [
            o.id,
            o.name,
          ])
        : [],
    );
    return {
      items: rows.map((r) => this.present({ ...r, org_name: names.get(r.org_id) ?? '' })),
      total,
      nextCursor: next,
    };
  }

  private async countFromStats(orgId: number, f: TProblemQuery): Promise<number> {
    let q = this.db
      .selectFrom('problem_stats')
      .select(sql<number>`coalesce(sum(n), 0)::int`.as('n'))
      .where('org_id', '=', orgId);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.kind) q = q.where('kind', '=', f.kind);
    if (f.category) q = q.where('category', '=', f.category);
    if (f.campaignId) q = q.where('campaign_id', '=', f.campaignId);
    if (f.overdue)
      q = q.where('status', 'in', [...OPEN_PROBLEM_STATUSES]).where(sql<boolean>`deadline < ${this.today()}::date`);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  /** Roll-up figures of an org's subtree and of each child, read from the counters. */
  async summary(actor: Actor, orgId: number, campaignId?: number): Promise<LedgerSummaryView> {
    const org = await this.requireOrg(this.db, actor, orgId, 'read');
    const children = await this.db
      .selectFrom('orgs as o')
      .select([
        'o.id',
        'o.name',
        'o.level',
        sql<boolean>`EXISTS (SELECT 1 FROM orgs k WHERE k.parent_id = o.id AND k.status = 'active')`.as('has_children'),
      ])
      .where('o.parent_id', '=', orgId)
      .where('o.status', '=', 'active')
      .orderBy('o.sort_order')
      .orderBy('o.id')
      .execute();
    const figures = await this.figures(this.db, [orgId, ...children.map((c) => c.id)], campaignId);
    const parent = org.parent_id ? await findOrg(this.db, org.parent_id) : undefined;
    const parentVisible =
      parent && can(actor, problemPolicy, 'read', problemSubject({ id: null, org_path: parent.path }));
    return {
      org: { id: org.id, name: org.name, level: org.level },
      parent: parentVisible && parent ? { id: parent.id, name: parent.name } : null,
      figures: figures.get(orgId)!,
      children: children.map((c) => ({
        org: { id: c.id, name: c.name, level: c.level, hasChildren: c.has_children },
        figures: figures.get(c.id)!,
      })),
    };
  }

  private async figures(q: Q, orgIds: number[], campaignId?: number): Promise<Map<number, LedgerFigures>> {
    const today = this.today();
    let sel = q
      .selectFrom('problem_stats')
      .select([
        'org_id',
        'status',
        'kind',
        'category',
        sql<number>`sum(n)::int`.as('n'),
        sql<number>`(sum(n) FILTER (WHERE status IN ('pending','in_progress','awaiting') AND deadline < ${today}::date))::int`.as(
          'overdue',
        ),
      ])
      .where('org_id', 'in', orgIds)
      .groupBy(['org_id', 'status', 'kind', 'category']);
    if (campaignId) sel = sel.where('campaign_id', '=', campaignId);
    const rows = await sel.execute();
    const out = new Map<number, LedgerFigures>(orgIds.map((id) => [id, emptyFigures()]));
    for (const r of rows) {
      const f = out.get(r.org_id)!;
      const n = Number(r.n);
      f.total += n;
      f.byStatus[r.status as keyof LedgerFigures['byStatus']] += n;
      f.byKind[r.kind as keyof LedgerFigures['byKind']] += n;
      f.byCategory[r.category as keyof LedgerFigures['byCategory']] += n;
      f.overdue += Number(r.overdue ?? 0);
    }
    for (const f of out.values()) {
      const confirmed = f.total - f.byStatus.draft;
      f.closureRate = confirmed > 0 ? Math.round((f.byStatus.closed / confirmed) * 1000) / 1000 : 0;
    }
    return out;
  }

  // ---------- writes ----------

  async create(actor: Actor, input: TCreateProblem): Promise<ProblemDetailView> {
    const id = await withTx(this.db, auditActor(actor), async (ctx) => {
      if (input.campaignId) await requireVisibleCampaign(ctx.trx, actor, input.campaignId);
      return this.createIn(ctx, actor, input);
    });
    return this.detail(actor, id);
  }

  /** Records a problem inside a caller's transaction (a look-back finding, say); returns its id. */
  async createIn({ trx, audit }: TxContext, actor: Actor, input: TCreateProblem): Promise<number> {
    const org = await this.requireOrg(trx, actor, input.orgId, 'create');
    if (org.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: org.name });
    const [pid] = await repo.insertProblems(trx, org.id, [
      {
        org_id: org.id,
        campaign_id: input.campaignId ?? null,
        source: input.source,
        category: input.category,
        subject: input.subject,
        subject_name: input.subjectName,
        description: input.description,
        standard: input.standard,
        responsible_leader: input.responsibleLeader,
        responsible_dept: input.responsibleDept,
        responsible_person: input.responsiblePerson,
        kind: input.kind,
        deadline: input.deadline ?? null,
        remark: input.remark,
        sent_down_from: this.sentDownFrom(actor, org.path, input.source),
        created_by: actor.id,
        measures: input.measures,
        milestones: input.milestones?.map((m) => ({ title: m.title, due_date: m.dueDate })),
      },
    ]);
    await repo.insertProblemEvents(trx, [pid], 'create', { id: actor.id, name: actor.displayName }, 'draft');
    await audit({ action: 'problem.create', entityType: 'problem', entityId: pid, orgId: org.id, after: input });
    return pid;
  }

  /**
   * A problem a higher level feeds back or a supervision team finds (e.g. the 18 problems a
   * provincial group fed back, assigned to units) records the level it came from: the actor's
   * deepest granted org strictly above the unit.
   */
  private sentDownFrom(actor: Actor, unitPath: string, source: string): number | null {
    if (source !== 'higher_level' && source !== 'supervision') return null;
    const above = actor.grants
      .filter((g) => unitPath.startsWith(`${g.path}.`))
      .sort((a, b) => b.path.length - a.path.length)[0];
    return above?.orgId ?? null;
  }

  /** Changes a draft's particulars (measures and milestones are replaced when given). */
  async update(actor: Actor, id: number, input: TUpdateProblem): Promise<ProblemDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const p = await this.load(trx, id, true);
      if (!p) throw new AppError('NOT_FOUND');
      authorize(actor, problemPolicy, 'edit', problemSubject(p));
      if (p.status !== 'draft') throw new AppError('PROBLEM_NOT_DRAFT');
      if (input.campaignId) await requireVisibleCampaign(trx, actor, input.campaignId);
      const set = stripUndefined({
        campaign_id: input.campaignId,
        source: input.source,
        category: input.category,
        subject: input.subject,
        subject_name: input.subjectName,
        description: input.description,
        standard: input.standard,
        responsible_leader: input.responsibleLeader,
        responsible_dept: input.responsibleDept,
        responsible_person: input.responsiblePerson,
        kind: input.kind,
        deadline: input.deadline,
        remark: input.remark,
      });
      await repo.withProblemStats(trx, repo.problemIs(id), async () => {
        await trx
          .updateTable('problems')
          .set({ ...set, updated_at: new Date() })
          .where('id', '=', id)
          .execute();
      });
      if (input.measures) {
        await trx.deleteFrom('problem_measures').where('problem_id', '=', id).execute();
        if (input.measures.length)
          await trx
            .insertInto('problem_measures')
            .values(
              input.measures.map((m, i) => ({
                problem_id: id,
                seq: i + 1,
                content: m.content,
                owner: m.owner,
                deadline: m.deadline,
              })),
            )
            .execute();
      }
      if (input.milestones) {
        await trx.deleteFrom('problem_milestones').where('problem_id', '=', id).execute();
        if (input.milestones.length)
          await trx
            .insertInto('problem_milestones')
            .values(
              input.milestones.map((m, i) => ({ problem_id: id, seq: i + 1, title: m.title, due_date: m.dueDate })),
            )
            .execute();
      }
      await audit({
        action: 'problem.update',
        entityType: 'problem',
        entityId: id,
        orgId: p.org_id,
        before: pick(p, Object.keys(set)),
        after: input,
      });
    });
    return this.detail(actor, id);
  }

  /** The unit's running text while rectifying: progress (完成情况) and effect (成效). */
  async saveProgress(
    actor: Actor,
    id: number,
    input: { progress?: string; effect?: string },
  ): Promise<ProblemDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const p = await this.load(trx, id, true);
      if (!p) throw new AppError('NOT_FOUND');
      authorize(actor, problemPolicy, 'edit', problemSubject(p));
      if (p.status === 'closed' || p.status === 'awaiting')
        throw new AppError(
          p.status === 'closed' ? 'PROBLEM_CLOSED' : 'PROBLEM_TRANSITION',
          this.transitionParams(actor, p.status, 'report'),
        );
      const set = stripUndefined({ progress: input.progress, effect: input.effect });
      await trx
        .updateTable('problems')
        .set({ ...set, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
      await audit({
        action: 'problem.progress',
        entityType: 'problem',
        entityId: id,
        orgId: p.org_id,
        before: pick(p, Object.keys(set)),
        after: set,
      });
    });
    return this.detail(actor, id);
  }

  private transitionParams(actor: Actor, from: string, action: string) {
    const L = ENUM_LABELS[actor.locale];
    return { from: L.problemStatus[from] ?? from, action: L.problemAction[action] ?? action };
  }

  /** Moves a problem along the transition table; anything not in it, or unguarded, is refused. */
  async transition(
    actor: Actor,
    id: number,
    action: ProblemAction,
    comment: string | undefined,
  ): Promise<ProblemDetailView> {
    await withTx(this.db, auditActor(actor), (ctx) => this.transitionIn(ctx, actor, id, action, comment));
    return this.detail(actor, id);
  }

  /** One step along the table inside a caller's transaction (a look-back finding re-opens, say). */
  async transitionIn(
    { trx, audit }: TxContext,
    actor: Actor,
    id: number,
    action: ProblemAction,
    comment: string | undefined,
  ): Promise<void> {
    const p = await this.load(trx, id, true);
    if (!p) throw new AppError('NOT_FOUND');
    const tr = findTransition(p.status, action, p.kind);
    const by = tr?.by ?? (['verify', 'return', 'reopen'].includes(action) ? 'verifier' : 'unit');
    authorize(actor, problemPolicy, by === 'verifier' ? 'verify' : 'edit', problemSubject(p));
    if (!tr) throw new AppError('PROBLEM_TRANSITION', this.transitionParams(actor, p.status, action));
    if (tr.commentRequired && !comment) throw new AppError('COMMENT_REQUIRED');
    await this.guard(trx, actor, p, action);

    const now = new Date();
    const cycle = action === 'reopen' ? p.cycle + 1 : p.cycle;
    await repo.withProblemStats(trx, repo.problemIs(id), async () => {
      await trx
        .updateTable('problems')
        .set({
          status: tr.to,
          cycle,
          updated_at: now,
          ...(action === 'verify' ? { closed_at: now } : {}),
          ...(action === 'reopen' ? { closed_at: null } : {}),
          ...(action === 'report' && comment ? { progress: comment } : {}),
        })
        .where('id', '=', id)
        .execute();
    });
    if (action === 'verify') {
      await trx
        .updateTable('problem_evidence')
        .set({ verified_at: now, verified_by: actor.id })
        .where('problem_id', '=', id)
        .where('cycle', '=', p.cycle)
        .where('verified_at', 'is', null)
        .execute();
    }
    if (action === 'reopen') {
      // A new cycle: milestones are to be done again; earlier evidence stays, with its cycle.
      await trx.updateTable('problem_milestones').set({ done_at: null }).where('problem_id', '=', id).execute();
    }
    await trx
      .insertInto('problem_events')
      .values({
        problem_id: id,
        cycle,
        action,
        from_status: p.status,
        to_status: tr.to,
        comment: comment ?? null,
        actor_id: actor.id,
        actor_name: actor.displayName,
      })
      .execute();
    // Who hears of it: the verifying level when the unit asks, the unit on a decision.
    const notifyOrg =
      tr.by === 'unit'
        ? action === 'finish'
          ? p.org_id && (await findOrg(trx, p.org_id))?.parent_id
          : null
        : p.org_id;
    if (notifyOrg) {
      await trx
        .insertInto('notifications')
        .values({
          org_id: notifyOrg,
          kind: `problem_${action}`,
          params: JSON.stringify({
            unit: p.org_name,
            problemId: id,
            seq: p.seq,
            description: p.description.slice(0, 60),
            comment: comment ?? null,
          }),
        })
        .execute();
    }
    await audit({
      action: `problem.${action}`,
      entityType: 'problem',
      entityId: id,
      orgId: p.org_id,
      before: { status: p.status, cycle: p.cycle },
      after: { status: tr.to, cycle, comment: comment ?? null },
    });
  }

  /** The guards of the table: five clear to leave draft; evidence, effect and milestones to finish. */
  private async guard(trx: Transaction<DB>, actor: Actor, p: ProblemWithOrg, action: ProblemAction) {
    const L = ENUM_LABELS[actor.locale];
    if (action === 'confirm') {
      const [m, ms] = await Promise.all([
        trx
          .selectFrom('problem_measures')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('problem_id', '=', p.id)
          .executeTakeFirstOrThrow(),
        trx
          .selectFrom('problem_milestones')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('problem_id', '=', p.id)
          .executeTakeFirstOrThrow(),
      ]);
      const missing = fiveClearMissing({
        description: p.description,
        responsible_leader: p.responsible_leader,
        responsible_person: p.responsible_person,
        standard: p.standard,
        measures: Number(m.n),
        kind: p.kind,
        deadline: p.deadline,
        milestones: Number(ms.n),
      });
      if (missing.length)
        throw new AppError('PROBLEM_INCOMPLETE', {
          missing: missing.map((k) => L.fiveClear[k]).join(actor.locale === 'en' ? ', ' : '、'),
        });
    }
    if (action === 'finish') {
      const ev = await trx
        .selectFrom('problem_evidence')
        .select('id')
        .where('problem_id', '=', p.id)
        .where('cycle', '=', p.cycle)
        .limit(1)
        .executeTakeFirst();
      if (!ev) throw new AppError('PROBLEM_NO_EVIDENCE');
      if (!p.effect.trim()) throw new AppError('PROBLEM_NO_EFFECT');
      if (p.kind !== 'immediate') {
        const open = await trx
          .selectFrom('problem_milestones')
          .select(['title'])
          .where('problem_id', '=', p.id)
          .where('done_at', 'is', null)
          .orderBy('seq')
          .execute();
        if (open.length)
          throw new AppError('PROBLEM_MILESTONES_OPEN', {
            count: open.length,
            titles: open.map((m) => m.title).join(actor.locale === 'en' ? ', ' : '、'),
          });
      }
    }
  }

  /** Marks a milestone done (or not) while rectifying; a phased milestone needs its evidence first. */
  async setMilestone(
    actor: Actor,
    id: number,
    milestoneId: number,
    input: { done: boolean; note: string },
  ): Promise<ProblemDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const p = await this.load(trx, id, true);
      if (!p) throw new AppError('NOT_FOUND');
      authorize(actor, problemPolicy, 'edit', problemSubject(p));
      if (p.status !== 'in_progress')
        throw new AppError('PROBLEM_TRANSITION', this.transitionParams(actor, p.status, 'report'));
      const m = await trx
        .selectFrom('problem_milestones')
        .selectAll()
        .where('id', '=', milestoneId)
        .where('problem_id', '=', id)
        .executeTakeFirst();
      if (!m) throw new AppError('NOT_FOUND');
      if (input.done) {
        const ev = await trx
          .selectFrom('problem_evidence')
          .select('id')
          .where('milestone_id', '=', milestoneId)
          .where('cycle', '=', p.cycle)
          .limit(1)
          .executeTakeFirst();
        if (!ev) throw new AppError('PROBLEM_NO_EVIDENCE');
      }
      await trx
        .updateTable('problem_milestones')
        .set({ done_at: input.done ? new Date() : null, note: input.note })
        .where('id', '=', milestoneId)
        .execute();
      await trx
        .insertInto('problem_events')
        .values({
          problem_id: id,
          cycle: p.cycle,
          action: input.done ? 'milestone_done' : 'milestone_undone',
          from_status: p.status,
          to_status: p.status,
          comment: `${m.title}${input.note ? `：${input.note}` : ''}`,
          actor_id: actor.id,
          actor_name: actor.displayName,
        })
        .execute();
      await audit({
        action: 'problem.milestone',
        entityType: 'problem',
        entityId: id,
        orgId: p.org_id,
        before: { milestone: milestoneId, done: !!m.done_at },
        after: { milestone: milestoneId, done: input.done, note: input.note },
      });
    });
    return this.detail(actor, id);
  }

  /**
   * Stores one evidence file (by its SHA-256, once) as a new version: re-uploading a file of the
   * same name in the same cycle adds version n+1 and keeps the earlier ones.
   */
  async addEvidence(
    actor: Actor,
    id: number,
    file: { filename: string; content: Buffer },
    meta: { milestoneId?: number; note?: string },
  ): Promise<ProblemDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const p = await this.load(trx, id, true);
      if (!p) throw new AppError('NOT_FOUND');
      authorize(actor, problemPolicy, 'edit', problemSubject(p));
      if (p.status !== 'pending' && p.status !== 'in_progress')
        throw new AppError('PROBLEM_TRANSITION', this.transitionParams(actor, p.status, 'report'));
      if (meta.milestoneId) {
        const m = await trx
          .selectFrom('problem_milestones')
          .select('id')
          .where('id', '=', meta.milestoneId)
          .where('problem_id', '=', id)
          .executeTakeFirst();
        if (!m) throw new AppError('NOT_FOUND');
      }
      const mime = mimeFor(file.filename);
      const sha256 = createHash('sha256').update(file.content).digest('hex');
      await trx
        .insertInto('file_blobs')
        .values({ sha256, size: file.content.length, content: file.content })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
      const prev = await trx
        .selectFrom('problem_evidence')
        .select((eb) => eb.fn.max('version').as('v'))
        .where('problem_id', '=', id)
        .where('cycle', '=', p.cycle)
        .where('filename', '=', file.filename)
        .executeTakeFirst();
      const version = Number(prev?.v ?? 0) + 1;
      const row = await trx
        .insertInto('problem_evidence')
        .values({
          problem_id: id,
          cycle: p.cycle,
          milestone_id: meta.milestoneId ?? null,
          sha256,
          filename: file.filename.slice(0, 255),
          mime,
          size: file.content.length,
          version,
          note: meta.note ?? '',
          created_by: actor.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('problem_events')
        .values({
          problem_id: id,
          cycle: p.cycle,
          action: 'evidence',
          from_status: p.status,
          to_status: p.status,
          comment: `${file.filename} v${version}`,
          actor_id: actor.id,
          actor_name: actor.displayName,
        })
        .execute();
      await audit({
        action: 'problem.evidence',
        entityType: 'problem',
        entityId: id,
        orgId: p.org_id,
        after: { evidence: row.id, file: file.filename, sha256, size: file.content.length, version },
      });
    });
    return this.detail(actor, id);
  }

  async readEvidence(actor: Actor, id: number, evidenceId: number) {
    const p = await this.load(this.db, id);
    if (!p) throw new AppError('NOT_FOUND');
    authorize(actor, problemPolicy, 'read', problemSubject(p));
    const e = await this.db
      .selectFrom('problem_evidence as e')
      .innerJoin('file_blobs as b', 'b.sha256', 'e.sha256')
      .select(['e.filename', 'e.mime', 'b.content'])
      .where('e.id', '=', evidenceId)
      .where('e.problem_id', '=', id)
      .executeTakeFirst();
    if (!e) throw new AppError('NOT_FOUND');
    return e;
  }
}

function emptyFigures(): LedgerFigures {
  return {
    total: 0,
    byStatus: Object.fromEntries(PROBLEM_STATUSES.map((s) => [s, 0])) as LedgerFigures['byStatus'],
    byKind: Object.fromEntries(PROBLEM_KINDS.map((s) => [s, 0])) as LedgerFigures['byKind'],
    byCategory: Object.fromEntries(PROBLEM_CATEGORIES.map((s) => [s, 0])) as LedgerFigures['byCategory'],
    overdue: 0,
    closureRate: 0,
  };
}

function encodeCursor(v: string, id: number): string {
  return Buffer.from(`${v}|${id}`).toString('base64url');
}

function decodeCursor(s: string | undefined, sort: string): { v: string; id: number } | null {
  if (!s) return null;
  const raw = Buffer.from(s, 'base64url').toString();
  const i = raw.lastIndexOf('|');
  const id = Number(raw.slice(i + 1));
  const v = raw.slice(0, i);
  // The value is compared in SQL with a date (deadline order) or an org id (seq order): it must be
  // one the column holds, or the database refuses it (a 500 before).
  const vOk =
    sort === 'deadline'
      ? isRealDate(v)
      : sort === 'seq'
        ? /^\d{1,10}$/.test(v) && isRowId(Number(v))
        : v === '' || /^[\d-]{1,10}$/.test(v);
  if (i < 0 || !isRowId(id) || !vOk)
    throw new AppError('VALIDATION', {}, [{ path: 'cursor', message: 'field.invalid' }]);
  return { v, id };
}

function stripUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function pick(o: Record<string, unknown>, keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

export { FIVE_CLEAR };
