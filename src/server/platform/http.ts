import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Locale } from '../../shared/enums.ts';
import type { Actor } from './actor.ts';
import { AppError } from './errors.ts';
import { parseInput, refuseUnstorableText, zId } from './validation.ts';
import { wellFormedText } from './canonical.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    locale: Locale;
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  method: Method;
  url: string;
  summary: string;
  tags: string[];
  body?: B;
  query?: Q;
  params?: P;
  /** Public routes need no session (login, health). */
  public?: boolean;
  rateLimit?: { max: number; timeWindow: string };
  handler: (ctx: {
    req: FastifyRequest;
    reply: FastifyReply;
    actor: Actor;
    body: z.infer<B>;
    query: z.infer<Q>;
    params: z.infer<P>;
  }) => Promise<unknown>;
}

const toSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });

/**
 * Declares one route: zod validates body, query and params (translated field errors), the same
 * schemas document it in /api/openapi.json, and a session is required unless it is public.
 */
export function route<
  B extends z.ZodType = z.ZodUnknown,
  Q extends z.ZodType = z.ZodUnknown,
  P extends z.ZodType = z.ZodUnknown,
>(app: FastifyInstance, spec: RouteSpec<B, Q, P>): void {
  app.route({
    method: spec.method,
    url: spec.url,
    config: spec.rateLimit ? { rateLimit: spec.rateLimit } : {},
    schema: {
      summary: spec.summary,
      tags: spec.tags,
      ...(spec.body ? { body: toSchema(spec.body) } : {}),
      ...(spec.query ? { querystring: toSchema(spec.query) } : {}),
      ...(spec.params ? { params: toSchema(spec.params) } : {}),
    },
    handler: async (req, reply) => {
      if (!spec.public && !req.actor) throw new AppError('UNAUTHENTICATED');
      const body = spec.body ? parseInput(spec.body, req.body ?? {}, req.locale) : req.body;
      const query = spec.query ? parseInput(spec.query, req.query ?? {}, req.locale) : req.query;
      const params = spec.params ? parseInput(spec.params, req.params ?? {}, req.locale) : req.params;
      const result = await spec.handler({
        req,
        reply,
        actor: req.actor as Actor,
        body: body as z.infer<B>,
        query: query as z.infer<Q>,
        params: params as z.infer<P>,
      });
      return result;
    },
  });
}

export const ZIdParams = z.object({ id: zId });

/**
 * The one way to send a file (an export, a template, an attachment): a UTF-8 file name (RFC 5987)
 * so Chinese names survive, an ASCII fallback without quotes or backslashes, `Cache-Control:
 * no-store` (a download holds personal data: no browser or proxy keeps a copy) and `nosniff`.
 * `content` may be a stream (a roster written page by page); `asciiName` names the file for clients
 * that read only filename= (default: the UTF-8 name with every other character as `_`); `inline`
 * shows it in the browser instead of saving it. The only writer of Content-Disposition.
 */
export function sendFile(
  reply: FastifyReply,
  content: Buffer | Readable,
  filename: string,
  type: string,
  opts: { inline?: boolean; asciiName?: string } = {},
): FastifyReply {
  const ascii = (opts.asciiName ?? filename).replace(/[^\x20-\x7e]|["\\]/g, '_');
  reply.header('Content-Type', type);
  reply.header(
    'Content-Disposition',
    `${opts.inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(filename)}`,
  );
  reply.header('Cache-Control', 'no-store');
  reply.header('X-Content-Type-Options', 'nosniff');
  return reply.send(content);
}

/** RFC 5987 ext-value: encodeURIComponent leaves ' ( ) * (and !) unescaped; they are escaped too. */
function encodeRfc5987(s: string): string {
  return encodeURIComponent(wellFormedText(s)).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Reads a multipart upload: the one file part (if any) and every text field, before or after it.
 * A file over `maxBytes` is PAYLOAD_TOO_LARGE; a request that is not multipart answers `file: null`.
 */
export async function readMultipart(
  req: FastifyRequest,
  maxBytes: number,
): Promise<{ file: { buffer: Buffer; filename: string } | null; fields: Record<string, string> }> {
  const fields: Record<string, string> = {};
  if (!req.isMultipart()) return { file: null, fields };
  let file: { buffer: Buffer; filename: string } | null = null;
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1 } })) {
      if (part.type === 'file') {
        const buffer = await part.toBuffer();
        if (part.file.truncated) throw Object.assign(new Error('too large'), { code: 'FST_REQ_FILE_TOO_LARGE' });
        file = { buffer, filename: part.filename };
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw new AppError('PAYLOAD_TOO_LARGE', { limit: `${Math.round(maxBytes / 1024 / 1024)} MB` });
    throw e;
  }
  // Multipart is parsed here, after the app's edge check: the same refusal for its text fields and file name.
  refuseUnstorableText([fields, file ? { filename: file.filename } : null], req.locale);
  return { file, fields };
}
