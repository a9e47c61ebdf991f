import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import type { Database } from '../../src/server/db/database.ts';
import { withTx } from '../../src/server/platform/tx.ts';
import { SYSTEM_ACTOR } from '../../src/server/platform/audit.ts';
import { hashPassword } from '../../src/server/platform/password.ts';
import { insertOrg, insertRoot } from '../../src/server/modules/orgs/orgs.repository.ts';
import { createTestDb } from './testdb.ts';
import type { OrgLevel, Role } from '../../src/shared/enums.ts';

export const PASSWORD = 'test-pass-2026';
let passwordHash: Promise<string> | null = null;

export interface Harness {
  db: Database;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** A migrated database and the app on it, for inject() tests. */
export async function createHarness(env: Record<string, string> = {}): Promise<Harness> {
  const db = await createTestDb();
  const config = loadConfig({ MASSLINE_DATA_DIR: '.tmp/unused', ...env } as NodeJS.ProcessEnv);
  const app = await buildApp({ db, config });
  return {
    db,
    app,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

/** Factory: a root org. */
export async function buildRoot(
  h: Harness,
  name = '中共测试市委员会',
  level: OrgLevel = 'city',
): Promise<{ id: number; path: string }> {
  return withTx(h.db.db, SYSTEM_ACTOR, async ({ trx }) => {
    const id = await insertRoot(trx, { name, level, kind: 'committee' });
    return { id, path: String(id) };
  });
}

/** Factory: an org under a parent, written straight through the repository. */
export async function buildOrg(
  h: Harness,
  parentId: number,
  level: OrgLevel,
  name?: string,
): Promise<{ id: number; path: string }> {
  return withTx(h.db.db, SYSTEM_ACTOR, async ({ trx }) => {
    const parent = await trx.selectFrom('orgs').selectAll().where('id', '=', parentId).executeTakeFirstOrThrow();
    const id = await insertOrg(trx, parent, {
      name: name ?? `${level}-${parentId}-${Math.random().toString(36).slice(2, 7)}`,
      short_name: null,
      code: null,
      level,
      kind: level === 'branch' ? 'village' : 'committee',
    });
    return { id, path: `${parent.path}.${id}` };
  });
}

/** Factory: a user with grants; returns its id. */
export async function buildUser(
  h: Harness,
  username: string,
  grants: Array<{ role: Role; orgId: number }>,
  opts: { admin?: boolean } = {},
): Promise<number> {
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  return withTx(h.db.db, SYSTEM_ACTOR, async ({ trx }) => {
    const u = await trx
      .insertInto('users')
      .values({ username, display_name: username, password_hash: hash, is_admin: !!opts.admin })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const g of grants)
      await trx.insertInto('grants').values({ user_id: u.id, role: g.role, org_id: g.orgId }).execute();
    return u.id;
  });
}

/** A signed-in client: keeps the session cookie and sends the CSRF header on mutations. */
export interface Client {
  csrf: string;
  cookie: string;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  del(url: string): Promise<LightMyRequestResponse>;
  upload(url: string, filename: string, content: Buffer): Promise<LightMyRequestResponse>;
}

export async function login(h: Harness, username: string, password = PASSWORD): Promise<Client> {
  const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = res.json().csrfToken as string;
  const send = (method: 'POST' | 'PATCH' | 'DELETE') => (url: string, body?: unknown) =>
    h.app.inject({ method, url, payload: body as object, headers: { cookie, 'x-csrf-token': csrf } });
  return {
    csrf,
    cookie,
    get: (url, headers = {}) => h.app.inject({ method: 'GET', url, headers: { cookie, ...headers } }),
    post: send('POST'),
    patch: send('PATCH'),
    del: (url) => h.app.inject({ method: 'DELETE', url, headers: { cookie, 'x-csrf-token': csrf } }),
    upload: (url, filename, content) => {
      const boundary = '----massline' + Math.random().toString(16).slice(2);
      const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`;
      const payload = Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
      return h.app.inject({
        method: 'POST',
        url,
        payload,
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
    },
  };
}
