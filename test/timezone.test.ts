import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import ExcelJS from 'exceljs';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { buildProblem } from './support/factories.ts';
import type { ProblemDetailView } from '../src/shared/ledger.ts';
import type { MeView } from '../src/shared/api.ts';

/**
 * One "today": with the clock at 2026-12-01T16:30Z it is already 2 December in Beijing (00:30) but
 * still 1 December in UTC and in New York (11:30). Export names, subtitles, "overdue" and the zone
 * the web is told all follow the configured MASSLINE_TZ — Asia/Shanghai unless set.
 * Only Date is faked, so the database's and Fastify's timers keep running.
 */
const NOW = new Date('2026-12-01T16:30:00Z');

/** RFC 5987 filename* of a Content-Disposition header, decoded. */
const starName = (header: unknown) => decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(String(header ?? ''))![1]);
/** The plain filename="…" of a Content-Disposition header. */
const plainName = (header: unknown) => /filename="([^"]+)"/.exec(String(header ?? ''))![1];

function scenario(
  label: string,
  env: Record<string, string>,
  expected: { zone: string; today: string; overdue: boolean },
) {
  describe(label, () => {
    let h: Harness;
    let office: Client;
    let sec: Client;
    let branch: number;
    let problem: number;

    beforeAll(async () => {
      vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
      h = await createHarness(env);
      const city = (await buildRoot(h, '中共时区市委员会')).id;
      const county = (await buildOrg(h, city, 'county', '时区县委')).id;
      branch = (await buildOrg(h, county, 'branch', '时区村党支部')).id;
      await buildUser(h, 'tz-office', [{ role: 'office', orgId: county }]);
      await buildUser(h, 'tz-sec', [{ role: 'unit_admin', orgId: branch }]);
      [office, sec] = await Promise.all([login(h, 'tz-office'), login(h, 'tz-sec')]);
      // A problem due on 1 December: overdue once the office's calendar says 2 December.
      problem = (
        await buildProblem(sec, branch, 'phased', {
          description: '文山会海问题',
          standard: '会议减少三分之一',
          deadline: '2026-12-01',
          measures: [{ content: '精简会议', owner: '党政办' }],
          milestones: [{ title: '制定办法', dueDate: '2026-11-20' }],
        })
      ).id;
      const c = await sec.post(`/api/problems/${problem}/transition`, { action: 'confirm' });
      expect(c.statusCode, c.body).toBe(200);
    });
    afterAll(async () => {
      await h?.close();
      vi.useRealTimers();
    });

    it('tells the web the zone (/api/me, login, /api/health)', async () => {
      expect(((await office.get('/api/me')).json() as MeView).timeZone).toBe(expected.zone);
      expect((await h.app.inject({ method: 'GET', url: '/api/health' })).json().timeZone).toBe(expected.zone);
    });

    it('names the member roster export by the office date', async () => {
      const res = await office.get(`/api/members/export?org=${branch}`);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      expect(starName(res.headers['content-disposition'])).toBe(`党员名册-时区村党支部-${expected.today}.xlsx`);
    });

    it('names and dates the ledger export by the office date', async () => {
      const res = await office.get(`/api/orgs/${branch}/ledger/export.xlsx`);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      expect(starName(res.headers['content-disposition'])).toBe(`问题整改台账-时区村党支部-${expected.today}.xlsx`);
      expect(plainName(res.headers['content-disposition'])).toBe(`ledger-${branch}-${expected.today}.xlsx`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      expect(String(wb.worksheets[0].getRow(2).getCell(1).value)).toContain(expected.today);
    });

    it('judges "overdue" by the office calendar', async () => {
      const d = (await office.get(`/api/problems/${problem}`)).json() as ProblemDetailView;
      expect(d.deadline).toBe('2026-12-01'); // a date-only value: never shifted
      expect(d.overdue).toBe(expected.overdue);
      expect(d.daysOverdue).toBe(expected.overdue ? 1 : 0);
      const list = (await office.get(`/api/problems?org=${branch}&overdue=true`)).json() as { items: unknown[] };
      expect(list.items).toHaveLength(expected.overdue ? 1 : 0);
    });
  });
}

scenario(
  'default zone (Asia/Shanghai): already 2 December',
  {},
  { zone: 'Asia/Shanghai', today: '2026-12-02', overdue: true },
);
scenario(
  'MASSLINE_TZ=America/New_York: still 1 December',
  { MASSLINE_TZ: 'America/New_York' },
  { zone: 'America/New_York', today: '2026-12-01', overdue: false },
);
