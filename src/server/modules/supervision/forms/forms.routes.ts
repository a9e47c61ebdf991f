import type { FastifyInstance } from 'fastify';
import { DOCX_TYPE } from '../../../platform/docx.ts';
import { dateIn } from '../../../platform/dates.ts';
import { route, sendFile, ZIdParams } from '../../../platform/http.ts';
import { formDocxFilename, renderFormDocx } from './forms.docx.ts';
import type { FormService } from './forms.service.ts';
import * as S from '../../../../shared/schemas/supervision/forms.ts';

/** The five forms (三制五单). */
export function formRoutes(app: FastifyInstance, forms: FormService, P: string, tags: string[]): void {
  route(app, {
    method: 'GET',
    url: `${P}/forms`,
    summary: "Forms issued in, about, or circulated to an org's subtree; keyset-paged (after=; Page<FormView>)",
    tags,
    query: S.ZFormQuery,
    handler: async ({ actor, query }) => forms.list(actor, query),
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
      return forms.create(actor, body);
    },
  });
  route(app, {
    method: 'GET',
    url: `${P}/forms/:id`,
    summary: 'A form with its problems, history and the actor’s actions',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => forms.detail(actor, params.id),
  });
  route(app, {
    method: 'PATCH',
    url: `${P}/forms/:id`,
    summary: 'Edit a draft or a proposal before issuing it',
    tags,
    params: ZIdParams,
    body: S.ZUpdateForm,
    handler: async ({ actor, params, body }) => forms.update(actor, params.id, body),
  });
  route(app, {
    method: 'POST',
    url: `${P}/forms/:id/transition`,
    summary:
      'issue (gives the 文号) / dismiss a proposal (reason) / reply (unit; text) / accept / reject a reply (reason)',
    tags,
    params: ZIdParams,
    body: S.ZFormTransition,
    handler: async ({ actor, params, body }) => forms.transition(actor, params.id, body.action, body.comment),
  });
  route(app, {
    method: 'GET',
    url: `${P}/forms/:id/docx`,
    summary: 'The form as .docx in the official layout',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params, reply }) => {
      const form = await forms.detail(actor, params.id);
      const buffer = await renderFormDocx(form, actor.locale, {
        issuerName: form.issuerOrgName,
        date: form.issuedAt ? dateIn(new Date(form.issuedAt)) : undefined,
      });
      return sendFile(reply, buffer, formDocxFilename(form, actor.locale), DOCX_TYPE);
    },
  });
}
