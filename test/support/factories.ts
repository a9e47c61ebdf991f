/**
 * Factories for the integration tier: the one way a test makes a problem, a campaign, a supervision
 * team or a material. Each goes through the HTTP API as the given client (so scope, validation and
 * audit run as in production), asserts the create answered 201 (printing the server's answer when
 * it did not) and returns the created view. Every field has a realistic default; pass overrides for
 * what the test is about.
 */
import { expect } from 'vitest';
import { buildOrg, buildRoot, type Client, type Harness } from './harness.ts';
import { addDays, dateIn } from '../../src/server/platform/dates.ts';
import type { ProblemDetailView } from '../../src/shared/ledger.ts';
import type { CampaignDetailView, TemplateDetailView, TTemplateBody } from '../../src/shared/campaigns.ts';
import type { MaterialDetailView, TeamDetailView } from '../../src/shared/supervision.ts';

type Body = Record<string, unknown>;

async function created<T>(c: Client, path: string, body: Body): Promise<T> {
  const r = await c.post(path, body);
  expect(r.statusCode, `${path}: ${r.body}`).toBe(201);
  return r.json() as T;
}

/** A problem that meets the 五个明确 (what, measures, standard, who, by when), as a ledger row is recorded. */
export function problemBody(
  orgId: number,
  kind: 'immediate' | 'phased' | 'long_term' = 'phased',
  extra: Body = {},
): Body {
  const today = dateIn();
  return {
    orgId,
    source: 'self_inspection',
    category: 'formalism',
    description: '会议多、文件多，以会议落实会议的问题比较突出',
    standard: '全年发文数量比上年减少三分之一',
    responsibleLeader: '张书记',
    responsibleDept: '党政办',
    responsiblePerson: '李主任',
    kind,
    deadline: kind === 'long_term' ? null : addDays(today, 30),
    measures: [{ content: '严格控制会议数量和规模', owner: '党政办' }],
    milestones: kind === 'immediate' ? [] : [{ title: '制定精简会议文件办法', dueDate: addDays(today, 10) }],
    ...extra,
  };
}

export function buildProblem(
  c: Client,
  orgId: number,
  kind: 'immediate' | 'phased' | 'long_term' = 'phased',
  extra: Body = {},
): Promise<ProblemDetailView> {
  return created<ProblemDetailView>(c, '/api/problems', problemBody(orgId, kind, extra));
}

const name = (zh: string, en: string) => ({ zh, en });

/** A short campaign in three phases: one task for leading bodies and two for branches per phase. */
export const CAMPAIGN_BODY: TTemplateBody = {
  phases: [
    { key: 'study', name: name('学习教育、听取意见', 'Study and listening'), startOffsetDays: 0, durationDays: 10 },
    { key: 'check', name: name('查摆问题、开展批评', 'Checking and criticism'), startOffsetDays: 10, durationDays: 10 },
    { key: 'rectify', name: name('整改落实、建章立制', 'Rectification'), startOffsetDays: 20, durationDays: 10 },
  ],
  actions: [
    {
      key: 'mobilize',
      phaseKey: 'study',
      kind: 'prescribed',
      name: name('召开动员大会', 'Mobilization meeting'),
      deliverable: 'meeting',
      assignee: 'leading_body',
    },
    {
      key: 'study_plan',
      phaseKey: 'study',
      kind: 'prescribed',
      name: name('制定学习计划', 'Study plan'),
      deliverable: 'form',
      assignee: 'branch',
    },
    {
      key: 'talks',
      phaseKey: 'check',
      kind: 'prescribed',
      name: name('开展谈心谈话', 'Heart-to-heart talks'),
      deliverable: 'files',
      assignee: 'branch',
    },
    {
      key: 'rectify_list',
      phaseKey: 'rectify',
      kind: 'prescribed',
      name: name('制定整改方案', 'Rectification plan'),
      deliverable: 'form',
      assignee: 'leading_body',
    },
  ],
} as TTemplateBody;

export function buildTemplate(c: Client, ownerOrgId: number, body: TTemplateBody = CAMPAIGN_BODY, extra: Body = {}) {
  return created<TemplateDetailView>(c, '/api/campaign-templates', {
    ownerOrgId,
    name: name('测试活动', 'Test campaign'),
    body,
    ...extra,
  });
}

/** Deploys a campaign from a template (one made for it unless given) over every level of the org's subtree. */
export async function buildCampaign(
  c: Client,
  orgId: number,
  opts: { templateId?: number; startDate?: string; extra?: Body } = {},
): Promise<CampaignDetailView> {
  const templateId = opts.templateId ?? (await buildTemplate(c, orgId)).id;
  return created<CampaignDetailView>(c, '/api/campaigns', {
    templateId,
    orgId,
    batches: [
      {
        name: '第一批',
        levels: ['county', 'township', 'general_branch', 'branch'],
        startDate: opts.startDate ?? dateIn(),
      },
    ],
    ...opts.extra,
  });
}

/** A supervision team formed by an office over units strictly below it, led by a supervisor account. */
export function buildTeam(c: Client, orgId: number, leaderId: number, unitIds: number[], extra: Body = {}) {
  return created<TeamDetailView>(c, '/api/supervision/teams', {
    orgId,
    name: '第一督导组',
    leaderId,
    unitIds,
    ...extra,
  });
}

/** An analysis report (对照检查材料) a unit drafts for review by its supervision team. */
export function buildMaterial(c: Client, orgId: number, extra: Body = {}) {
  return created<MaterialDetailView>(c, '/api/supervision/materials', {
    orgId,
    kind: 'analysis_report',
    title: '个人对照检查材料',
    subjectName: '张书记',
    body: '<p>一、存在的问题：联系群众不够经常，例如今年只走访了三户困难党员。</p>',
    needsLeader: false,
    needsTeam: true,
    ...extra,
  });
}

/** Orgs of the small city most route-wide tests stand on: two districts, a town with two branches, a branch elsewhere. */
export interface SmallCity {
  city: number;
  district: number;
  other: number;
  town: number;
  br1: number;
  br2: number;
  brX: number;
}

/** The small city, named after the test (`label`: 消息测试, 模糊测试…). */
export async function buildSmallCity(h: Harness, label: string): Promise<SmallCity> {
  const city = (await buildRoot(h, `中共${label}市委员会`)).id;
  const district = (await buildOrg(h, city, 'county', `中共${label}区委员会`)).id;
  const other = (await buildOrg(h, city, 'county', `中共${label}另区委员会`)).id;
  const town = (await buildOrg(h, district, 'township', `${label}镇党委`)).id;
  const br1 = (await buildOrg(h, town, 'branch', '一村党支部')).id;
  const br2 = (await buildOrg(h, town, 'branch', '二村党支部')).id;
  const brX = (await buildOrg(h, other, 'branch', '外村党支部')).id;
  return { city, district, other, town, br1, br2, brX };
}
