import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import { auditActor, pathWithin, type Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { authorize, can } from '../../platform/policy.ts';
import { withTx } from '../../platform/tx.ts';
import type {
  InspectionDetailView,
  InspectionKind,
  InspectionStatus,
  InspectionView,
} from '../../../shared/supervision.ts';
import type { TCreateInspection, TUpdateInspection } from './supervision.schema.ts';
import {
  inSubtree,
  iso,
  seenBelow,
  orgSubject,
  requireOrg,
  requireSee,
  requireSeeOrgs,
  supervisionPolicy,
  type Q,
} from './supervision.policy.ts';

type Named = TCreateInspection['named'];

/**
 * Inspections (日常督导、跟踪督导、联合督导, seed 001) produce reports; an office circulates a report
 * (通报) to its whole subtree, and each unit it names answers what it did about the finding.
 */
export class InspectionService {
  constructor(private db: Kysely<DB>) {}

  private base(q: Q) {
    return q
      .selectFrom('inspection_reports as r')
      .innerJoin('orgs as o', 'o.id', 'r.org_id')
      .leftJoin('supervision_teams as t', 't.id', 'r.team_id')
      .selectAll('r')
      .select([
        'o.name as org_name',
        'o.path as org_path',
        't.name as team_name',
        sql<number>`(SELECT count(*) FROM inspection_named_units n WHERE n.report_id = r.id)`.as('named_count'),
        sql<number>`(SELECT count(*) FROM inspection_named_units n WHERE n.report_id = r.id AND n.answered_at IS NOT NULL)`.as(
          'answered_count',
        ),
      ]);
  }

  private view(
    r: Awaited<ReturnType<ReturnType<InspectionService['base']>['executeTakeFirstOrThrow']>>,
  ): InspectionView {
    return {
      id: r.id,
      orgId: r.org_id,
      orgName: r.org_name,
      teamId: r.team_id,
      teamName: r.team_name,
      kind: r.kind as InspectionKind,
      title: r.title,
      inspectedOn: r.inspected_on,
      status: r.status as InspectionStatus,
      circulatedAt: iso(r.circulated_at),
      namedCount: Number(r.named_count),
      answeredCount: Number(r.answered_count),
      createdAt: iso(r.created_at)!,
    };
  }

  /** Who reads a report: anyone over its office; once circulated, everyone in the office's subtree. */
  private visible(actor: Actor, r: { id: number; status: string; org_path: string }): boolean {
    if (can(actor, supervisionPolicy, 'read', orgSubject('inspection', r.id, r.org_path))) return true;
    return r.status === 'circulated' && (actor.isAdmin || actor.grants.some((g) => pathWithin(g.path, r.org_path)));
  }

  /** Reports written in the org's subtree, and circulated reports from the offices above it. */
  async list(actor: Actor, orgId: number): Promise<InspectionView[]> {
    const org = await requireOrg(this.db, orgId);
    requireSee(actor, 'org', org.id, org.path);
    const rows = await this.base(this.db)
      .where((eb) =>
        eb.or([
          seenBelow(actor, org.id, 'r.org_id'),
          eb.and([
            eb('r.status', '=', 'circulated'),
            sql<boolean>`r.org_id IN (SELECT ancestor_id FROM org_closure WHERE descendant_id = ${org.id})`,
          ]),
        ]),
      )
      .orderBy('r.id', 'desc')
      .limit(200)
      .execute();
    return rows.map((r) => this.view(r));
  }

  async detail(actor: Actor, id: number): Promise<InspectionDetailView> {
    const r = await this.base(this.db).where('r.id', '=', id).executeTakeFirst();
    if (!r || !this.visible(actor, r)) throw new AppError('NOT_FOUND');
    const named = await this.db
      .selectFrom('inspection_named_units as n')
      .innerJoin('orgs as o', 'o.id', 'n.org_id')
      .select([
        'n.org_id',
        'o.name',
        'o.path',
        'n.finding',
        'n.problem_ids',
        'n.answer',
        'n.answered_at',
        'n.answered_by',
      ])
      .where('n.report_id', '=', id)
      .orderBy('o.path')
      .execute();
    const subject = orgSubject('inspection', id, r.org_path);
    const reporting = !actor.isAdmin && can(actor, supervisionPolicy, 'writeInspection', subject);
    const editable = r.status === 'draft' && can(actor, supervisionPolicy, 'writeInspection', subject);
    return {
      ...this.view(r),
      body: r.body,
      named: named.map((n) => ({
        orgId: n.org_id,
        orgName: n.name,
        finding: n.finding,
        problemIds: n.problem_ids,
        answer: n.answer,
        answeredAt: iso(n.answered_at),
        answeredBy: n.answered_by,
        // The named unit answers; the office that wrote the report does not answer it for them.
        canAnswer:
          r.status === 'circulated' &&
          !reporting &&
          can(actor, supervisionPolicy, 'answer', orgSubject('org', n.org_id, n.path)),
      })),
      can: { edit: editable, circulate: r.status === 'draft' && can(actor, supervisionPolicy, 'circulate', subject) },
    };
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
      const units = await trx.selectFrom('orgs').select(['id', 'name', 'path']).where('id', 'in', ids).execute();
      if (units.length !== ids.length) throw new AppError('NOT_FOUND');
      requireSeeOrgs(actor, 'nameInspectionUnit', units);
      const outside = units.find((u) => !pathWithin(u.path, org.path, true));
      if (outside) throw new AppError('TEAM_UNIT_OUTSIDE', { name: outside.name, org: org.name });
      for (const n of named) {
        if (!n.problemIds.length) continue;
        const found = await trx
          .selectFrom('problems')
          .select('id')
          .where('id', 'in', n.problemIds)
          .where(inSubtree(n.orgId, 'org_id'))
          .execute();
        if (found.length !== new Set(n.problemIds).size)
          throw new AppError('VALIDATION', {}, [{ path: 'named.problemIds', message: 'field.invalid' }]);
      }
    }
    await trx.deleteFrom('inspection_named_units').where('report_id', '=', reportId).execute();
    if (named.length)
      await trx
        .insertInto('inspection_named_units')
        .values(
          named.map((n) => ({
            report_id: reportId,
            org_id: n.orgId,
            finding: n.finding,
            problem_ids: [...new Set(n.problemIds)],
          })),
        )
        .execute();
  }

  async create(actor: Actor, input: TCreateInspection): Promise<InspectionDetailView> {
    const id = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const org = await requireOrg(trx, input.orgId);
      authorize(actor, supervisionPolicy, 'writeInspection', orgSubject('org', org.id, org.path));
      if (input.teamId) {
        const team = await trx
          .selectFrom('supervision_teams')
          .select('org_id')
          .where('id', '=', input.teamId)
          .executeTakeFirst();
        if (!team || team.org_id !== org.id)
          throw new AppError('VALIDATION', {}, [{ path: 'teamId', message: 'field.invalid' }]);
      }
      const r = await trx
        .insertInto('inspection_reports')
        .values({
          org_id: org.id,
          team_id: input.teamId ?? null,
          kind: input.kind,
          title: input.title,
          body: input.body,
          inspected_on: input.inspectedOn,
          created_by: actor.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.setNamed(trx, actor, r.id, org, input.named);
      await audit({
        action: 'inspection.create',
        entityType: 'inspection_report',
        entityId: r.id,
        orgId: org.id,
        after: input,
      });
      return r.id;
    });
    return this.detail(actor, id);
  }

  private async loadForWrite(trx: Transaction<DB>, id: number) {
    const r = await trx
      .selectFrom('inspection_reports as r')
      .innerJoin('orgs as o', 'o.id', 'r.org_id')
      .selectAll('r')
      .select(['o.path as org_path', 'o.name as org_name'])
      .where('r.id', '=', id)
      .forUpdate('r')
      .executeTakeFirst();
    if (!r) throw new AppError('NOT_FOUND');
    return r;
  }

  async update(actor: Actor, id: number, input: TUpdateInspection): Promise<InspectionDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const r = await this.loadForWrite(trx, id);
      authorize(actor, supervisionPolicy, 'writeInspection', orgSubject('inspection', id, r.org_path));
      if (r.status !== 'draft') throw new AppError('INSPECTION_CIRCULATED');
      const set = Object.fromEntries(
        Object.entries({
          title: input.title,
          body: input.body,
          kind: input.kind,
          inspected_on: input.inspectedOn,
        }).filter(([, v]) => v !== undefined),
      );
      await trx
        .updateTable('inspection_reports')
        .set({ ...set, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
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
      if (r.status !== 'draft') throw new AppError('INSPECTION_CIRCULATED');
      await trx
        .updateTable('inspection_reports')
        .set({ status: 'circulated', circulated_at: new Date(), updated_at: new Date() })
        .where('id', '=', id)
        .execute();
      const named = await trx
        .selectFrom('inspection_named_units')
        .select('org_id')
        .where('report_id', '=', id)
        .execute();
      if (named.length) {
        await trx
          .insertInto('notifications')
          .values(
            named.map((n) => ({
              org_id: n.org_id,
              kind: 'inspection_named',
              params: JSON.stringify({ reportId: id, title: r.title }),
            })),
          )
          .execute();
      }
      await audit({
        action: 'inspection.circulate',
        entityType: 'inspection_report',
        entityId: id,
        orgId: r.org_id,
        before: { status: 'draft' },
        after: { status: 'circulated', named: named.map((n) => n.org_id) },
      });
    });
    return this.detail(actor, id);
  }

  async answer(actor: Actor, id: number, input: { orgId: number; answer: string }): Promise<InspectionDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const r = await this.loadForWrite(trx, id);
      const n = await trx
        .selectFrom('inspection_named_units as n')
        .innerJoin('orgs as o', 'o.id', 'n.org_id')
        .select(['n.org_id', 'n.answer', 'o.path'])
        .where('n.report_id', '=', id)
        .where('n.org_id', '=', input.orgId)
        .executeTakeFirst();
      if (!n || r.status !== 'circulated') throw new AppError('NOT_FOUND');
      authorize(actor, supervisionPolicy, 'answer', orgSubject('org', n.org_id, n.path));
      if (!actor.isAdmin && can(actor, supervisionPolicy, 'writeInspection', orgSubject('inspection', id, r.org_path)))
        throw new AppError('FORBIDDEN');
      await trx
        .updateTable('inspection_named_units')
        .set({ answer: input.answer, answered_at: new Date(), answered_by: actor.displayName })
        .where('report_id', '=', id)
        .where('org_id', '=', n.org_id)
        .execute();
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
