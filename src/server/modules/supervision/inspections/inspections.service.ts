import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/types.ts';
import { auditActor, pathWithin, type Actor } from '../../../platform/actor.ts';
import { AppError } from '../../../platform/errors.ts';
import { decodeAfter, pageOf } from '../../../platform/paging.ts';
import { authorize, can } from '../../../platform/policy.ts';
import { withTx } from '../../../platform/tx.ts';
import {
  inspectionTransition,
  type InspectionAction,
  type InspectionDetailView,
  type InspectionPage,
  type InspectionStatus,
} from '../../../../shared/supervision.ts';
import { orgSubject, requireOrg, requireSee, requireSeeOrgs, supervisionPolicy } from '../supervision.policy.ts';
import { presentReport, presentReportDetail } from './inspections.presenter.ts';
import * as R from './inspections.repository.ts';
import type {
  TCreateInspection,
  TInspectionQuery,
  TUpdateInspection,
} from '../../../../shared/schemas/supervision/inspections.ts';

type Named = TCreateInspection['named'];

/**
 * Inspections (日常督导、跟踪督导、联合督导, seed 001) produce reports; an office circulates a report
 * (通报) to its whole subtree, and each unit it names answers what it did about the finding. Every
 * move is one of INSPECTION_TRANSITIONS (src/shared/supervision.ts); anything else is refused.
 */
export class InspectionService {
  constructor(private db: Kysely<DB>) {}

  /** Who reads a report: anyone over its office; once circulated, everyone in the office's subtree. */
  private visible(actor: Actor, r: { id: number; status: string; org_path: string }): boolean {
    if (can(actor, supervisionPolicy, 'read', orgSubject('inspection', r.id, r.org_path))) return true;
    return r.status === 'circulated' && (actor.isAdmin || actor.grants.some((g) => pathWithin(g.path, r.org_path)));
  }

  /** True when the table lists the action from the status. */
  private listed(status: string, action: InspectionAction): boolean {
    return !!inspectionTransition(status as InspectionStatus, action);
  }

  /** Reports written in the org's subtree, and circulated reports from the offices above it; of a kind and status when asked. */
  async list(actor: Actor, query: TInspectionQuery): Promise<InspectionPage> {
    const org = await requireOrg(this.db, query.org);
    requireSee(actor, 'org', org.id, org.path);
    const after = decodeAfter(query.after);
    const rows = await R.listReports(this.db, actor, {
      orgId: org.id,
      kind: query.kind,
      status: query.status,
      after,
      limit: query.limit,
    });
    return pageOf(rows, query.limit, (r) => [null, r.id], presentReport);
  }

  async detail(actor: Actor, id: number): Promise<InspectionDetailView> {
    const r = await R.findReport(this.db, id);
    if (!r || !this.visible(actor, r)) throw new AppError('NOT_FOUND');
    const named = await R.namedUnits(this.db, id);
    const subject = orgSubject('inspection', id, r.org_path);
    const reporting = !actor.isAdmin && can(actor, supervisionPolicy, 'writeInspection', subject);
    const rows = named.map((n) => ({
      row: n,
      // The named unit answers; the office that wrote the report does not answer it for them.
      canAnswer:
        this.listed(r.status, 'answer') &&
        !reporting &&
        can(actor, supervisionPolicy, 'answer', orgSubject('org', n.org_id, n.path)),
    }));
    return presentReportDetail(r, rows, {
      edit: this.listed(r.status, 'edit') && can(actor, supervisionPolicy, 'writeInspection', subject),
      circulate: this.listed(r.status, 'circulate') && can(actor, supervisionPolicy, 'circulate', subject),
      answer: rows.some((n) => n.canAnswer),
    });
  }

  /**
   * Named units lie strictly below the reporting office; their problems in their own subtree. A
   * unit outside the actor's scope is answered as one that does not exist (404, audited, no name).
   */
  private async setNamed(
    trx: Transaction<DB>,
    actor: Actor,
    reportId: number,
    org: { path: string; name: string },
    named: Named,
  ) {
    const ids = [...new Set(named.map((n) => n.orgId))];
    if (ids.length !== named.length)
      throw new AppError('VALIDATION', {}, [{ path: 'named', message: 'field.invalid' }]);
    if (ids.length) {
      const units = await R.orgsByIds(trx, ids);
      if (units.length !== ids.length) throw new AppError('NOT_FOUND');
      requireSeeOrgs(actor, 'nameInspectionUnit', units);
      const outside = units.find((u) => !pathWithin(u.path, org.path, true));
      if (outside) throw new AppError('TEAM_UNIT_OUTSIDE', { name: outside.name, org: org.name });
      for (const n of named) {
        if (!n.problemIds.length) continue;
        if ((await R.countProblemsInSubtree(trx, n.problemIds, n.orgId)) !== new Set(n.problemIds).size)
          throw new AppError('VALIDATION', {}, [{ path: 'named.problemIds', message: 'field.invalid' }]);
      }
    }
    await R.replaceNamed(
      trx,
      reportId,
      named.map((n) => ({ orgId: n.orgId, finding: n.finding, problemIds: [...new Set(n.problemIds)] })),
    );
  }

  async create(actor: Actor, input: TCreateInspection): Promise<InspectionDetailView> {
    const id = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const org = await requireOrg(trx, input.orgId);
      authorize(actor, supervisionPolicy, 'writeInspection', orgSubject('org', org.id, org.path));
      if (input.teamId) {
        const team = await R.teamOrg(trx, input.teamId);
        if (!team || team.org_id !== org.id)
          throw new AppError('VALIDATION', {}, [{ path: 'teamId', message: 'field.invalid' }]);
      }
      const id = await R.insertReport(trx, {
        orgId: org.id,
        teamId: input.teamId ?? null,
        kind: input.kind,
        title: input.title,
        body: input.body,
        inspectedOn: input.inspectedOn,
        createdBy: actor.id,
      });
      await this.setNamed(trx, actor, id, org, input.named);
      await audit({
        action: 'inspection.create',
        entityType: 'inspection_report',
        entityId: id,
        orgId: org.id,
        after: input,
      });
      return id;
    });
    return this.detail(actor, id);
  }

  private async loadForWrite(trx: Transaction<DB>, id: number) {
    const r = await R.reportForWrite(trx, id);
    if (!r) throw new AppError('NOT_FOUND');
    return r;
  }

  async update(actor: Actor, id: number, input: TUpdateInspection): Promise<InspectionDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const r = await this.loadForWrite(trx, id);
      authorize(actor, supervisionPolicy, 'writeInspection', orgSubject('inspection', id, r.org_path));
      if (!this.listed(r.status, 'edit')) throw new AppError('INSPECTION_CIRCULATED');
      const set = Object.fromEntries(
        Object.entries({
          title: input.title,
          body: input.body,
          kind: input.kind,
          inspected_on: input.inspectedOn,
        }).filter(([, v]) => v !== undefined),
      );
      await R.updateReport(trx, id, set);
      if (input.named) await this.setNamed(trx, actor, id, { path: r.org_path, name: r.org_name }, input.named);
      await audit({
        action: 'inspection.update',
        entityType: 'inspection_report',
        entityId: id,
        orgId: r.org_id,
        before: { title: r.title, kind: r.kind },
        after: input,
      });
    });
    return this.detail(actor, id);
  }

  /** 通报: the report goes to the whole subtree; each named unit is told it must answer. */
  async circulate(actor: Actor, id: number): Promise<InspectionDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const r = await this.loadForWrite(trx, id);
      authorize(actor, supervisionPolicy, 'circulate', orgSubject('inspection', id, r.org_path));
      const tr = inspectionTransition(r.status as InspectionStatus, 'circulate');
      if (!tr) throw new AppError('INSPECTION_CIRCULATED');
      await R.updateReport(trx, id, { status: tr.to, circulated_at: new Date() });
      const named = await R.namedOrgIds(trx, id);
      await R.notifyNamed(trx, named, id, r.title);
      await audit({
        action: 'inspection.circulate',
        entityType: 'inspection_report',
        entityId: id,
        orgId: r.org_id,
        before: { status: r.status },
        after: { status: tr.to, named },
      });
    });
    return this.detail(actor, id);
  }

  async answer(actor: Actor, id: number, input: { orgId: number; answer: string }): Promise<InspectionDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const r = await this.loadForWrite(trx, id);
      const n = await R.namedUnit(trx, id, input.orgId);
      // A draft is not shown to the units it names: answering it is answered as an unknown id.
      const tr = inspectionTransition(r.status as InspectionStatus, 'answer');
      if (!n || !tr) throw new AppError('NOT_FOUND');
      authorize(actor, supervisionPolicy, 'answer', orgSubject('org', n.org_id, n.path));
      if (!actor.isAdmin && can(actor, supervisionPolicy, 'writeInspection', orgSubject('inspection', id, r.org_path)))
        throw new AppError('FORBIDDEN');
      if (tr.commentRequired && !input.answer.trim()) throw new AppError('COMMENT_REQUIRED');
      await R.saveAnswer(trx, id, n.org_id, input.answer, actor.displayName);
      await audit({
        action: 'inspection.answer',
        entityType: 'inspection_report',
        entityId: id,
        orgId: n.org_id,
        before: { answer: n.answer },
        after: { answer: input.answer },
      });
    });
    return this.detail(actor, id);
  }
}
