import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { runReminders } from '../src/server/modules/reminders/reminders.service.ts';
import { verifyAuditChain } from '../src/server/platform/audit.ts';
import { addDays, dateIn } from '../src/server/platform/dates.ts';
import {
  diffLines,
  drawSample,
  FIVE_NOT_PASSED,
  HUB_ABILITIES,
  reviewOutcome,
  shingles,
  textSimilarity,
  type FormDetailView,
  type FormView,
  type InspectionDetailView,
  type InspectionPage,
  type LookbackDetailView,
  type MaterialDetailView,
  type MaterialPage,
  type TeamDetailView,
} from '../src/shared/supervision.ts';
import type { ProblemDetailView } from '../src/shared/ledger.ts';

/**
 *  city ─┬─ county ─┬─ town ─┬─ br1
 *        │          │        └─ br2
 *        │          └─ town2 ── br3
 *        └─ other ── brX
 */
describe('supervision: teams, material review, the five forms and escalation, look back, inspections', () => {
  let h: Harness;
  const o: Record<string, number> = {};
  let office: Client; // office @ county
  let sup: Client; // no grant of their own: scope only through the team (town)
  let sup2: Client; // supervisor @ other: outside
  let sec1: Client; // unit_admin @ br1
  let sec2: Client; // unit_admin @ br2
  let townSec: Client; // unit_admin @ town
  let outsider: Client; // unit_admin @ brX
  let supId: number;
  const count = async (
    table:
      | 'materials'
      | 'material_versions'
      | 'material_reviews'
      | 'supervision_forms'
      | 'supervision_teams'
      | 'lookback_assessments'
      | 'problems'
      | 'inspection_reports',
  ) =>
    Number(
      (
        await h.db.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const audits = async (prefix: string) =>
    Number(
      (
        await h.db.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', 'like', `${prefix}%`)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    h = await createHarness();
    const root = (await buildRoot(h, '中共督导市委员会')).id;
    o.county = (await buildOrg(h, root, 'county', '中共督导县委员会')).id;
    o.other = (await buildOrg(h, root, 'county', '别县委')).id;
    o.town = (await buildOrg(h, o.county, 'township', '督导镇党委')).id;
    o.town2 = (await buildOrg(h, o.county, 'township', '二镇党委')).id;
    o.br1 = (await buildOrg(h, o.town, 'branch', '一村党支部')).id;
    o.br2 = (await buildOrg(h, o.town, 'branch', '二村党支部')).id;
    o.br3 = (await buildOrg(h, o.town2, 'branch', '三村党支部')).id;
    o.brX = (await buildOrg(h, o.other, 'branch', '外村党支部')).id;
    await buildUser(h, 's-office', [{ role: 'office', orgId: o.county }]);
    supId = await buildUser(h, 's-sup', []);
    await buildUser(h, 's-sup2', [{ role: 'supervisor', orgId: o.other }]);
    await buildUser(h, 's-sec1', [{ role: 'unit_admin', orgId: o.br1 }]);
    await buildUser(h, 's-sec2', [{ role: 'unit_admin', orgId: o.br2 }]);
    await buildUser(h, 's-town', [{ role: 'unit_admin', orgId: o.town }]);
    await buildUser(h, 's-out', [{ role: 'unit_admin', orgId: o.brX }]);
    [office, sup, sup2, sec1, sec2, townSec, outsider] = await Promise.all(
      ['s-office', 's-sup', 's-sup2', 's-sec1', 's-sec2', 's-town', 's-out'].map((u) => login(h, u)),
    );
  });
  afterAll(() => h?.close());

  describe('teams', () => {
    it('an office forms a team over units below it; the members gain supervisor scope over those units only', async () => {
      // Before: the supervisor has no scope at all.
      expect((await sup.get(`/api/problems?org=${o.br1}`)).statusCode).toBe(404);
      // A unit outside the office's scope is answered as an unknown id (404, no name); one in its
      // scope but not strictly below the forming office is refused by name; nothing is written.
      let r = await office.post('/api/supervision/teams', {
        orgId: o.county,
        name: '第一督导组',
        leaderId: supId,
        unitIds: [o.town, o.brX],
      });
      expect(r.statusCode).toBe(404);
      expect(r.body).not.toContain('外村党支部');
      r = await office.post('/api/supervision/teams', {
        orgId: o.county,
        name: '第一督导组',
        leaderId: supId,
        unitIds: [o.town, o.county],
      });
      expect(r.statusCode).toBe(409);
      expect(r.json().error.code).toBe('TEAM_UNIT_OUTSIDE');
      expect(await count('supervision_teams')).toBe(0);
      // Nobody but the office forms teams.
      expect(
        (await sec1.post('/api/supervision/teams', { orgId: o.county, name: 'x', leaderId: supId, unitIds: [o.br1] }))
          .statusCode,
      ).toBe(404);
      r = await office.post('/api/supervision/teams', {
        orgId: o.county,
        name: '第一督导组',
        leaderId: supId,
        unitIds: [o.town],
      });
      expect(r.statusCode, r.body).toBe(201);
      const team = r.json() as TeamDetailView;
      expect(team.members).toMatchObject([{ userId: supId, role: 'leader' }]);
      expect(team.units.map((u) => u.orgId)).toEqual([o.town]);
      // Now the team's units (and their subtrees) are the supervisor's scope; nothing else is.
      expect((await sup.get(`/api/problems?org=${o.br1}`)).statusCode).toBe(200);
      expect((await sup.get(`/api/problems?org=${o.town2}`)).statusCode).toBe(404);
      const me = (await sup.get('/api/me')).json();
      expect(me.grants, JSON.stringify(me)).toBeDefined();
      expect(me.grants.map((g: { orgId: number; role: string }) => [g.orgId, g.role])).toEqual([
        [o.town, 'supervisor'],
      ]);
      expect((await sup.get(`/api/supervision/teams?mine=true`)).json().items.map((t: { id: number }) => t.id)).toEqual(
        [team.id],
      );
      // The visit log: a member records a visit to a unit under the team; elsewhere is refused.
      r = await sup.post(`/api/supervision/teams/${team.id}/visits`, {
        orgId: o.br1,
        visitDate: '2026-11-20',
        seen: '列席一村党支部组织生活会，批评与自我批评辣味不足',
        meetings: '组织生活会',
      });
      expect(r.statusCode, r.body).toBe(200);
      expect((r.json() as TeamDetailView).visits.map((v) => v.orgName)).toEqual(['一村党支部']);
      // br3 lies outside the supervisor's scope: as an unknown id. The office sees it: named.
      expect(
        (
          await sup.post(`/api/supervision/teams/${team.id}/visits`, {
            orgId: o.br3,
            visitDate: '2026-11-20',
            seen: 'x',
          })
        ).statusCode,
      ).toBe(404);
      expect(
        (
          await office.post(`/api/supervision/teams/${team.id}/visits`, {
            orgId: o.br3,
            visitDate: '2026-11-20',
            seen: 'x',
          })
        ).json().error.code,
      ).toBe('TEAM_UNIT_OUTSIDE');
      expect(
        (
          await sup2.post(`/api/supervision/teams/${team.id}/visits`, {
            orgId: o.br1,
            visitDate: '2026-11-20',
            seen: 'x',
          })
        ).statusCode,
      ).toBe(404);
      expect(await audits('supervision_visit.')).toBe(1);
      // The team lends scope, not membership: a notice to the units is not the supervisor's to read for them.
      const notice = (
        await office.post('/api/notices', {
          orgId: o.county,
          kind: 'notice',
          title: '关于开展回头看的通知',
          body: '<p>请各单位开展回头看。</p>',
          audience: 'subtree',
        })
      ).json();
      expect(notice.id).toBeGreaterThan(0);
      expect((await sup.get('/api/notices?box=inbox')).json().items).toEqual([]);
      expect((await sup.post(`/api/notices/${notice.id}/read`, {})).statusCode).toBeGreaterThanOrEqual(400);
      expect((await office.get(`/api/notices/${notice.id}/receipts`)).json().read).toBe(0);
      expect((await sup.get('/api/notifications')).json().items).toEqual([]);
      // Disbanding the team takes the scope away; reactivating gives it back.
      expect((await office.patch(`/api/supervision/teams/${team.id}`, { status: 'disbanded' })).statusCode).toBe(200);
      expect((await sup.get(`/api/problems?org=${o.br1}`)).statusCode).toBe(404);
      expect((await office.patch(`/api/supervision/teams/${team.id}`, { status: 'active' })).statusCode).toBe(200);
      expect((await sup.get(`/api/problems?org=${o.br1}`)).statusCode).toBe(200);
    });
  });

  describe('material review (审核把关)', () => {
    let checklistKeys: string[];
    const allPass = () => checklistKeys.map((key) => ({ key, pass: true, comment: '' }));
    const create = async (c: Client, orgId: number, body: string, extra: Record<string, unknown> = {}) => {
      const r = await c.post('/api/supervision/materials', {
        orgId,
        kind: 'analysis_report',
        title: '个人对照检查材料',
        subjectName: '张书记',
        body,
        needsLeader: false,
        needsTeam: true,
        ...extra,
      });
      expect(r.statusCode, r.body).toBe(201);
      return r.json() as MaterialDetailView;
    };
    const save = (c: Client, m: MaterialDetailView, body: string) =>
      c.post(`/api/supervision/materials/${m.id}/draft`, { baseVersion: m.version, body });
    const review = (
      c: Client,
      m: { id: number; submittedVersion: number | null },
      results: unknown,
      as = 'team',
      comment = '',
    ) => c.post(`/api/supervision/materials/${m.id}/reviews`, { as, version: m.submittedVersion, results, comment });

    it('the outcome rule: passes only when every criterion has a verdict and all pass', () => {
      const items = FIVE_NOT_PASSED.map((key) => ({ key }));
      for (let mask = 0; mask < 32; mask++) {
        const results = FIVE_NOT_PASSED.map((key, i) => ({ key, pass: !(mask & (1 << i)), comment: 'c' }));
        const out = reviewOutcome(items, results);
        expect(out.pass).toBe(mask === 0);
        expect(out.failed.length).toBe(results.filter((r) => !r.pass).length);
      }
      expect(reviewOutcome(items, [{ key: 'problems_not_found', pass: true, comment: '' }]).missing).toHaveLength(4);
    });

    it('returns the material on any one failed criterion, and passes only when all pass', async () => {
      const m0 = await create(sec1, o.br1, '一、存在的问题\n会议多、文件多。');
      checklistKeys = m0.checklist.items.map((i) => i.key);
      expect(checklistKeys).toEqual([...FIVE_NOT_PASSED]);
      expect(m0.checklist.builtin).toBe(true);
      let m = (await sec1.post(`/api/supervision/materials/${m0.id}/submit`)).json() as MaterialDetailView;
      expect(m.status).toBe('in_review');
      for (const failing of FIVE_NOT_PASSED) {
        const results = allPass().map((r) =>
          r.key === failing ? { ...r, pass: false, comment: `${failing} 不过关` } : r,
        );
        const r = await review(sup, m, results);
        expect(r.statusCode, r.body).toBe(200);
        expect((r.json() as MaterialDetailView).status).toBe('returned');
        // The author revises and resubmits.
        const saved = (await save(sec1, r.json(), `${m.body}\n修改：${failing}`)).json() as MaterialDetailView;
        m = (await sec1.post(`/api/supervision/materials/${m.id}/submit`)).json() as MaterialDetailView;
        expect(m.status).toBe('in_review');
        expect(m.submittedVersion).toBe(saved.version);
      }
      m = (await review(sup, m, allPass())).json() as MaterialDetailView;
      expect(m.status).toBe('passed');
      expect(m.round).toBe(6);
      expect(m.reviews.map((r) => r.pass)).toEqual([true, false, false, false, false, false]);
    });

    it('refuses an incomplete review or a fail without a reason, and changes nothing', async () => {
      const m = (
        await sec1.post(`/api/supervision/materials/${(await create(sec1, o.br1, '材料')).id}/submit`)
      ).json() as MaterialDetailView;
      const before = await count('material_reviews');
      let r = await review(sup, m, allPass().slice(1));
      expect(r.statusCode).toBe(400);
      expect(r.json().error.code).toBe('REVIEW_INCOMPLETE');
      r = await review(
        sup,
        m,
        allPass().map((x) => (x.key === 'no_examples' ? { ...x, pass: false } : x)),
      );
      expect(r.json().error.code).toBe('REVIEW_FAIL_COMMENT');
      expect(r.json().error.message).toContain('没有具体事例');
      // Reviewing a version that is not the one under review.
      r = await review(sup, { id: m.id, submittedVersion: m.submittedVersion! + 1 }, allPass());
      expect(r.json().error.code).toBe('REVIEW_STALE');
      expect(await count('material_reviews')).toBe(before);
      expect(((await sec1.get(`/api/supervision/materials/${m.id}`)).json() as MaterialDetailView).status).toBe(
        'in_review',
      );
      // The author cannot pass their own material as leader; no leader review is asked of this one anyway.
      expect((await review(sec1, m, allPass(), 'leader')).statusCode).toBe(403);
    });

    it('never loses a draft: every save is a version; a save on a stale version is refused', async () => {
      const m = await create(sec1, o.br1, '第一稿');
      const v2 = (await save(sec1, m, '第二稿')).json() as MaterialDetailView;
      expect(v2.version).toBe(2);
      // A second tab still on version 1 cannot overwrite version 2.
      const stale = await save(sec1, m, '旧标签页的稿子');
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('VERSION_CONFLICT');
      const v3 = (await save(sec1, v2, '第三稿')).json() as MaterialDetailView;
      expect(v3.versions.map((v) => v.version)).toEqual([3, 2, 1]);
      for (const [v, body] of [
        [1, '第一稿'],
        [2, '第二稿'],
        [3, '第三稿'],
      ] as const) {
        expect((await sec1.get(`/api/supervision/materials/${m.id}/versions/${v}`)).json().body).toBe(body);
      }
      // In review, nobody edits.
      await sec1.post(`/api/supervision/materials/${m.id}/submit`);
      expect((await save(sec1, v3, '审核中改')).json().error.code).toBe('MATERIAL_TRANSITION');
      const rows = await h.db.db
        .selectFrom('material_versions')
        .select(['version', 'body'])
        .where('material_id', '=', m.id)
        .orderBy('version')
        .execute();
      expect(rows.map((r) => r.body)).toEqual(['第一稿', '第二稿', '第三稿']);
    });

    it('shows the reviewer what changed since their last review', async () => {
      let m = await create(sec1, o.br1, '一、问题\n会议多。\n二、原因\n宗旨意识淡薄。');
      m = (await sec1.post(`/api/supervision/materials/${m.id}/submit`)).json();
      const first = (await sup.get(`/api/supervision/materials/${m.id}`)).json() as MaterialDetailView;
      expect(first.baseline).toBeNull();
      expect(first.can.review).toEqual(['team']);
      m = (
        await review(
          sup,
          m,
          allPass().map((x) => (x.key === 'no_examples' ? { ...x, pass: false, comment: '请举出具体事例' } : x)),
        )
      ).json();
      // Sending the returned version back unchanged is refused: it has its verdict already.
      const unchanged = await sec1.post(`/api/supervision/materials/${m.id}/submit`);
      expect([unchanged.statusCode, unchanged.json().error.details[0].path]).toEqual([400, 'body']);
      m = (await save(sec1, m, '一、问题\n会议多，今年以来召开各类会议42次。\n二、原因\n宗旨意识淡薄。')).json();
      m = (await sec1.post(`/api/supervision/materials/${m.id}/submit`)).json();
      const second = (await sup.get(`/api/supervision/materials/${m.id}`)).json() as MaterialDetailView;
      expect(second.baseline?.version).toBe(1);
      const diff = diffLines(second.baseline!.body, second.body);
      expect(diff.filter((d) => d.op !== 'same')).toEqual([
        { op: 'change', left: '会议多。', right: '会议多，今年以来召开各类会议42次。' },
      ]);
      expect((await review(sup, second, allPass())).json().status).toBe('passed');
    });

    it('needs both the unit’s main leader and the team when both are asked for', async () => {
      // The town has no 书记 yet, so nobody could give the leader review: refused, nothing written.
      const n = await count('materials');
      const lonely = await townSec.post('/api/supervision/materials', {
        orgId: o.town,
        kind: 'analysis_report',
        title: 'x',
        body: 'x',
        needsLeader: true,
        needsTeam: true,
      });
      expect(lonely.statusCode).toBe(400);
      expect(lonely.json().error.details[0].path).toBe('needsLeader');
      expect(await count('materials')).toBe(n);
      // The town's 书记 (a member of br1) signs in as s-town-leader; the leader review is theirs.
      const leaderUser = await buildUser(h, 's-town-leader', [{ role: 'unit_admin', orgId: o.town }]);
      const holder = await office.post('/api/members', {
        orgId: o.br1,
        name: '镇书记',
        gender: 'male',
        birthDate: '1970-01-01',
        category: 'ordinary',
        joinDate: '1995-07-01',
      });
      expect(holder.statusCode, holder.body).toBe(201);
      const post = await office.post('/api/posts', {
        orgId: o.town,
        post: 'secretary',
        memberId: holder.json().id,
        startDate: '2020-01-01',
      });
      expect(post.statusCode, post.body).toBe(201);
      await h.db.db.updateTable('users').set({ member_id: holder.json().id }).where('id', '=', leaderUser).execute();
      // The town's unit admin writes for the town; br1's secretary cannot lead-review it.
      let m = await create(townSec, o.town, '镇党委班子对照检查材料', { needsLeader: true, needsTeam: true });
      m = (await townSec.post(`/api/supervision/materials/${m.id}/submit`)).json();
      expect((await review(sec1, m, allPass(), 'leader')).statusCode).toBe(404);
      expect((await review(townSec, m, allPass(), 'leader')).statusCode).toBe(403); // own material
      expect(m.leaderReviewer).toEqual({ memberId: holder.json().id, name: '镇书记', outside: false });
      // The team passes; the material waits for the leader.
      m = (await review(sup, m, allPass())).json();
      expect(m.status).toBe('in_review');
      const leader = await login(h, 's-town-leader');
      const todo = (await leader.get(`/api/supervision/materials?org=${o.town}&toReview=true`)).json() as MaterialPage;
      expect(todo.items.map((r) => r.id)).toEqual([m.id]);
      m = (await review(leader, m, allPass(), 'leader')).json();
      expect(m.status).toBe('passed');
      expect(
        ((await leader.get(`/api/supervision/materials?org=${o.town}&toReview=true`)).json() as MaterialPage).items,
      ).toEqual([]);
    });

    it('refuses a supervisor outside their assigned units, and anyone outside scope', async () => {
      let m = await create(sec1, o.br1, '材料');
      m = (await sec1.post(`/api/supervision/materials/${m.id}/submit`)).json();
      const before = await count('material_reviews');
      for (const c of [sup2, outsider]) {
        expect((await c.get(`/api/supervision/materials/${m.id}`)).statusCode).toBe(404);
        expect((await review(c, m, allPass())).statusCode).toBe(404);
        expect((await c.get(`/api/supervision/materials?org=${o.br1}`)).statusCode).toBe(404);
      }
      // A supervisor's list shows materials of their assigned units only.
      const other = await create(sec2, o.br2, '二村材料');
      const mine = (await sup.get(`/api/supervision/materials?org=${o.county}&toReview=true`)).json() as MaterialPage;
      expect(mine.items.map((r) => r.id)).toContain(m.id);
      expect(mine.items.every((r) => r.orgId === o.br1 && r.status === 'in_review')).toBe(true);
      expect(other.status).toBe('draft'); // drafts wait for their author
      expect(await count('material_reviews')).toBe(before);
      // br2's secretary does not see br1's material either.
      expect((await sec2.get(`/api/supervision/materials/${m.id}`)).statusCode).toBe(404);
    });

    it('flags near-copies among the neighbouring units’ materials to reviewers (形式主义)', async () => {
      const text =
        '一、存在的主要问题。学习教育满足于读文件、记笔记，联系本村实际不够；深入农户了解情况不够，遇到群众反映的问题推给镇里。二、产生问题的根源：理想信念有所弱化，宗旨意识有所淡薄。三、整改措施：每月走访农户，建立民情台账；村务财务每季度公开一次。';
      expect(textSimilarity(shingles(text), shingles(text.replace(/，/g, ',\n  ')))).toBe(1);
      const original = await create(sec1, o.br1, text);
      // br2 copies it with a few words changed; br3 writes its own.
      const copy = await create(sec2, o.br2, text.replace('本村', '二村').replace('每月', '每半月'));
      await create(
        sec2,
        o.br2,
        '一、问题：二村党支部组织生活不经常，三会一课记录不全，党员参加活动积极性不高。二、原因：支部书记抓党建责任意识不强，制度执行不严。三、措施：严格落实三会一课制度，建立党员积分管理。',
      );
      const seen = (await office.get(`/api/supervision/materials/${original.id}`)).json() as MaterialDetailView;
      expect(seen.similar.map((x) => x.id)).toEqual([copy.id]);
      expect(seen.similar[0].similarity).toBeGreaterThan(0.8);
      expect(seen.similar[0].orgName).toBe('二村党支部');
      // Only what the reader may see: br1's secretary is not told about br2's material.
      expect(
        ((await sec1.get(`/api/supervision/materials/${original.id}`)).json() as MaterialDetailView).similar,
      ).toEqual([]);
    });

    it('lets an office copy the built-in checklist and edit its own; built-ins stay', async () => {
      const lists = (await office.get(`/api/supervision/checklists?org=${o.county}&kind=review`)).json();
      const builtin = lists[0];
      expect(builtin.builtin).toBe(true);
      expect((await office.patch(`/api/supervision/checklists/${builtin.id}`, { name: '改' })).statusCode).toBe(403);
      const items = [
        ...builtin.items,
        { key: 'not_linked', zh: '未联系思想工作实际不过关', en: 'Not linked to real work: not passed' },
      ];
      const own = (
        await office.post('/api/supervision/checklists', { orgId: o.county, kind: 'review', name: '六个不过关', items })
      ).json();
      expect(own.items).toHaveLength(6);
      expect(
        (await sec1.post('/api/supervision/checklists', { orgId: o.br1, kind: 'review', name: 'x', items })).statusCode,
      ).toBe(403);
      const m = await create(sec1, o.br1, '材料', { checklistId: own.id });
      expect(m.checklist.items.map((i) => i.key)).toContain('not_linked');
    });
  });

  describe('the five forms and the escalation ladder', () => {
    const D = '2026-12-10';
    const order = async (unit: number, deadline = D) => {
      const r = await office.post('/api/supervision/forms', {
        kind: 'order',
        issuerOrgId: o.county,
        subjectOrgId: unit,
        title: '关于整改会议过多问题的督办',
        content: '请于期限内整改并书面回复。',
        deadline,
      });
      expect(r.statusCode, r.body).toBe(201);
      const f = r.json() as FormDetailView;
      const issued = (
        await office.post(`/api/supervision/forms/${f.id}/transition`, { action: 'issue' })
      ).json() as FormDetailView;
      expect(issued.status).toBe('issued');
      return issued;
    };
    const proposals = () =>
      h.db.db
        .selectFrom('supervision_forms')
        .selectAll()
        .where('escalated_from_id', 'is not', null)
        .orderBy('id')
        .execute();

    it('numbers what is issued, and lets the unit reply and the office judge the reply', async () => {
      const a = await order(o.br1, '2027-06-30');
      const b = await order(o.br2, '2027-06-30');
      expect(a.number).toBe('督导县督办〔' + dateIn().slice(0, 4) + '〕1号');
      expect(b.number).toMatch(/〕2号$/);
      // Only the ordered unit replies; a reply needs text.
      expect(
        (await sec2.post(`/api/supervision/forms/${a.id}/transition`, { action: 'reply', comment: 'x' })).statusCode,
      ).toBe(404);
      expect(
        (await sec1.post(`/api/supervision/forms/${a.id}/transition`, { action: 'reply' })).json().error.code,
      ).toBe('COMMENT_REQUIRED');
      let f = (
        await sec1.post(`/api/supervision/forms/${a.id}/transition`, {
          action: 'reply',
          comment: '已制定会议计划，会议减少三成。',
        })
      ).json() as FormDetailView;
      expect(f.status).toBe('answered');
      expect((await sec1.post(`/api/supervision/forms/${a.id}/transition`, { action: 'accept' })).statusCode).toBe(403);
      f = (await office.post(`/api/supervision/forms/${a.id}/transition`, { action: 'accept' })).json();
      expect(f.status).toBe('closed');
      expect(f.events.map((e) => e.action)).toEqual(['create', 'issue', 'reply', 'accept']);
      // A unit pre-reports problems to the office above it, which receives it.
      const pre = (
        await sec1.post('/api/supervision/forms', {
          kind: 'pre_report',
          issuerOrgId: o.br1,
          subjectOrgId: o.br1,
          title: '一村党支部揭摆问题预报',
          content: '查摆出问题3个',
        })
      ).json() as FormDetailView;
      expect(pre.recipientOrgId).toBe(o.town);
      expect(
        (await sec1.post(`/api/supervision/forms/${pre.id}/transition`, { action: 'issue' })).json().number,
      ).toMatch(/^一村预报〔\d{4}〕1号$/);
      expect((await sec1.post(`/api/supervision/forms/${pre.id}/transition`, { action: 'accept' })).statusCode).toBe(
        403,
      );
      await buildUser(h, 's-town-office', [{ role: 'office', orgId: o.town }]);
      const townOffice = await login(h, 's-town-office');
      expect(
        (await townOffice.post(`/api/supervision/forms/${pre.id}/transition`, { action: 'accept' })).json().status,
      ).toBe('closed');
    });

    it('proposes a criticism exactly when an open order passes its deadline, once, and never issues it', async () => {
      await h.db.db.deleteFrom('supervision_form_problems').execute();
      const open = await order(o.br3, D);
      const answered = await order(o.br2, D);
      await sec2.post(`/api/supervision/forms/${answered.id}/transition`, { action: 'reply', comment: '已整改' });
      const failed = await order(o.br1, D);
      await sec1.post(`/api/supervision/forms/${failed.id}/transition`, { action: 'reply', comment: '正在整改' });
      await office.post(`/api/supervision/forms/${failed.id}/transition`, {
        action: 'reject',
        comment: '回复空泛，未见实效',
      });
      const before = (await proposals()).length;
      // On the deadline day nothing happens; the day after, the open and the failed order escalate.
      expect((await runReminders(h.db.db, D)).formProposals).toBe(0);
      expect((await proposals()).length).toBe(before);
      expect((await runReminders(h.db.db, addDays(D, 1))).formProposals).toBe(2);
      let p = (await proposals()).slice(before);
      expect(p.map((x) => [x.escalated_from_id, x.kind, x.status, x.number, x.escalation_level])).toEqual([
        [open.id, 'criticism', 'proposed', null, 1],
        [failed.id, 'criticism', 'proposed', null, 1],
      ]);
      expect(p[0].deadline).toBe(addDays(addDays(D, 1), 14));
      // Again the same day, and on later days: nothing more, and nothing issues itself.
      for (const day of [addDays(D, 1), addDays(D, 2), addDays(D, 30)])
        expect((await runReminders(h.db.db, day)).formProposals).toBe(0);
      p = (await proposals()).slice(before);
      expect(p.every((x) => x.status === 'proposed' && x.number === null && x.issued_at === null)).toBe(true);
      // The office sees them on its desk; the unit does not see a proposal.
      const desk = (await office.get(`/api/supervision/forms?org=${o.county}&status=proposed`)).json()
        .items as FormView[];
      expect(desk.map((f) => f.escalatedFromId).sort()).toEqual([open.id, failed.id].sort());
      // The desk acts on the rows: each carries the office's abilities, the same as its detail.
      for (const f of desk) {
        expect(f.abilities).toMatchObject({ issue: true, dismiss: true, edit: true, reply: false });
        expect(f.abilities).toEqual(
          ((await office.get(`/api/supervision/forms/${f.id}`)).json() as FormView).abilities,
        );
      }
      expect((await sec1.get(`/api/supervision/forms/${p[1].id}`)).statusCode).toBe(404);
      // A person decides: the office issues one (a numbered criticism) and dismisses the other with a reason.
      expect(
        (await office.post(`/api/supervision/forms/${p[1].id}/transition`, { action: 'dismiss' })).json().error.code,
      ).toBe('COMMENT_REQUIRED');
      expect(
        (
          await office.post(`/api/supervision/forms/${p[1].id}/transition`, {
            action: 'dismiss',
            comment: '已约谈，暂不通报',
          })
        ).json().status,
      ).toBe('dismissed');
      const issued = (
        await office.post(`/api/supervision/forms/${p[0].id}/transition`, { action: 'issue' })
      ).json() as FormDetailView;
      expect(issued.status).toBe('issued');
      expect(issued.number).toMatch(/^督导县通报〔\d{4}〕1号$/);
      // A circulated criticism reaches the whole subtree it was sent to: br2's secretary reads it.
      expect((await sec2.get(`/api/supervision/forms/${issued.id}`)).statusCode).toBe(200);
      expect((await outsider.get(`/api/supervision/forms/${issued.id}`)).statusCode).toBe(404);
      // Rung two: the criticism's own deadline passes with the order still open → an adjustment is proposed.
      const critDeadline = issued.deadline!;
      expect((await runReminders(h.db.db, critDeadline)).formProposals).toBe(0);
      expect((await runReminders(h.db.db, addDays(critDeadline, 1))).formProposals).toBe(1);
      const adj = (await proposals()).at(-1)!;
      expect([adj.kind, adj.status, adj.escalated_from_id, adj.escalation_level, adj.recipient_name]).toEqual([
        'org_adjustment',
        'proposed',
        open.id,
        2,
        '组织部',
      ]);
      expect(adj.content).toContain(issued.number!);
      expect((await runReminders(h.db.db, addDays(critDeadline, 5))).formProposals).toBe(0);
      // The dismissed branch (failed order) never climbs to rung two.
      expect(
        (await proposals()).filter((x) => x.escalated_from_id === failed.id).map((x) => x.escalation_level),
      ).toEqual([1]);
      expect(await audits('supervision_form.propose')).toBe(3);
    });

    it('a team orders rectification in its office’s name for its own units only', async () => {
      const team = (await sup.get('/api/supervision/teams?mine=true')).json().items[0];
      let r = await sup.post('/api/supervision/forms', {
        kind: 'order',
        issuerOrgId: o.county,
        teamId: team.id,
        subjectOrgId: o.br1,
        title: '督导组督办',
        deadline: '2026-12-31',
      });
      expect(r.statusCode, r.body).toBe(201);
      const draftRow = (
        (await sup.get(`/api/supervision/forms?org=${o.town}&status=draft`)).json().items as FormView[]
      ).find((f) => f.id === r.json().id);
      // The team member acts for the issuing side on the list row too.
      expect(draftRow?.abilities).toMatchObject({ issue: true, edit: true });
      expect(
        (await sup.post(`/api/supervision/forms/${r.json().id}/transition`, { action: 'issue' })).json().status,
      ).toBe('issued');
      r = await sup.post('/api/supervision/forms', {
        kind: 'order',
        issuerOrgId: o.county,
        teamId: team.id,
        subjectOrgId: o.br3,
        title: '越权督办',
        deadline: '2026-12-31',
      });
      expect(r.statusCode).toBe(404);
      // Criticism and adjustment are the office's alone.
      expect(
        (
          await sup.post('/api/supervision/forms', {
            kind: 'criticism',
            issuerOrgId: o.county,
            subjectOrgId: o.br1,
            title: 'x',
          })
        ).statusCode,
      ).toBe(404);
    });

    it('renders each form as .docx', async () => {
      const rows = (await office.get(`/api/supervision/forms?org=${o.county}&limit=200`)).json().items as FormView[];
      const kinds = new Set(rows.map((f) => f.kind));
      expect(kinds.has('order') && kinds.has('criticism') && kinds.has('org_adjustment')).toBe(true);
      for (const f of rows.slice(0, 3)) {
        const r = await office.get(`/api/supervision/forms/${f.id}/docx`);
        expect(r.statusCode).toBe(200);
        expect(r.headers['content-type']).toContain('wordprocessingml');
        expect(r.rawPayload.subarray(0, 2).toString()).toBe('PK');
      }
    });
  });

  describe('look back (回头看)', () => {
    let closedId: number;
    beforeAll(async () => {
      // A problem closed earlier in br1's ledger, through the whole workflow.
      const p = (
        await sec1.post('/api/problems', {
          orgId: o.br1,
          source: 'self_inspection',
          category: 'formalism',
          kind: 'immediate',
          description: '文山会海',
          responsibleLeader: '张书记',
          responsiblePerson: '李委员',
          standard: '会议减少三成',
          deadline: '2026-11-30',
          measures: [{ content: '合并会议' }],
        })
      ).json() as ProblemDetailView;
      const confirmed = await sec1.post(`/api/problems/${p.id}/transition`, { action: 'confirm' });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      expect(
        (await sec1.upload(`/api/problems/${p.id}/evidence`, '整改报告.xlsx', Buffer.from('PK evidence'))).statusCode,
      ).toBeLessThan(300);
      await sec1.patch(`/api/problems/${p.id}/progress`, { effect: '会议减少三成' });
      await sec1.post(`/api/problems/${p.id}/transition`, { action: 'finish' });
      const closed = (
        await office.post(`/api/problems/${p.id}/transition`, { action: 'verify' })
      ).json() as ProblemDetailView;
      expect(closed.status).toBe('closed');
      closedId = p.id;
    });

    it('draws the spot-check sample from a recorded seed, reproducibly', async () => {
      const mk = async (seed?: string) =>
        (
          await office.post('/api/supervision/lookbacks', {
            orgId: o.county,
            title: '学习教育回头看',
            levels: ['branch'],
            sampleSize: 2,
            ...(seed ? { seed } : {}),
          })
        ).json() as LookbackDetailView;
      const a = await mk('2026-回头看');
      const b = await mk('2026-回头看');
      expect(a.participants.map((p) => p.orgId).sort()).toEqual([o.br1, o.br2, o.br3].sort());
      expect(a.sample).toEqual(b.sample);
      expect(a.sample).toEqual(drawSample([o.br3, o.br1, o.br2], 2, '2026-回头看'));
      expect(a.sampleReproduces).toBe(true);
      const c = await mk();
      expect(c.seed).toMatch(/^[0-9a-f]{16}$/);
      expect(c.sample).toEqual(drawSample([o.br1, o.br2, o.br3], 2, c.seed));
      // Different seeds do draw different samples (over many seeds, all three pairs come up).
      const pairs = new Set(Array.from({ length: 40 }, (_, i) => drawSample([1, 2, 3], 2, `s${i}`).join(',')));
      expect(pairs.size).toBe(3);
      // The stored sample is what the page shows: a tampered sample no longer reproduces.
      await h.db.db
        .updateTable('lookback_rounds')
        .set({
          sample: [o.br1, o.br2, o.br3]
            .filter((x) => !c.sample.includes(x))
            .concat(c.sample[0])
            .sort(),
        })
        .where('id', '=', c.id)
        .execute();
      expect(
        ((await office.get(`/api/supervision/lookbacks/${c.id}`)).json() as LookbackDetailView).sampleReproduces,
      ).toBe(false);
    });

    it('scores at three levels; spot-checks only sampled units; findings become problems or re-open closed ones', async () => {
      const lb = (
        await office.post('/api/supervision/lookbacks', {
          orgId: o.county,
          title: '六查六看',
          levels: ['branch'],
          sampleSize: 1,
          seed: 'fixed',
        })
      ).json() as LookbackDetailView;
      expect(lb.checklist.items).toHaveLength(6);
      const sampled = lb.sample[0];
      const notSampled = [o.br1, o.br2].find((x) => x !== sampled)!;
      const scores = lb.checklist.items.map((i) => ({ key: i.key, score: 8, note: '' }));
      const before = await count('problems');
      // Self-check by the unit, with a finding that becomes a draft problem in its ledger.
      let r = await sec1.post(`/api/supervision/lookbacks/${lb.id}/assessments`, {
        orgId: o.br1,
        stage: 'self',
        scores,
        summary: '自查',
        findings: [{ description: '学习记录不全', category: 'formalism', kind: 'phased' }],
      });
      expect(r.statusCode, r.body).toBe(200);
      const self = (r.json() as LookbackDetailView).participants.find((p) => p.orgId === o.br1)!.assessments[0];
      expect(self.total).toBe(48);
      const created = (await sec1.get(`/api/problems/${self.problemIds[0]}`)).json() as ProblemDetailView;
      expect([created.source, created.status, created.orgId]).toEqual(['look_back', 'draft', o.br1]);
      // A second self-check of the same unit is refused; br1 cannot self-check br2.
      expect(
        (await sec1.post(`/api/supervision/lookbacks/${lb.id}/assessments`, { orgId: o.br1, stage: 'self', scores }))
          .statusCode,
      ).toBe(409);
      expect(
        (await sec1.post(`/api/supervision/lookbacks/${lb.id}/assessments`, { orgId: o.br2, stage: 'self', scores }))
          .statusCode,
      ).toBe(404);
      // Spot-check: the team on the sampled unit only.
      if (notSampled !== undefined) {
        r = await sup.post(`/api/supervision/lookbacks/${lb.id}/assessments`, {
          orgId: notSampled,
          stage: 'spot',
          scores,
        });
        expect(r.json().error.code).toBe('LOOKBACK_NOT_SAMPLED');
      }
      if (sampled !== o.br3) {
        r = await sup.post(`/api/supervision/lookbacks/${lb.id}/assessments`, {
          orgId: sampled,
          stage: 'spot',
          scores,
        });
        expect(r.statusCode, r.body).toBe(200);
      }
      // A score above the item's maximum is refused, nothing written.
      const n = await count('lookback_assessments');
      expect(
        (
          await office.post(`/api/supervision/lookbacks/${lb.id}/assessments`, {
            orgId: o.br1,
            stage: 'office',
            scores: scores.map((s) => ({ ...s, score: 11 })),
          })
        ).statusCode,
      ).toBe(400);
      expect(await count('lookback_assessments')).toBe(n);
      // The office's assessment re-opens the problem closed earlier (a new cycle), and records a new one.
      r = await office.post(`/api/supervision/lookbacks/${lb.id}/assessments`, {
        orgId: o.br1,
        stage: 'office',
        scores,
        findings: [
          { description: '会议又有反弹', category: 'formalism', kind: 'phased', reopenProblemId: closedId },
          { description: '特殊党员学习未覆盖', category: 'other', kind: 'phased' },
        ],
      });
      expect(r.statusCode, r.body).toBe(200);
      const reopened = (await office.get(`/api/problems/${closedId}`)).json() as ProblemDetailView;
      expect([reopened.status, reopened.cycle]).toEqual(['in_progress', 2]);
      expect(await count('problems')).toBe(before + 2);
      // A supervisor outside is refused.
      expect(
        (await sup2.post(`/api/supervision/lookbacks/${lb.id}/assessments`, { orgId: o.br1, stage: 'spot', scores }))
          .statusCode,
      ).toBe(404);
    });
  });

  describe('inspections and circulated reports', () => {
    it('an office circulates a report to its subtree; the named units answer', async () => {
      let r = await office.post('/api/supervision/inspections', {
        orgId: o.county,
        kind: 'follow_up',
        title: '第一次跟踪督导情况通报',
        body: '督导发现部分支部学习流于形式。',
        inspectedOn: '2026-11-20',
        named: [
          { orgId: o.br1, finding: '学习记录雷同' },
          { orgId: o.brX, finding: 'x' },
        ],
      });
      // brX lies outside the office's scope: answered as an unknown id, not by name.
      expect(r.statusCode).toBe(404);
      expect(r.body).not.toContain('外村党支部');
      expect(await count('inspection_reports')).toBe(0);
      r = await office.post('/api/supervision/inspections', {
        orgId: o.county,
        kind: 'follow_up',
        title: '第一次跟踪督导情况通报',
        body: '督导发现部分支部学习流于形式。',
        inspectedOn: '2026-11-20',
        named: [{ orgId: o.br1, finding: '学习记录雷同' }],
      });
      expect(r.statusCode, r.body).toBe(201);
      const rep = r.json() as InspectionDetailView;
      // A draft is the office's: units below do not see it yet.
      expect((await sec2.get(`/api/supervision/inspections/${rep.id}`)).statusCode).toBe(404);
      expect(
        (await sec1.post(`/api/supervision/inspections/${rep.id}/answers`, { orgId: o.br1, answer: '已整改' }))
          .statusCode,
      ).toBe(404);
      const circulated = (
        await office.post(`/api/supervision/inspections/${rep.id}/circulate`)
      ).json() as InspectionDetailView;
      expect(circulated.status).toBe('circulated');
      expect((await office.patch(`/api/supervision/inspections/${rep.id}`, { title: '改' })).json().error.code).toBe(
        'INSPECTION_CIRCULATED',
      );
      // The whole subtree reads it; br2 sees it in its list but cannot answer for br1.
      const list = ((await sec2.get(`/api/supervision/inspections?org=${o.br2}`)).json() as InspectionPage).items;
      expect(list.map((x) => x.id)).toEqual([rep.id]);
      const seen = (await sec2.get(`/api/supervision/inspections/${rep.id}`)).json() as InspectionDetailView;
      expect(seen.named[0].canAnswer).toBe(false);
      expect(
        (await sec2.post(`/api/supervision/inspections/${rep.id}/answers`, { orgId: o.br1, answer: 'x' })).statusCode,
      ).toBe(404);
      expect((await outsider.get(`/api/supervision/inspections/${rep.id}`)).statusCode).toBe(404);
      const answered = (
        await sec1.post(`/api/supervision/inspections/${rep.id}/answers`, {
          orgId: o.br1,
          answer: '已重新组织学习，建立学习台账。',
        })
      ).json() as InspectionDetailView;
      expect(answered.named[0]).toMatchObject({
        answer: '已重新组织学习，建立学习台账。',
        answeredBy: expect.any(String),
      });
      expect(answered.answeredCount).toBe(1);
    });

    it('filters the list by kind and by status; a bad value is a translated 400', async () => {
      const r = await office.post('/api/supervision/inspections', {
        orgId: o.county,
        kind: 'daily',
        title: '日常督导记录',
        inspectedOn: '2026-11-25',
      });
      expect(r.statusCode, r.body).toBe(201);
      const draft = r.json() as InspectionDetailView;
      const circulated = (
        (await office.get(`/api/supervision/inspections?org=${o.county}`)).json() as InspectionPage
      ).items.find((x) => x.id !== draft.id)!;
      const ids = async (query: string) => {
        const res = await office.get(`/api/supervision/inspections?org=${o.county}${query}`);
        expect(res.statusCode, res.body).toBe(200);
        return (res.json() as InspectionPage).items.map((x) => x.id);
      };
      // Unfiltered: both, newest first; each filter narrows it to the matching report.
      expect(await ids('')).toEqual([draft.id, circulated.id]);
      expect(await ids('&kind=daily')).toEqual([draft.id]);
      expect(await ids('&kind=follow_up')).toEqual([circulated.id]);
      expect(await ids('&kind=joint')).toEqual([]);
      expect(await ids('&status=draft')).toEqual([draft.id]);
      expect(await ids('&status=circulated')).toEqual([circulated.id]);
      expect(await ids('&kind=daily&status=circulated')).toEqual([]);
      // The filter holds across pages too.
      const first = (
        await office.get(`/api/supervision/inspections?org=${o.county}&status=draft&limit=1`)
      ).json() as InspectionPage;
      expect([first.items.map((x) => x.id), first.next]).toEqual([[draft.id], null]);
      // A unit below sees only what was circulated, whatever it asks for.
      const below = await sec2.get(`/api/supervision/inspections?org=${o.br2}&status=draft`);
      expect((below.json() as InspectionPage).items).toEqual([]);

      for (const [query, path] of [
        ['&kind=weekly', 'kind'],
        ['&status=archived', 'status'],
      ] as const) {
        const bad = await office.get(`/api/supervision/inspections?org=${o.county}${query}`);
        expect(bad.statusCode, bad.body).toBe(400);
        const err = bad.json().error;
        expect(err.code).toBe('VALIDATION');
        expect(err.details[0].path).toBe(path);
        // Translated at the edge: a sentence in the asker's language, never a catalogue key.
        expect(err.details[0].message).not.toMatch(/^[a-z]+\.[a-zA-Z.]+$/);
        expect(err.details[0].message).toMatch(/[\u4e00-\u9fff]/);
        // The same in English for a user who chose it.
        expect((await office.patch('/api/me', { locale: 'en' })).statusCode).toBe(200);
        const en = await office.get(`/api/supervision/inspections?org=${o.county}${query}`);
        expect((await office.patch('/api/me', { locale: 'zh-CN' })).statusCode).toBe(200);
        expect([en.statusCode, en.json().error.details[0].path]).toEqual([400, path]);
        expect(en.json().error.details[0].message).not.toMatch(/[\u4e00-\u9fff]|^[a-z]+\.[a-zA-Z.]+$/);
      }
    });
  });

  describe('the hub of an org', () => {
    type Hub = Record<string, boolean>;
    const hub = async (c: Client, org: number) => c.get(`/api/supervision/abilities?org=${org}`);
    const on = (x: Hub) =>
      Object.entries(x)
        .filter(([, v]) => v)
        .map(([k]) => k)
        .sort();

    it('says what the actor may do, from the supervision policy over the org', async () => {
      let r = await hub(office, o.county);
      expect(r.statusCode, r.body).toBe(200);
      expect(Object.keys(r.json()).sort()).toEqual([...HUB_ABILITIES].sort());
      expect(on(r.json())).toEqual(
        [
          'read',
          'manageTeam',
          'editChecklist',
          'writeMaterial',
          'issueDown',
          'issueOrder',
          'issueUp',
          'openLookback',
          'writeInspection',
        ].sort(),
      );
      // The supervisor's scope is the team's unit: review as the team, order, inspect; nothing of an office.
      r = await hub(sup, o.town);
      expect(r.statusCode, r.body).toBe(200);
      expect(on(r.json())).toEqual(['read', 'reviewAsTeam', 'issueOrder', 'writeInspection'].sort());
      // The branch secretary: write and review materials of the unit, report up.
      r = await hub(sec1, o.br1);
      expect(r.statusCode, r.body).toBe(200);
      expect(on(r.json())).toEqual(['read', 'writeMaterial', 'reviewAsLeader', 'issueUp'].sort());
    });

    it('answers an org outside the actor’s scope as one that does not exist, audited', async () => {
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
      const before = await denied();
      const r = await hub(outsider, o.br1);
      expect(r.statusCode).toBe(404);
      expect(r.body).not.toContain('一村党支部');
      expect(await denied()).toBe(before + 1);
      expect((await hub(outsider, 999_999)).statusCode).toBe(404);
      expect((await hub(sup, o.town2)).statusCode).toBe(404);
    });

    it('creates nothing in a dissolved org', async () => {
      const gone = (await buildOrg(h, o.town2, 'branch', '撤销村党支部')).id;
      expect(on((await hub(office, gone)).json())).toContain('manageTeam');
      const r = await office.post(`/api/orgs/${gone}/dissolve`, { reason: '合并' });
      expect(r.statusCode, r.body).toBe(200);
      expect(on((await hub(office, gone)).json())).toEqual(['read']);
    });
  });

  it('leaves an unbroken audit chain', async () => {
    const v = await verifyAuditChain(h.db.db);
    expect(v.ok).toBe(true);
    expect(await audits('material.')).toBeGreaterThan(10);
    expect(await audits('supervision_form.')).toBeGreaterThan(10);
    expect(await audits('lookback.')).toBeGreaterThan(3);
    // The report's create, circulate and answer, and the create of the draft the filters are tried on.
    expect(await audits('inspection.')).toBe(4);
    expect(dateIn()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
