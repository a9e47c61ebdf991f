import type { FastifyInstance } from 'fastify';
import { route, sendFile, ZIdParams } from '../../platform/http.ts';
import { AppError } from '../../platform/errors.ts';
import { refuseUnstorableText } from '../../platform/validation.ts';
import { readAttachment } from '../../platform/files.ts';
import type { Actor } from '../../platform/actor.ts';
import type { CampaignService } from './campaigns.service.ts';
import {
  ZCampaignQuery,
  ZCloneTemplate,
  ZCreateTemplate,
  ZDeadline,
  ZDeployCampaign,
  ZOptionalTask,
  ZOrgQuery,
  ZSaveTask,
  ZTaskQuery,
  ZTransition,
  ZUpdateTemplate,
} from '../../../shared/schemas/campaigns.ts';

/** Other modules' attachment owners (owner_type → may this actor read owner #id?), for GET /api/attachments/:id. */
export type AttachmentReaders = Record<string, (actor: Actor, ownerId: number) => Promise<void>>;

export function campaignRoutes(
  app: FastifyInstance,
  campaigns: CampaignService,
  attachmentReaders: AttachmentReaders = {},
): void {
  const tags = ['campaigns'];
  route(app, {
    method: 'GET',
    url: '/api/campaign-templates',
    summary: 'Campaign templates the actor may use (built-in ones and those of orgs in scope)',
    tags,
    handler: async ({ actor }) => campaigns.listTemplates(actor),
  });
  route(app, {
    method: 'GET',
    url: '/api/campaign-templates/:id',
    summary: 'One template with its phases, actions and requirements',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => campaigns.getTemplate(actor, params.id),
  });
  route(app, {
    method: 'POST',
    url: '/api/campaign-templates',
    summary: 'Create a template owned by an org (office)',
    tags,
    body: ZCreateTemplate,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return campaigns.createTemplate(actor, body);
    },
  });
  route(app, {
    method: 'PATCH',
    url: '/api/campaign-templates/:id',
    summary: 'Edit a template (its owner office; built-in ones: administrator)',
    tags,
    params: ZIdParams,
    body: ZUpdateTemplate,
    handler: async ({ actor, params, body }) => campaigns.updateTemplate(actor, params.id, body),
  });
  route(app, {
    method: 'POST',
    url: '/api/campaign-templates/:id/clone',
    summary: 'Copy a template into an org of the actor, to adapt it',
    tags,
    params: ZIdParams,
    body: ZCloneTemplate,
    handler: async ({ actor, params, body, reply }) => {
      reply.code(201);
      return campaigns.cloneTemplate(actor, params.id, body.ownerOrgId, body.name);
    },
  });

  route(app, {
    method: 'GET',
    url: '/api/campaigns',
    summary: "Campaigns whose subtree overlaps the actor's grants, newest first, paged by ?after=&limit=",
    tags,
    query: ZCampaignQuery,
    handler: async ({ actor, query }) => campaigns.list(actor, query),
  });
  route(app, {
    method: 'POST',
    url: '/api/campaigns',
    summary: 'Deploy a campaign from a template to an org subtree, in batches; every participating unit gets its tasks',
    tags,
    body: ZDeployCampaign,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return campaigns.deploy(actor, body);
    },
  });
  route(app, {
    method: 'GET',
    url: '/api/campaigns/:id',
    summary: 'A campaign: batches, phases, actions, deadlines',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => campaigns.detail(actor, params.id),
  });
  route(app, {
    method: 'GET',
    url: '/api/campaigns/:id/progress',
    summary:
      'Progress of an org subtree (?org=): units, tasks done/submitted/returned/to do/overdue, per phase and per child, ranked',
    tags,
    params: ZIdParams,
    query: ZOrgQuery,
    handler: async ({ actor, params, query }) => campaigns.progress(actor, params.id, query.org),
  });
  route(app, {
    method: 'GET',
    url: '/api/campaigns/:id/red-list',
    summary: "Units of the subtree with tasks overdue longer than the campaign's escalation period",
    tags,
    params: ZIdParams,
    query: ZOrgQuery,
    handler: async ({ actor, params, query }) => campaigns.redList(actor, params.id, query.org),
  });
  route(app, {
    method: 'GET',
    url: '/api/campaigns/:id/tasks',
    summary:
      'Tasks of an org (?org=, &subtree=true for its whole subtree), filtered by status/phase/overdue, keyset-paged by ?after=',
    tags,
    params: ZIdParams,
    query: ZTaskQuery,
    handler: async ({ actor, params, query }) => campaigns.tasks(actor, params.id, query),
  });
  route(app, {
    method: 'POST',
    url: '/api/campaigns/:id/deadlines',
    summary: "Tighten a phase's deadline for an org subtree (never loosen)",
    tags,
    params: ZIdParams,
    body: ZDeadline,
    handler: async ({ actor, params, body }) => campaigns.setDeadline(actor, params.id, body),
  });
  route(app, {
    method: 'POST',
    url: '/api/campaigns/:id/optional-tasks',
    summary: 'A unit adds an optional action (自选动作) of the template to its tasks',
    tags,
    params: ZIdParams,
    body: ZOptionalTask,
    handler: async ({ actor, params, body, reply }) => {
      reply.code(201);
      return campaigns.addOptional(actor, params.id, body);
    },
  });

  route(app, {
    method: 'GET',
    url: '/api/tasks/:id',
    summary: 'A task with its deliverable, attachments, history and the actor’s abilities',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => campaigns.task(actor, params.id),
  });
  route(app, {
    method: 'PATCH',
    url: '/api/tasks/:id',
    summary: "Save the unit's draft of a deliverable",
    tags,
    params: ZIdParams,
    body: ZSaveTask,
    handler: async ({ actor, params, body }) => campaigns.saveTask(actor, params.id, body),
  });
  route(app, {
    method: 'POST',
    url: '/api/tasks/:id/transition',
    summary: 'submit (unit), approve / return / reopen (level above; return and reopen need a comment)',
    tags,
    params: ZIdParams,
    body: ZTransition,
    handler: async ({ actor, params, body }) => campaigns.transition(actor, params.id, body.action, body.comment),
  });
  route(app, {
    method: 'POST',
    url: '/api/tasks/:id/attachments',
    summary: 'Upload an attachment (multipart field "file"); stored once by its SHA-256',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params, req }) => {
      const file = await req.file();
      if (!file) throw new AppError('VALIDATION', {}, [{ path: 'file', message: 'field.required' }]);
      const content = await file.toBuffer();
      if (file.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', { limit: '20 MB' });
      refuseUnstorableText([{ filename: file.filename }], req.locale);
      return campaigns.attach(actor, params.id, { filename: file.filename, content });
    },
  });
  route(app, {
    method: 'GET',
    url: '/api/attachments/:id',
    summary: 'Download an attachment the actor may read',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params, reply }) => {
      const a = await readAttachment(campaigns.dbHandle, params.id);
      if (!a || a.removed_at) throw new AppError('NOT_FOUND');
      if (a.owner_type === 'campaign_task') await campaigns.authorizeTaskRead(actor, a.owner_id);
      else if (Object.hasOwn(attachmentReaders, a.owner_type)) await attachmentReaders[a.owner_type](actor, a.owner_id);
      else throw new AppError('NOT_FOUND');
      return sendFile(reply, a.content, a.filename, a.mime);
    },
  });
}
