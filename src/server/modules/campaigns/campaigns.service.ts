import type { Kysely } from 'kysely';
import type { CampaignTaskRow, DB } from '../../db/types.ts';
import type { Q } from '../../db/database.ts';
import { auditActor, type Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { authorize, can, canSee } from '../../platform/policy.ts';
import { ScopeDenied } from '../../platform/errors.ts';
import { withTx } from '../../platform/tx.ts';
import { addDays, dateIn } from '../../platform/dates.ts';
import { attachFile, listAttachments } from '../../platform/files.ts';
import { ENUM_LABELS, t as translate } from '../../platform/i18n.ts';
import { decodeAfter, pageOf } from '../../platform/paging.ts';
import type { TaskTransitionParams } from '../../../shared/notices.ts';
import {
  OPEN_STATUSES,
  TASK_TRANSITIONS,
  ZTemplateBody,
  textIn,
  type CampaignDetailView,
  type CampaignPage,
  type ProgressView,
  type RedListView,
  type TaskAction,
  type TaskDetailView,
  type TaskPage,
  type TemplateDetailView,
  type TemplateView,
} from '../../../shared/campaigns.ts';
import { findOrg } from '../orgs/orgs.repository.ts';
import { insertNotification } from '../notifications/notifications.repository.ts';
import * as repo from './campaigns.repository.ts';
import {
  addOptionalOver,
  campaignAbilities,
  campaignListAbilities,
  campaignPolicy,
  campaignVisible,
  grantOrgsWhere,
  taskAbilities,
  taskPolicy,
  taskSubject,
} from './campaigns.policy.ts';
import {
  presentCampaign,
  presentCampaignDetail,
  presentProgress,
  presentRedListItem,
  presentTask,
  presentTaskDetail,
  presentTemplate,
  type BatchPhases,
} from './campaigns.presenter.ts';
import { sanitizeHtml } from '../../platform/html.ts';
import { syncCampaignSubtree } from './campaigns.sync.ts';
import type {
  TCampaignQuery,
  TCreateTemplate,
  TDeployCampaign,
  TSaveTask,
  TTaskQuery,
  TUpdateTemplate,
} from '../../../shared/schemas/campaigns.ts';

const orgSubject = (o: { id: number; path: string }) => ({ entityType: 'org', entityId: o.id, paths: [o.path] });

type TaskWithOrg = repo.TaskWithOrg;

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
    const rows = await repo.listTemplates(this.db);
    return rows
      .filter(
        (r) =>
          r.builtin ||
          actor.isAdmin ||
          (r.owner_path && canSee(actor, { entityType: 'org', entityId: r.owner_org_id, paths: [r.owner_path] })),
      )
      .map((r) => {
        const a = this.templateAbilities(actor, r);
        return presentTemplate(r, a.abilities, a.cloneOrg);
      });
  }

  /**
   * Per template: edit (its owner office; built-in ones: administrator), clone into the first org
   * the template rule allows at one of the actor's grants (`cloneOrg`), deploy when the deploy
   * rule allows it at one of them (or the actor is an administrator).
   */
  private templateAbilities(actor: Actor, r: { builtin: boolean; owner_path?: string | null }) {
    const edit = r.builtin
      ? actor.isAdmin
      : !!r.owner_path &&
        can(actor, campaignPolicy, 'manageTemplate', { entityType: 'org', entityId: null, paths: [r.owner_path] });
    const cloneOrg = grantOrgsWhere(actor, 'manageTemplate')[0] ?? null;
    const { abilities: list } = campaignListAbilities(actor);
    return { abilities: { edit, clone: cloneOrg !== null, deploy: list.deploy }, cloneOrg };
  }

  /** Loads a template the actor may see; inside a transaction pass its handle (PGlite has one connection). */
  private async loadTemplate(actor: Actor, id: number, q: Q = this.db) {
    const r = await repo.findTemplate(q, id);
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
    const a = this.templateAbilities(actor, r);
    return { ...presentTemplate(r, a.abilities, a.cloneOrg), body: ZTemplateBody.parse(r.body) };
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
      const templateId = await repo.insertTemplate(trx, {
        name_zh: input.name.zh,
        name_en: input.name.en,
        description_zh: input.description?.zh ?? '',
        description_en: input.description?.en ?? '',
        owner_org_id: owner.id,
        cloned_from: clonedFrom,
        body: JSON.stringify(input.body),
        created_by: actor.id,
      });
      await audit({
        action: clonedFrom ? 'template.clone' : 'template.create',
        entityType: 'campaign_template',
        entityId: templateId,
        orgId: owner.id,
        after: { name: input.name, clonedFrom, body: input.body },
      });
      return templateId;
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
        name: name ?? {
          zh: translate('zh-CN', 'campaign.template.copyName', { name: src.name_zh }),
          en: translate('en', 'campaign.template.copyName', { name: src.name_en }),
        },
        description: { zh: src.description_zh || src.name_zh, en: src.description_en || src.name_en },
        body: ZTemplateBody.parse(src.body),
      },
      id,
    );
  }

  async updateTemplate(actor: Actor, id: number, input: TUpdateTemplate): Promise<TemplateDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const r = await this.loadTemplate(actor, id, trx);
      if (!this.templateAbilities(actor, r).abilities.edit) throw new AppError('FORBIDDEN');
      await repo.updateTemplate(trx, id, {
        updated_at: new Date(),
        ...(input.name ? { name_zh: input.name.zh, name_en: input.name.en } : {}),
        ...(input.description ? { description_zh: input.description.zh, description_en: input.description.en } : {}),
        ...(input.body ? { body: JSON.stringify(input.body) } : {}),
        ...(input.status ? { status: input.status } : {}),
      });
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
        if (unknown) throw new AppError('TEMPLATE_INVALID', { reason: 'cx.template.unknownPhase', key: unknown.key });
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
      const campaignId = await repo.insertCampaign(trx, {
        template_id: tpl.id,
        org_id: org.id,
        name_zh: input.name?.zh ?? tpl.name_zh,
        name_en: input.name?.en ?? tpl.name_en,
        doc_number: input.docNumber ?? null,
        notice_body: input.noticeBody ?? '',
        body: JSON.stringify(body),
        escalation_days: input.escalationDays,
        created_by: actor.id,
      });
      for (const b of batches) {
        await repo.insertBatch(trx, {
          campaign_id: campaignId,
          seq: b.seq,
          name: b.name,
          levels: b.levels,
          kinds: b.kinds,
          start_date: b.start,
          end_date: b.end,
          phases: JSON.stringify(b.phases),
        });
      }
      await syncCampaignSubtree(trx, campaignId, body, org.id);
      const units = await repo.countUnits(trx, campaignId);
      if (units === 0) throw new AppError('NO_PARTICIPANTS');
      await repo.applyTaskStats(trx, 1, repo.tasksOfCampaign(campaignId));
      await repo.applyUnitStats(trx, 1, repo.unitsOfCampaign(campaignId));
      const tasks = await repo.countCampaignTasks(trx, campaignId);
      await audit({
        action: 'campaign.deploy',
        entityType: 'campaign',
        entityId: campaignId,
        orgId: org.id,
        after: {
          template: tpl.id,
          name: input.name ?? { zh: tpl.name_zh, en: tpl.name_en },
          docNumber: input.docNumber ?? null,
          batches,
          units,
          tasks,
        },
      });
      return { id: campaignId, tasks };
    });
    // A big deployment changes the task table's shape at once; PGlite never analyzes by itself, and
    // PostgreSQL's autovacuum may come minutes later, so the planner is told now.
    if (id.tasks > 10_000) await repo.analyzeCampaignTables(this.db);
    return this.detail(actor, id.id);
  }

  /** Loads a campaign that concerns the actor (their grants overlap its subtree), or the audited 404. */
  private async loadCampaign(actor: Actor, id: number, q: Q = this.db): Promise<repo.CampaignWithOrg> {
    const c = await repo.findCampaign(q, id);
    if (!c) throw new AppError('NOT_FOUND');
    if (!campaignVisible(actor, c.org_path)) throw new ScopeDenied('read', 'campaign', id);
    return c;
  }

  /** The campaigns that concern the actor, newest first, a page at a time (`after` from the previous page). */
  async list(actor: Actor, query: TCampaignQuery): Promise<CampaignPage> {
    const after = decodeAfter(query.after, (v) => v === null);
    const rows = await repo.listCampaigns(this.db, {
      grantOrgIds: actor.isAdmin ? null : [...new Set(actor.grants.map((g) => g.orgId))],
      afterId: after?.[1],
      limit: query.limit,
    });
    return {
      ...pageOf(
        rows,
        query.limit,
        (r) => [null, r.id],
        (r) => presentCampaign(r, r.start_date ?? '', r.end_date ?? ''),
      ),
      ...campaignListAbilities(actor),
    };
  }

  async detail(actor: Actor, id: number): Promise<CampaignDetailView> {
    const c = await this.loadCampaign(actor, id);
    const batches = await repo.batchesOf(this.db, id);
    const deadlines = (await repo.deadlinesOf(this.db, id)).filter((d) =>
      canSee(actor, orgSubject({ id: d.org_id, path: d.path })),
    );
    const body = ZTemplateBody.parse(c.body);
    return presentCampaignDetail(c, body, batches, deadlines, campaignAbilities(actor, c, body));
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
    const cutoff = addDays(today, -c.escalation_days);
    // Going back up is offered only where the actor may look: inside the campaign and their grants.
    const up = org.id !== c.org_id && org.parent_id ? await findOrg(this.db, org.parent_id) : undefined;
    const parent = up && can(actor, campaignPolicy, 'progress', orgSubject(up)) ? up : null;
    const body = ZTemplateBody.parse(c.body);
    const takesPart = !!(await repo.findActiveUnit(this.db, id, org.id));
    return presentProgress({
      campaignId: id,
      org,
      parent,
      today,
      body,
      children,
      rows,
      units,
      redListCount: await repo.redListCount(this.db, id, org.id, cutoff),
      addOptional: addOptionalOver(actor, c, body, org, takesPart),
    });
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
      items: rows.map((r) => presentRedListItem(r, today)),
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
    const after = decodeAfter(query.after, (v) => v === null);
    const rows = await repo.listTasks(this.db, { ...f, afterId: after?.[1], limit: query.limit });
    const live = c.status === 'active';
    return pageOf(
      rows,
      query.limit,
      (r) => [null, r.id],
      (r) => presentTask(r, body, today, taskAbilities(actor, { ...r, active: true }, live, this.frozen(r))),
      { total: await repo.countTasks(this.db, f) },
    ) as TaskPage;
  }

  // ---------- tasks ----------

  private async loadTask(q: Q, id: number, lock = false): Promise<TaskWithOrg | undefined> {
    return repo.findTask(q, id, lock);
  }

  /** A recurring task's period is frozen once approved and over. */
  private frozen(t: Pick<CampaignTaskRow, 'period' | 'status' | 'base_due'>): boolean {
    return t.period !== '' && t.status === 'approved' && t.base_due < this.today();
  }

  async task(actor: Actor, id: number): Promise<TaskDetailView> {
    const t = await this.loadTask(this.db, id);
    if (!t) throw new AppError('NOT_FOUND');
    authorize(actor, taskPolicy, 'read', taskSubject(t));
    const c = await repo.findCampaign(this.db, t.campaign_id);
    if (!c) throw new AppError('NOT_FOUND');
    const body = ZTemplateBody.parse(c.body);
    const attachments = await listAttachments(this.db, 'campaign_task', [t.id]);
    const events = await repo.taskEvents(this.db, t.id);
    const abilities = taskAbilities(actor, t, c.status === 'active', this.frozen(t));
    return presentTaskDetail(t, c, body, this.today(), attachments, events, abilities);
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
          action: 'campaign.task.edit',
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
      await repo.updateTask(trx, id, { content: JSON.stringify(content), updated_at: new Date() });
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
    if ((await repo.campaignStatus(q, t.campaign_id)) !== 'active' || !t.active) throw new AppError('CAMPAIGN_CLOSED');
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
      await repo.applyTaskStats(trx, -1, repo.taskById(id));
      const now = new Date();
      await repo.updateTask(trx, id, {
        status: tr.to,
        updated_at: now,
        ...(tr.by === 'unit'
          ? { submitted_at: now }
          : { decided_at: now, decided_by: actor.id, last_comment: comment ?? null }),
        ...(action === 'reopen' ? { cycle: t.cycle + 1 } : {}),
      });
      await repo.applyTaskStats(trx, 1, repo.taskById(id));
      await repo.insertTaskEvent(trx, {
        task_id: id,
        action,
        from_status: t.status,
        to_status: tr.to,
        comment: comment ?? null,
        actor_id: actor.id,
        actor_name: actor.displayName,
      });
      // Who hears of it: the reviewing level on a submission, the unit on a decision.
      const notifyOrg = tr.by === 'unit' ? (await findOrg(trx, t.org_id))?.parent_id : t.org_id;
      if (notifyOrg) {
        await insertNotification(trx, {
          orgId: notifyOrg,
          kind: `task_${action}`,
          campaignId: t.campaign_id,
          taskId: id,
          params: { unit: t.org_name, action: t.action_key, comment: comment ?? null } satisfies TaskTransitionParams,
        });
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
          action: 'campaign.task.edit',
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
        throw new AppError('TEMPLATE_INVALID', { reason: 'cx.template.unknownPhase', key: input.phaseKey });
      // The loosest date any unit of the batches could have for this phase.
      const batches = await repo.batchesOf(trx, id);
      const batchEnd =
        batches
          .map((b) => (b.phases as BatchPhases).find((p) => p.key === input.phaseKey)?.end ?? '')
          .sort()
          .pop() ?? '';
      const inherited = await repo.inheritedDeadline(trx, id, org.id, input.phaseKey, batchEnd);
      if (input.dueDate > inherited) throw new AppError('DEADLINE_LOOSEN', { inherited, due: input.dueDate });
      const prev = await repo.findDeadline(trx, id, org.id, input.phaseKey);
      const filter = repo.phaseTasksInSubtree(id, input.phaseKey, org.id);
      await repo.applyTaskStats(trx, -1, filter);
      await repo.upsertDeadline(trx, {
        campaignId: id,
        orgId: org.id,
        phaseKey: input.phaseKey,
        dueDate: input.dueDate,
        setBy: actor.id,
      });
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
      const unit = await repo.findActiveUnit(trx, id, org.id);
      if (!unit) throw new AppError('NOT_FOUND');
      const body = ZTemplateBody.parse(c.body);
      const action = body.actions.find((a) => a.key === input.actionKey && a.kind === 'optional');
      if (!action)
        throw new AppError('TEMPLATE_INVALID', { reason: 'cx.template.unknownOptional', key: input.actionKey });
      const batch = (await repo.batchesOf(trx, id)).find((b) => b.id === unit.batch_id)!;
      const end = (batch.phases as BatchPhases).find((p) => p.key === action.phaseKey)?.end ?? batch.end_date;
      const due = await repo.inheritedDeadline(trx, id, org.id, action.phaseKey, end);
      const own = await repo.findDeadline(trx, id, org.id, action.phaseKey);
      const newId = await repo.insertOptionalTask(trx, {
        campaign_id: id,
        org_id: org.id,
        batch_id: unit.batch_id,
        action_key: action.key,
        phase_key: action.phaseKey,
        kind: 'optional',
        base_due: end,
        due_date: own && own.due_date < due ? own.due_date : due,
      });
      if (newId === undefined) throw new AppError('CONFLICT', { what: textIn(action.name, actor.locale) });
      await repo.applyTaskStats(trx, 1, repo.taskById(newId));
      await audit({
        action: 'task.addOptional',
        entityType: 'campaign_task',
        entityId: newId,
        orgId: org.id,
        after: { campaign: id, action: action.key },
      });
      return newId;
    });
    return this.task(actor, taskId);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
