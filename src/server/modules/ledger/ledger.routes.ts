import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput, zId } from '../../platform/validation.ts';
import { readMultipart, route, sendFile, ZIdParams } from '../../platform/http.ts';
import { AppError } from '../../platform/errors.ts';
import type { LedgerService } from './ledger.service.ts';
import type { PlanService } from './plans.service.ts';
import {
  ZCreatePlan,
  ZPlanQuery,
  ZPlanTransition,
  ZUpdatePlan,
  ZCreateProblem,
  ZMilestoneDone,
  ZProblemQuery,
  ZProblemTransition,
  ZProgress,
  ZSummaryQuery,
  ZUpdateProblem,
} from '../../../shared/schemas/ledger.ts';

const ZSubParams = z.object({ id: zId, sub: zId });
const ZEvidenceFields = z.object({ milestoneId: z.preprocess((v) => (v === '' ? undefined : v), zId.optional()) });

export function ledgerRoutes(app: FastifyInstance, ledger: LedgerService): void {
  const tags = ['ledger'];
  route(app, {
    method: 'GET',
    url: '/api/problems',
    summary:
      "An org's problem ledger (?org=, its subtree unless subtree=false), filtered by status/kind/category/source/overdue/responsible/campaign, sorted, keyset-paged by ?after=&limit= (answers Page<ProblemView> with total)",
    tags,
    query: ZProblemQuery,
    handler: async ({ actor, query }) => ledger.list(actor, query),
  });
  route(app, {
    method: 'GET',
    url: '/api/problems/summary',
    summary:
      'Roll-up of an org subtree and each child: by status, kind, category; overdue; closure rate (from counters)',
    tags,
    query: ZSummaryQuery,
    handler: async ({ actor, query }) => ledger.summary(actor, query.org, query.campaignId),
  });
  route(app, {
    method: 'POST',
    url: '/api/problems',
    summary: 'Record a problem in an org ledger (a draft until it is five-clear and confirmed)',
    tags,
    body: ZCreateProblem,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return ledger.create(actor, body);
    },
  });
  route(app, {
    method: 'GET',
    url: '/api/problems/:id',
    summary: 'A problem with measures, milestones, evidence versions, history and the actor’s abilities',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => ledger.detail(actor, params.id),
  });
  route(app, {
    method: 'PATCH',
    url: '/api/problems/:id',
    summary: "Change a draft's particulars",
    tags,
    params: ZIdParams,
    body: ZUpdateProblem,
    handler: async ({ actor, params, body }) => ledger.update(actor, params.id, body),
  });
  route(app, {
    method: 'PATCH',
    url: '/api/problems/:id/progress',
    summary: 'Save progress (完成情况) and effect (成效) text while rectifying',
    tags,
    params: ZIdParams,
    body: ZProgress,
    handler: async ({ actor, params, body }) => ledger.saveProgress(actor, params.id, body),
  });
  route(app, {
    method: 'POST',
    url: '/api/problems/:id/transition',
    summary:
      'confirm / start / report / finish (unit); verify / return / reopen (level above; return, reopen and report need a comment)',
    tags,
    params: ZIdParams,
    body: ZProblemTransition,
    handler: async ({ actor, params, body }) => ledger.transition(actor, params.id, body.action, body.comment),
  });
  route(app, {
    method: 'POST',
    url: '/api/problems/:id/milestones/:sub',
    summary: 'Mark a milestone done (needs its evidence) or not done',
    tags,
    params: ZSubParams,
    body: ZMilestoneDone,
    handler: async ({ actor, params, body }) => ledger.setMilestone(actor, params.id, params.sub, body),
  });
  route(app, {
    method: 'POST',
    url: '/api/problems/:id/evidence',
    summary:
      'Upload evidence (multipart "file", optional fields milestoneId, note); each upload is a version kept with its SHA-256',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params, req }) => {
      const { file, fields } = await readMultipart(req, 20 * 1024 * 1024);
      if (!file) throw new AppError('VALIDATION', {}, [{ path: 'file', message: 'field.required' }]);
      const { milestoneId } = parseInput(ZEvidenceFields, { milestoneId: fields.milestoneId }, req.locale);
      return ledger.addEvidence(
        actor,
        params.id,
        { filename: file.filename, content: file.buffer },
        { milestoneId, note: fields.note?.slice(0, 1000) },
      );
    },
  });
  route(app, {
    method: 'GET',
    url: '/api/problems/:id/evidence/:sub',
    summary: 'Download one evidence version',
    tags,
    params: ZSubParams,
    handler: async ({ actor, params, reply }) => {
      const e = await ledger.readEvidence(actor, params.id, params.sub);
      return sendFile(reply, e.content, e.filename, e.mime);
    },
  });
}

export function planRoutes(app: FastifyInstance, plans: PlanService): void {
  const tags = ['ledger'];
  route(app, {
    method: 'GET',
    url: '/api/rectification-plans',
    summary: "An org's rectification plan and its children's (?org=&campaignId=)",
    tags,
    query: ZPlanQuery,
    handler: async ({ actor, query }) => plans.overview(actor, query.org, query.campaignId),
  });
  route(app, {
    method: 'POST',
    url: '/api/rectification-plans',
    summary:
      'Create the unit’s rectification plan (整改方案) for a campaign (or none): principles, objectives, measures, time limits, problems',
    tags,
    body: ZCreatePlan,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return plans.create(actor, body);
    },
  });
  route(app, {
    method: 'GET',
    url: '/api/rectification-plans/:id',
    summary: 'A plan with its problems, history and the actor’s abilities',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => plans.detail(actor, params.id),
  });
  route(app, {
    method: 'PATCH',
    url: '/api/rectification-plans/:id',
    summary: 'Edit a draft or returned plan',
    tags,
    params: ZIdParams,
    body: ZUpdatePlan,
    handler: async ({ actor, params, body }) => plans.update(actor, params.id, body),
  });
  route(app, {
    method: 'POST',
    url: '/api/rectification-plans/:id/transition',
    summary:
      'submit (unit; needs measures and at least one problem) / approve / return / reopen (level above; return and reopen need a comment)',
    tags,
    params: ZIdParams,
    body: ZPlanTransition,
    handler: async ({ actor, params, body }) => plans.transition(actor, params.id, body.action, body.comment),
  });
}
