import { sql, type Kysely, type Transaction } from 'kysely';
import type { CampaignRow, CampaignTaskRow, DB } from '../../db/types.ts';
import { auditActor, type Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { authorize, can, canSee } from '../../platform/policy.ts';
import { ScopeDenied } from '../../platform/errors.ts';
import { withTx } from '../../platform/tx.ts';
import { addDays, dateIn, daysBetween } from '../../platform/dates.ts';
import { attachFile, listAttachments } from '../../platform/files.ts';
import { ENUM_LABELS } from '../../platform/i18n.ts';
import {
  OPEN_STATUSES,
  TASK_TRANSITIONS,
  ZTemplateBody,
  type CampaignDetailView,
  type CampaignView,
  type ProgressFigures,
  type ProgressView,
  type RedListView,
  type TaskAction,
  type TaskDetailView,
  type TaskPage,
  type TemplateDetailView,
  type TemplateView,
} from '../../../shared/campaigns.ts';
import { findOrg } from '../orgs/orgs.repository.ts';
import * as repo from './campaigns.repository.ts';
import { campaignPolicy, campaignVisible, taskPolicy, taskSubject } from './campaigns.policy.ts';
import { presentCampaign, presentContent, presentTask, presentTemplate } from './campaigns.presenter.ts';
import { sanitizeHtml } from '../../platform/html.ts';
import { syncCampaignSubtree } from './campaigns.sync.ts';
import type { TCreateTemplate, TDeployCampaign, TSaveTask, TTaskQuery, TUpdateTemplate } from './campaigns.schema.ts';

type Q = Kysely<DB> | Transaction<DB>;
const orgSubject = (o: { id: number; path: string }) => ({ entityType: 'org', entityId: o.id, paths: [o.path] });

/** A task row with its unit's path, as loaded for authorization. */
type TaskWithOrg = CampaignTaskRow & { org_path: string; org_name: string };

/**
 * Campaigns: templates, deployment down the tree, the units' tasks and their review, progress
 * roll-ups and the red list. Every write is one transaction with its audit event.
 */
export class CampaignService {
  constructor(
    private db: Kysely<DB>,
    /** Today's date in the office time zone; tests pin it. */
    private today: () => string = () => dateIn(),
  ) {}

  /** The database handle, for routes that stream stored files. */
  get dbHandle(): Kysely<DB> {
    return this.db;
  }

  // ---------- templates ----------

  async listTemplates(actor: Actor): Promise<TemplateView[]> {
    const rows = await this.db
      .selectFrom('campaign_templates as t')
      .leftJoin('orgs as o', 'o.id', 't.owner_org_id')
      .selectAll('t')
      .select('o.path as owner_path')
      .orderBy('t.builtin', 'desc')
      .orderBy('t.id')
      .execute();
    return rows
      .filter(
        (r) =>
          r.builtin ||
          actor.isAdmin ||
          (r.owner_path && canSee(actor, { entityType: 'org', entityId: r.owner_org_id, paths: [r.owner_path] })),
      )
      .map((r) => presentTemplate(r, this.templateAbilities(actor, r)));
  }

  private templateAbilities(actor: Actor, r: { builtin: boolean; owner_path?: string | null }) {
    const isOffice = actor.isAdmin || actor.grants.some((g) => g.role === 'office');
    const edit = r.builtin
      ? actor.isAdmin
      : !!r.owner_path &&
        can(actor, campaignPolicy, 'manageTemplate', { entityType: 'org', entityId: null, paths: [r.owner_path] });
    return { edit, clone: isOffice, deploy: isOffice };
  }

  /** Loads a template the actor may see; inside a transaction pass its handle (PGlite has one connection). */
  private async loadTemplate(actor: Actor, id: number, q: Q = this.db) {
    const r = await q
      .selectFrom('campaign_templates as t')
      .leftJoin('orgs as o', 'o.id', 't.owner_org_id')
      .selectAll('t')
      .select('o.path as owner_path')
      .where('t.id', '=', id)
      .executeTakeFirst();
    if (!r) throw new AppError('NOT_FOUND');
    if (
      !r.builtin &&
      !actor.isAdmin &&
      !(r.owner_path && canSee(actor, { entityType: 'org', entityId: r.owner_org_id, paths: [r.owner_path] }))
    ) {
      throw new ScopeDenied('read', 'campaign_template', id);
    }
    return r;
  }

  async getTemplate(actor: Actor, id: number): Promise<TemplateDetailView> {
    const r = await this.loadTemplate(actor, id);
    return { ...presentTemplate(r, this.templateAbilities(actor, r)), body: ZTemplateBody.parse(r.body) };
  }

  async createTemplate(
    actor: Actor,
    input: TCreateTemplate,
    clonedFrom: number | null = null,
  ): Promise<TemplateDetailView> {
    const id = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const owner = await findOrg(trx, input.ownerOrgId);
      if (!owner) throw new AppError('NOT_FOUND');
      authorize(actor, campaignPolicy, 'manageTemplate', orgSubject(owner));
      const row = await trx
        .insertInto('campaign_templates')
        .values({
          name_zh: input.name.zh,
          name_en: input.name.en,
          description_zh: input.description?.zh ?? '',
          description_en: input.description?.en ?? '',
          owner_org_id: owner.id,
          cloned_from: clonedFrom,
          body: JSON.stringify(input.body),
          created_by: actor.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit({
        action: clonedFrom ? 'template.clone' : 'template.create',
        entityType: 'campaign_template',
        entityId: row.id,
        orgId: owner.id,
        after: { name: input.name, clonedFrom, body: input.body },
      });
      return row.id;
    });
    return this.getTemplate(actor, id);
  }

  async cloneTemplate(
    actor: Actor,
    id: number,
    ownerOrgId: number,
    name?: { zh: string; en: string },
  ): Promise<TemplateDetailView> {
    const src = await this.loadTemplate(actor, id);
    return this.createTemplate(
      actor,
      {
        ownerOrgId,
        name: name ?? { zh: `${src.name_zh}（副本）`, en: `${src.name_en} (copy)` },
        description: { zh: src.description_zh || src.name_zh, en: src.description_en || src.name_en },
        body: ZTemplateBody.parse(src.body),
      },
      id,
    );
  }

  async updateTemplate(actor: Actor, id: number, input: TUpdateTemplate): Promise<TemplateDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const r = await this.loadTemplate(actor, id, trx);
      if (!this.templateAbilities(actor, r).edit) throw new AppError('FORBIDDEN');
      const set: Record<string, unknown> = { updated_at: new Date() };
      if (input.name) Object.assign(set, { name_zh: input.name.zh, name_en: input.name.en });
      if (input.description)
        Object.assign(set, { description_zh: input.description.zh, description_en: input.description.en });
      if (input.body) set.body = JSON.stringify(input.body);
      if (input.status) set.status = input.status;
      await trx.updateTable('campaign_templates').set(set).where('id', '=', id).execute();
      await audit({
        action: 'template.update',
        entityType: 'campaign_template',
        entityId: id,
        orgId: r.owner_org_id,
        before: { name: { zh: r.name_zh, en: r.name_en }, status: r.status, body: r.body },
        after: { name: input.name, status: input.status, body: input.body },
      });
    });
    return this.getTemplate(actor, id);
  }

  // ---------- deployment ----------

  async deploy(actor: Actor, input: TDeployCampaign): Promise<CampaignDetailView> {
    const id = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const org = await findOrg(trx, input.orgId);
      if (!org) throw new AppError('NOT_FOUND');
      authorize(actor, campaignPolicy, 'deploy', orgSubject(org));
      if (org.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: org.name });
      const tpl = await this.loadTemplate(actor, input.templateId, trx);
      const body = ZTemplateBody.parse(tpl.body);
      const batches = input.batches.map((b, i) => {
        const phases = body.phases.map((p) => {
          const given = b.phases?.find((x) => x.key === p.key);
          return given
            ? { key: p.key, start: given.start, end: given.end }
            : {
                key: p.key,
                start: addDays(b.startDate, p.startOffsetDays),
                end: addDays(b.startDate, p.startOffsetDays + p.durationDays - 1),
              };
        });
        const unknown = (b.phases ?? []).find((x) => !body.phases.some((p) => p.key === x.key));
        if (unknown) throw new AppError('TEMPLATE_INVALID', { reason: `phase ${unknown.key}` });
        return {
          seq: i + 1,
          name: b.name,
          levels: b.levels,
          kinds: b.kinds,
          start: phases.reduce((m, p) => (p.start < m ? p.start : m), phases[0].start),
          end: phases.reduce((m, p) => (p.end > m ? p.end : m), phases[0].end),
          phases,
        };
      });
      const campaign = await trx
        .insertInto('campaigns')
        .values({
          template_id: tpl.id,
          org_id: org.id,
          name_zh: input.name?.zh ?? tpl.name_zh,
          name_en: input.name?.en ?? tpl.name_en,
          doc_number: input.docNumber ?? null,
          notice_body: input.noticeBody ?? '',
          body: JSON.stringify(body),
          escalation_days: input.escalationDays,
          created_by: actor.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const b of batches) {
        await trx
          .insertInto('campaign_batches')
          .values({
            campaign_id: campaign.id,
            seq: b.seq,
            name: b.name,
            levels: b.levels,
            kinds: b.kinds,
            start_date: b.start,
            end_date: b.end,
            phases: JSON.stringify(b.phases),
          })
          .execute();
      }
      await syncCampaignSubtree(trx, campaign.id, body, org.id);
      const units = await trx
        .selectFrom('campaign_units')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('campaign_id', '=', campaign.id)
        .executeTakeFirstOrThrow();
      if (Number(units.n) === 0) throw new AppError('NO_PARTICIPANTS');
      await repo.applyTaskStats(trx, 1, sql<boolean>`t.campaign_id = ${campaign.id}`);
      await repo.applyUnitStats(trx, 1, sql<boolean>`u.campaign_id = ${campaign.id}`);
      const tasks = await trx
        .selectFrom('campaign_tasks')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('campaign_id', '=', campaign.id)
        .executeTakeFirstOrThrow();
      await audit({
        action: 'campaign.deploy',
        entityType: 'campaign',
        entityId: campaign.id,
        orgId: org.id,
        after: {
          template: tpl.id,
          name: input.name ?? { zh: tpl.name_zh, en: tpl.name_en },
          docNumber: input.docNumber ?? null,
          batches,
          units: Number(units.n),
          tasks: Number(tasks.n),
        },
      });
      return { id: campaign.id, tasks: Number(tasks.n) };
    });
    // A big deployment changes the task table's shape at once; PGlite never analyzes by itself, and
    // PostgreSQL's autovacuum may come minutes later, so the planner is told now.
    if (id.tasks > 10_000)
      await sql`ANALYZE campaign_tasks, campaign_stats, campaign_units, campaign_unit_stats`.execute(this.db);
    return this.detail(actor, id.id);
  }

  /** Loads a campaign that concerns the actor (their grants overlap its subtree), or the audited 404. */
  private async loadCampaign(
    actor: Actor,
    id: number,
    q: Q = this.db,
  ): Promise<CampaignRow & { org_path: string; org_name: string }> {
    const c = await q
      .selectFrom('campaigns as c')
      .innerJoin('orgs as o', 'o.id', 'c.org_id')
      .selectAll('c')
      .select(['o.path as org_path', 'o.name as org_name'])
      .where('c.id', '=', id)
      .executeTakeFirst();
    if (!c) throw new AppError('NOT_FOUND');
    if (!campaignVisible(actor, c.org_path)) throw new ScopeDenied('read', 'campaign', id);
    return c;
  }

  async list(actor: Actor): Promise<CampaignView[]> {
    const rows = await this.db
      .selectFrom('campaigns as c')
      .innerJoin('orgs as o', 'o.id', 'c.org_id')
      .selectAll('c')
      .select(['o.path as org_path', 'o.name as org_name'])
      .select((eb) => [
        eb
          .selectFrom('campaign_batches as b')
          .select(sql<string>`min(b.start_date)::text`.as('s'))
          .whereRef('b.campaign_id', '=', 'c.id')
          .as('start_date'),
        eb
          .selectFrom('campaign_batches as b')
          .select(sql<string>`max(b.end_date)::text`.as('e'))
          .whereRef('b.campaign_id', '=', 'c.id')
          .as('end_date'),
      ])
      .orderBy('c.id', 'desc')
      .execute();
    return rows
      .filter((r) => campaignVisible(actor, r.org_path))
      .map((r) => presentCampaign(r, r.start_date ?? '', r.end_date ?? ''));
  }

  async detail(actor: Actor, id: number): Promise<CampaignDetailView> {
    const c = await this.loadCampaign(actor, id);
    const batches = await repo.batchesOf(this.db, id);
    const deadlines = await this.db
      .selectFrom('campaign_deadlines as d')
      .innerJoin('orgs as o', 'o.id', 'd.org_id')
      .select(['d.org_id', 'o.name', 'o.path', 'd.phase_key', 'd.due_date'])
      .where('d.campaign_id', '=', id)
      .orderBy('d.org_id')
      .execute();
    const start = batches.reduce((m, b) => (b.start_date < m ? b.start_date : m), batches[0]?.start_date ?? '');
    const end = batches.reduce((m, b) => (b.end_date > m ? b.end_date : m), batches[0]?.end_date ?? '');
    const campSubject = orgSubject({ id: c.org_id, path: c.org_path });
    return {
      ...presentCampaign(c, start, end),
      noticeBody: c.notice_body,
      body: ZTemplateBody.parse(c.body),
      batches: batches.map((b) => ({
        id: b.id,
        seq: b.seq,
        name: b.name,
        levels: b.levels,
        kinds: b.kinds,
        startDate: b.start_date,
        endDate: b.end_date,
        phases: b.phases as BatchPhases,
      })),
      deadlines: deadlines
        .filter((d) => canSee(actor, orgSubject({ id: d.org_id, path: d.path })))
        .map((d) => ({ orgId: d.org_id, orgName: d.name, phaseKey: d.phase_key, dueDate: d.due_date })),
      abilities: {
        deploy: can(actor, campaignPolicy, 'deploy', campSubject),
        setDeadline: actor.isAdmin || actor.grants.some((g) => g.role === 'office'),
        export: actor.isAdmin || actor.grants.some((g) => g.role !== 'member'),
      },
    };
  }

  /** An org of the campaign's subtree that the actor may see, for progress, lists and exports. */
  private async campaignOrg(actor: Actor, c: { id: number; org_id: number; org_path: string }, orgId: number) {
    const org = await findOrg(this.db, orgId);
    if (!org) throw new AppError('NOT_FOUND');
    authorize(actor, campaignPolicy, 'progress', orgSubject(org));
    if (!(org.path === c.org_path || org.path.startsWith(c.org_path + '.'))) throw new AppError('NOT_FOUND');
    return org;
  }

  async progress(actor: Actor, id: number, orgId?: number): Promise<ProgressView> {
    const c = await this.loadCampaign(actor, id);
    const org = await this.campaignOrg(actor, c, orgId ?? this.defaultOrg(actor, c));
    const today = this.today();
    const children = await repo.childOrgs(this.db, org.id);
    const ids = [org.id, ...children.map((ch) => ch.id)];
    const rows = await repo.progressByPhase(this.db, id, ids, today);
    const units = await repo.unitCounts(this.db, id, ids);
    const sum = (oid: number) =>
      figures(
        rows.filter((r) => r.org_id === oid),
        units.get(oid) ?? 0,
      );
    const body = ZTemplateBody.parse(c.body);
    const byPhase = body.phases.map((p) => {
      const { units: _u, ...f } = figures(
        rows.filter((r) => r.org_id === org.id && r.phase_key === p.key),
        0,
      );
      return { phaseKey: p.key, ...f };
    });
    const childRows = children
      .map((ch) => ({ orgId: ch.id, name: ch.name, level: ch.level, rank: 0, ...sum(ch.id) }))
      .filter((ch) => ch.units > 0 || ch.total > 0)
      .sort((a, b) => b.rate - a.rate || a.overdue - b.overdue || a.orgId - b.orgId);
    childRows.forEach((ch, i) => (ch.rank = i + 1));
    const cutoff = addDays(today, -c.escalation_days);
    // Going back up is offered only where the actor may look: inside the campaign and their grants.
    const parent = org.id !== c.org_id && org.parent_id ? await findOrg(this.db, org.parent_id) : undefined;
    return {
      campaignId: id,
      org: { id: org.id, name: org.name, path: org.path },
      parent:
        parent && can(actor, campaignPolicy, 'progress', orgSubject(parent))
          ? { id: parent.id, name: parent.name }
          : null,
      today,
      figures: sum(org.id),
      byPhase,
      children: childRows,
      redListCount: await repo.redListCount(this.db, id, org.id, cutoff),
    };
  }

  /** Where the actor looks by default: the campaign's org if it lies in their scope, else their own highest org inside it. */
  private defaultOrg(actor: Actor, c: { org_id: number; org_path: string }): number {
    if (canSee(actor, orgSubject({ id: c.org_id, path: c.org_path }))) return c.org_id;
    const inside = actor.grants
      .filter((g) => g.path.startsWith(c.org_path + '.'))
      .sort((a, b) => a.path.split('.').length - b.path.split('.').length);
    if (inside.length === 0) throw new AppError('NOT_FOUND');
    return inside[0].orgId;
  }

  async redList(actor: Actor, id: number, orgId?: number, limit = 200): Promise<RedListView> {
    const c = await this.loadCampaign(actor, id);
    const org = await this.campaignOrg(actor, c, orgId ?? this.defaultOrg(actor, c));
    const today = this.today();
    const cutoff = addDays(today, -c.escalation_days);
    const rows = await repo.redList(this.db, id, org.id, cutoff, limit);
    return {
      cutoff,
      escalationDays: c.escalation_days,
      total: await repo.redListCount(this.db, id, org.id, cutoff),
      items: rows.map((r) => ({
        orgId: r.org_id,
        name: r.name,
        overdue: r.overdue,
        oldestDue: r.oldest_due,
        daysOverdue: daysBetween(r.oldest_due, today),
      })),
    };
  }

  async tasks(actor: Actor, id: number, query: TTaskQuery): Promise<TaskPage> {
    const c = await this.loadCampaign(actor, id);
    const org = await this.campaignOrg(actor, c, query.org);
    const body = ZTemplateBody.parse(c.body);
    const today = this.today();
    const f = {
      campaignId: id,
      orgId: org.id,
      subtree: query.subtree,
      status: query.status,
      phase: query.phase,
      overdue: query.overdue,
      today,
    };
    const rows = await repo.listTasks(this.db, { ...f, afterId: query.after, limit: query.limit });
    return {
      items: rows.map((r) => presentTask(r, body, today)),
      total: await repo.countTasks(this.db, f),
      nextAfter: rows.length === query.limit ? rows[rows.length - 1].id : null,
    };
  }

  // ---------- tasks ----------

  private async loadTask(q: Q, id: number, lock = false): Promise<TaskWithOrg | undefined> {
    let sel = q
      .selectFrom('campaign_tasks as t')
      .innerJoin('orgs as o', 'o.id', 't.org_id')
      .selectAll('t')
      .select(['o.path as org_path', 'o.name as org_name'])
      .where('t.id', '=', id);
    if (lock) sel = sel.forUpdate('t');
    return sel.executeTakeFirst();
  }

  private taskAbilities(actor: Actor, t: TaskWithOrg, campaignActive: boolean, frozen: boolean) {
    const subject = taskSubject(t);
    const live = campaignActive && t.active;
    const review = can(actor, taskPolicy, 'review', subject) && live;
    return {
      edit: live && can(actor, taskPolicy, 'edit', subject) && (t.status === 'draft' || t.status === 'returned'),
      submit: live && can(actor, taskPolicy, 'submit', subject) && (t.status === 'draft' || t.status === 'returned'),
      approve: review && t.status === 'submitted',
      return: review && t.status === 'submitted',
      reopen: review && t.status === 'approved' && !frozen,
    };
  }

  /** A recurring task's period is frozen once approved and over. */
  private frozen(t: CampaignTaskRow): boolean {
    return t.period !== '' && t.status === 'approved' && t.base_due < this.today();
  }

  async task(actor: Actor, id: number): Promise<TaskDetailView> {
    const t = await this.loadTask(this.db, id);
    if (!t) throw new AppError('NOT_FOUND');
    authorize(actor, taskPolicy, 'read', taskSubject(t));
    const c = await this.db
      .selectFrom('campaigns')
      .selectAll()
      .where('id', '=', t.campaign_id)
      .executeTakeFirstOrThrow();
    const body = ZTemplateBody.parse(c.body);
    const attachments = await listAttachments(this.db, 'campaign_task', [t.id]);
    const events = await this.db
      .selectFrom('campaign_task_events')
      .selectAll()
      .where('task_id', '=', t.id)
      .orderBy('id')
      .execute();
    const today = this.today();
    const base = presentTask({ ...t, org_name: t.org_name }, body, today);
    return {
      ...base,
      campaignName: { zh: c.name_zh, en: c.name_en },
      action: body.actions.find((a) => a.key === t.action_key)!,
      content: presentContent(t.content as TaskDetailView['content']),
      attachments: attachments.map((a) => ({
        id: a.id,
        filename: a.filename,
        size: a.size,
        sha256: a.sha256,
        createdAt: a.created_at.toISOString(),
      })),
      events: events.map((e) => ({
        id: e.id,
        action: e.action,
        from: e.from_status,
        to: e.to_status,
        comment: e.comment,
        actorName: e.actor_name,
        at: e.at.toISOString(),
      })),
      abilities: this.taskAbilities(actor, t, c.status === 'active', this.frozen(t)),
    };
  }

  /** Saves the unit's draft (text, figure, meeting details); only while it is the unit's turn. */
  async saveTask(actor: Actor, id: number, input: TSaveTask): Promise<TaskDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const t = await this.loadTask(trx, id, true);
      if (!t) throw new AppError('NOT_FOUND');
      authorize(actor, taskPolicy, 'edit', taskSubject(t));
      await this.requireLive(trx, t);
      if (!(OPEN_STATUSES as readonly string[]).includes(t.status)) {
        throw new AppError('TASK_TRANSITION', {
          from: ENUM_LABELS[actor.locale].taskStatus[t.status],
          action: actor.locale === 'en' ? 'Edit' : '修改',
        });
      }
      const content = {
        ...((t.content as object) ?? {}),
        ...stripUndefined({
          html: input.html === undefined ? undefined : sanitizeHtml(input.html),
          figure: input.figure,
          meeting: input.meeting,
        }),
      };
      await trx
        .updateTable('campaign_tasks')
        .set({ content: JSON.stringify(content), updated_at: new Date() })
        .where('id', '=', id)
        .execute();
      await audit({
        action: 'task.save',
        entityType: 'campaign_task',
        entityId: id,
        orgId: t.org_id,
        before: t.content ?? null,
        after: content,
      });
    });
    return this.task(actor, id);
  }

  private async requireLive(q: Q, t: CampaignTaskRow) {
    const c = await q
      .selectFrom('campaigns')
      .select('status')
      .where('id', '=', t.campaign_id)
      .executeTakeFirstOrThrow();
    if (c.status !== 'active' || !t.active) throw new AppError('CAMPAIGN_CLOSED');
  }

  /** Moves a task along the transition table; anything not in the table is refused. */
  async transition(actor: Actor, id: number, action: TaskAction, comment: string | undefined): Promise<TaskDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const t = await this.loadTask(trx, id, true);
      if (!t) throw new AppError('NOT_FOUND');
      const tr = TASK_TRANSITIONS.find((x) => x.action === action && x.from === t.status);
      authorize(
        actor,
        taskPolicy,
        tr?.by === 'reviewer' || (!tr && action !== 'submit') ? 'review' : 'submit',
        taskSubject(t),
      );
      await this.requireLive(trx, t);
      const L = ENUM_LABELS[actor.locale];
      if (!tr) throw new AppError('TASK_TRANSITION', { from: L.taskStatus[t.status], action: L.taskAction[action] });
      if (tr.commentRequired && !comment) throw new AppError('COMMENT_REQUIRED');
      if (action === 'reopen' && this.frozen(t)) throw new AppError('PERIOD_FROZEN', { period: t.period });
      await repo.applyTaskStats(trx, -1, sql<boolean>`t.id = ${id}`);
      const now = new Date();
      await trx
        .updateTable('campaign_tasks')
        .set({
          status: tr.to,
          updated_at: now,
          ...(tr.by === 'unit'
            ? { submitted_at: now }
            : { decided_at: now, decided_by: actor.id, last_comment: comment ?? null }),
          ...(action === 'reopen' ? { cycle: t.cycle + 1 } : {}),
        })
        .where('id', '=', id)
        .execute();
      await repo.applyTaskStats(trx, 1, sql<boolean>`t.id = ${id}`);
      await trx
        .insertInto('campaign_task_events')
        .values({
          task_id: id,
          action,
          from_status: t.status,
          to_status: tr.to,
          comment: comment ?? null,
          actor_id: actor.id,
          actor_name: actor.displayName,
        })
        .execute();
      // Who hears of it: the reviewing level on a submission, the unit on a decision.
      const notifyOrg = tr.by === 'unit' ? (await findOrg(trx, t.org_id))?.parent_id : t.org_id;
      if (notifyOrg) {
        await trx
          .insertInto('notifications')
          .values({
            org_id: notifyOrg,
            kind: `task_${action}`,
            campaign_id: t.campaign_id,
            task_id: id,
            params: JSON.stringify({ unit: t.org_name, action: t.action_key, comment: comment ?? null }),
          })
          .execute();
      }
      await audit({
        action: `task.${action}`,
        entityType: 'campaign_task',
        entityId: id,
        orgId: t.org_id,
        before: { status: t.status },
        after: { status: tr.to, comment: comment ?? null },
      });
    });
    return this.task(actor, id);
  }

  async attach(actor: Actor, id: number, file: { filename: string; content: Buffer }): Promise<TaskDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const t = await this.loadTask(trx, id, true);
      if (!t) throw new AppError('NOT_FOUND');
      authorize(actor, taskPolicy, 'edit', taskSubject(t));
      await this.requireLive(trx, t);
      if (!(OPEN_STATUSES as readonly string[]).includes(t.status)) {
        throw new AppError('TASK_TRANSITION', {
          from: ENUM_LABELS[actor.locale].taskStatus[t.status],
          action: actor.locale === 'en' ? 'Edit' : '修改',
        });
      }
      const stored = await attachFile(trx, { type: 'campaign_task', id }, file, actor.id);
      await audit({
        action: 'task.attach',
        entityType: 'campaign_task',
        entityId: id,
        orgId: t.org_id,
        after: { file: stored.filename, sha256: stored.sha256, size: stored.size },
      });
    });
    return this.task(actor, id);
  }

  /** May the actor download an attachment of this task? */
  async authorizeTaskRead(actor: Actor, taskId: number): Promise<void> {
    const t = await this.loadTask(this.db, taskId);
    if (!t) throw new AppError('NOT_FOUND');
    authorize(actor, taskPolicy, 'read', taskSubject(t));
  }

  // ---------- deadlines and optional actions ----------

  /**
   * Tightens a phase's deadline for an org's subtree. It may only come earlier than what the
   * levels above set (or the batch's date); a later date is refused.
   */
  async setDeadline(
    actor: Actor,
    id: number,
    input: { orgId: number; phaseKey: string; dueDate: string },
  ): Promise<CampaignDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const c = await this.loadCampaign(actor, id, trx);
      if (c.status !== 'active') throw new AppError('CAMPAIGN_CLOSED');
      const org = await findOrg(trx, input.orgId);
      if (!org || !(org.path === c.org_path || org.path.startsWith(c.org_path + '.'))) throw new AppError('NOT_FOUND');
      authorize(actor, campaignPolicy, 'setDeadline', orgSubject(org));
      const body = ZTemplateBody.parse(c.body);
      if (!body.phases.some((p) => p.key === input.phaseKey))
        throw new AppError('TEMPLATE_INVALID', { reason: `phase ${input.phaseKey}` });
      // The loosest date any unit of the batches could have for this phase.
      const batches = await repo.batchesOf(trx, id);
      const batchEnd =
        batches
          .map((b) => (b.phases as BatchPhases).find((p) => p.key === input.phaseKey)?.end ?? '')
          .sort()
          .pop() ?? '';
      const inherited = await repo.inheritedDeadline(trx, id, org.id, input.phaseKey, batchEnd);
      if (input.dueDate > inherited) throw new AppError('DEADLINE_LOOSEN', { inherited, due: input.dueDate });
      const prev = await trx
        .selectFrom('campaign_deadlines')
        .select('due_date')
        .where('campaign_id', '=', id)
        .where('org_id', '=', org.id)
        .where('phase_key', '=', input.phaseKey)
        .executeTakeFirst();
      const filter = sql<boolean>`t.campaign_id = ${id} AND t.phase_key = ${input.phaseKey} AND ${repo.tasksInSubtree(org.id)}`;
      await repo.applyTaskStats(trx, -1, filter);
      await trx
        .insertInto('campaign_deadlines')
        .values({
          campaign_id: id,
          org_id: org.id,
          phase_key: input.phaseKey,
          due_date: input.dueDate,
          set_by: actor.id,
        })
        .onConflict((oc) =>
          oc
            .columns(['campaign_id', 'org_id', 'phase_key'])
            .doUpdateSet({ due_date: input.dueDate, set_by: actor.id, set_at: new Date() }),
        )
        .execute();
      await repo.recomputeDueDates(trx, id, org.id);
      await repo.applyTaskStats(trx, 1, filter);
      await audit({
        action: 'campaign.deadline',
        entityType: 'campaign',
        entityId: id,
        orgId: org.id,
        before: prev ? { phase: input.phaseKey, due: prev.due_date } : { phase: input.phaseKey, due: inherited },
        after: { phase: input.phaseKey, due: input.dueDate },
      });
    });
    return this.detail(actor, id);
  }

  /** A unit adds one of the template's optional actions (自选动作) to its own task list. */
  async addOptional(actor: Actor, id: number, input: { orgId: number; actionKey: string }): Promise<TaskDetailView> {
    const taskId = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const c = await this.loadCampaign(actor, id, trx);
      if (c.status !== 'active') throw new AppError('CAMPAIGN_CLOSED');
      const org = await findOrg(trx, input.orgId);
      if (!org) throw new AppError('NOT_FOUND');
      authorize(actor, campaignPolicy, 'addOptional', orgSubject(org));
      const unit = await trx
        .selectFrom('campaign_units')
        .selectAll()
        .where('campaign_id', '=', id)
        .where('org_id', '=', org.id)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (!unit) throw new AppError('NOT_FOUND');
      const body = ZTemplateBody.parse(c.body);
      const action = body.actions.find((a) => a.key === input.actionKey && a.kind === 'optional');
      if (!action) throw new AppError('TEMPLATE_INVALID', { reason: `action ${input.actionKey}` });
      const batch = (await repo.batchesOf(trx, id)).find((b) => b.id === unit.batch_id)!;
      const end = (batch.phases as BatchPhases).find((p) => p.key === action.phaseKey)?.end ?? batch.end_date;
      const due = await repo.inheritedDeadline(trx, id, org.id, action.phaseKey, end);
      const own = await trx
        .selectFrom('campaign_deadlines')
        .select('due_date')
        .where('campaign_id', '=', id)
        .where('org_id', '=', org.id)
        .where('phase_key', '=', action.phaseKey)
        .executeTakeFirst();
      const row = await trx
        .insertInto('campaign_tasks')
        .values({
          campaign_id: id,
          org_id: org.id,
          batch_id: unit.batch_id,
          action_key: action.key,
          phase_key: action.phaseKey,
          kind: 'optional',
          base_due: end,
          due_date: own && own.due_date < due ? own.due_date : due,
        })
        .onConflict((oc) => oc.columns(['campaign_id', 'org_id', 'action_key', 'period']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) throw new AppError('CONFLICT', { what: action.name[actor.locale === 'en' ? 'en' : 'zh'] });
      await repo.applyTaskStats(trx, 1, sql<boolean>`t.id = ${row.id}`);
      await audit({
        action: 'task.addOptional',
        entityType: 'campaign_task',
        entityId: row.id,
        orgId: org.id,
        after: { campaign: id, action: action.key },
      });
      return row.id;
    });
    return this.task(actor, taskId);
  }
}

type BatchPhases = Array<{ key: string; start: string; end: string }>;

/**
 * Sums counter rows into the figures of PROGRESS_PARTS (approved, submitted, due, overdue — a
 * partition of total) and the sub-figures of the open parts (returned, draft).
 */
function figures(rows: repo.ProgressRow[], units: number): ProgressFigures {
  const f = {
    units,
    total: 0,
    approved: 0,
    submitted: 0,
    due: 0,
    overdue: 0,
    returned: 0,
    returnedDue: 0,
    returnedOverdue: 0,
    draft: 0,
    rate: 0,
  };
  for (const r of rows) {
    f.total += r.total;
    f.approved += r.approved;
    f.submitted += r.submitted;
    f.due += r.due;
    f.overdue += r.overdue;
    f.returned += r.returned;
    f.returnedDue += r.returned_due;
    f.returnedOverdue += r.returned_overdue;
    f.draft += r.draft;
  }
  f.rate = f.total ? Math.round((f.approved / f.total) * 1000) / 1000 : 0;
  return f;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
