import type { FastifyInstance } from 'fastify';
import { route, ZIdParams } from '../../platform/http.ts';
import { AppError } from '../../platform/errors.ts';
import { refuseUnstorableText } from '../../platform/validation.ts';
import type { NoticeService } from './notices.service.ts';
import {
  ZCreateNotice,
  ZMarkRead,
  ZNoticeQuery,
  ZReceiptsQuery,
  ZUpdateNotice,
} from '../../../shared/schemas/notices.ts';

/**
 * Notices: send at once (POST /api/notices), or save a draft (`draft: true`), add attachments,
 * then POST /api/notices/:id/send. Attachments download through GET /api/attachments/:id.
 */
export function noticeRoutes(app: FastifyInstance, notices: NoticeService): void {
  const tags = ['notices'];
  route(app, {
    method: 'POST',
    url: '/api/notices',
    summary:
      'Send a notice (通知/工作提示/通报) from an org to its whole subtree or to picked orgs below it; draft: true keeps it as a draft',
    tags,
    body: ZCreateNotice,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return notices.create(actor, body);
    },
  });
  route(app, {
    method: 'GET',
    url: '/api/notices',
    summary:
      'Inbox (?box=inbox, addressed to ?org= or to the orgs the actor is granted at) or sent box (?box=sent); newest first, keyset-paged by ?after=',
    tags,
    query: ZNoticeQuery,
    handler: async ({ actor, query }) => notices.list(actor, query),
  });
  route(app, {
    method: 'GET',
    url: '/api/notices/:id',
    summary: 'A notice with its body, attachments, the actor’s recipient rows and abilities',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => notices.detail(actor, params.id),
  });
  route(app, {
    method: 'PATCH',
    url: '/api/notices/:id',
    summary: 'Edit a draft notice',
    tags,
    params: ZIdParams,
    body: ZUpdateNotice,
    handler: async ({ actor, params, body }) => notices.update(actor, params.id, body),
  });
  route(app, {
    method: 'POST',
    url: '/api/notices/:id/send',
    summary: 'Send a draft notice',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => notices.send(actor, params.id),
  });
  route(app, {
    method: 'POST',
    url: '/api/notices/:id/attachments',
    summary: 'Attach a file to a draft notice (multipart field "file"); stored once by its SHA-256',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params, req }) => {
      const file = await req.file();
      if (!file) throw new AppError('VALIDATION', {}, [{ path: 'file', message: 'field.required' }]);
      const content = await file.toBuffer();
      if (file.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', { limit: '20 MB' });
      refuseUnstorableText([{ filename: file.filename }], req.locale);
      return notices.attach(actor, params.id, { filename: file.filename, content });
    },
  });
  route(app, {
    method: 'POST',
    url: '/api/notices/:id/read',
    summary:
      'Mark a notice read for a recipient org the actor is granted at (default: the deepest one not yet read); the first reading is the receipt',
    tags,
    params: ZIdParams,
    body: ZMarkRead,
    handler: async ({ actor, params, body }) => notices.markRead(actor, params.id, body.orgId),
  });
  route(app, {
    method: 'GET',
    url: '/api/notices/:id/receipts',
    summary:
      'Read receipts for the sending office: totals, roll-up by child org, unread orgs (?child=, keyset ?after=)',
    tags,
    params: ZIdParams,
    query: ZReceiptsQuery,
    handler: async ({ actor, params, query }) => notices.receipts(actor, params.id, query),
  });
}
