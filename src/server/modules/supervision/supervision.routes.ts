import type { FastifyInstance } from 'fastify';
import { route, sendFile, ZIdParams } from '../../platform/http.ts';
import { DOCX_TYPE } from '../../platform/docx.ts';
import { dateIn } from '../../platform/dates.ts';
import type { FormService } from './forms.service.ts';
import { formDocxFilename, renderFormDocx } from './forms.docx.ts';
import type { InspectionService } from './inspections.service.ts';
import type { LookbackService } from './lookback.service.ts';
import type { MaterialService } from './materials.service.ts';
import type { TeamService } from './teams.service.ts';
import * as S from './supervision.schema.ts';

export interface SupervisionServices {
  teams: TeamService;
  materials: MaterialService;
  forms: FormService;
  lookbacks: LookbackService;
  inspections: InspectionService;
}

/** Supervision: teams and visits, checklists, material review, the five forms, look back, inspections. */
export function supervisionRoutes(app: FastifyInstance, s: SupervisionServices): void {
  const tags = ['supervision'];
  const P = '/api/supervision';

  // Teams (督导组) and their visit log.
  route(app, {
    method: 'GET',
    url: `${P}/teams`,
    summary: "Teams formed in an org's subtree (?org=), or the actor's own (?mine=true)",
    tags,
    query: S.ZTeamQuery,
    handler: async ({ actor, query }) => s.teams.list(actor, query),
  });
  route(app, {
    method: 'POST',
    url: `${P}/teams`,
    summary:
      'Form a team: leader, members, and the units (strictly below the office) it supervises; members gain supervisor scope over them',
    tags,
    body: S.ZCreateTeam,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return s.teams.create(actor, body);
    },
  });
  route(app, {
    method: 'GET',
    url: `${P}/teams/:id`,
    summary: 'A team with members, units and visit log',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => s.teams.detail(actor, params.id),
  });
  route(app, {
    method: 'PATCH',
    url: `${P}/teams/:id`,
    summary: 'Rename, change members or units, disband',
    tags,
    params: ZIdParams,
    body: S.ZUpdateTeam,
    handler: async ({ actor, params, body }) => s.teams.update(actor, params.id, body),
  });
  route(app, {
    method: 'POST',
    url: `${P}/teams/:id/visits`,
    summary: 'Log a visit (督导记录): date, unit, what was seen, meetings attended',
    tags,
    params: ZIdParams,
    body: S.ZVisit,
    handler: async ({ actor, params, body }) => s.teams.logVisit(actor, params.id, body),
  });
  route(app, {
    method: 'GET',
    url: `${P}/candidates`,
    summary: 'Accounts that could join a team formed by the org',
    tags,
    query: S.ZCandidateQuery,
    handler: async ({ actor, query }) => s.teams.candidates(actor, query.org, query.q),
  });

  // Checklists: review criteria and look-back items.
  route(app, {
    method: 'GET',
    url: `${P}/checklists`,
    summary: 'Built-in checklists and those of the org and the orgs above it',
    tags,
    query: S.ZChecklistQuery,
    handler: async ({ actor, query }) => s.teams.checklists(actor, query.org, query.kind),
  });
  route(app, {
    method: 'POST',
    url: `${P}/checklists`,
    summary: "An office's own checklist (e.g. a copy of a built-in, edited)",
    tags,
    body: S.ZCreateChecklist,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return s.teams.createChecklist(actor, body);
    },
  });
  route(app, {
    method: 'PATCH',
    url: `${P}/checklists/:id`,
    summary: "Edit an office's checklist (built-ins cannot be edited)",
    tags,
    params: ZIdParams,
    body: S.ZUpdateChecklist,
    handler: async ({ actor, params, body }) => s.teams.updateChecklist(actor, params.id, body),
  });

  // Material review (审核把关).
  route(app, {
    method: 'GET',
    url: `${P}/materials`,
    summary: "Materials of an org's subtree, filtered, keyset-paged; toReview=true: what waits for the actor's review",
    tags,
    query: S.ZMaterialQuery,
    handler: async ({ actor, query }) => s.materials.list(actor, query),
  });
  route(app, {
    method: 'POST',
    url: `${P}/materials`,
    summary: 'Start a material (version 1) to be reviewed by the unit’s main leader and/or the supervision team',
    tags,
    body: S.ZCreateMaterial,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return s.materials.create(actor, body);
    },
  });
  route(app, {
    method: 'GET',
    url: `${P}/materials/:id`,
    summary: 'A material: latest body, versions, reviews, and the reviewer’s baseline for a diff',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => s.materials.detail(actor, params.id),
  });
  route(app, {
    method: 'POST',
    url: `${P}/materials/:id/draft`,
    summary: 'Save a new version on top of baseVersion (409 VERSION_CONFLICT if another save came first)',
    tags,
    params: ZIdParams,
    body: S.ZSaveDraft,
    handler: async ({ actor, params, body }) => s.materials.saveDraft(actor, params.id, body),
  });
  route(app, {
    method: 'POST',
    url: `${P}/materials/:id/submit`,
    summary: 'Submit the latest version for review',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => s.materials.submit(actor, params.id),
  });
  route(app, {
    method: 'POST',
    url: `${P}/materials/:id/reviews`,
    summary: 'Review the version under review criterion by criterion; any fail returns it',
    tags,
    params: ZIdParams,
    body: S.ZReview,
    handler: async ({ actor, params, body }) => s.materials.review(actor, params.id, body),
  });
  route(app, {
    method: 'GET',
    url: `${P}/materials/:id/versions/:version`,
    summary: 'One version of a material',
    tags,
    params: S.ZVersionParams,
    handler: async ({ actor, params }) => s.materials.version(actor, params.id, params.version),
  });

  // The five forms (三制五单).
  route(app, {
    method: 'GET',
    url: `${P}/forms`,
    summary: "Forms issued in, about, or circulated to an org's subtree; keyset-paged",
    tags,
    query: S.ZFormQuery,
    handler: async ({ actor, query }) => s.forms.list(actor, query),
  });
  route(app, {
    method: 'POST',
    url: `${P}/forms`,
    summary:
      'Draft a form: pre-report or resolution report (unit → office), order (office/team → unit), criticism (office → subtree), organization adjustment proposal',
    tags,
    body: S.ZCreateForm,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return s.forms.create(actor, body);
    },
  });
  route(app, {
    method: 'GET',
    url: `${P}/forms/:id`,
    summary: 'A form with its problems, history and the actor’s actions',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => s.forms.detail(actor, params.id),
  });
  route(app, {
    method: 'PATCH',
    url: `${P}/forms/:id`,
    summary: 'Edit a draft or a proposal before issuing it',
    tags,
    params: ZIdParams,
    body: S.ZUpdateForm,
    handler: async ({ actor, params, body }) => s.forms.update(actor, params.id, body),
  });
  route(app, {
    method: 'POST',
    url: `${P}/forms/:id/transition`,
    summary:
      'issue (gives the 文号) / dismiss a proposal (reason) / reply (unit; text) / accept / reject a reply (reason)',
    tags,
    params: ZIdParams,
    body: S.ZFormTransition,
    handler: async ({ actor, params, body }) => s.forms.transition(actor, params.id, body.action, body.comment),
  });
  route(app, {
    method: 'GET',
    url: `${P}/forms/:id/docx`,
    summary: 'The form as .docx in the official layout',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params, reply }) => {
      const form = await s.forms.detail(actor, params.id);
      const buffer = await renderFormDocx(form, actor.locale, {
        issuerName: form.issuerOrgName,
        date: form.issuedAt ? dateIn(new Date(form.issuedAt)) : undefined,
      });
      return sendFile(reply, buffer, formDocxFilename(form, actor.locale), DOCX_TYPE);
    },
  });

  // Look back (回头看).
  route(app, {
    method: 'GET',
    url: `${P}/lookbacks`,
    summary: "Look-back rounds opened in an org's subtree or that it takes part in",
    tags,
    query: S.ZLookbackQuery,
    handler: async ({ actor, query }) => s.lookbacks.list(actor, query.org),
  });
  route(app, {
    method: 'POST',
    url: `${P}/lookbacks`,
    summary: 'Open a look-back round: participants, checklist, and the spot-check sample drawn from a recorded seed',
    tags,
    body: S.ZCreateLookback,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return s.lookbacks.create(actor, body);
    },
  });
  route(app, {
    method: 'GET',
    url: `${P}/lookbacks/:id`,
    summary: 'A round: checklist, sample (and whether it redraws the same), participants and their scores',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => s.lookbacks.detail(actor, params.id),
  });
  route(app, {
    method: 'POST',
    url: `${P}/lookbacks/:id/assessments`,
    summary:
      "Score a unit at a stage (self / spot: sampled units only / office); findings become the unit's problems or re-open closed ones",
    tags,
    params: ZIdParams,
    body: S.ZAssessment,
    handler: async ({ actor, params, body }) => s.lookbacks.assess(actor, params.id, body),
  });

  // Inspections and circulated reports (督查通报).
  route(app, {
    method: 'GET',
    url: `${P}/inspections`,
    summary: "Inspection reports written in an org's subtree, and reports circulated to it from above",
    tags,
    query: S.ZInspectionQuery,
    handler: async ({ actor, query }) => s.inspections.list(actor, query.org),
  });
  route(app, {
    method: 'POST',
    url: `${P}/inspections`,
    summary: 'Write an inspection report (daily, follow-up, joint) naming units and their findings',
    tags,
    body: S.ZCreateInspection,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return s.inspections.create(actor, body);
    },
  });
  route(app, {
    method: 'GET',
    url: `${P}/inspections/:id`,
    summary: 'An inspection report with the named units and their answers',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => s.inspections.detail(actor, params.id),
  });
  route(app, {
    method: 'PATCH',
    url: `${P}/inspections/:id`,
    summary: 'Edit a draft report',
    tags,
    params: ZIdParams,
    body: S.ZUpdateInspection,
    handler: async ({ actor, params, body }) => s.inspections.update(actor, params.id, body),
  });
  route(app, {
    method: 'POST',
    url: `${P}/inspections/:id/circulate`,
    summary: 'Circulate (通报) the report to the office’s subtree; named units must answer',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => s.inspections.circulate(actor, params.id),
  });
  route(app, {
    method: 'POST',
    url: `${P}/inspections/:id/answers`,
    summary: 'A named unit answers the report',
    tags,
    params: ZIdParams,
    body: S.ZAnswer,
    handler: async ({ actor, params, body }) => s.inspections.answer(actor, params.id, body),
  });
}
