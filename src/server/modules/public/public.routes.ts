import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Locale } from '../../../shared/enums.ts';
import { AppError, localizeError } from '../../platform/errors.ts';
import { t, type MessageKey } from '../../platform/i18n.ts';
import { databaseInputError, parseInput, zId, zodIssues } from '../../platform/validation.ts';
import type { OpinionService } from '../opinions/opinions.service.ts';
import { ZPublicOpinion } from '../../../shared/schemas/opinions.ts';
import type { DisclosureService } from '../disclosure/disclosure.service.ts';
import { ZPublicBatchQuery, ZPublicListQuery } from '../../../shared/schemas/disclosure.ts';
import type { Throttle, ThrottlePolicy } from '../../platform/throttle.ts';
import * as pages from './public.pages.ts';

/** A form post carries at most 2000 characters of opinion (≈ 18 KB URL-encoded) and a few fields. */
export const PUBLIC_BODY_LIMIT = 64 * 1024;
const LIMIT_TEXT = '64 KB';

export interface PublicLimits {
  /** Accepted submissions per client per window. */
  submissions: ThrottlePolicy;
  /** Receipt look-ups per client per window (codes cannot be guessed anyway; this keeps it so). */
  lookups: ThrottlePolicy;
}
export const DEFAULT_PUBLIC_LIMITS: PublicLimits = {
  submissions: { max: 5, seconds: 10 * 60 },
  lookups: { max: 60, seconds: 10 * 60 },
};

const ZOrgQuery = z.object({ org: zId, campaign: zId.optional().catch(undefined) });
const ZBatchParams = z.object({ id: zId });
const ZReceiptQuery = z.object({ code: z.string().max(40).optional() });

/** zh-CN unless ?lang=en (or a form's lang field), else the browser's Accept-Language. */
function localeOf(req: FastifyRequest): Locale {
  const q = (req.query ?? {}) as Record<string, unknown>;
  const b = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
  const lang = String(q.lang ?? b.lang ?? '').toLowerCase();
  if (lang === 'en') return 'en';
  if (lang.startsWith('zh')) return 'zh-CN';
  return req.locale;
}

/** The page's own path and query, minus lang, for the language links (none for a post's answer unless set). */
function ctxOf(req: FastifyRequest): pages.PageCtx {
  if (req.method !== 'GET') return { locale: localeOf(req), path: null };
  const url = new URL(req.url, 'http://x');
  url.searchParams.delete('lang');
  return { locale: localeOf(req), path: url.pathname + url.search };
}

function html(reply: FastifyReply, status: number, body: string, cache = 'no-store'): FastifyReply {
  return reply
    .status(status)
    .header('Content-Type', 'text/html; charset=utf-8')
    .header('Cache-Control', cache)
    .send(body);
}

const isForm = (req: FastifyRequest) =>
  (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

/**
 * The pages and JSON for the public, without an account: the opinion form (/p/opinions/new),
 * receipts (/p/receipt), published disclosures (/p/disclosures), and their JSON twins under
 * /api/public. One encapsulated plugin: it alone parses url-encoded forms, caps bodies at 64 KB,
 * answers errors of the HTML pages as pages, and logs at warn level only (no request lines with
 * addresses). The app's session hook skips /p/ and /api/public/, so no session or CSRF token is
 * asked for; the form's own defence is the honeypot and the rate limit.
 */
export function publicRoutes(
  app: FastifyInstance,
  deps: { opinions: OpinionService; disclosures: DisclosureService; throttle: Throttle },
  limits: PublicLimits = DEFAULT_PUBLIC_LIMITS,
): void {
  const { opinions, disclosures, throttle } = deps;
  // Counted in the database (every server process shares the counts) and before the work, in one
  // atomic step: a burst of parallel posts cannot all see room under the limit. An attempt that
  // turns out not to be a submission (bad form, unknown org) is taken back.
  const submitKey = async (req: FastifyRequest) => `pub:opinion:${await throttle.addressKey(req.ip)}`;
  const lookupKey = async (req: FastifyRequest) => `pub:receipt:${await throttle.addressKey(req.ip)}`;
  /** Runs one submission under the limit: the hit is kept only when `fn` says it was one. */
  const submission = async <T>(key: string, fn: () => Promise<{ counted: boolean; value: T }>): Promise<T> => {
    let counted = false;
    try {
      const r = await fn();
      counted = r.counted;
      return r.value;
    } finally {
      if (!counted) await throttle.refund(key);
    }
  };

  app.register(
    async (scope) => {
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: PUBLIC_BODY_LIMIT },
        (_req, body, done) => {
          const out: Record<string, string> = {};
          for (const [k, v] of new URLSearchParams(body as string)) out[k] = v;
          done(null, out);
        },
      );

      scope.setErrorHandler(async (err, req, reply) => {
        // A database refusal of the input (a value out of range, say) is the client's error, here too.
        const dbErr = err instanceof AppError ? null : databaseInputError(err, localeOf(req));
        if (dbErr) err = dbErr;
        const status = err instanceof AppError ? err.status : ((err as { statusCode?: number }).statusCode ?? 500);
        if (req.url.startsWith('/api/')) {
          // JSON answers go through the app's handler (the same error body as every API), in the
          // language the public asked for (?lang= or the form's lang field first).
          req.locale = localeOf(req);
          if (status === 413) throw new AppError('PAYLOAD_TOO_LARGE', { limit: LIMIT_TEXT });
          if (status === 415) throw new AppError('VALIDATION', {}, [{ path: '', message: 'pub.err.formOnly' }]);
          throw err;
        }
        const ctx = ctxOf(req);
        const page = (code: number, key: MessageKey, params: Record<string, string | number> = {}) =>
          html(reply, code, pages.errorPage(ctx, t(ctx.locale, key, params)));
        if (status === 413) return page(413, 'pub.err.tooLarge', { limit: LIMIT_TEXT });
        if (status === 415) return page(415, 'pub.err.formOnly');
        if (err instanceof AppError)
          return html(reply, status, pages.errorPage(ctx, localizeError(err, ctx.locale).message));
        if (status < 500) return page(400, 'pub.err.badRequest');
        const ref = randomBytes(4).toString('hex');
        req.log.error({ err, ref }, 'public page error');
        return page(500, 'pub.err.internal', { ref });
      });

      const bodyLimit = PUBLIC_BODY_LIMIT;

      // ---------- opinion form ----------

      scope.get('/p/opinions/new', { schema: { hide: true } }, async (req, reply) => {
        const ctx = ctxOf(req);
        const q = ZOrgQuery.safeParse(req.query);
        if (!q.success) return html(reply, 400, pages.errorPage(ctx, t(ctx.locale, 'pub.err.orgMissing')));
        const org = await opinions.publicOrg(q.data.org);
        if (!org) return html(reply, 404, pages.errorPage(ctx, t(ctx.locale, 'pub.err.orgNotFound')));
        return html(reply, 200, pages.opinionFormPage(ctx, { org, campaign: q.data.campaign, values: {}, errors: {} }));
      });

      scope.post('/p/opinions', { bodyLimit, schema: { hide: true } }, async (req, reply) => {
        const ctx = ctxOf(req);
        if (!isForm(req)) return html(reply, 415, pages.errorPage(ctx, t(ctx.locale, 'pub.err.formOnly')));
        const key = await submitKey(req);
        const verdict = await throttle.hit(key, limits.submissions);
        if (!verdict.allowed)
          return html(
            reply.header('Retry-After', String(verdict.retryAfter)),
            429,
            pages.errorPage(ctx, t(ctx.locale, 'pub.err.rateLimited', { minutes: minutes(verdict.retryAfter) })),
          );
        return submission(key, async () => {
          const raw = (req.body ?? {}) as Record<string, string>;
          const orgId = zId.safeParse(raw.org);
          if (!orgId.success)
            return {
              counted: false,
              value: html(reply, 400, pages.errorPage(ctx, t(ctx.locale, 'pub.err.orgMissing'))),
            };
          const org = await opinions.publicOrg(orgId.data);
          if (!org)
            return {
              counted: false,
              value: html(reply, 404, pages.errorPage(ctx, t(ctx.locale, 'pub.err.orgNotFound'))),
            };
          // The language links of the answer lead back to the form (there is no GET /p/opinions).
          ctx.path = `/p/opinions/new?org=${org.id}`;
          const parsed = ZPublicOpinion.safeParse(raw);
          const values = {
            group: raw.group,
            content: raw.content,
            anonymous: raw.anonymous === '1' || raw.anonymous === 'on',
            name: raw.name,
            contact: raw.contact,
          };
          if (!parsed.success) {
            const errors: Record<string, string> = {};
            for (const i of zodIssues(parsed.error, ctx.locale))
              errors[i.path] ??=
                i.path === 'content' ? pages.contentError(ctx.locale, i.message, raw.content ?? '') : i.message;
            return {
              counted: false,
              value: html(
                reply,
                400,
                pages.opinionFormPage(ctx, { org, campaign: Number(raw.campaign) || undefined, values, errors }),
              ),
            };
          }
          const { code } = await opinions.submitPublic(parsed.data);
          return {
            counted: true,
            value: html(reply, 200, pages.submittedPage({ ...ctx, path: `/p/receipt?code=${code}` }, org, code)),
          };
        });
      });

      // ---------- receipts ----------

      scope.get('/p/receipt', { schema: { hide: true } }, async (req, reply) => {
        const ctx = ctxOf(req);
        const q = ZReceiptQuery.safeParse(req.query);
        const code = q.success ? (q.data.code ?? '').trim() : '';
        if (!code) return html(reply, 200, pages.receiptPage(ctx, '', null));
        const verdict = await throttle.hit(await lookupKey(req), limits.lookups);
        if (!verdict.allowed)
          return html(
            reply.header('Retry-After', String(verdict.retryAfter)),
            429,
            pages.errorPage(ctx, t(ctx.locale, 'pub.err.lookupLimited', { minutes: minutes(verdict.retryAfter) })),
          );
        const r = await opinions.receipt(code);
        return html(reply, r ? 200 : 404, pages.receiptPage(ctx, code, r));
      });

      // ---------- disclosures ----------

      scope.get('/p/disclosures', { schema: { hide: true } }, async (req, reply) => {
        const ctx = ctxOf(req);
        const q = ZPublicListQuery.safeParse(req.query);
        if (!q.success) return html(reply, 400, pages.errorPage(ctx, t(ctx.locale, 'pub.err.orgMissing')));
        const r = await disclosures.publicBatches(q.data.org, q.data.page);
        if (!r) return html(reply, 404, pages.errorPage(ctx, t(ctx.locale, 'pub.err.orgNotFound')));
        return html(
          reply,
          200,
          pages.disclosureListPage(ctx, r.org, r.batches, q.data.page, r.hasMore),
          'public, max-age=60',
        );
      });

      scope.get('/p/disclosures/:id', { schema: { hide: true } }, async (req, reply) => {
        const ctx = ctxOf(req);
        const p = ZBatchParams.safeParse(req.params);
        const r = p.success ? await disclosures.publicBatch(p.data.id) : undefined;
        if (!r) return html(reply, 404, pages.errorPage(ctx, t(ctx.locale, 'pub.err.batchNotFound')));
        return html(reply, 200, pages.disclosureBatchPage(ctx, r.batch, r.items), 'public, max-age=60');
      });

      // ---------- JSON twins ----------

      scope.post(
        '/api/public/opinions',
        {
          bodyLimit,
          schema: {
            summary: 'Submit an opinion without an account (the public form as JSON); answers the receipt code',
            tags: ['public'],
          },
        },
        async (req, reply) => {
          const locale = localeOf(req);
          if (!req.body || typeof req.body !== 'object')
            throw new AppError('VALIDATION', {}, [{ path: '', message: 'pub.err.formOnly' }]);
          const key = await submitKey(req);
          const verdict = await throttle.hit(key, limits.submissions);
          if (!verdict.allowed) {
            reply.header('Retry-After', String(verdict.retryAfter));
            throw new AppError('RATE_LIMITED');
          }
          return submission(key, async () => {
            const input = parseInput(ZPublicOpinion, req.body, locale);
            const { code } = await opinions.submitPublic(input);
            return { counted: true, value: reply.status(201).send({ code }) };
          });
        },
      );

      scope.get(
        '/api/public/receipts/:code',
        {
          schema: {
            summary: 'What a receipt code shows: status, answer, the problems it became and what of them is public',
            tags: ['public'],
          },
        },
        async (req, reply) => {
          const verdict = await throttle.hit(await lookupKey(req), limits.lookups);
          if (!verdict.allowed) {
            reply.header('Retry-After', String(verdict.retryAfter));
            throw new AppError('RATE_LIMITED');
          }
          const r = await opinions.receipt(String((req.params as { code?: string }).code ?? ''));
          if (!r) throw new AppError('NOT_FOUND');
          return r;
        },
      );

      scope.get(
        '/api/public/disclosures',
        {
          schema: {
            summary:
              "Published disclosure batches of an org's subtree (?org=, ?after=, ?limit=), newest first: a Page with the org",
            tags: ['public'],
          },
        },
        async (req) => {
          const q = parseInput(ZPublicBatchQuery, req.query ?? {}, localeOf(req));
          const r = await disclosures.publicBatchPage(q.org, q);
          if (!r) throw new AppError('NOT_FOUND');
          return r;
        },
      );

      scope.get(
        '/api/public/disclosures/:id',
        { schema: { summary: 'A published disclosure batch and its items not withdrawn', tags: ['public'] } },
        async (req) => {
          const p = parseInput(ZBatchParams, req.params ?? {}, localeOf(req));
          const r = await disclosures.publicBatch(p.id);
          if (!r) throw new AppError('NOT_FOUND');
          return r;
        },
      );
    },
    { logLevel: 'warn' },
  );
}
