import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../src/server/db/database.ts';
import { scratchDatabase, type ScratchDb } from './support/scratch.ts';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { appendAuditMany, verifyAuditChain } from '../src/server/platform/audit.ts';
import { withTx } from '../src/server/platform/tx.ts';

/**
 * The audit chain hashes exactly what it stores. The issue: a login with a lone surrogate in the
 * username answered 401, but the event was hashed over the text as typed and stored as U+FFFD, so
 * `massline audit verify` reported it altered forever. Run against a database of its own (a PGlite
 * folder, or a database on the DATABASE_URL server) so the real CLI can verify it afterwards.
 */
describe('audit chain: hostile text is stored and hashed alike', () => {
  let scratch: ScratchDb;
  let env: Record<string, string> = {};
  let db: Database;
  let app: FastifyInstance;

  const open = (): Promise<Database> => scratch.open();
  const massline = (...args: string[]) => {
    const r = spawnSync(path.resolve('bin/massline.mjs'), args, { env, encoding: 'utf8', timeout: 300_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const login = (payload: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload });

  beforeAll(async () => {
    scratch = await scratchDatabase('audit');
    env = scratch.env;
    db = await open();
    app = await buildApp({
      db,
      config: loadConfig({ ...env, MASSLINE_DATA_DIR: scratch.dir || '.tmp/unused' } as NodeJS.ProcessEnv),
    });
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
    await scratch?.drop();
  });

  it('the surrogate login of the issue is refused (400 or 401) and the chain still verifies', async () => {
    const r = await login('{"username":"a\\ud800b","password":"x"}');
    expect([400, 401]).toContain(r.statusCode);
    expect(r.json().error.code).toMatch(/^(VALIDATION|BAD_CREDENTIALS)$/);
    // Also sent as the actual UTF-16 unit (JSON.stringify escapes it the same way).
    const r2 = await login(JSON.stringify({ username: 'x\udc00', password: 'x' }));
    expect([400, 401]).toContain(r2.statusCode);
    const nul = await login('{"username":"a\\u0000b","password":"x"}');
    expect([400, 401]).toContain(nul.statusCode);
    // A decomposed name passes the edge; its failed-login event is stored, and hashed, in NFC.
    const nfd = await login(JSON.stringify({ username: 'jose\u0301', password: 'x' }));
    expect(nfd.statusCode).toBe(401);
    const ev = await db.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'auth.login_failed')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(ev.actor_name).toBe('josé');
    expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true });
  });

  it('events with lone surrogates, NUL and non-NFC text anywhere (names, ids, keys, nested values) verify', async () => {
    // What the login wrote before the fix: the name as typed, sliced to 100 (which can split a pair).
    await withTx(db.db, { id: null, name: 'a\ud800b' }, (ctx) =>
      ctx.audit({ action: 'auth.login_failed', entityType: 'user', meta: { reason: 'unknown_user', ip: '127.0.0.1' } }),
    );
    await withTx(db.db, { id: null, name: `${'x'.repeat(99)}😀`.slice(0, 100) }, (ctx) =>
      ctx.audit({ action: 'auth.login_failed', entityType: 'user' }),
    );
    const hostile = {
      name: 'a\u0000b',
      lone: ['\ud800', '\udfff', 'x\ud83d'],
      nfd: 'Cafe\u0301',
      'key\u0000': { 'k\ud800': [{ deep: 'e\u0301\u0000\udc00' }] },
      when: new Date('2026-03-04T05:06:07.089Z'),
      skipped: undefined,
      n: 1e300,
      small: 5e-324,
    };
    await withTx(db.db, { id: 7, name: 'Jose\u0301' }, async (ctx) => {
      await ctx.audit({
        action: 'test.hostile',
        entityType: 'system\u0000',
        entityId: 'id\ud800',
        before: hostile,
        after: [hostile, 'a\ud800'],
        meta: { list: [hostile] },
      });
      await ctx.audit({
        action: 'test.scalar',
        entityType: 'system',
        meta: 'just a string\u0000',
        after: 42,
        before: 'e\u0301',
      });
    });
    await db.db.transaction().execute((trx) =>
      appendAuditMany(
        trx,
        { id: null, name: 'import\udbff' },
        Array.from({ length: 3 }, (_, i) => ({
          action: 'test.many',
          entityType: 'system',
          entityId: `r${i}\u0000`,
          after: { i, text: `行${i}\ud800` },
        })),
      ),
    );
    // A "__proto__" key (JSON.parse makes it an own key) is data, covered by the hash.
    await withTx(db.db, { id: null, name: 'proto' }, (ctx) =>
      ctx.audit({
        action: 'test.proto',
        entityType: 'system',
        meta: JSON.parse('{"__proto__":{"role":"admin"},"b":1}'),
      }),
    );

    const rows = await db.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', 'like', 'test.%')
      .orderBy('id')
      .execute();
    const h = rows.find((r) => r.action === 'test.hostile')!;
    expect(h.actor_name).toBe('José');
    expect(h.entity_type).toBe('system\ufffd');
    expect(h.entity_id).toBe('id\ufffd');
    expect(h.before).toEqual({
      name: 'a\ufffdb',
      lone: ['\ufffd', '\ufffd', 'x\ufffd'],
      nfd: 'Café',
      'key\ufffd': { 'k\ufffd': [{ deep: 'é\ufffd\ufffd' }] },
      when: '2026-03-04T05:06:07.089Z',
      n: 1e300,
      small: 5e-324,
    });
    expect(rows.find((r) => r.action === 'test.many')!.actor_name).toBe('import\ufffd');
    const proto = rows.find((r) => r.action === 'test.proto')!;
    expect(Object.keys(proto.meta as object).sort()).toEqual(['__proto__', 'b']);
    const loginEvents = await db.db
      .selectFrom('audit_events')
      .select('actor_name')
      .where('action', '=', 'auth.login_failed')
      .orderBy('id')
      .execute();
    expect(loginEvents.map((e) => e.actor_name)).toContain('a\ufffdb');
    expect(loginEvents.map((e) => e.actor_name)).toContain(`${'x'.repeat(99)}\ufffd`);

    expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true });
  });

  it('`massline audit verify` passes on that chain, and still names an altered event', async () => {
    const total = Number(
      (
        await db.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    await app.close();
    await db.close();
    const ok = massline('audit', 'verify');
    expect(ok.code, ok.err + ok.out).toBe(0);
    expect(ok.out).toContain(`audit chain OK: ${total} events verified`);

    // The hash covers the "__proto__" value: changing it by hand breaks the chain.
    db = await open();
    const victim = await db.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'test.proto')
      .executeTakeFirstOrThrow();
    await sql`UPDATE audit_events SET meta = '{"__proto__":{"role":"user"},"b":1}'::jsonb WHERE id = ${victim.id}`.execute(
      db.db,
    );
    const r = await verifyAuditChain(db.db);
    expect(r).toMatchObject({ ok: false, broken: { id: String(victim.id), reason: 'hash' } });
    await db.close();
    const bad = massline('audit', 'verify');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`#${victim.id}`);
    db = await open();
    app = await buildApp({
      db,
      config: loadConfig({ ...env, MASSLINE_DATA_DIR: scratch.dir || '.tmp/unused' } as NodeJS.ProcessEnv),
    });
  });
});
