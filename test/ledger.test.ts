import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { problemBody } from './support/factories.ts';
import { rng } from './support/random.ts';
import { addDays, dateIn } from '../src/server/platform/dates.ts';
import { verifyProblemStats } from '../src/server/modules/ledger/ledger.verify.ts';
import {
  PROBLEM_ACTIONS,
  PROBLEM_CATEGORIES,
  PROBLEM_KINDS,
  PROBLEM_STATUSES,
  PROBLEM_TRANSITIONS,
  type LedgerSummaryView,
  type ProblemDetailView,
  type ProblemPage,
  type ProblemStatus,
} from '../src/shared/ledger.ts';

/**
 *  city
 *  ├─ county ─┬─ town1 ─┬─ br1a
 *  │          │         └─ br1b
 *  │          └─ town2 ── br2a
 *  └─ other ── brX
 */
describe('problem ledger: transitions, guards, cycles, scope, evidence, counters', () => {
  let h: Harness;
  const o: Record<string, number> = {};
  let office: Client; // office @ county: verifies below, records anywhere in the county
  let sec: Client; // unit_admin @ br1a: rectifies its own problems
  let supervisor: Client; // supervisor @ town1: may verify br1a's problems
  let outsider: Client; // unit_admin @ brX
  let cityOffice: Client; // office @ city
  const today = dateIn();

  const complete = (orgId: number, kind: string, extra: Record<string, unknown> = {}) =>
    problemBody(orgId, kind as 'immediate' | 'phased' | 'long_term', extra);

  const create = async (c: Client, body: Record<string, unknown>): Promise<ProblemDetailView> => {
    const r = await c.post('/api/problems', body);
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  };
  const act = (c: Client, id: number, action: string, comment?: string) =>
    c.post(`/api/problems/${id}/transition`, { action, comment });
  const detail = async (c: Client, id: number): Promise<ProblemDetailView> =>
    (await c.get(`/api/problems/${id}`)).json();
  const evidence = (c: Client, id: number, name: string, content: string, milestoneId?: number) => {
    const boundary = '----ml' + Math.random().toString(16).slice(2);
    const parts = [
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n`,
    ];
    if (milestoneId)
      parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="milestoneId"\r\n\r\n${milestoneId}\r\n`);
    parts.push(`--${boundary}--\r\n`);
    return h.app.inject({
      method: 'POST',
      url: `/api/problems/${id}/evidence`,
      payload: Buffer.from(parts.join('')),
      headers: {
        cookie: c.cookie,
        'x-csrf-token': c.csrf,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
    });
  };

  /** Drives a new problem of `kind` at br1a to `status` along legal moves, guards satisfied. */
  async function reach(kind: string, status: ProblemStatus): Promise<ProblemDetailView> {
    let p = await create(sec, complete(o.br1a, kind));
    const ok = async (r: Awaited<ReturnType<typeof act>>) => {
      expect(r.statusCode, r.body).toBe(200);
      p = r.json();
    };
    if (status === 'draft') return p;
    await ok(await act(sec, p.id, 'confirm'));
    if (status === 'pending') return p;
    await ok(await act(sec, p.id, 'start'));
    if (status === 'in_progress') return p;
    await satisfyFinish(p);
    await ok(await act(sec, p.id, 'finish'));
    if (status === 'awaiting') return p;
    await ok(await act(office, p.id, 'verify'));
    return p;
  }

  async function satisfyFinish(p: ProblemDetailView) {
    expect((await evidence(sec, p.id, '整改报告.txt', `report ${p.id} cycle ${p.cycle}`)).statusCode).toBe(200);
    for (const m of p.milestones) {
      expect((await evidence(sec, p.id, `节点${m.seq}.txt`, `m ${m.id} ${p.cycle}`, m.id)).statusCode).toBe(200);
      const r = await sec.post(`/api/problems/${p.id}/milestones/${m.id}`, { done: true, note: '已完成' });
      expect(r.statusCode, r.body).toBe(200);
    }
    expect(
      (await sec.patch(`/api/problems/${p.id}/progress`, { effect: '会议数量同比下降40%', progress: '已按期完成' }))
        .statusCode,
    ).toBe(200);
  }

  beforeAll(async () => {
    h = await createHarness();
    o.city = (await buildRoot(h, '中共台账市委员会')).id;
    o.county = (await buildOrg(h, o.city, 'county', '台账县委')).id;
    o.other = (await buildOrg(h, o.city, 'county', '另一县委')).id;
    o.town1 = (await buildOrg(h, o.county, 'township', '一镇党委')).id;
    o.town2 = (await buildOrg(h, o.county, 'township', '二镇党委')).id;
    o.br1a = (await buildOrg(h, o.town1, 'branch', '一村党支部')).id;
    o.br1b = (await buildOrg(h, o.town1, 'branch', '二村党支部')).id;
    o.br2a = (await buildOrg(h, o.town2, 'branch', '三村党支部')).id;
    o.brX = (await buildOrg(h, o.other, 'branch', '外村党支部')).id;
    await buildUser(h, 'l-office', [{ role: 'office', orgId: o.county }]);
    await buildUser(h, 'l-sec', [{ role: 'unit_admin', orgId: o.br1a }]);
    await buildUser(h, 'l-sup', [{ role: 'supervisor', orgId: o.town1 }]);
    await buildUser(h, 'l-out', [{ role: 'unit_admin', orgId: o.brX }]);
    await buildUser(h, 'l-city', [{ role: 'office', orgId: o.city }]);
    [office, sec, supervisor, outsider, cityOffice] = await Promise.all(
      ['l-office', 'l-sec', 'l-sup', 'l-out', 'l-city'].map((u) => login(h, u)),
    );
  });
  afterAll(() => h?.close());

  it('accepts exactly the moves of the transition table, for every status, action and kind', async () => {
    for (const kind of ['immediate', 'phased'] as const) {
      for (const from of PROBLEM_STATUSES) {
        for (const action of PROBLEM_ACTIONS) {
          const p = await reach(kind, from);
          if (action === 'finish' && (from === 'in_progress' || (from === 'pending' && kind === 'immediate')))
            await satisfyFinish(p);
          const legal = PROBLEM_TRANSITIONS.find(
            (t) => t.from === from && t.action === action && (!t.kinds || t.kinds.includes(kind)),
          );
          const by = legal?.by ?? (['verify', 'return', 'reopen'].includes(action) ? 'verifier' : 'unit');
          const r = await act(by === 'verifier' ? office : sec, p.id, action, '理由说明');
          const after = await detail(office, p.id);
          if (legal) {
            expect(r.statusCode, `${kind} ${from} ${action}: ${r.body}`).toBe(200);
            expect(after.status).toBe(legal.to);
          } else {
            expect(r.statusCode, `${kind} ${from} ${action}`).toBe(409);
            expect(r.json().error.code).toBe('PROBLEM_TRANSITION');
            expect(after.status).toBe(from);
          }
        }
      }
    }
    expect(await verifyProblemStats(h.db.db)).toEqual([]);
  });

  it('guards: five clear to confirm, evidence, effect and milestones to finish, comments to return', async () => {
    // Missing owner, standard, measures and deadline: confirm names them all, in Chinese and English.
    const bare = await create(sec, {
      orgId: o.br1a,
      source: 'opinion',
      category: 'bureaucratism',
      description: '办事效率不高',
      kind: 'phased',
    });
    expect(bare.missing).toEqual(['owner', 'standard', 'measures', 'deadline']);
    let r = await act(sec, bare.id, 'confirm');
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('PROBLEM_INCOMPLETE');
    expect(r.json().error.message).toContain('整改标准');
    await h.db.db.updateTable('users').set({ locale: 'en' }).where('username', '=', 'l-sec').execute();
    r = await act(sec, bare.id, 'confirm');
    expect(r.json().error.message).toContain('Standard'); // the five-clear labels the web shows too
    await h.db.db.updateTable('users').set({ locale: 'zh-CN' }).where('username', '=', 'l-sec').execute();
    // Completed in draft, it confirms.
    r = await sec.patch(`/api/problems/${bare.id}`, {
      responsibleLeader: '王镇长',
      responsiblePerson: '赵干事',
      standard: '群众办事一次办结',
      deadline: addDays(today, 20),
      measures: [{ content: '推行首问负责制' }],
      milestones: [{ title: '公开办事流程', dueDate: addDays(today, 5) }],
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().missing).toEqual([]);
    expect((await act(sec, bare.id, 'confirm')).statusCode).toBe(200);
    // Confirmed: particulars are frozen.
    expect((await sec.patch(`/api/problems/${bare.id}`, { description: '改' })).json().error.code).toBe(
      'PROBLEM_NOT_DRAFT',
    );
    expect((await act(sec, bare.id, 'start')).statusCode).toBe(200);

    r = await act(sec, bare.id, 'finish');
    expect(r.json().error.code).toBe('PROBLEM_NO_EVIDENCE');
    await evidence(sec, bare.id, '报告.txt', 'x');
    expect((await act(sec, bare.id, 'finish')).json().error.code).toBe('PROBLEM_NO_EFFECT');
    await sec.patch(`/api/problems/${bare.id}/progress`, { effect: '办结率达到100%' });
    r = await act(sec, bare.id, 'finish');
    expect(r.json().error.code).toBe('PROBLEM_MILESTONES_OPEN');
    expect(r.json().error.message).toContain('公开办事流程');
    // A milestone is done only with its own evidence.
    const ms = (await detail(sec, bare.id)).milestones[0];
    expect((await sec.post(`/api/problems/${bare.id}/milestones/${ms.id}`, { done: true })).json().error.code).toBe(
      'PROBLEM_NO_EVIDENCE',
    );
    await evidence(sec, bare.id, '流程图.txt', 'flow', ms.id);
    expect((await sec.post(`/api/problems/${bare.id}/milestones/${ms.id}`, { done: true })).statusCode).toBe(200);
    // Periodic progress reports need their text and keep the status.
    expect((await act(sec, bare.id, 'report')).json().error.code).toBe('COMMENT_REQUIRED');
    expect((await act(sec, bare.id, 'report', '本月完成流程公开')).json().status).toBe('in_progress');
    expect((await act(sec, bare.id, 'finish')).json().status).toBe('awaiting');
    expect((await act(office, bare.id, 'return')).json().error.code).toBe('COMMENT_REQUIRED');

    // Immediate problems go from pending straight to verification, with evidence and effect.
    const now = await create(sec, complete(o.br1a, 'immediate'));
    await act(sec, now.id, 'confirm');
    await evidence(sec, now.id, '照片.jpg', 'jpeg-bytes');
    await sec.patch(`/api/problems/${now.id}/progress`, { effect: '当场整改到位' });
    expect((await act(sec, now.id, 'finish')).json().status).toBe('awaiting');
    const closed = (await act(office, now.id, 'verify')).json() as ProblemDetailView;
    expect(closed.status).toBe('closed');
    expect(closed.closedAt).not.toBeNull();
    expect(closed.evidence.every((e) => e.verifiedAt)).toBe(true);
    // Fed back from above: the problem records the level it came from.
    const down = await create(office, complete(o.br1a, 'phased', { source: 'higher_level' }));
    expect(down.sentDownFrom).toBe('台账县委');
    expect((await create(office, complete(o.br1a, 'phased'))).sentDownFrom).toBeNull();
    // A long-term problem without an end date is five clear with dated milestones.
    const lt = await create(sec, complete(o.br1a, 'long_term'));
    expect(lt.deadline).toBeNull();
    expect(lt.missing).toEqual([]);
  });

  it('reopen starts a new numbered cycle that needs its own evidence; history keeps every cycle', async () => {
    const p = await reach('phased', 'closed');
    const r = await act(office, p.id, 'reopen', '群众反映问题反弹');
    expect(r.statusCode).toBe(200);
    let d = r.json() as ProblemDetailView;
    expect(d.cycle).toBe(2);
    expect(d.status).toBe('in_progress');
    expect(d.closedAt).toBeNull();
    expect(d.milestones.every((m) => m.doneAt === null)).toBe(true);
    // Cycle 1's evidence stays (verified) but does not count for cycle 2.
    expect(d.evidence.filter((e) => e.cycle === 1).every((e) => e.verifiedAt)).toBe(true);
    expect((await act(sec, p.id, 'finish')).json().error.code).toBe('PROBLEM_NO_EVIDENCE');
    await satisfyFinish(d);
    expect((await act(sec, p.id, 'finish')).statusCode).toBe(200);
    d = (await act(supervisor, p.id, 'verify')).json();
    expect(d.status).toBe('closed');
    expect(d.evidence.filter((e) => e.cycle === 2).length).toBeGreaterThan(0);
    const actions = d.events.map((e) => `${e.cycle}:${e.action}`);
    expect(actions).toContain('1:verify');
    expect(actions).toContain('2:reopen');
    expect(actions).toContain('2:verify');
    expect(d.events.find((e) => e.action === 'reopen')!.comment).toBe('群众反映问题反弹');
  });

  it('keeps evidence versions with their SHA-256', async () => {
    const p = await reach('phased', 'in_progress');
    await evidence(sec, p.id, '整改方案.txt', 'first draft');
    const d = (await (await evidence(sec, p.id, '整改方案.txt', 'second draft')).json()) as ProblemDetailView;
    const versions = d.evidence.filter((e) => e.filename === '整改方案.txt');
    expect(versions.map((e) => e.version)).toEqual([1, 2]);
    expect(versions[1].sha256).toBe(createHash('sha256').update('second draft').digest('hex'));
    const dl = await sec.get(versions[0].url);
    expect(dl.statusCode).toBe(200);
    expect(dl.body).toBe('first draft');
    expect((await outsider.get(versions[0].url)).statusCode).toBe(404);
    // Not an accepted type: refused, nothing stored.
    const before = d.evidence.length;
    expect((await evidence(sec, p.id, 'run.exe', 'MZ')).statusCode).toBe(415);
    expect((await detail(sec, p.id)).evidence.length).toBe(before);
  });

  it('refuses out-of-scope reads and writes with 404 and changes nothing; a unit never verifies itself', async () => {
    const p = await reach('immediate', 'awaiting');
    const auditBefore = Number(
      (
        await h.db.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', 'like', 'problem.%')
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect((await outsider.get(`/api/problems/${p.id}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/problems?org=${o.br1a}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/problems/summary?org=${o.county}`)).statusCode).toBe(404);
    expect((await act(outsider, p.id, 'verify')).statusCode).toBe(404);
    expect((await outsider.patch(`/api/problems/${p.id}/progress`, { effect: 'x' })).statusCode).toBe(404);
    expect((await outsider.post('/api/problems', complete(o.br1a, 'phased'))).statusCode).toBe(404);
    // The unit itself: inside scope but not above it.
    expect((await act(sec, p.id, 'verify')).statusCode).toBe(403);
    // A supervisor records problems but does not rectify them.
    expect((await supervisor.patch(`/api/problems/${p.id}/progress`, { effect: 'x' })).statusCode).toBe(403);
    expect((await detail(office, p.id)).status).toBe('awaiting');
    const auditAfter = Number(
      (
        await h.db.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', 'like', 'problem.%')
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(auditAfter).toBe(auditBefore);
    const denied = await h.db.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'access.denied')
      .where('entity_type', '=', 'problem')
      .execute();
    expect(denied.length).toBeGreaterThan(0);
  });

  it('random operations and tree moves keep every roll-up equal to a recount and to the drill-down lists', async () => {
    const g = rng(20261123);
    const units = [o.br1a, o.br1b, o.br2a, o.town1, o.town2, o.county];
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) {
      const kind = g.pick(PROBLEM_KINDS);
      const past = g.chance(0.4);
      const p = await create(
        office,
        complete(g.pick(units), kind, {
          category: g.pick(PROBLEM_CATEGORIES),
          deadline: kind === 'long_term' && g.chance(0.5) ? null : addDays(today, past ? -g.int(1, 40) : g.int(1, 40)),
        }),
      );
      ids.push(p.id);
      const steps = g.int(0, 4);
      for (let s = 0; s < steps; s++) {
        const d = await detail(office, p.id);
        const possible = PROBLEM_ACTIONS.filter((a) => d.abilities[a]);
        if (possible.length === 0) break;
        const action = g.pick(possible.filter((a) => a !== 'finish' || true));
        if (action === 'finish') {
          await evidence(office, p.id, 'e.txt', `e${p.id}-${s}`);
          for (const m of d.milestones) {
            await evidence(office, p.id, 'm.txt', `m${m.id}-${s}`, m.id);
            await office.post(`/api/problems/${p.id}/milestones/${m.id}`, { done: true });
          }
          await office.patch(`/api/problems/${p.id}/progress`, { effect: '见效' });
        }
        // The county office may do both sides below it; at the county itself only the city verifies.
        const verifier = d.orgId === o.county ? cityOffice : office;
        const by = PROBLEM_TRANSITIONS.find((t) => t.action === action)!.by;
        const r = await act(by === 'verifier' ? verifier : office, p.id, action, '说明');
        expect(r.statusCode, r.body).toBe(200);
      }
    }
    // Move town2 under the other county, and back under town1's parent: the roll-ups follow.
    expect((await cityOffice.post(`/api/orgs/${o.town2}/move`, { parentId: o.other })).statusCode).toBe(200);
    expect(await verifyProblemStats(h.db.db)).toEqual([]);
    expect((await cityOffice.post(`/api/orgs/${o.town2}/move`, { parentId: o.county })).statusCode).toBe(200);
    expect(await verifyProblemStats(h.db.db)).toEqual([]);

    // Every figure of the summary equals the count of the list with the same filter.
    for (const org of [o.city, o.county, o.town1, o.br1a]) {
      const s = (await cityOffice.get(`/api/problems/summary?org=${org}`)).json() as LedgerSummaryView;
      // The rows themselves (not the page's total, which comes from the same counters).
      const total = async (q: string) => {
        const page = (await cityOffice.get(`/api/problems?org=${org}&limit=200${q}`)).json() as ProblemPage;
        expect(page.next).toBeNull();
        expect(page.total).toBe(page.items.length);
        return page.items.length;
      };
      expect(s.figures.total).toBe(await total(''));
      for (const st of PROBLEM_STATUSES)
        expect(s.figures.byStatus[st], `${org} ${st}`).toBe(await total(`&status=${st}`));
      for (const k of PROBLEM_KINDS) expect(s.figures.byKind[k]).toBe(await total(`&kind=${k}`));
      for (const c of PROBLEM_CATEGORIES) expect(s.figures.byCategory[c]).toBe(await total(`&category=${c}`));
      expect(s.figures.overdue).toBe(await total('&overdue=true'));
      for (const child of s.children) {
        expect(child.figures.total).toBe(
          ((await cityOffice.get(`/api/problems?org=${child.org.id}&limit=200`)).json() as ProblemPage).items.length,
        );
      }
    }
    const county = (await office.get(`/api/problems/summary?org=${o.county}`)).json() as LedgerSummaryView;
    expect(county.figures.overdue).toBeGreaterThan(0);
    expect(county.parent).toBeNull(); // the city is outside the county office's scope
  });

  it('pages the ledger by keyset for every sort, each row exactly once', async () => {
    for (const sort of ['newest', 'deadline', 'seq']) {
      const seen: number[] = [];
      let after: string | null = null;
      let total: number;
      do {
        const page: ProblemPage = (
          await office.get(`/api/problems?org=${o.county}&sort=${sort}&limit=7${after ? `&after=${after}` : ''}`)
        ).json();
        total = page.total;
        seen.push(...page.items.map((p) => p.id));
        after = page.next;
      } while (after);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(total);
    }
    expect((await office.get(`/api/problems?org=${o.county}&after=%%%`)).statusCode).toBe(400);
  });

  it('tells the actor what it may do: the org on the summary, every list row and the detail', async () => {
    const s = (await office.get(`/api/problems/summary?org=${o.county}`)).json() as LedgerSummaryView;
    expect(s.abilities).toEqual({ create: true, import: true, export: true });
    const sup = (await supervisor.get(`/api/problems/summary?org=${o.town1}`)).json() as LedgerSummaryView;
    expect(sup.abilities).toEqual({ create: true, import: false, export: true });
    const page = (await office.get(`/api/problems?org=${o.county}&limit=20`)).json() as ProblemPage;
    expect(page.items.length).toBeGreaterThan(0);
    for (const p of page.items) expect(p.abilities, `problem ${p.id}`).toEqual((await detail(office, p.id)).abilities);
    // A key handed out for one order is refused, as a field error on `after`, for another.
    const first = (await office.get(`/api/problems?org=${o.county}&sort=deadline&limit=1`)).json() as ProblemPage;
    expect(first.next).not.toBeNull();
    const r = await office.get(`/api/problems?org=${o.county}&sort=seq&after=${first.next}`);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details[0].path).toBe('after');
  });

  it('exports the effect list (成效清单): every closed problem of the subtree with its effect and closing date', async () => {
    const r = await office.get(`/api/orgs/${o.county}/ledger/export.xlsx?subtree=true&view=effects`);
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(String(ws.getCell(1, 1).value)).toContain('整改成效清单');
    const header = (ws.getRow(3).values as unknown[]).map(String);
    const effectCol = header.indexOf('整改成效');
    const closedCol = header.indexOf('销号日期');
    expect(effectCol).toBeGreaterThan(0);
    const rows: ExcelJS.Row[] = [];
    ws.eachRow((row, n) => n > 3 && rows.push(row));
    const closed = ((await office.get(`/api/problems?org=${o.county}&status=closed&limit=200`)).json() as ProblemPage)
      .items;
    expect(rows.length).toBe(closed.length);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(String(row.getCell(effectCol).value ?? '').length).toBeGreaterThan(0);
      expect(String(row.getCell(closedCol).value ?? '')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});
