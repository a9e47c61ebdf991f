import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import {
  buildOrg,
  buildRoot,
  buildUser,
  createHarness,
  login,
  PASSWORD,
  type Client,
  type Harness,
} from './support/harness.ts';
import type { UserView } from '../src/shared/api.ts';
import type { InspectionDetailView, TeamDetailView } from '../src/shared/supervision.ts';

/**
 * Two scope holes of the security issue:
 *  (3) an office took over an account whose scope reached beyond it (a seat on another district's
 *      supervision team) by resetting its password;
 *  (9) naming a unit outside one's scope in a team, a visit or an inspection answered 409 with the
 *      unit's name, while an unknown id answered 404.
 *
 *  city ─┬─ 甲区 ─┬─ 甲镇 ─┬─ 甲一村
 *        │        │        └─ 甲二村
 *        │        └─ 甲区直属
 *        └─ 乙区 ─── 乙镇 ─┬─ 乙一村
 *                          └─ 乙撤销村 (dissolved)
 */
describe('scope leaks: out of scope is 404 whatever the path; accounts are managed only over all their scope', () => {
  let h: Harness;
  const o: Record<string, number> = {};
  const NAMES = ['乙区委', '乙镇党委', '乙一村党支部', '乙撤销村党支部'];
  let cityOffice: Client; // office @ city
  let officeA: Client; // office @ 甲区
  let supA: Client; // supervisor @ 甲镇
  let userId: number; // unit_admin @ 甲一村: the account the story is about
  let dualId: number; // unit_admin @ 甲二村 and @ 乙一村
  const UNKNOWN = 987654;

  const denied = async () =>
    Number(
      (
        await h.db.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', '=', 'access.denied')
          .executeTakeFirstOrThrow()
      ).n,
    );
  const count = async (
    table:
      | 'supervision_teams'
      | 'supervision_team_units'
      | 'supervision_visits'
      | 'inspection_reports'
      | 'inspection_named_units'
      | 'supervision_forms',
  ) =>
    Number(
      (
        await h.db.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /**
   * The outside attempt and the unknown-id attempt answer the same 404 with the same body, which
   * names no org outside scope; only the outside one leaves an access.denied event.
   */
  async function sameAsUnknown(
    outside: () => Promise<LightMyRequestResponse>,
    unknown: () => Promise<LightMyRequestResponse>,
  ) {
    const d0 = await denied();
    const a = await outside();
    const d1 = await denied();
    const b = await unknown();
    expect(a.statusCode, a.body).toBe(404);
    expect(b.statusCode, b.body).toBe(404);
    expect(a.body).toBe(b.body);
    expect(a.json().error.code).toBe('NOT_FOUND');
    for (const name of NAMES) expect(a.body).not.toContain(name);
    expect(d1).toBe(d0 + 1);
  }

  beforeAll(async () => {
    h = await createHarness();
    const root = (await buildRoot(h, '中共泄露市委员会')).id;
    o.root = root;
    o.A = (await buildOrg(h, root, 'county', '甲区委')).id;
    o.B = (await buildOrg(h, root, 'county', '乙区委')).id;
    o.townA = (await buildOrg(h, o.A, 'township', '甲镇党委')).id;
    o.directA = (await buildOrg(h, o.A, 'branch', '甲区直属党支部')).id;
    o.brA1 = (await buildOrg(h, o.townA, 'branch', '甲一村党支部')).id;
    o.brA2 = (await buildOrg(h, o.townA, 'branch', '甲二村党支部')).id;
    o.townB = (await buildOrg(h, o.B, 'township', '乙镇党委')).id;
    o.brB1 = (await buildOrg(h, o.townB, 'branch', '乙一村党支部')).id;
    o.brBx = (await buildOrg(h, o.townB, 'branch', '乙撤销村党支部')).id;
    await h.db.db
      .updateTable('orgs')
      .set({ status: 'dissolved', dissolved_at: new Date() })
      .where('id', '=', o.brBx)
      .execute();
    await buildUser(h, 'l-city', [{ role: 'office', orgId: root }]);
    await buildUser(h, 'l-office-a', [{ role: 'office', orgId: o.A }]);
    await buildUser(h, 'l-sup-a', [{ role: 'supervisor', orgId: o.townA }]);
    userId = await buildUser(h, 'l-user', [{ role: 'unit_admin', orgId: o.brA1 }]);
    dualId = await buildUser(h, 'l-dual', [
      { role: 'unit_admin', orgId: o.brA2 },
      { role: 'unit_admin', orgId: o.brB1 },
    ]);
    [cityOffice, officeA, supA] = await Promise.all(['l-city', 'l-office-a', 'l-sup-a'].map((u) => login(h, u)));
  });
  afterAll(() => h?.close());

  describe('(9) a unit outside scope is answered as an unknown id', () => {
    let teamId: number;
    let reportId: number;

    it('forming or changing a team', async () => {
      const team = (unitIds: number[]) =>
        officeA.post('/api/supervision/teams', {
          orgId: o.A,
          name: '甲区督导组',
          leaderId: userId,
          memberIds: [],
          unitIds,
        });
      const teams = await count('supervision_teams');
      await sameAsUnknown(
        () => team([o.townA, o.brB1]),
        () => team([o.townA, UNKNOWN]),
      );
      await sameAsUnknown(
        () => team([o.B]),
        () => team([UNKNOWN]),
      );
      await sameAsUnknown(
        () => team([o.brBx]),
        () => team([UNKNOWN]),
      ); // dissolved and outside: no name either
      expect(await count('supervision_teams')).toBe(teams);
      // In scope but against the rule (the office itself is not below it): refused by name.
      const own = await team([o.A]);
      expect(own.statusCode).toBe(409);
      expect(own.json().error.code).toBe('TEAM_UNIT_OUTSIDE');
      expect(own.json().error.message).toContain('甲区委');
      const ok = await team([o.townA]);
      expect(ok.statusCode, ok.body).toBe(201);
      teamId = (ok.json() as TeamDetailView).id;
      // Changing the units: the same.
      const units = await count('supervision_team_units');
      await sameAsUnknown(
        () => officeA.patch(`/api/supervision/teams/${teamId}`, { unitIds: [o.townA, o.townB] }),
        () => officeA.patch(`/api/supervision/teams/${teamId}`, { unitIds: [o.townA, UNKNOWN] }),
      );
      expect(await count('supervision_team_units')).toBe(units);
      expect(
        ((await officeA.get(`/api/supervision/teams/${teamId}`)).json() as TeamDetailView).units.map((u) => u.orgId),
      ).toEqual([o.townA]);
    });

    it('logging a visit, by the office or a member', async () => {
      const member = await login(h, 'l-user');
      const visits = await count('supervision_visits');
      const visit = (c: Client, orgId: number) =>
        c.post(`/api/supervision/teams/${teamId}/visits`, { orgId, visitDate: '2026-11-20', seen: '列席组织生活会' });
      await sameAsUnknown(
        () => visit(officeA, o.brB1),
        () => visit(officeA, UNKNOWN),
      );
      await sameAsUnknown(
        () => visit(member, o.brB1),
        () => visit(member, UNKNOWN),
      );
      await sameAsUnknown(
        () => visit(member, o.directA),
        () => visit(member, UNKNOWN),
      ); // the member's scope: 甲一村 and the team's 甲镇
      expect(await count('supervision_visits')).toBe(visits);
      // In the office's scope but not the team's: named.
      const off = await visit(officeA, o.directA);
      expect(off.statusCode).toBe(409);
      expect(off.json().error.code).toBe('TEAM_UNIT_OUTSIDE');
      expect(off.json().error.message).toContain('甲区直属党支部');
      expect((await visit(member, o.brA2)).statusCode).toBe(200);
    });

    it('naming units in an inspection report, written or edited', async () => {
      const report = (named: number[], c: Client = officeA) =>
        c.post('/api/supervision/inspections', {
          orgId: o.A,
          kind: 'daily',
          title: '督导情况通报',
          body: '发现问题',
          inspectedOn: '2026-11-20',
          named: named.map((orgId) => ({ orgId, finding: '学习流于形式' })),
        });
      const reports = await count('inspection_reports');
      await sameAsUnknown(
        () => report([o.brA1, o.brB1]),
        () => report([o.brA1, UNKNOWN]),
      );
      await sameAsUnknown(
        () => report([o.brBx]),
        () => report([UNKNOWN]),
      );
      expect(await count('inspection_reports')).toBe(reports);
      // A supervisor writing for its own unit: the neighbouring district is just as unknown.
      const bySup = (named: number[]) =>
        supA.post('/api/supervision/inspections', {
          orgId: o.townA,
          kind: 'daily',
          title: '督导情况',
          inspectedOn: '2026-11-20',
          named: named.map((orgId) => ({ orgId, finding: 'x' })),
        });
      await sameAsUnknown(
        () => bySup([o.brB1]),
        () => bySup([UNKNOWN]),
      );
      // In scope but not below the reporting office: named.
      const self = await report([o.A]);
      expect(self.statusCode).toBe(409);
      expect(self.json().error.message).toContain('甲区委');
      const ok = await report([o.brA1]);
      expect(ok.statusCode, ok.body).toBe(201);
      reportId = (ok.json() as InspectionDetailView).id;
      const named = await count('inspection_named_units');
      const edit = (orgId: number) =>
        officeA.patch(`/api/supervision/inspections/${reportId}`, { named: [{ orgId, finding: '改' }] });
      await sameAsUnknown(
        () => edit(o.brB1),
        () => edit(UNKNOWN),
      );
      expect(await count('inspection_named_units')).toBe(named);
    });

    it('issuing a form about, or to, an org outside scope', async () => {
      const forms = await count('supervision_forms');
      const order = (subjectOrgId: number) =>
        officeA.post('/api/supervision/forms', {
          kind: 'order',
          issuerOrgId: o.A,
          subjectOrgId,
          title: '督办单',
          deadline: '2026-12-31',
        });
      // Was 400 (not below the issuer) for an existing org, and ORG_DISSOLVED naming a dissolved one.
      await sameAsUnknown(
        () => order(o.brB1),
        () => order(UNKNOWN),
      );
      await sameAsUnknown(
        () => order(o.brBx),
        () => order(UNKNOWN),
      );
      const criticism = (recipientOrgId: number) =>
        officeA.post('/api/supervision/forms', {
          kind: 'criticism',
          issuerOrgId: o.A,
          subjectOrgId: o.brA1,
          recipientOrgId,
          title: '通报批评',
        });
      await sameAsUnknown(
        () => criticism(o.B),
        () => criticism(UNKNOWN),
      );
      expect(await count('supervision_forms')).toBe(forms);
    });
  });

  describe('(3) an account is managed only by an office covering all its scope, team scope included', () => {
    const hashOf = async (id: number) =>
      await h.db.db
        .selectFrom('users')
        .select(['password_hash', 'status', 'display_name'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const grantsOf = async (id: number) =>
      await h.db.db
        .selectFrom('grants')
        .select(['id', 'role', 'org_id'])
        .where('user_id', '=', id)
        .orderBy('id')
        .execute();
    const listed = async (c: Client, id: number) =>
      ((await c.get('/api/users')).json() as UserView[]).find((u) => u.id === id);

    it('the district office cannot reset the password of a user who serves on the city’s team over another district', async () => {
      // Before: all of the user's scope lies in 甲区; its office manages the account.
      expect((await listed(officeA, userId))?.abilities.manage).toBe(true);
      // The city office puts the user on a team over 乙区.
      const r = await cityOffice.post('/api/supervision/teams', {
        orgId: o.root,
        name: '市委第二督导组',
        leaderId: userId,
        unitIds: [o.B],
      });
      expect(r.statusCode, r.body).toBe(201);
      const cityTeam = (r.json() as TeamDetailView).id;
      const asUser = await login(h, 'l-user');
      expect((await asUser.get(`/api/members?org=${o.brB1}&subtree=true`)).statusCode).toBe(200);

      // Now 甲区's office sees the account (its grant is in 甲区) but may not manage it.
      const seen = await listed(officeA, userId);
      expect(seen?.abilities.manage).toBe(false);
      expect(seen?.grants.map((g) => g.orgId)).toEqual([o.brA1]);
      const before = await hashOf(userId);
      const grantsBefore = await grantsOf(userId);
      const unknownUser = 876543;
      await sameAsUnknown(
        () => officeA.post(`/api/users/${userId}/password`, { password: 'taken-over-2026' }),
        () => officeA.post(`/api/users/${unknownUser}/password`, { password: 'taken-over-2026' }),
      );
      await sameAsUnknown(
        () => officeA.patch(`/api/users/${userId}`, { status: 'disabled' }),
        () => officeA.patch(`/api/users/${unknownUser}`, { status: 'disabled' }),
      );
      await sameAsUnknown(
        () => officeA.patch(`/api/users/${userId}`, { displayName: '改名' }),
        () => officeA.patch(`/api/users/${unknownUser}`, { displayName: '改名' }),
      );
      await sameAsUnknown(
        () => officeA.post(`/api/users/${userId}/unlock`),
        () => officeA.post(`/api/users/${unknownUser}/unlock`),
      );
      await sameAsUnknown(
        () => officeA.post(`/api/users/${userId}/grants`, { role: 'member', orgId: o.A }),
        () => officeA.post(`/api/users/${unknownUser}/grants`, { role: 'member', orgId: o.A }),
      );
      await sameAsUnknown(
        () => officeA.del(`/api/grants/${grantsBefore[0].id}`),
        () => officeA.del(`/api/grants/${UNKNOWN}`),
      );
      const trail = await officeA.get(`/api/audit?entityType=user&entityId=${userId}`);
      expect(trail.statusCode).toBe(404);
      expect(await hashOf(userId)).toEqual(before);
      expect(await grantsOf(userId)).toEqual(grantsBefore);
      // The password still works (and the user's session survived).
      expect((await asUser.get('/api/me')).statusCode).toBe(200);
      await login(h, 'l-user', PASSWORD);

      // The city office covers both districts: it may.
      const reset = await cityOffice.post(`/api/users/${userId}/password`, { password: 'city-reset-2026' });
      expect(reset.statusCode, reset.body).toBe(200);
      expect((reset.json() as UserView).abilities.manage).toBe(true);
      await login(h, 'l-user', 'city-reset-2026');

      // Disbanding the team gives the account back to 甲区's office.
      expect((await cityOffice.patch(`/api/supervision/teams/${cityTeam}`, { status: 'disbanded' })).statusCode).toBe(
        200,
      );
      expect((await listed(officeA, userId))?.abilities.manage).toBe(true);
      const back = await officeA.post(`/api/users/${userId}/password`, { password: PASSWORD });
      expect(back.statusCode, back.body).toBe(200);
    });

    it('an account with a grant in another district is listed without naming it and without manage actions', async () => {
      const seen = await listed(officeA, dualId);
      expect(seen).toBeDefined();
      expect(seen!.abilities.manage).toBe(false);
      expect(seen!.grants.map((g) => g.orgId)).toEqual([o.brA2]);
      const body = (await officeA.get('/api/users')).body;
      for (const name of NAMES) expect(body).not.toContain(name);
      expect((await officeA.post(`/api/users/${dualId}/password`, { password: 'taken-over-2026' })).statusCode).toBe(
        404,
      );
      const grants = await grantsOf(dualId);
      // Revoking even the grant inside 甲区 is managing the account.
      expect((await officeA.del(`/api/grants/${grants[0].id}`)).statusCode).toBe(404);
      expect(await grantsOf(dualId)).toEqual(grants);
      const city = await listed(cityOffice, dualId);
      expect(city!.abilities.manage).toBe(true);
      expect(city!.grants.map((g) => g.orgId).sort()).toEqual([o.brA2, o.brB1].sort());
    });
  });
});
