import { z } from 'zod';
import path from 'node:path';
import { canonicalTimeZone, DEFAULT_TIME_ZONE } from '../shared/dates.ts';

/**
 * Every setting Massline reads, validated once at boot. Each comes from the environment;
 * the README's "Configuration" table lists the same names.
 */
export const ZConfig = z.object({
  /** TCP port the API and web app listen on. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /**
   * Address to bind: 127.0.0.1 (the default) serves this machine only; 0.0.0.0 serves the LAN —
   * then put it behind HTTPS and set COOKIE_SECURE=true (the server warns at start otherwise).
   */
  HOST: z.string().default('127.0.0.1'),
  /** postgres://… to use a PostgreSQL server; empty means the embedded PGlite database. */
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : undefined)),
  /** Folder of the embedded database (and uploads); ignored for PostgreSQL except uploads. */
  MASSLINE_DATA_DIR: z.string().default('./data'),
  /** Session lifetime in hours (sliding). */
  SESSION_HOURS: z.coerce.number().positive().default(12),
  /**
   * Failed sign-ins to one account from unknown places before it is held back, and for how many
   * minutes (doubling while the failures go on). Browsers the user signed in from before are
   * counted apart, so nobody can lock a user out of their own browser.
   */
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15),
  /** Failed sign-ins from one network address (any usernames) per window before it is held back. */
  LOGIN_SOURCE_MAX_FAILURES: z.coerce.number().int().positive().default(30),
  /** Load the demo city when the database is empty (npm start does; `massline init` does not). */
  MASSLINE_DEMO: z.enum(['auto', 'off']).default('auto'),
  /** Set "true" when served over HTTPS so cookies get the Secure flag. */
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /**
   * The IANA time zone whose calendar decides "today", "overdue", export names and the times shown
   * (server and web alike, whatever zone the machine or the browser is in). Empty means the default.
   */
  MASSLINE_TZ: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const tz = canonicalTimeZone(v && v.trim() ? v : DEFAULT_TIME_ZONE);
      if (!tz) {
        ctx.addIssue({
          code: 'custom',
          message: `“${v}” 不是有效的 IANA 时区名（例如 Asia/Shanghai）/ "${v}" is not a valid IANA time zone (e.g. Asia/Shanghai)`,
        });
        return z.NEVER;
      }
      return tz;
    }),
  /** Log level of the server (fatal, error, warn, info, debug). */
  LOG_LEVEL: z.string().default('info'),
});
export type TConfig = z.infer<typeof ZConfig> & { dataDir: string };

/** Reads and validates the environment; throws a readable error naming each bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): TConfig {
  const parsed = ZConfig.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration 配置错误:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.MASSLINE_DATA_DIR) };
}

/** True for an address only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** Warnings about a configuration that exposes users, printed at start (zh-CN, then en). */
export function configWarnings(config: TConfig): string[] {
  const out: string[] = [];
  if (!isLoopback(config.HOST) && !config.COOKIE_SECURE) {
    out.push(
      `服务监听 ${config.HOST}（局域网可访问），但会话 Cookie 未设 Secure：请通过 HTTPS 提供服务并设置 COOKIE_SECURE=true，否则密码和会话可能被同一网络中的人截获。 / ` +
        `Listening on ${config.HOST} (reachable from the network) with cookies not marked Secure: serve over HTTPS and set COOKIE_SECURE=true, or passwords and sessions can be read on the network.`,
    );
  }
  return out;
}
