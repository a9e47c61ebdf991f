import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { buildCampaign, buildMaterial, buildProblem, buildSmallCity, type SmallCity } from './support/factories.ts';
import { PROBLEM_TRANSITIONS } from '../src/shared/ledger.ts';
import { WORKBENCH_SECTION_LIMIT, type WorkSection } from '../src/shared/workbench.ts';
import type { WorkbenchCounts, WorkbenchView } from '../src/shared/api.ts';
import type { Role } from '../src/shared/enums.ts';
import { dateIn } from '../src/server/platform/dates.ts';
import { rng } from './support/random.ts';
import { addDays } from '../src/shared/dates.ts';

interface Account {
  name: string;
  userId: number;
  memberId: number | null;
  grants: Array<{ role: Role; orgId: number }>;
  client: Client;
}

/**
 * The workbench holds exactly the user's items: after random operations over campaigns, the
 * ledger, materials and forms, every section of every account equals a brute-force reading of
 * the whole tables by the section's definition (docs/ARCHITECTURE.md, "The workbench").
 */
describe('workbench (我的工作台)', () => {
  let h: Harness;
  let o: SmallCity;
  const accounts: Account[] = [];
  const seed = Number(process.env.WORKBENCH_SEED ?? 20261202);
  const r = rng(seed);
  const today = dateIn();

  const member = async (c: Client, orgId: number, name: string) => {
    const res = await c.post('/api/members', {
      orgId,
      name,
      gender: 'female',
      birthDate: '1975-03-01',
      category: 'ordinary',
      joinDate: '1999-07-01',
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  };
  const account = async (name: string, grants: Account['grants'], memberId: number | null = null) => {
    const userId = await buildUser(h, name, grants);
    if (memberId !== null)
      await h.db.db.updateTable('users').set({ member_id: memberId }).where('id', '=', userId).execute();
    const a: Account = { name, userId, memberId, grants, client: await login(h, name) };
    accounts.push(a);
    return a;
  };

  beforeAll(async () => {
    h = await createHarness();
    o = await buildSmallCity(h, '工作台');
    const cityOffice = await account('wb-city', [{ role: 'office', orgId: o.city }]);
    const office = await account('wb-office', [{ role: 'office', orgId: o.district }]);
    // Members and the bodies: 书记 of each branch and of the town.
    const m1 = await member(office.client, o.br1, '赵书记');
    const a = await member(office.client, o.br1, '钱党员');
    const b = await member(office.client, o.br1, '孙党员');
    const c = await member(office.client, o.br2, '李书记');
    const d = await member(office.client, o.br2, '周党员');
    const t = await member(office.client, o.br2, '吴书记');
    for (const [orgId, memberId] of [
      [o.br1, m1],
      [o.br2, c],
      [o.town, t],
    ])
      expect(
        (await office.client.post('/api/posts', { orgId, post: 'secretary', memberId, startDate: '2024-01-01' }))
          .statusCode,
      ).toBe(201);
    const sec1 = await account('wb-sec1', [{ role: 'unit_admin', orgId: o.br1 }], m1);
    const sec2 = await account('wb-sec2', [{ role: 'unit_admin', orgId: o.br2 }], c);
    const townSec = await account('wb-town', [{ role: 'unit_admin', orgId: o.town }], t);
    const memA = await account('wb-a', [{ role: 'member', orgId: o.br1 }], a);
    const memB = await account('wb-b', [{ role: 'member', orgId: o.br1 }], b);
    await account('wb-d', [{ role: 'member', orgId: o.br2 }], d);
    const sup = await account('wb-sup', [{ role: 'supervisor', orgId: o.town }]);
    await account('wb-stranger', [{ role: 'unit_admin', orgId: o.brX }]);

    // Campaign tasks over the district; random submissions, decisions, tightened due dates.
    const camp = await buildCampaign(cityOffice.client, o.city);
    const tasks = (
      await h.db.db.selectFrom('campaign_tasks').select(['id', 'org_id']).where('campaign_id', '=', camp.id).execute()
    ).filter((x) => [o.town, o.br1, o.br2].includes(x.org_id));
    expect(tasks.length).toBeGreaterThan(5);
    const doerOf = (orgId: number) => (orgId === o.br1 ? sec1 : orgId === o.br2 ? sec2 : townSec);
    for (let i = 0; i < 30; i++) {
      const task = r.pick(tasks);
      const cur = (await office.client.get(`/api/tasks/${task.id}`)).json() as { status: string };
      const [who, action] =
        cur.status === 'submitted'
          ? [task.org_id === o.town ? office : townSec, r.pick(['approve', 'return'])]
          : cur.status === 'approved'
            ? [office, 'reopen']
            : [doerOf(task.org_id), 'submit'];
      await who.client.post(`/api/tasks/${task.id}/transition`, { action, comment: '随机' });
    }
    // Some tasks fall overdue: the due dates moved into the past (as a long-running campaign has).
    await h.db.db
      .updateTable('campaign_tasks')
      .set({ due_date: addDays(today, -3) })
      .where('id', 'in', [...tasks.filter(() => r.next() < 0.3).map((x) => x.id), tasks[0].id])
      .execute();

    // Problems with persons linked at random, then random transitions by the unit or the verifier.
    const people = [m1, a, b, c, d, t, null];
    const problems: Array<{ id: number; orgId: number }> = [];
    for (let i = 0; i < 24; i++) {
      const orgId = r.pick([o.br1, o.br2, o.town]);
      const kind = r.pick(['immediate', 'phased', 'long_term'] as const);
      const p = await buildProblem(doerOf(orgId).client, orgId, kind, {
        deadline: kind === 'long_term' ? null : addDays(today, Math.floor(r.next() * 40) - 10),
      });
      problems.push({ id: p.id, orgId });
      await h.db.db
        .updateTable('problems')
        .set({ responsible_person_member_id: r.pick(people), responsible_leader_member_id: r.pick(people) })
        .where('id', '=', p.id)
        .execute();
      await h.db.db
        .updateTable('problem_measures')
        .set({ owner_member_id: r.pick(people) })
        .where('problem_id', '=', p.id)
        .execute();
    }
    for (let i = 0; i < 60; i++) {
      const p = r.pick(problems);
      const cur = (await office.client.get(`/api/problems/${p.id}`)).json() as { status: string };
      const moves = PROBLEM_TRANSITIONS.filter((x) => x.from === cur.status);
      if (moves.length === 0) continue;
      const m = r.pick(moves);
      const who = m.by === 'verifier' ? office : doerOf(p.orgId);
      await who.client.post(`/api/problems/${p.id}/transition`, { action: m.action, comment: '随机' });
    }

    // Materials: members', secretaries' (reviewed a level up) and the team's; some submitted.
    for (let i = 0; i < 16; i++) {
      const author = r.pick([memA, memB, sec1, sec2, townSec]);
      const orgId = author === sec2 ? o.br2 : author === townSec ? o.town : o.br1;
      const needsLeader = r.next() < 0.6;
      const res = await author.client.post('/api/supervision/materials', {
        orgId,
        kind: 'analysis_report',
        title: `对照检查材料${i + 1}`,
        subjectName: '',
        body: '<p>一、存在的问题：联系群众不够经常。</p>',
        needsLeader,
        needsTeam: !needsLeader || r.next() < 0.5,
      });
      if (res.statusCode !== 201) continue;
      const id = res.json().id as number;
      if (r.next() < 0.3)
        await h.db.db
          .updateTable('materials')
          .set({ subject_member_id: r.pick(people) })
          .where('id', '=', id)
          .execute();
      if (r.next() < 0.6) await author.client.post(`/api/supervision/materials/${id}/submit`, {});
    }
    await buildMaterial(sup.client, o.br2).catch(() => undefined);

    // Forms: orders from the district to the units, some addressed to a person, some answered.
    for (let i = 0; i < 8; i++) {
      const unit = r.pick([o.town, o.br1, o.br2]);
      const f = await office.client.post('/api/supervision/forms', {
        kind: 'order',
        issuerOrgId: o.district,
        subjectOrgId: unit,
        title: `督办单${i + 1}`,
        content: '请于期限内整改并书面回复。',
        deadline: addDays(today, Math.floor(r.next() * 20) - 5),
      });
      expect(f.statusCode, f.body).toBe(201);
      const id = f.json().id as number;
      if (r.next() < 0.4)
        await h.db.db
          .updateTable('supervision_forms')
          .set({ recipient_member_id: r.pick([a, b, d]) })
          .where('id', '=', id)
          .execute();
      if (r.next() < 0.8) await office.client.post(`/api/supervision/forms/${id}/transition`, { action: 'issue' });
    }
  }, 120_000);
  afterAll(async () => h?.close());

  /** Every row of the tables the sections read, for the brute force. */
  async function dump() {
    const db = h.db.db;
    const [orgs, tasks, problems, measures, materials, reviews, posts, users, forms, notes] = await Promise.all([
      db.selectFrom('orgs').select(['id', 'parent_id', 'status']).execute(),
      sql<{ id: number; org_id: number; status: string; active: boolean; due: string; camp: string }>`
        SELECT t.id, t.org_id, t.status, t.active, to_char(t.due_date,'YYYY-MM-DD') AS due, k.status AS camp
        FROM campaign_tasks t JOIN campaigns k ON k.id = t.campaign_id`
        .execute(db)
        .then((x) => x.rows),
      db
        .selectFrom('problems')
        .select(['id', 'org_id', 'status', 'responsible_person_member_id', 'responsible_leader_member_id'])
        .execute(),
      db.selectFrom('problem_measures').select(['id', 'problem_id', 'owner_member_id']).execute(),
      db
        .selectFrom('materials')
        .select([
          'id',
          'org_id',
          'status',
          'author_id',
          'subject_member_id',
          'needs_leader',
          'needs_team',
          'submitted_version',
        ])
        .execute(),
      db.selectFrom('material_reviews').select(['material_id', 'version', 'reviewer']).execute(),
      sql<{ org_id: number; post: string; member_id: number | null; start: string; end: string | null }>`
        SELECT org_id, post, member_id, to_char(start_date,'YYYY-MM-DD') AS start, to_char(end_date,'YYYY-MM-DD') AS "end"
        FROM org_posts`
        .execute(db)
        .then((x) => x.rows),
      db.selectFrom('users').select(['id', 'member_id']).execute(),
      db.selectFrom('supervision_forms').select(['id', 'status', 'recipient_org_id', 'recipient_member_id']).execute(),
      db.selectFrom('notifications').select(['id', 'org_id', 'member_id', 'read_at']).execute(),
    ]);
    return { orgs, tasks, problems, measures, materials, reviews, posts, users, forms, notes };
  }

  /** Each section's item ids for one account, by the definitions, straight over the rows. */
  function bruteForce(d: Awaited<ReturnType<typeof dump>>, acc: Account): Map<WorkSection, Set<number>> {
    const parent = new Map(d.orgs.map((x) => [x.id, x.parent_id]));
    const orgActive = new Map(d.orgs.map((x) => [x.id, x.status === 'active']));
    const ancestors = (id: number) => {
      const out: number[] = [];
      for (let p = parent.get(id) ?? null; p !== null; p = parent.get(p) ?? null) out.push(p);
      return out;
    };
    const roles = (rs: Role[]) => new Set(acc.grants.filter((g) => rs.includes(g.role)).map((g) => g.orgId));
    const unit = roles(['unit_admin', 'office']);
    const office = roles(['office']);
    const verify = roles(['office', 'supervisor']);
    const team = roles(['supervisor']);
    const inbox = roles(['unit_admin', 'office', 'supervisor']);
    const me = acc.memberId;
    const open = (s: string) => s === 'draft' || s === 'returned';
    const working = (s: string) => s === 'pending' || s === 'in_progress';
    const liveTasks = d.tasks.filter((x) => x.active && x.camp === 'active');
    const problemOf = new Map(d.problems.map((p) => [p.id, p]));
    const secretary = (orgId: number | null) =>
      orgId === null
        ? null
        : (d.posts.find(
            (p) =>
              p.org_id === orgId &&
              p.post === 'secretary' &&
              p.member_id !== null &&
              p.start <= today &&
              (p.end === null || p.end >= today),
          )?.member_id ?? null);
    const authorMember = new Map(d.users.map((u) => [u.id, u.member_id]));
    const leaderOf = (m: (typeof d.materials)[number]) => {
      const subject = m.subject_member_id ?? (m.author_id === null ? null : (authorMember.get(m.author_id) ?? null));
      const sec = secretary(m.org_id);
      const leader = subject !== null && subject === sec ? secretary(parent.get(m.org_id) ?? null) : sec;
      return leader !== null && leader === subject ? null : leader;
    };
    const judged = (id: number, v: number | null, who: string) =>
      d.reviews.some((x) => x.material_id === id && x.version === v && x.reviewer === who);
    const ids = (xs: Array<{ id: number }>) => new Set(xs.map((x) => x.id));
    return new Map<WorkSection, Set<number>>([
      ['tasks_to_fill', ids(liveTasks.filter((x) => open(x.status) && unit.has(x.org_id)))],
      ['tasks_to_review', ids(liveTasks.filter((x) => x.status === 'submitted' && unit.has(parent.get(x.org_id)!)))],
      [
        'overdue_below',
        ids(liveTasks.filter((x) => open(x.status) && x.due < today && office.has(parent.get(x.org_id)!))),
      ],
      [
        'problems_mine',
        ids(
          d.problems.filter(
            (p) =>
              working(p.status) &&
              ((me !== null && (p.responsible_person_member_id === me || p.responsible_leader_member_id === me)) ||
                unit.has(p.org_id)),
          ),
        ),
      ],
      [
        'measures_mine',
        ids(
          d.measures.filter(
            (m) => me !== null && m.owner_member_id === me && working(problemOf.get(m.problem_id)!.status),
          ),
        ),
      ],
      [
        'problems_to_verify',
        ids(
          d.problems.filter(
            (p) =>
              p.status === 'awaiting' &&
              ancestors(p.org_id)
                .slice(0, 2)
                .some((x) => verify.has(x)),
          ),
        ),
      ],
      [
        'materials_to_write',
        ids(
          d.materials.filter(
            (m) =>
              open(m.status) &&
              orgActive.get(m.org_id) &&
              (m.author_id === acc.userId || (me !== null && m.subject_member_id === me)),
          ),
        ),
      ],
      [
        'materials_to_review',
        ids(
          d.materials.filter(
            (m) =>
              m.status === 'in_review' &&
              orgActive.get(m.org_id) &&
              m.author_id !== acc.userId &&
              ((m.needs_leader && !judged(m.id, m.submitted_version, 'leader') && me !== null && leaderOf(m) === me) ||
                (m.needs_team &&
                  !judged(m.id, m.submitted_version, 'team') &&
                  [m.org_id, ...ancestors(m.org_id)].some((x) => team.has(x)))),
          ),
        ),
      ],
      [
        'forms_to_answer',
        ids(
          d.forms.filter(
            (f) =>
              f.status === 'issued' &&
              ((f.recipient_org_id !== null && unit.has(f.recipient_org_id)) ||
                (me !== null && f.recipient_member_id === me)),
          ),
        ),
      ],
      [
        'notifications_unread',
        ids(
          d.notes.filter(
            (n) =>
              n.read_at === null &&
              (n.member_id !== null ? n.member_id === me && !inbox.has(n.org_id) : inbox.has(n.org_id)),
          ),
        ),
      ],
    ]);
  }

  it('holds exactly each account’s items, section by section, after random operations', async () => {
    const d = await dump();
    let compared = 0;
    let nonEmpty = 0;
    for (const acc of accounts) {
      const res = await acc.client.get('/api/workbench');
      expect(res.statusCode, res.body).toBe(200);
      const view = res.json() as WorkbenchView;
      const counts = (await acc.client.get('/api/workbench/counts')).json() as WorkbenchCounts;
      const want = bruteForce(d, acc);
      for (const s of view.sections) {
        const ids = want.get(s.section)!;
        const label = `${acc.name} ${s.section} (seed ${seed})`;
        expect(s.count, label).toBe(ids.size);
        expect(counts.sections[s.section], label).toBe(ids.size);
        expect(s.items.length, label).toBe(Math.min(ids.size, WORKBENCH_SECTION_LIMIT));
        for (const it of s.items) expect(ids.has(it.entityId), `${label}: ${it.key}`).toBe(true);
        // Nearest deadline first, no deadline last.
        const dues = s.items.map((x) => x.due ?? '9999-12-31');
        expect(dues, label).toEqual([...dues].sort());
        compared++;
        if (ids.size > 0) nonEmpty++;
      }
      // A section the page leaves out holds nothing for this account.
      for (const [section, ids] of want)
        if (!view.sections.some((s) => s.section === section)) expect(ids.size, `${acc.name} ${section}`).toBe(0);
      expect(view.total).toBe(view.sections.reduce((n, s) => n + s.count, 0));
      expect(counts.total).toBe(view.total);
    }
    expect(compared).toBeGreaterThan(40);
    // The random operations left work in many sections (the comparison is not over empty lists).
    expect(nonEmpty).toBeGreaterThan(15);
  });

  it('gives a plain member their own items only, and a secretary the branch’s and their own', async () => {
    const memA = accounts.find((x) => x.name === 'wb-a')!;
    const view = (await memA.client.get('/api/workbench')).json() as WorkbenchView;
    const sections = view.sections.map((s) => s.section);
    expect(sections).not.toContain('tasks_to_fill');
    expect(sections).not.toContain('tasks_to_review');
    expect(sections).not.toContain('overdue_below');
    for (const s of view.sections)
      if (s.section !== 'notifications_unread') for (const it of s.items) expect(it.mine, it.key).toBe(true);
    const sec1 = accounts.find((x) => x.name === 'wb-sec1')!;
    const secView = (await sec1.client.get('/api/workbench')).json() as WorkbenchView;
    expect(secView.sections.map((s) => s.section)).toContain('tasks_to_fill');
    const fill = secView.sections.find((s) => s.section === 'tasks_to_fill')!;
    for (const it of fill.items) expect(it.orgId).toBe(o.br1);
  });

  it('lets the responsible person report progress on their problem, from their workbench, and nobody else of their role', async () => {
    const sec1 = accounts.find((x) => x.name === 'wb-sec1')!;
    const memA = accounts.find((x) => x.name === 'wb-a')!;
    const memB = accounts.find((x) => x.name === 'wb-b')!;
    const p = await buildProblem(sec1.client, o.br1, 'phased', {
      responsiblePersonMemberId: memA.memberId,
      description: '党员联系群众台账记录不全',
    });
    for (const action of ['confirm', 'start'])
      expect((await sec1.client.post(`/api/problems/${p.id}/transition`, { action })).statusCode).toBe(200);
    const view = (await memA.client.get('/api/workbench')).json() as WorkbenchView;
    const item = view.sections.find((s) => s.section === 'problems_mine')!.items.find((x) => x.entityId === p.id);
    expect(item).toMatchObject({ mine: true, href: `/problems/${p.id}` });
    const mine = (await memA.client.get(`/api/problems/${p.id}`)).json();
    expect(mine.abilities).toMatchObject({ report: true, finish: false, edit: false, uploadEvidence: true });
    const other = (await memB.client.get(`/api/problems/${p.id}`)).json();
    expect(other.abilities).toMatchObject({ report: false, uploadEvidence: false });
    expect(
      (await memB.client.post(`/api/problems/${p.id}/transition`, { action: 'report', comment: '冒名' })).statusCode,
    ).toBe(403);
    expect((await memA.client.post(`/api/problems/${p.id}/transition`, { action: 'finish' })).statusCode).toBe(403);
    // Their progress text too; a member who is not responsible for it may not.
    expect((await memB.client.patch(`/api/problems/${p.id}/progress`, { progress: '冒名' })).statusCode).toBe(403);
    const text = await memA.client.patch(`/api/problems/${p.id}/progress`, { progress: '已建立联系户制度' });
    expect(text.statusCode, text.body).toBe(200);
    const done = await memA.client.post(`/api/problems/${p.id}/transition`, {
      action: 'report',
      comment: '已走访12户',
    });
    expect(done.statusCode, done.body).toBe(200);
    const events = await h.db.db
      .selectFrom('problem_events')
      .select(['action', 'actor_id', 'comment'])
      .where('problem_id', '=', p.id)
      .where('action', '=', 'report')
      .execute();
    expect(events).toEqual([{ action: 'report', actor_id: memA.userId, comment: '已走访12户' }]);
  });

  it('answers in the user’s language and asks to be signed in', async () => {
    const sec1 = accounts.find((x) => x.name === 'wb-sec1')!;
    await sec1.client.patch('/api/me', { locale: 'en' });
    const en = (await sec1.client.get('/api/workbench')).json() as WorkbenchView;
    const problem = en.sections.flatMap((s) => s.items).find((x) => x.entityType === 'problem');
    if (problem) expect(problem.title).toMatch(/^Problem \d+ /);
    const task = en.sections.flatMap((s) => s.items).find((x) => x.entityType === 'task');
    expect(task?.title).toContain('Test campaign');
    await sec1.client.patch('/api/me', { locale: 'zh-CN' });
    expect((await h.app.inject({ method: 'GET', url: '/api/workbench' })).statusCode).toBe(401);
  });
});
