import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { rng } from './support/random.ts';
import { insertNotification } from '../src/server/modules/notifications/notifications.repository.ts';
import * as notificationsRepo from '../src/server/modules/notifications/notifications.repository.ts';
import {
  NotificationService,
  notificationAudience,
} from '../src/server/modules/notifications/notifications.service.ts';
import type { Actor } from '../src/server/platform/actor.ts';
import type { Role } from '../src/shared/enums.ts';
import type { NotificationPage, NotificationView } from '../src/shared/notices.ts';

/**
 * Notifications go to the person they concern (issue 11): a personal row (member_id set) reaches
 * exactly the accounts linked to that member, whatever their grants; a unit row (member_id null)
 * reaches the accounts with a non-member own grant on its org — not a plain member account. A
 * personal row at an org whose unit inbox the person reads anyway (its secretary) is left to its
 * unit twin, so nobody gets a message twice.
 *
 *  city ── county ── town ─┬─ brA   (members alice, bob, carol; accounts alice, bob: member grants;
 *                          │         secA: unit_admin, linked to carol; dave: member grant, no link)
 *                          └─ brB   (member erin; account outsider: unit_admin, not linked)
 *  city ── other ── brC     (account far: unit_admin)
 */
describe('notifications reach the person they concern', () => {
  let h: Harness;
  const o: Record<string, number> = {};
  const m: Record<string, number> = {};
  const accounts: Record<
    string,
    { id: number; client: Client; memberId: number | null; grants: Array<[Role, number]> }
  > = {};

  const member = async (c: Client, orgId: number, name: string) => {
    const r = await c.post('/api/members', {
      orgId,
      name,
      gender: 'female',
      birthDate: '1980-05-01',
      category: 'ordinary',
      joinDate: '2005-07-01',
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as number;
  };

  /** Every row of the table, the brute-force source of truth. */
  const allRows = () =>
    h.db.db
      .selectFrom('notifications')
      .select(['id', 'org_id', 'member_id', 'read_at'])
      .orderBy('id', 'desc')
      .execute();

  /** The rule, stated independently of the code: what `name` must see. */
  const expectedFor = async (name: string, org?: number) => {
    const a = accounts[name];
    const unitOrgs = new Set(a.grants.filter(([role]) => role !== 'member').map(([, orgId]) => orgId));
    return (await allRows()).filter(
      (r) =>
        (org === undefined || r.org_id === org) &&
        ((r.member_id !== null && r.member_id === a.memberId && !unitOrgs.has(r.org_id)) ||
          (r.member_id === null && unitOrgs.has(r.org_id))),
    );
  };

  /** Reads the whole list, page by page (small pages, so the keyset is exercised). */
  const listAll = async (c: Client, q = '') => {
    const items: NotificationView[] = [];
    let after: string | null = null;
    let unread: number;
    do {
      const res = await c.get(`/api/notifications?limit=7${q}${after ? `&after=${after}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as NotificationPage;
      items.push(...page.items);
      unread = page.unread;
      after = page.next;
    } while (after !== null);
    return { items, unread };
  };

  const checkEveryone = async (label: string) => {
    for (const name of Object.keys(accounts)) {
      const want = await expectedFor(name);
      const got = await listAll(accounts[name].client);
      expect(
        got.items.map((n) => n.id),
        `${label}: ${name}`,
      ).toEqual(want.map((r) => r.id));
      expect(got.unread, `${label}: ${name} unread`).toBe(want.filter((r) => r.read_at === null).length);
      for (const n of got.items)
        expect(n.personal, `${label}: ${name} #${n.id}`).toBe(want.find((r) => r.id === n.id)!.member_id !== null);
      const unreadOnly = await listAll(accounts[name].client, '&unread=true');
      expect(unreadOnly.items.map((n) => n.id)).toEqual(want.filter((r) => r.read_at === null).map((r) => r.id));
    }
  };

  beforeAll(async () => {
    h = await createHarness();
    o.city = (await buildRoot(h, '中共通知市委员会')).id;
    o.county = (await buildOrg(h, o.city, 'county', '通知县委')).id;
    o.town = (await buildOrg(h, o.county, 'township', '通知镇党委')).id;
    o.brA = (await buildOrg(h, o.town, 'branch', '甲村党支部')).id;
    o.brB = (await buildOrg(h, o.town, 'branch', '乙村党支部')).id;
    o.other = (await buildOrg(h, o.city, 'county', '另一县委')).id;
    o.brC = (await buildOrg(h, o.other, 'branch', '丙村党支部')).id;
    await buildUser(h, 'townOffice', [{ role: 'office', orgId: o.town }]);
    const office = await login(h, 'townOffice');
    m.alice = await member(office, o.brA, '王爱丽');
    m.bob = await member(office, o.brA, '李博');
    m.carol = await member(office, o.brA, '张卡');
    m.erin = await member(office, o.brB, '赵艾琳');

    const spec: Array<[string, Array<[Role, number]>, number | null]> = [
      ['alice', [['member', o.brA]], m.alice],
      ['bob', [['member', o.brA]], m.bob],
      ['secA', [['unit_admin', o.brA]], m.carol],
      ['dave', [['member', o.brA]], null],
      ['outsider', [['unit_admin', o.brB]], null],
      ['far', [['unit_admin', o.brC]], null],
      ['townOffice', [['office', o.town]], null],
    ];
    for (const [name, grants, memberId] of spec) {
      const id =
        name === 'townOffice'
          ? (await h.db.db.selectFrom('users').select('id').where('username', '=', name).executeTakeFirstOrThrow()).id
          : await buildUser(
              h,
              name,
              grants.map(([role, orgId]) => ({ role, orgId })),
            );
      if (memberId !== null)
        await h.db.db.updateTable('users').set({ member_id: memberId }).where('id', '=', id).execute();
      accounts[name] = { id, client: await login(h, name), memberId, grants };
    }
  });
  afterAll(async () => h?.close());

  it('a personal row reaches exactly the linked account; a unit row the unit admin and not a plain member', async () => {
    const add = (orgId: number, memberId: number | null) =>
      insertNotification(h.db.db, {
        orgId,
        memberId,
        kind: 'problem_verify',
        campaignId: null,
        taskId: null,
        params: { unit: 'x', problemId: 1, seq: 1, comment: null },
      });
    await add(o.brA, null); // the branch's inbox
    await add(o.brA, m.alice); // alice's
    await add(o.brA, m.bob); // bob's
    await add(o.brA, m.carol); // the secretary's own: her branch's inbox has its twin
    await add(o.brC, m.alice); // alice's, about an org outside her grants
    await add(o.brB, m.erin); // erin's: she has no account
    await add(o.brC, null);
    await add(o.town, null);
    const ids = (await allRows()).map((r) => r.id).reverse();
    const [unitA, pAlice, pBob, pCarol, pAliceC, pErin, unitC, unitTown] = ids;

    const seen = async (name: string) => (await listAll(accounts[name].client)).items.map((n) => n.id).sort();
    expect(await seen('alice')).toEqual([pAlice, pAliceC].sort());
    expect(await seen('bob')).toEqual([pBob]);
    expect(await seen('secA')).toEqual([unitA]);
    expect(await seen('dave')).toEqual([]);
    expect(await seen('outsider')).toEqual([]);
    expect(await seen('far')).toEqual([unitC]);
    expect(await seen('townOffice')).toEqual([unitTown]);
    // Nobody sees erin's row: no account is linked to her.
    for (const name of Object.keys(accounts)) expect(await seen(name)).not.toContain(pErin);
    const aliceList = (await listAll(accounts.alice.client)).items;
    expect(aliceList.every((n) => n.personal)).toBe(true);
    expect((await listAll(accounts.secA.client)).items.find((n) => n.id === unitA)!.personal).toBe(false);

    // ?org= narrows to rows at that org; an org without an own grant is the audited 404.
    expect((await listAll(accounts.alice.client, `&org=${o.brA}`)).items.map((n) => n.id)).toEqual([pAlice]);
    expect((await accounts.alice.client.get(`/api/notifications?org=${o.brC}`)).statusCode).toBe(404);
    expect((await accounts.secA.client.get(`/api/notifications?org=${o.brB}`)).statusCode).toBe(404);

    // Marking: only what is addressed to the actor.
    const read = (name: string, id: number) => accounts[name].client.post(`/api/notifications/${id}/read`);
    expect((await read('alice', unitA)).statusCode).toBe(404);
    expect((await read('alice', pBob)).statusCode).toBe(404);
    expect((await read('dave', pAlice)).statusCode).toBe(404);
    expect((await read('secA', pAlice)).statusCode).toBe(404);
    expect((await read('far', pAliceC)).statusCode).toBe(404);
    const ok = await read('alice', pAliceC);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ id: pAliceC, personal: true, orgId: o.brC });
    expect((ok.json() as NotificationView).readAt).not.toBeNull();
    // Marking a personal row read leaves the unit's rows (and the others' rows) unread.
    const unreadIds = async () =>
      (await allRows())
        .filter((r) => r.read_at === null)
        .map((r) => r.id)
        .sort((a, b) => a - b);
    expect(await unreadIds()).toEqual(ids.filter((i) => i !== pAliceC));
    const all = await accounts.alice.client.post('/api/notifications/read-all', {});
    expect(all.json()).toEqual({ updated: 1, unread: 0 });
    expect(await unreadIds()).toEqual(ids.filter((i) => i !== pAliceC && i !== pAlice));
    const sec = await accounts.secA.client.post('/api/notifications/read-all', {});
    // The secretary reads the branch's inbox; her own twin row stays as it was (she never sees it).
    expect(sec.json()).toEqual({ updated: 1, unread: 0 });
    expect(await unreadIds()).toEqual([pBob, pCarol, pErin, unitC, unitTown].sort((a, b) => a - b));
    await checkEveryone('after marking');
  });

  it('lists, unread counts and read-all follow one rule over random rows and random marking', async () => {
    const r = rng(1311);
    const orgs = Object.values(o);
    const members: Array<number | null> = [null, null, m.alice, m.bob, m.carol, m.erin];
    for (let i = 0; i < 80; i++)
      await insertNotification(h.db.db, {
        orgId: r.pick(orgs),
        memberId: r.pick(members),
        kind: 'task_return',
        campaignId: null,
        taskId: null,
        params: { unit: 'x', action: 'plan', comment: String(i) },
      });
    await checkEveryone('random rows');
    const names = Object.keys(accounts);
    for (let step = 0; step < 12; step++) {
      const name = r.pick(names);
      const rows = await allRows();
      const target = r.pick(rows);
      const mine = (await expectedFor(name)).some((x) => x.id === target.id);
      const res = await accounts[name].client.post(`/api/notifications/${target.id}/read`);
      expect(res.statusCode, `${name} reads #${target.id}`).toBe(mine ? 200 : 404);
      if (step % 4 === 3) {
        const upTo = r.pick(rows).id;
        const before = (await expectedFor(name)).filter((x) => x.read_at === null && x.id <= upTo).length;
        const all = await accounts[name].client.post('/api/notifications/read-all', { upTo });
        expect(all.json().updated).toBe(before);
      }
      await checkEveryone(`step ${step}`);
    }
  });

  it('the service answers the workbench: unreadCount(actor) and the repository’s listUnread', async () => {
    await insertNotification(h.db.db, {
      orgId: o.brA,
      memberId: m.bob,
      kind: 'problem_due_soon',
      campaignId: null,
      taskId: null,
      params: {
        unit: '甲村党支部',
        problemId: 1,
        seq: 1,
        description: 'x',
        dueDate: '2031-01-01',
        days: 3,
        threshold: 3,
      },
    });
    await insertNotification(h.db.db, {
      orgId: o.brA,
      memberId: null,
      kind: 'problem_due_soon',
      campaignId: null,
      taskId: null,
      params: {
        unit: '甲村党支部',
        problemId: 1,
        seq: 1,
        description: 'x',
        dueDate: '2031-01-01',
        days: 3,
        threshold: 3,
      },
    });
    const service = new NotificationService(h.db.db);
    for (const name of Object.keys(accounts)) {
      const a = accounts[name];
      const actor: Actor = {
        id: a.id,
        username: name,
        displayName: name,
        isAdmin: false,
        locale: 'zh-CN',
        memberId: a.memberId,
        grants: a.grants.map(([role, orgId], i) => ({ id: i + 1, role, orgId, orgName: '', path: String(orgId) })),
        sessionId: '',
        csrfToken: '',
      };
      const want = (await expectedFor(name)).filter((x) => x.read_at === null);
      expect(await service.unreadCount(actor), name).toBe(want.length);
      expect(await service.unreadCount(actor)).toBe((await listAll(a.client)).unread);
      // Keyset pages of unread rows, newest first.
      const got: number[] = [];
      let after: number | undefined;
      for (;;) {
        const rows = await notificationsRepo.listUnread(h.db.db, notificationAudience(actor), { after, limit: 3 });
        got.push(...rows.slice(0, 3).map((x) => x.id));
        if (rows.length <= 3) break;
        after = rows[2].id;
      }
      expect(got, name).toEqual(want.map((x) => x.id));
    }
  });
});
