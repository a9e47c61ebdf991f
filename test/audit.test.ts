import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { verifyAuditChain, appendAudit } from '../src/server/platform/audit.ts';

describe('audit chain', () => {
  let h: Harness;
  let office: Client;
  let district: number;
  beforeAll(async () => {
    h = await createHarness();
    const root = await buildRoot(h);
    district = (await buildOrg(h, root.id, 'county', '中共测试区委员会')).id;
    await buildUser(h, 'office', [{ role: 'office', orgId: root.id }]);
    office = await login(h, 'office');
  });
  afterAll(async () => h?.close());

  it('every write leaves an event with before/after, linked to the previous one', async () => {
    const res = await office.patch(`/api/orgs/${district}`, { name: '中共测试区委员会（新）' });
    expect(res.statusCode).toBe(200);
    const items = (await office.get(`/api/audit?entityType=org&entityId=${district}`)).json().items;
    expect(items[0]).toMatchObject({
      action: 'org.update',
      actorName: 'office',
      before: { name: '中共测试区委员会' },
      after: { name: '中共测试区委员会（新）' },
    });
    const rows = await h.db.db.selectFrom('audit_events').selectAll().orderBy('id').execute();
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    expect((await verifyAuditChain(h.db.db)).ok).toBe(true);
  });

  it('pages the trail with after= and next (Page<T>), newest first, never repeating an event', async () => {
    for (const name of ['中共测试区委员会（二）', '中共测试区委员会（三）'])
      expect((await office.patch(`/api/orgs/${district}`, { name })).statusCode).toBe(200);
    const all = (await office.get(`/api/audit?entityType=org&entityId=${district}`)).json();
    expect(all.next).toBeNull();
    expect(all.items.length).toBeGreaterThanOrEqual(3);
    const seen: number[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const q: string = after ? `&after=${encodeURIComponent(after)}` : '';
      const page = (await office.get(`/api/audit?entityType=org&entityId=${district}&limit=1${q}`)).json();
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((e: { id: number }) => e.id));
      expect(page.capped).toBe(page.next !== null);
      after = page.next;
      if (!after) break;
    }
    expect(seen).toEqual(all.items.map((e: { id: number }) => e.id));
    // A key this server did not hand out is a translated field error on `after`, not a 500.
    const bad = await office.get(`/api/audit?entityType=org&entityId=${district}&after=not-a-key`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([{ path: 'after', message: '翻页位置无效，请从第一页重新加载' }]);
  });

  it('a failed write leaves no event and no change', async () => {
    const before = await h.db.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await office.post('/api/orgs', {
      parentId: district,
      name: '中共某某村支部委员会',
      level: 'county',
      kind: 'village',
    });
    expect(res.json().error.code).toBe('ORG_LEVEL_ORDER');
    const after = await h.db.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('concurrent writers keep one unbroken chain', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        h.db.db
          .transaction()
          .execute((trx) =>
            appendAudit(trx, { id: null, name: 't' }, { action: 'test.concurrent', entityType: 'system', meta: { i } }),
          ),
      ),
    );
    const r = await verifyAuditChain(h.db.db);
    expect(r.ok).toBe(true);
  });

  it('verification names the first altered event', async () => {
    const rows = await h.db.db.selectFrom('audit_events').select(['id']).orderBy('id').execute();
    const victim = rows[Math.floor(rows.length / 2)].id;
    await sql`UPDATE audit_events SET after = '{"name":"伪造"}'::jsonb WHERE id = ${victim}`.execute(h.db.db);
    const r = await verifyAuditChain(h.db.db);
    expect(r.ok).toBe(false);
    expect(r.broken).toMatchObject({ id: String(victim), reason: 'hash' });
    expect(r.checked).toBe(rows.findIndex((x) => x.id === victim));
  });
});
