import { z } from 'zod';
import path from 'node:path';

/**
 * Every setting Massline reads, validated once at boot. Each comes from the environment;
 * the README's "Configuration" table lists the same names.
 */
export const ZConfig = z.object({
  /** TCP port the API and web app listen on. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Address to bind; 0.0.0.0 serves the LAN, 127.0.0.1 only this machine. */
  HOST: z.string().default('0.0.0.0'),
  /** postgres://… to use a PostgreSQL server; empty means the embedded PGlite database. */
  DATABASE_URL: z.string().optional().transform((v) => (v && v.trim() ? v.trim() : undefined)),
  /** Folder of the embedded database (and uploads); ignored for PostgreSQL except uploads. */
  MASSLINE_DATA_DIR: z.string().default('./data'),
  /** Session lifetime in hours (sliding). */
  SESSION_HOURS: z.coerce.number().positive().default(12),
  /** Failed logins before an account is locked, and for how many minutes. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15),
  /** Load the demo city when the database is empty (npm start does; `massline init` does not). */
  MASSLINE_DEMO: z.enum(['auto', 'off']).default('auto'),
  /** Set "true" when served over HTTPS so cookies get the Secure flag. */
  COOKIE_SECURE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
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
