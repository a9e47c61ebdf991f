import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { buildProblem } from './support/factories.ts';
import { addDays, dateIn } from '../src/server/platform/dates.ts';
import { runReminders } from '../src/server/modules/reminders/reminders.service.ts';
import {
  PROBLEM_ESCALATION_DAYS,
  type MeasureDueSoonParams,
  type NotificationPage,
  type ProblemEscalationParams,
} from '../src/shared/notices.ts';

const PROBLEM_KINDS = [
  'problem_due_soon',
  'measure_due_soon',
  'milestone_due_soon',
  'problem_overdue',
  'problem_escalation',
] as const;

/**
 * Rectification reminders: 7, 3 and 1 days before a problem's, a measure's or a milestone's date,
 * to the unit and the linked person; after an open problem's deadline, overdue to both and an
 * escalation to the level above — once each, with runReminders run every day of a 20-day window.
 *
 *  city ── county ── town ─┬─ br   (members li: responsible person, wang: a measure's owner)
 *                          └─ brX  (outsider)
 */
describe('rectification reminders and escalation', () => {
  let h: Harness;
  const o: Record<string, number> = {};
  const m: Record<string, number> = {};
  let sec: Client;
  let town: Client;
  let li: Client;
  let wang: Client;
  let outsider: Client;
  const base = dateIn();
  const d = (k: number) => addDays(base, k);
  /** dedupe key → the day of the window its row appeared. */
  const firstSeen = new Map<string, string>();
  const p: Record<string, { id: number; measures: number[]; milestones: number[] }> = {};

  const rows = () =>
    h.db.db
      .selectFrom('notifications')
      .select(['id', 'org_id', 'member_id', 'kind', 'dedupe_key', 'params'])
      .where('kind', 'in', [...PROBLEM_KINDS])
      .orderBy('id')
      .execute();
  const act = async (c: Client, id: number, action: string) => {
    const r = await c.post(`/api/problems/${id}/transition`, { action });
    expect(r.statusCode, r.body).toBe(200);
  };
  const member = async (c: Client, orgId: number, name: string) => {
    const r = await c.post('/api/members', {
      orgId,
      name,
      gender: 'male',
      birthDate: '1975-03-01',
      category: 'ordinary',
      joinDate: '2000-07-01',
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as number;
  };
  /** A problem of br with one owned measure, one measure without a date, and two milestones (one done). */
  const problem = async (label: string, deadline: string, measureDue: string, milestoneDue: string) => {
    const created = await buildProblem(sec, o.br, 'phased', {
      description: `问题${label}：学习流于形式`,
      deadline,
      measures: [
        { content: `${label}措施一：建立学习台账`, owner: '王五', deadline: measureDue },
        { content: `${label}措施二：常态化督促`, owner: '党支部' },
      ],
      milestones: [
        { title: `${label}节点一：制定方案`, dueDate: milestoneDue },
        { title: `${label}节点二：完成自查`, dueDate: addDays(milestoneDue, 1) },
      ],
    });
    const measures = (
      await h.db.db
        .selectFrom('problem_measures')
        .select('id')
        .where('problem_id', '=', created.id)
        .orderBy('seq')
        .execute()
    ).map((x) => x.id);
    const milestones = (
      await h.db.db
        .selectFrom('problem_milestones')
        .select('id')
        .where('problem_id', '=', created.id)
        .orderBy('seq')
        .execute()
    ).map((x) => x.id);
    // The person links (what the pickers write): li is responsible, wang owns the first measure;
    // the second milestone is done already.
    await h.db.db
      .updateTable('problems')
      .set({ responsible_person_member_id: m.li })
      .where('id', '=', created.id)
      .execute();
    await h.db.db
      .updateTable('problem_measures')
      .set({ owner_member_id: m.wang })
      .where('id', '=', measures[0])
      .execute();
    await h.db.db
      .updateTable('problem_milestones')
      .set({ done_at: new Date() })
      .where('id', '=', milestones[1])
      .execute();
    p[label] = { id: created.id, measures, milestones };
    return p[label];
  };

  beforeAll(async () => {
    h = await createHarness();
    o.city = (await buildRoot(h, '中共整改市委员会')).id;
    o.county = (await buildOrg(h, o.city, 'county', '整改县委')).id;
    o.town = (await buildOrg(h, o.county, 'township', '整改镇党委')).id;
    o.br = (await buildOrg(h, o.town, 'branch', '整改村党支部')).id;
    o.brX = (await buildOrg(h, o.town, 'branch', '邻村党支部')).id;
    await buildUser(h, 'town', [{ role: 'office', orgId: o.town }]);
    await buildUser(h, 'sec', [{ role: 'unit_admin', orgId: o.br }]);
    await buildUser(h, 'outsider', [{ role: 'unit_admin', orgId: o.brX }]);
    const liId = await buildUser(h, 'li', [{ role: 'member', orgId: o.br }]);
    const wangId = await buildUser(h, 'wang', [{ role: 'member', orgId: o.br }]);
    town = await login(h, 'town');
    sec = await login(h, 'sec');
    outsider = await login(h, 'outsider');
    m.li = await member(sec, o.br, '李四');
    m.wang = await member(sec, o.br, '王五');
    await h.db.db.updateTable('users').set({ member_id: m.li }).where('id', '=', liId).execute();
    await h.db.db.updateTable('users').set({ member_id: m.wang }).where('id', '=', wangId).execute();
    li = await login(h, 'li');
    wang = await login(h, 'wang');

    // A: open all along. Deadline day 10, measure day 6, milestone day 4.
    await act(sec, (await problem('A', d(10), d(6), d(4))).id, 'confirm');
    // B: open, closed on day 2 (after its first reminders). Deadline day 5.
    await act(sec, (await problem('B', d(5), d(5), d(4))).id, 'confirm');
    // C: closed before the window; D: a draft (not confirmed): neither is ever reminded.
    await act(sec, (await problem('C', d(6), d(6), d(5))).id, 'confirm');
    await h.db.db.updateTable('problems').set({ status: 'closed' }).where('id', '=', p.C.id).execute();
    await problem('D', d(6), d(6), d(5));
  });
  afterAll(async () => h?.close());

  it('fires at 7/3/1 days and overdue/escalation after the deadline, once each, over 20 daily runs', async () => {
    for (let k = 0; k < 20; k++) {
      const day = d(k);
      if (k === 2) {
        // B is verified and closed (set directly: the ledger's own tests cover the workflow).
        await h.db.db.updateTable('problems').set({ status: 'closed' }).where('id', '=', p.B.id).execute();
      }
      const before = (await rows()).length;
      const r = await runReminders(h.db.db, day);
      const after = await rows();
      for (const x of after.slice(before)) firstSeen.set(x.dedupe_key!, day);
      expect(
        r.problemDueSoon + r.measureDueSoon + r.milestoneDueSoon + r.problemOverdue + r.problemEscalations,
        day,
      ).toBe(after.length - before);
      // The same day again adds nothing.
      const again = await runReminders(h.db.db, day);
      expect(again).toMatchObject({
        problemDueSoon: 0,
        measureDueSoon: 0,
        milestoneDueSoon: 0,
        problemOverdue: 0,
        problemEscalations: 0,
      });
      expect((await rows()).length, `${day} again`).toBe(after.length);
    }
    const all = await rows();
    // Rows per kind and recipient (unit inbox, a person, the level above).
    const count = (kind: string, problemId: number, who: 'unit' | number | 'above') =>
      all.filter(
        (x) =>
          x.kind === kind &&
          (x.params as { problemId: number }).problemId === problemId &&
          (who === 'unit'
            ? x.member_id === null && x.org_id === o.br
            : who === 'above'
              ? x.member_id === null && x.org_id === o.town
              : x.member_id === who),
      ).length;
    const A = p.A.id;
    expect(count('problem_due_soon', A, 'unit')).toBe(3);
    expect(count('problem_due_soon', A, m.li)).toBe(3);
    expect(count('problem_due_soon', A, m.wang)).toBe(0);
    expect(count('measure_due_soon', A, 'unit')).toBe(3);
    expect(count('measure_due_soon', A, m.wang)).toBe(3);
    expect(count('measure_due_soon', A, m.li)).toBe(0);
    expect(count('milestone_due_soon', A, 'unit')).toBe(3);
    expect(count('milestone_due_soon', A, m.li)).toBe(3);
    expect(count('problem_overdue', A, 'unit')).toBe(1);
    expect(count('problem_overdue', A, m.li)).toBe(1);
    expect(count('problem_escalation', A, 'above')).toBe(1);
    expect(all.filter((x) => x.kind === 'problem_escalation').every((x) => x.org_id === o.town)).toBe(true);
    expect(all.filter((x) => (x.params as { problemId: number }).problemId === A)).toHaveLength(21);

    // On which day: the 7th, 3rd and 1st day before (the first run inside a bucket), the day after,
    // and the first day past the escalation period.
    const seen = (k: string) => firstSeen.get(k) ?? null;
    expect(seen(`pdue:${A}:${d(10)}:7`)).toBe(d(3));
    expect(seen(`pdue:${A}:${d(10)}:7:m${m.li}`)).toBe(d(3));
    expect(seen(`pdue:${A}:${d(10)}:3`)).toBe(d(7));
    expect(seen(`pdue:${A}:${d(10)}:1`)).toBe(d(9));
    const [mA] = p.A.measures;
    expect(seen(`mdue:${mA}:${d(6)}:7`)).toBe(d(0)); // first seen with 6 days left
    expect(seen(`mdue:${mA}:${d(6)}:3:m${m.wang}`)).toBe(d(3));
    expect(seen(`mdue:${mA}:${d(6)}:1`)).toBe(d(5));
    const [msA, msDone] = p.A.milestones;
    expect(seen(`msdue:${msA}:${d(4)}:7`)).toBe(d(0));
    expect(seen(`msdue:${msA}:${d(4)}:3`)).toBe(d(1));
    expect(seen(`msdue:${msA}:${d(4)}:1:m${m.li}`)).toBe(d(3));
    expect([...firstSeen.keys()].some((k) => k.startsWith(`msdue:${msDone}:`))).toBe(false);
    expect(seen(`pover:${A}:${d(10)}`)).toBe(d(11));
    expect(seen(`pover:${A}:${d(10)}:m${m.li}`)).toBe(d(11));
    expect(seen(`pesc:${A}:${d(10)}`)).toBe(d(10 + PROBLEM_ESCALATION_DAYS + 1));

    // B was reminded while open (the 7-day buckets on day 0), then nothing once closed on day 2.
    const B = p.B.id;
    expect(all.filter((x) => (x.params as { problemId: number }).problemId === B).map((x) => x.dedupe_key)).toEqual(
      expect.arrayContaining([`pdue:${B}:${d(5)}:7`, `pdue:${B}:${d(5)}:7:m${m.li}`]),
    );
    expect(
      all.filter((x) => (x.params as { problemId: number }).problemId === B && firstSeen.get(x.dedupe_key!)! >= d(2)),
    ).toEqual([]);
    expect(count('problem_overdue', B, 'unit') + count('problem_escalation', B, 'above')).toBe(0);
    // The closed problem and the draft: none.
    for (const label of ['C', 'D'])
      expect(all.filter((x) => (x.params as { problemId: number }).problemId === p[label].id)).toEqual([]);

    // What the web renders.
    const measureRow = all.find((x) => x.dedupe_key === `mdue:${mA}:${d(6)}:3:m${m.wang}`)!;
    expect(measureRow.params as MeasureDueSoonParams).toEqual({
      unit: '整改村党支部',
      problemId: A,
      seq: expect.any(Number),
      description: '问题A：学习流于形式',
      measureId: mA,
      measure: 'A措施一：建立学习台账',
      dueDate: d(6),
      days: 3,
      threshold: 3,
    });
    const esc = all.find((x) => x.dedupe_key === `pesc:${A}:${d(10)}`)!;
    expect(esc.params as ProblemEscalationParams).toMatchObject({
      unitId: o.br,
      dueDate: d(10),
      daysOverdue: PROBLEM_ESCALATION_DAYS + 1,
      escalationDays: PROBLEM_ESCALATION_DAYS,
    });
  });

  it('the rows reach the unit, the person and the level above through the inbox, and nobody else', async () => {
    const all = await rows();
    const inbox = async (c: Client) =>
      ((await c.get('/api/notifications?limit=200')).json() as NotificationPage).items.filter((n) =>
        (PROBLEM_KINDS as readonly string[]).includes(n.kind),
      );
    const ids = (xs: Array<{ id: number }>) => xs.map((x) => x.id).sort((a, b) => a - b);
    expect(ids(await inbox(li))).toEqual(ids(all.filter((x) => x.member_id === m.li)));
    expect(ids(await inbox(wang))).toEqual(ids(all.filter((x) => x.member_id === m.wang)));
    expect((await inbox(wang)).every((n) => n.kind === 'measure_due_soon' && n.personal)).toBe(true);
    expect(ids(await inbox(sec))).toEqual(ids(all.filter((x) => x.member_id === null && x.org_id === o.br)));
    expect((await inbox(sec)).every((n) => !n.personal)).toBe(true);
    expect(ids(await inbox(town))).toEqual(ids(all.filter((x) => x.org_id === o.town)));
    expect(await inbox(outsider)).toEqual([]);
    // A later day adds nothing more for these problems.
    const r = await runReminders(h.db.db, d(40));
    expect(r.problemDueSoon + r.measureDueSoon + r.milestoneDueSoon + r.problemOverdue + r.problemEscalations).toBe(0);
  });
});
