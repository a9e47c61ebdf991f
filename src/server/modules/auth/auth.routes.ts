import type { FastifyInstance, FastifyReply } from 'fastify';
import { route } from '../../platform/http.ts';
import type { TConfig } from '../../config.ts';
import { ZChangePassword, ZLogin, ZUpdateMe } from '../../../shared/schemas/auth.ts';
import type { AuthService } from './auth.service.ts';

export const SESSION_COOKIE = 'ml_session';
export const CSRF_COOKIE = 'ml_csrf';
/** The known-device cookie: sent only to the sign-in route, kept half a year. */
export const DEVICE_COOKIE = 'ml_device';
const DEVICE_DAYS = 180;

export function authRoutes(app: FastifyInstance, auth: AuthService, config: TConfig): void {
  const setCookies = (reply: FastifyReply, token: string, csrf: string) => {
    const base = {
      path: '/',
      sameSite: 'lax' as const,
      secure: config.COOKIE_SECURE,
      maxAge: config.SESSION_HOURS * 3600,
    };
    reply.setCookie(SESSION_COOKIE, token, { ...base, httpOnly: true });
    reply.setCookie(CSRF_COOKIE, csrf, { ...base, httpOnly: false });
  };

  route(app, {
    method: 'POST',
    url: '/api/auth/login',
    summary: 'Sign in with username and password; sets the session cookie and returns the CSRF token',
    tags: ['auth'],
    public: true,
    body: ZLogin,
    // Throttled in the service, by source and by account, in the database (shared by processes).
    handler: async ({ req, reply, body }) => {
      const { token, actor, device } = await auth.login(body.username, body.password, {
        ip: req.ip ?? null,
        userAgent: req.headers['user-agent'] ?? null,
        device: req.cookies[DEVICE_COOKIE] ?? null,
      });
      setCookies(reply, token, actor.csrfToken);
      reply.setCookie(DEVICE_COOKIE, device, {
        path: '/api/auth/login',
        sameSite: 'strict',
        secure: config.COOKIE_SECURE,
        httpOnly: true,
        maxAge: DEVICE_DAYS * 86_400,
      });
      return auth.me(actor);
    },
  });

  route(app, {
    method: 'POST',
    url: '/api/auth/logout',
    summary: 'End the current session',
    tags: ['auth'],
    handler: async ({ reply, actor }) => {
      await auth.logout(actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
      return { ok: true };
    },
  });

  route(app, {
    method: 'GET',
    url: '/api/me',
    summary: 'The signed-in user, their grants, the CSRF token, and what the shell may offer where',
    tags: ['auth'],
    handler: async ({ actor }) => auth.me(actor),
  });

  route(app, {
    method: 'PATCH',
    url: '/api/me',
    summary: 'Remember the user interface language',
    tags: ['auth'],
    body: ZUpdateMe,
    handler: async ({ actor, body }) => {
      await auth.setLocale(actor, body.locale);
      return auth.me({ ...actor, locale: body.locale });
    },
  });

  route(app, {
    method: 'POST',
    url: '/api/me/password',
    summary: "Change one's own password (ends the user's other sessions)",
    tags: ['auth'],
    body: ZChangePassword,
    rateLimit: { max: 10, timeWindow: '1 minute' },
    handler: async ({ actor, body }) => {
      await auth.changePassword(actor, body.currentPassword, body.newPassword);
      return { ok: true };
    },
  });
}
