import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from './support/testdb.ts';
import type { Database } from '../src/server/db/database.ts';
import { loadDemo } from '../src/server/modules/demo/loader.ts';
import { loadDemoWork } from '../src/server/modules/demo/demo-work.ts';
import { verifyProblemStats } from '../src/server/modules/ledger/ledger.verify.ts';
import { PROBLEM_STATUSES, PROBLEM_KINDS } from '../src/shared/ledger.ts';
import { verifyCampaignStats } from '../src/server/modules/campaigns/campaigns.verify.ts';
import { verifyAuditChain } from '../src/server/platform/audit.ts';
import { CampaignService } from '../src/server/modules/campaigns/campaigns.service.ts';
import { PROGRESS_PARTS, ZTemplateBody } from '../src/shared/campaigns.ts';
import { actorGrantsOfUser, grantsOfUser } from '../src/server/modules/auth/auth.repository.ts';

describe('the demo campaign', () => {
  let database: Database;
  let result: Awaited<ReturnType<typeof loadDemoWork>>;
  const today = '2026-11-23';
  beforeAll(async () => {
    database = await createTestDb();
    await loadDemo(database.db, { scale: 'demo', seed: 5 });
    result = await loadDemoWork(database.db, { seed: 5, today });
  });
  afterAll(async () => database?.close());

  it('deploys the Mass Line campaign to the leading bodies, half-way through, counters exact', async () => {
    const db = database.db;
    const c = await db
      .selectFrom('campaigns')
      .selectAll()
      .where('id', '=', result.campaignId)
      .executeTakeFirstOrThrow();
    expect(c.doc_number).toBe('示活发〔2026〕1号');
    const units = await db
      .selectFrom('campaign_units as u')
      .innerJoin('orgs as o', 'o.id', 'u.org_id')
      .select(['o.level'])
      .where('u.campaign_id', '=', c.id)
      .execute();
    expect(units.length).toBeGreaterThan(10);
    expect(new Set(units.map((u) => u.level))).toEqual(new Set(['city', 'county', 'department', 'township']));
    expect(await verifyCampaignStats(db)).toEqual([]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('leaves a realistic mix: approved, returned with a comment, submitted, and overdue on the red list', async () => {
    const db = database.db;
    const rows = await db
      .selectFrom('campaign_tasks')
      .select(['status', 'phase_key', 'last_comment', 'due_date'])
      .where('campaign_id', '=', result.campaignId)
      .execute();
    const count = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).length;
    expect(count((r) => r.status === 'approved')).toBeGreaterThan(0);
    expect(count((r) => r.status === 'submitted')).toBeGreaterThan(0);
    expect(count((r) => r.status === 'returned' && !!r.last_comment)).toBeGreaterThan(0);
    const overdue = count((r) => (r.status === 'draft' || r.status === 'returned') && r.due_date < today);
    expect(overdue).toBeGreaterThan(0);
    // Nothing of the later phases is approved yet; the study phase is mostly done.
    expect(count((r) => r.phase_key === 'summary' && r.status === 'approved')).toBe(0);
    expect(count((r) => r.phase_key === 'study' && r.status === 'approved')).toBeGreaterThan(
      count((r) => r.phase_key === 'study') / 2,
    );

    const office = await db
      .selectFrom('users')
      .select(['id'])
      .where('username', '=', 'office')
      .executeTakeFirstOrThrow();
    const grants = await grantsOfUser(db, office.id);
    const actor = {
      id: office.id,
      username: 'office',
      displayName: 'office',
      isAdmin: false,
      locale: 'zh-CN' as const,
      memberId: null,
      grants,
      sessionId: 's',
      csrfToken: '',
    };
    const service = new CampaignService(db, () => today);
    const p = await service.progress(actor, result.campaignId);
    const c = await db
      .selectFrom('campaigns')
      .select('body')
      .where('id', '=', result.campaignId)
      .executeTakeFirstOrThrow();
    expect(p.figures.total).toBe(rows.length);
    expect(p.figures.overdue).toBe(overdue);
    // What the office's page shows adds up: the figures, every phase (in the template's order) and every child.
    for (const f of [p.figures, ...p.byPhase, ...p.children])
      expect(PROGRESS_PARTS.reduce((s, k) => s + f[k], 0)).toBe(f.total);
    expect(p.figures.returned).toBeGreaterThan(0);
    expect(p.byPhase.map((x) => x.phaseKey)).toEqual(ZTemplateBody.parse(c.body).phases.map((x) => x.key));
    const red = await service.redList(actor, result.campaignId);
    expect(red.total).toBeGreaterThan(0);
    expect(red.total).toBe(p.redListCount);
  });

  it('gives the leading bodies problem ledgers in every state, closed ones verified with their effect, counters exact', async () => {
    const db = database.db;
    const rows = await db
      .selectFrom('problems')
      .select(['id', 'status', 'kind', 'deadline', 'effect', 'responsible_person', 'standard'])
      .execute();
    expect(rows.length).toBe(result.problems + result.converted + result.supervision.findings);
    for (const s of PROBLEM_STATUSES) expect(rows.filter((r) => r.status === s).length, s).toBeGreaterThan(0);
    for (const k of PROBLEM_KINDS) expect(rows.filter((r) => r.kind === k).length, k).toBeGreaterThan(0);
    expect(rows.filter((r) => r.status === 'in_progress' && r.deadline && r.deadline < today).length).toBeGreaterThan(
      0,
    );
    // Drafts include incomplete ones (not five clear); everything past draft is complete.
    expect(rows.filter((r) => r.status === 'draft' && (!r.standard || !r.responsible_person)).length).toBeGreaterThan(
      0,
    );
    expect(rows.filter((r) => r.status !== 'draft' && (!r.standard || !r.responsible_person)).length).toBe(0);
    const closed = rows.filter((r) => r.status === 'closed');
    expect(closed.every((r) => r.effect.length > 0)).toBe(true);
    const verified = await db
      .selectFrom('problem_evidence')
      .select('problem_id')
      .where(
        'problem_id',
        'in',
        closed.map((r) => r.id),
      )
      .where('verified_at', 'is not', null)
      .execute();
    expect(new Set(verified.map((v) => v.problem_id)).size).toBe(closed.length);
    expect(await verifyProblemStats(db)).toEqual([]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('has opinions in every state and a published disclosure batch the public can read', async () => {
    const db = database.db;
    const ops = await db.selectFrom('opinions').select(['status', 'anonymous', 'submitter_name']).execute();
    expect(ops.length).toBe(result.opinions);
    for (const s of ['new', 'merged', 'converted', 'answered', 'declined'])
      expect(ops.filter((o) => o.status === s).length, s).toBeGreaterThan(0);
    expect(ops.filter((o) => o.anonymous).every((o) => o.submitter_name === null)).toBe(true);
    expect(
      Number(
        (
          await db
            .selectFrom('opinion_problems')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBeGreaterThan(0);
    const batches = await db.selectFrom('disclosure_batches').select(['id', 'status']).execute();
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.every((b) => b.status === 'published')).toBe(true);
    expect(result.disclosed).toBeGreaterThan(0);
    const plans = await db.selectFrom('rectification_plans').select(['status', 'last_comment']).execute();
    expect(new Set(plans.map((p) => p.status))).toEqual(new Set(['approved', 'submitted', 'returned']));
    expect(plans.find((p) => p.status === 'returned')!.last_comment).toBeTruthy();
    expect(await verifyProblemStats(db)).toEqual([]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('has two supervision teams at work: reviews in every state, forms issued and answered, one escalation pending', async () => {
    const db = database.db;
    expect(result.supervision).toMatchObject({ teams: 2, materials: 4, proposals: 1 });
    const teams = await db.selectFrom('supervision_teams').select(['id', 'name']).execute();
    expect(teams).toHaveLength(2);
    const states = (await db.selectFrom('materials').select('status').execute()).map((m) => m.status).sort();
    expect(states).toEqual(['draft', 'in_review', 'passed', 'returned']);
    const forms = await db
      .selectFrom('supervision_forms')
      .select(['kind', 'status', 'number', 'escalation_level'])
      .execute();
    const has = (kind: string, status: string) => forms.some((f) => f.kind === kind && f.status === status);
    expect(
      has('order', 'closed') &&
        has('order', 'answered') &&
        has('pre_report', 'closed') &&
        has('resolution_report', 'issued'),
    ).toBe(true);
    // The escalation waits for a person: proposed, without a number.
    expect(forms.filter((f) => f.status === 'proposed')).toEqual([
      { kind: 'criticism', status: 'proposed', number: null, escalation_level: 1 },
    ]);
    expect(forms.filter((f) => f.status !== 'proposed').every((f) => /〔2026〕\d+号$/.test(f.number ?? ''))).toBe(true);
    // The supervisor's scope now includes the team's units; the demo supervisor leads the first team.
    const sup = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'supervisor')
      .executeTakeFirstOrThrow();
    expect((await actorGrantsOfUser(db, sup.id)).filter((g) => g.teamId).length).toBeGreaterThanOrEqual(2);
    // The account's own grants stay what an administrator gave it.
    expect((await grantsOfUser(db, sup.id)).map((g) => g.role)).toEqual(['supervisor']);
    const round = await db.selectFrom('lookback_rounds').selectAll().executeTakeFirstOrThrow();
    expect(round.sample).toHaveLength(2);
    expect(await db.selectFrom('inspection_reports').select('status').execute()).toEqual([{ status: 'circulated' }]);
    expect(await verifyProblemStats(db)).toEqual([]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
