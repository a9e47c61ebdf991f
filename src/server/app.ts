import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import type { Database } from './db/database.ts';
import { pingDatabase } from './app.repository.ts';
import type { TConfig } from './config.ts';
import type { ApiErrorBody } from '../shared/api.ts';
import { AppError, ScopeDenied, localizeError } from './platform/errors.ts';
import { localeFromHeader, t } from './platform/i18n.ts';
import { auditActor } from './platform/actor.ts';
import { withTx } from './platform/tx.ts';
import { databaseInputError, refuseUnstorableText } from './platform/validation.ts';
import { Throttle } from './platform/throttle.ts';
import { officeTz, setOfficeTz } from './platform/dates.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { authRoutes, SESSION_COOKIE } from './modules/auth/auth.routes.ts';
import { OrgService } from './modules/orgs/orgs.service.ts';
import { orgRoutes } from './modules/orgs/orgs.routes.ts';
import { MemberService } from './modules/members/members.service.ts';
import { memberRoutes } from './modules/members/members.routes.ts';
import { PostService } from './modules/posts/posts.service.ts';
import { postRoutes } from './modules/posts/posts.routes.ts';
import { MeService } from './modules/me/me.service.ts';
import { meRoutes } from './modules/me/me.routes.ts';
import { UserService } from './modules/users/users.service.ts';
import { userRoutes } from './modules/users/users.routes.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { ImportExportService } from './modules/members/import-export.service.ts';
import { importExportRoutes } from './modules/members/import-export.routes.ts';
import { CampaignService } from './modules/campaigns/campaigns.service.ts';
import { campaignRoutes } from './modules/campaigns/campaigns.routes.ts';
import { NoticeService } from './modules/notices/notices.service.ts';
import { noticeRoutes } from './modules/notices/notices.routes.ts';
import { NotificationService } from './modules/notifications/notifications.service.ts';
import { notificationRoutes } from './modules/notifications/notifications.routes.ts';
import { WorkbenchService } from './modules/workbench/workbench.service.ts';
import { workbenchRoutes } from './modules/workbench/workbench.routes.ts';
import { CampaignExportService } from './modules/campaigns/campaigns.export.ts';
import { ledgerRoutes, planRoutes } from './modules/ledger/ledger.routes.ts';
import { PlanService } from './modules/ledger/plans.service.ts';
import { LedgerService } from './modules/ledger/ledger.service.ts';
import { campaignExportRoutes } from './modules/campaigns/campaigns.export.routes.ts';
import { OpinionService } from './modules/opinions/opinions.service.ts';
import { opinionRoutes } from './modules/opinions/opinions.routes.ts';
import { OpinionImportService } from './modules/opinions/opinions.import.ts';
import { DisclosureService } from './modules/disclosure/disclosure.service.ts';
import { disclosureRoutes } from './modules/disclosure/disclosure.routes.ts';
import { publicRoutes } from './modules/public/public.routes.ts';
import { errorPage } from './modules/public/public.pages.ts';
import { LedgerExcelService } from './modules/ledger/ledger.excel.ts';
import { ledgerExcelRoutes } from './modules/ledger/ledger.excel.routes.ts';
import { supervisionRoutes } from './modules/supervision/supervision.routes.ts';
import { TeamService } from './modules/supervision/teams/teams.service.ts';
import { MaterialService } from './modules/supervision/materials/materials.service.ts';
import { FormService } from './modules/supervision/forms/forms.service.ts';
import { LookbackService } from './modules/supervision/lookback/lookback.service.ts';
import { InspectionService } from './modules/supervision/inspections/inspections.service.ts';

const VERSION = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version as string;
const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');
const MUTATING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
/** Upload limit for .xlsx imports. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export interface AppDeps {
  db: Database;
  config: TConfig;
}

/** Builds the whole HTTP application; tests call it and use inject(). */
export async function buildApp({ db, config }: AppDeps): Promise<FastifyInstance> {
  // The one office time zone: "today", export names and every date the server prints.
  setOfficeTz(config.MASSLINE_TZ);
  const app = Fastify({
    logger: process.env.NODE_ENV === 'test' || process.env.VITEST ? false : { level: config.LOG_LEVEL },
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: false,
    ajv: { customOptions: { strict: false } },
    // A URL the router cannot decode (a path segment with a NUL's or a lone surrogate's bytes, a
    // broken escape): a translated 400 — an HTML page under /p/, the API's error body elsewhere.
    frameworkErrors: (_err, req, res) => {
      const reply = res as unknown as FastifyReply;
      const locale = localeFromHeader(req.headers['accept-language']);
      if (req.url.startsWith('/p/')) {
        return reply
          .status(400)
          .header('Content-Type', 'text/html; charset=utf-8')
          .header('Cache-Control', 'no-store')
          .send(errorPage({ locale, path: null }, t(locale, 'pub.err.badRequest')));
      }
      const body: ApiErrorBody = {
        error: localizeError(new AppError('VALIDATION', {}, [{ path: '', message: 'field.invalid' }]), locale),
      };
      return reply.status(400).send(body);
    },
  });
  // Zod validates inside each route (translated errors); the JSON schemas only document.
  app.setValidatorCompiler(() => (data) => ({ value: data }));

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.COOKIE_SECURE,
  });
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Massline API',
        version: VERSION,
        description: 'Party-building campaigns and organization work. See docs/API.md.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        },
      },
    },
  });

  const throttle = new Throttle(db.db);
  const auth = new AuthService(db.db, config, throttle);
  const orgs = new OrgService(db.db);
  const members = new MemberService(db.db, orgs);
  const posts = new PostService(db.db);
  const users = new UserService(db.db);
  const audit = new AuditService(db.db);
  const io = new ImportExportService(db.db, orgs);
  const campaigns = new CampaignService(db.db);
  const notices = new NoticeService(db.db);
  const notifications = new NotificationService(db.db);
  const workbench = new WorkbenchService(db.db, notifications);
  const opinions = new OpinionService(db.db);
  const disclosures = new DisclosureService(db.db);

  app.decorateRequest('actor', null);
  app.decorateRequest('locale', 'zh-CN');
  app.addHook('onRequest', async (req) => {
    req.locale = localeFromHeader(req.headers['accept-language']);
    if (!req.url.startsWith('/api/') || req.url.startsWith('/api/public/')) return; // public routes: no session, no CSRF
    req.actor = await auth.actorFromToken(req.cookies[SESSION_COOKIE]);
    if (req.actor) req.locale = req.actor.locale;
    // CSRF: a cookie-authenticated mutation must echo the session's token in a header, which a
    // cross-site form or image cannot do. Login creates the session, so it needs none.
    if (req.actor && MUTATING.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (sent !== req.actor.csrfToken) throw new AppError('CSRF');
    }
  });
  // Text PostgreSQL cannot store (NUL, lone surrogates) is refused at the edge, for every route —
  // the public plugin's too (it inherits this hook; its handler turns the error into a page).
  app.addHook('preValidation', async (req) => {
    refuseUnstorableText([req.params, req.query, req.body], req.locale);
  });

  app.setErrorHandler(async (err, req, reply) => {
    let appErr: AppError;
    let dbErr: AppError | null;
    if (err instanceof AppError) appErr = err;
    else if ((err as { statusCode?: number }).statusCode === 429) appErr = new AppError('RATE_LIMITED');
    else if (
      (err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' ||
      (err as { statusCode?: number }).statusCode === 413
    ) {
      appErr = new AppError('PAYLOAD_TOO_LARGE', { limit: '20 MB' });
    } else if ((dbErr = databaseInputError(err, req.locale))) {
      // The routes check their input; a database refusal reaching here is a gap to close, not a fault.
      req.log.warn(
        { err, code: (err as { code?: string }).code, url: req.url.slice(0, 300) },
        'database refused the input',
      );
      appErr = dbErr;
    } else if ((err as { statusCode?: number }).statusCode && (err as { statusCode: number }).statusCode < 500) {
      // Fastify's own refusals (unparsable JSON, an unknown content type, …) speak English: the
      // client gets a catalogue text instead.
      const status = (err as { statusCode: number }).statusCode;
      const fcode = String((err as { code?: string }).code ?? '');
      const message =
        status === 415
          ? 'field.contentType'
          : /JSON|BODY/.test(fcode) || err instanceof SyntaxError
            ? 'field.body'
            : 'field.invalid';
      appErr = new AppError('VALIDATION', {}, [{ path: '', message }]);
    } else {
      const ref = randomBytes(4).toString('hex');
      req.log.error({ err, ref }, 'unhandled error');
      appErr = new AppError('INTERNAL', { ref });
    }
    if (err instanceof ScopeDenied && req.actor) {
      // A refused attempt leaves a trace, in its own transaction: the request changed nothing else.
      await withTx(db.db, auditActor(req.actor), (ctx) =>
        ctx.audit({
          action: 'access.denied',
          entityType: err.entityType,
          entityId: err.entityId,
          meta: { attempted: err.action, method: req.method, url: req.url.slice(0, 300) },
        }),
      ).catch((e) => req.log.error(e));
    }
    // Localised at the edge: the code's message and every field or row message, keys translated
    // with their params in the request's language (a raw key or an unfilled {param} is reported).
    const body: ApiErrorBody = { error: localizeError(appErr, req.locale) };
    return reply.status(appErr.status).send(body);
  });

  app.get('/api/health', { schema: { summary: 'Liveness and the database engine', tags: ['system'] } }, async () => {
    await pingDatabase(db.db);
    return { ok: true, engine: db.engine, version: VERSION, timeZone: officeTz() };
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  authRoutes(app, auth, config);
  orgRoutes(app, orgs);
  memberRoutes(app, members);
  postRoutes(app, posts);
  meRoutes(app, new MeService(db.db));
  userRoutes(app, users);
  auditRoutes(app, audit);
  importExportRoutes(app, io);
  campaignRoutes(app, campaigns, { notice: (actor, id) => notices.authorizeAttachmentRead(actor, id) });
  noticeRoutes(app, notices);
  notificationRoutes(app, notifications);
  workbenchRoutes(app, workbench);
  campaignExportRoutes(app, new CampaignExportService(campaigns));
  opinionRoutes(app, opinions, new OpinionImportService(db.db));
  disclosureRoutes(app, disclosures);
  publicRoutes(app, { opinions, disclosures, throttle });
  ledgerExcelRoutes(app, new LedgerExcelService(db.db));
  const ledger = new LedgerService(db.db);
  ledgerRoutes(app, ledger);
  planRoutes(app, new PlanService(db.db));
  const teams = new TeamService(db.db);
  supervisionRoutes(app, {
    teams,
    materials: new MaterialService(db.db, teams),
    forms: new FormService(db.db),
    lookbacks: new LookbackService(db.db, teams, ledger),
    inspections: new InspectionService(db.db),
  });

  if (fs.existsSync(path.join(WEB_DIR, 'index.html'))) {
    await app.register(fastifyStatic, { root: WEB_DIR, wildcard: false, index: ['index.html'] });
    app.setNotFoundHandler((req, reply) => {
      if (req.url.startsWith('/api/')) {
        return reply.status(404).send({ error: localizeError(new AppError('NOT_FOUND'), req.locale) });
      }
      // SPA fallback: client-side routes load the app shell.
      return reply.type('text/html').sendFile('index.html');
    });
  } else {
    app.setNotFoundHandler((req, reply) =>
      reply.status(404).send({ error: localizeError(new AppError('NOT_FOUND'), req.locale) }),
    );
  }
  return app;
}
