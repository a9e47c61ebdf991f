import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { buildRandomTree, subtreeOf, type RandomTree } from './support/tree.ts';
import { rng } from './support/random.ts';
import { convertToPdf, pdfText, pdfToPng, waitForSoffice } from './support/office.ts';
import { addDays, dateIn, daysBetween } from '../src/server/platform/dates.ts';
import { ENUM_LABELS } from '../src/server/platform/i18n.ts';
import type { CampaignDetailView, ProgressView, RedListView, TaskPage, TaskView } from '../src/shared/campaigns.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, '.tmp', 'exports');
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const DOC_NUMBER = '城活办〔2026〕3号';
const ZH_STATUS = ENUM_LABELS['zh-CN'].taskStatus;

type Values = unknown[];
/** Every row of every sheet, as plain values (rich text and formulas flattened), column 1 first. */
async function readBook(buf: Buffer): Promise<Array<{ name: string; rows: Values[] }>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const rows: Values[] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      rows[n - 1] = (row.values as unknown[])
        .slice(1)
        .map((v) =>
          v && typeof v === 'object' && 'richText' in v
            ? (v as { richText: Array<{ text: string }> }).richText.map((r) => r.text).join('')
            : v,
        );
    });
    for (let i = 0; i < rows.length; i++) rows[i] ??= [];
    return { name: ws.name, rows };
  });
}

/** RFC 5987 filename* of a Content-Disposition header, decoded. */
function starName(header: string | undefined): string {
  const m = /filename\*=UTF-8''([^;]+)/.exec(header ?? '');
  expect(m, header).not.toBeNull();
  return decodeURIComponent(m![1]);
}

describe('campaign exports: progress and task .xlsx, notice and report .docx', () => {
  let h: Harness;
  let tree: RandomTree;
  let office: Client;
  let english: Client;
  let secretary: Client;
  let outsider: Client;
  let member: Client;
  let county: number;
  let countyName: string;
  let myBranch: number;
  let campaignId: number;
  let detail: CampaignDetailView;
  let dir: string;
  const today = dateIn();
  const r = rng(20261123);

  /** Every task of a JSON list, following the keyset pages. */
  async function allTasks(c: Client, qs: string): Promise<TaskView[]> {
    const out: TaskView[] = [];
    let after: string | null = null;
    do {
      const page = (
        await c.get(`/api/campaigns/${campaignId}/tasks?${qs}&limit=500${after ? `&after=${after}` : ''}`)
      ).json() as TaskPage;
      out.push(...page.items);
      after = page.next;
    } while (after);
    return out;
  }

  beforeAll(async () => {
    h = await createHarness();
    tree = await buildRandomTree(h, r, { members: 10 });
    // Chinese names, as real trees have: the PDFs must carry them intact.
    const counters: Record<string, number> = {};
    const pools: Record<string, string[]> = {
      county: ['中共城关区委员会', '中共七里河区委员会', '中共安宁区委员会'],
      township: [
        '东岗街道党工委',
        '西园街道党工委',
        '雁滩街道党工委',
        '盐场路街道党工委',
        '拱星墩街道党工委',
        '焦家湾街道党工委',
        '火车站街道党工委',
        '团结新村街道党工委',
        '嘉峪关路街道党工委',
      ],
      general_branch: [
        '东湖社区党总支',
        '南河社区党总支',
        '北园社区党总支',
        '西津社区党总支',
        '中街社区党总支',
        '五里铺社区党总支',
      ],
      branch: [
        '东关村党支部',
        '西关村党支部',
        '南关村党支部',
        '北关村党支部',
        '上川村党支部',
        '下川村党支部',
        '河湾村党支部',
        '柳树村党支部',
        '杏林村党支部',
        '桃园村党支部',
        '梨园村党支部',
        '枣林村党支部',
      ],
    };
    for (const o of tree.orgs) {
      const pool = pools[o.level];
      if (!pool) continue;
      const k = (counters[o.level] = (counters[o.level] ?? -1) + 1);
      o.name =
        k < pool.length
          ? pool[k]
          : pool[k % pool.length].replace(/(村|社区|街道|区)/, `${Math.floor(k / pool.length) + 1}$1`);
      await h.db.db.updateTable('orgs').set({ name: o.name }).where('id', '=', o.id).execute();
    }
    // The county with the largest subtree takes the campaign; another one is out of scope.
    const counties = tree.orgs
      .filter((o) => o.level === 'county')
      .sort((a, b) => subtreeOf(tree.orgs, b.id).size - subtreeOf(tree.orgs, a.id).size);
    county = counties[0].id;
    countyName = counties[0].name;
    // One more township with two branches, so the ranking has several rows whatever the seed drew.
    const town = await buildOrg(h, county, 'township', '新港街道党工委');
    tree.orgs.push({ id: town.id, parentId: county, level: 'township', name: '新港街道党工委' });
    for (const name of ['新港一村党支部', '新港二村党支部']) {
      const b = await buildOrg(h, town.id, 'branch', name);
      tree.orgs.push({ id: b.id, parentId: town.id, level: 'branch', name });
    }
    const sub = subtreeOf(tree.orgs, county);
    myBranch = tree.orgs.find((o) => o.level === 'branch' && sub.has(o.id))!.id;
    const otherBranch = tree.orgs.find(
      (o) => o.level === 'branch' && subtreeOf(tree.orgs, counties[1].id).has(o.id),
    )!.id;
    await buildUser(h, 'office', [{ role: 'office', orgId: county }]);
    await buildUser(h, 'english', [{ role: 'office', orgId: county }]);
    await buildUser(h, 'sec', [{ role: 'unit_admin', orgId: myBranch }]);
    await buildUser(h, 'out', [{ role: 'unit_admin', orgId: otherBranch }]);
    await buildUser(h, 'mem', [{ role: 'member', orgId: county }]);
    await h.db.db.updateTable('users').set({ locale: 'en' }).where('username', '=', 'english').execute();
    office = await login(h, 'office');
    english = await login(h, 'english');
    secretary = await login(h, 'sec');
    outsider = await login(h, 'out');
    member = await login(h, 'mem');

    // Deploy the built-in Mass Line template; the study phase ended 11 days ago (overdue, past escalation).
    const templates = (await office.get('/api/campaign-templates')).json() as Array<{ id: number; code: string }>;
    const res = await office.post('/api/campaigns', {
      templateId: templates.find((x) => x.code === 'mass_line')!.id,
      orgId: county,
      docNumber: DOC_NUMBER,
      escalationDays: 3,
      batches: [
        { name: '第一批', levels: ['county', 'township'], startDate: addDays(today, -40) },
        { name: '第二批', levels: ['general_branch', 'branch'], startDate: addDays(today, -40) },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    detail = res.json() as CampaignDetailView;
    campaignId = detail.id;

    // Move some tasks along: submitted, approved, returned; the secretary submits one of their own.
    const all = await allTasks(office, `org=${county}&subtree=true`);
    const go = (c: Client, id: number, action: string, comment?: string) =>
      c.post(`/api/tasks/${id}/transition`, { action, comment });
    const below = all.filter((x) => x.orgId !== county && x.orgId !== myBranch);
    const picked = below
      .map((x) => ({ x, k: r.next() }))
      .sort((a, b) => a.k - b.k)
      .slice(0, 14)
      .map((e) => e.x);
    for (const [i, x] of picked.entries()) {
      expect((await go(office, x.id, 'submit')).statusCode).toBe(200);
      if (i % 3 === 0) expect((await go(office, x.id, 'approve')).statusCode).toBe(200);
      if (i % 3 === 1) expect((await go(office, x.id, 'return', '材料不完整，请补充会议记录')).statusCode).toBe(200);
    }
    const mine = all.find((x) => x.orgId === myBranch && !picked.some((p) => p.id === x.id))!;
    expect((await go(secretary, mine.id, 'submit')).statusCode).toBe(200);
    dir = await mkdtemp(join(tmpdir(), 'massline-exports-'));
    await mkdir(OUT, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('progress.xlsx: the org figures, each phase and every ranked child equal the JSON progress; the red list sheet equals /red-list', async () => {
    const res = await office.get(`/api/campaigns/${campaignId}/progress.xlsx?org=${county}`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    expect(starName(res.headers['content-disposition'] as string)).toBe(`进展情况统计表-${countyName}-${today}.xlsx`);
    const p = (await office.get(`/api/campaigns/${campaignId}/progress?org=${county}`)).json() as ProgressView;
    const red = (await office.get(`/api/campaigns/${campaignId}/red-list?org=${county}`)).json() as RedListView;
    expect(p.figures.overdue).toBeGreaterThan(0);
    expect(red.total).toBeGreaterThan(0);

    const [sheet, redSheet] = await readBook(res.rawPayload);
    expect(sheet.name).toBe('进展情况');
    expect(redSheet.name).toBe('督办名单');
    const rows = sheet.rows;
    expect(String(rows[0][0])).toBe(`${detail.name.zh}进展情况统计表`);
    expect(String(rows[1][0])).toContain(countyName);
    expect(String(rows[1][0])).toContain(today);
    // The parts (approved, submitted, not yet due, overdue: they sum to the total), 其中：退回, the rate.
    const fig = (f: {
      total: number;
      approved: number;
      submitted: number;
      due: number;
      overdue: number;
      returned: number;
      rate: number;
    }) => [f.total, f.approved, f.submitted, f.due, f.overdue, f.returned, f.rate];
    const partsAddUp = (row: unknown[], at: number) =>
      expect(
        Number(row[at + 1]) + Number(row[at + 2]) + Number(row[at + 3]) + Number(row[at + 4]),
        String(row[1]),
      ).toBe(row[at]);

    // 一、总体情况
    const overall = rows.find((row) => row[0] === countyName)!;
    expect(overall.slice(2, 10)).toEqual([p.figures.units, ...fig(p.figures)]);
    partsAddUp(overall, 3);
    const note = rows[rows.indexOf(overall) + 1];
    expect(note[2]).toBe(p.redListCount);
    expect(String(note[3])).toContain('四项之和为任务总数');
    // 二、分环节情况
    for (const ph of detail.body.phases) {
      const row = rows.find((x) => x[1] === ph.name.zh)!;
      expect(row, ph.key).toBeDefined();
      expect(row.slice(3, 10), ph.key).toEqual(fig(p.byPhase.find((b) => b.phaseKey === ph.key)!));
      partsAddUp(row, 3);
    }
    // 三、排名: header row, then every child in rank order.
    const head = rows.findIndex((x) => x[0] === '排名');
    expect(rows[head]).toEqual([
      '排名',
      '单位',
      '参加单位数',
      '任务总数',
      '已通过',
      '待审核',
      '未到期',
      '逾期',
      '其中：退回',
      '完成率',
    ]);
    const ranked = rows.slice(head + 1).filter((x) => x.length > 0);
    expect(p.children.length).toBeGreaterThan(0);
    expect(ranked).toEqual(p.children.map((c) => [c.rank, c.name, c.units, ...fig(c)]));
    for (const row of ranked) partsAddUp(row, 3);

    // The red list sheet: title, header, one row per unit.
    expect(String(redSheet.rows[0][0])).toContain('督办名单');
    expect(redSheet.rows[1]).toEqual(['序号', '单位', '逾期任务数', '最早截止日期', '逾期天数']);
    expect(redSheet.rows.slice(2)).toEqual(
      red.items.map((x, i) => [i + 1, x.name, x.overdue, x.oldestDue, x.daysOverdue]),
    );
    await writeFile(join(dir, 'progress.xlsx'), res.rawPayload);
  });

  it('tasks.xlsx: all rows of the filtered list, every overdue task among them', async () => {
    const sheetOf = async (qs: string) => {
      const res = await office.get(`/api/campaigns/${campaignId}/tasks.xlsx?${qs}`);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX_TYPE);
      const [s] = await readBook(res.rawPayload);
      return { res, header: s.rows[1], rows: s.rows.slice(2) };
    };
    const key = (unit: unknown, action: unknown, period: unknown, due: unknown, status: unknown) =>
      [unit, action, period ?? '', due, status].join('|');

    // The whole subtree.
    const all = await allTasks(office, `org=${county}&subtree=true`);
    const { res, header, rows } = await sheetOf(`org=${county}&subtree=true`);
    expect(starName(res.headers['content-disposition'] as string)).toBe(`任务清单-${countyName}-${today}.xlsx`);
    expect(header).toEqual([
      '序号',
      '单位',
      '环节',
      '工作事项',
      '类别',
      '报告期',
      '截止日期',
      '状态',
      '逾期天数',
      '提交时间',
      '最近审核意见',
    ]);
    expect(rows.length).toBe(all.length);
    expect(rows.map((x) => x[0])).toEqual(all.map((_, i) => i + 1));
    const phaseName = new Map(detail.body.phases.map((p) => [p.key, p.name.zh]));
    expect(rows.map((x) => key(x[1], x[3], x[5], x[6], x[7])).sort()).toEqual(
      all.map((t) => key(t.orgName, t.actionName.zh, t.period, t.dueDate, ZH_STATUS[t.status])).sort(),
    );
    expect(rows.map((x) => x[2]).sort()).toEqual(all.map((t) => phaseName.get(t.phaseKey)).sort());
    const returned = all.filter((t) => t.status === 'returned');
    expect(returned.length).toBeGreaterThan(0);
    for (const t of returned)
      expect(
        rows.some((x) => x[1] === t.orgName && x[3] === t.actionName.zh && x[10] === '材料不完整，请补充会议记录'),
      ).toBe(true);
    expect(rows.filter((x) => x[9]).length).toBe(all.filter((t) => t.submittedAt).length);

    // Overdue only: same count as the JSON list, each one present with its days overdue.
    const overdue = await allTasks(office, `org=${county}&subtree=true&overdue=true`);
    expect(overdue.length).toBeGreaterThan(0);
    const od = await sheetOf(`org=${county}&subtree=true&overdue=true`);
    expect(od.rows.length).toBe(overdue.length);
    const odKeys = new Set(od.rows.map((x) => key(x[1], x[3], x[5], x[6], x[7]) + `|${x[8]}`));
    for (const t of overdue)
      expect(
        odKeys.has(
          key(t.orgName, t.actionName.zh, t.period, t.dueDate, ZH_STATUS[t.status]) +
            `|${daysBetween(t.dueDate, today)}`,
        ),
        `${t.orgName} ${t.actionKey}`,
      ).toBe(true);
    // And every task the full list marks overdue is in the overdue export.
    expect(all.filter((t) => t.overdue).length).toBe(overdue.length);

    // Status and phase filters, one unit without subtree.
    const approvedStudy = await allTasks(office, `org=${county}&subtree=true&status=approved&phase=study`);
    expect((await sheetOf(`org=${county}&subtree=true&status=approved&phase=study`)).rows.length).toBe(
      approvedStudy.length,
    );
    const own = await allTasks(secretary, `org=${myBranch}`);
    const ownSheet = await (async () => {
      const r2 = await secretary.get(`/api/campaigns/${campaignId}/tasks.xlsx?org=${myBranch}`);
      expect(r2.statusCode).toBe(200);
      return (await readBook(r2.rawPayload))[0].rows.slice(2);
    })();
    expect(ownSheet.length).toBe(own.length);
    expect(ownSheet.every((x) => x[1] === own[0].orgName)).toBe(true);
  });

  it('answers 404 outside scope (as the JSON endpoints do) and 403 without an export role', async () => {
    for (const url of [
      `progress.xlsx?org=${county}`,
      `tasks.xlsx?org=${county}&subtree=true`,
      'notice.docx',
      `report.docx?org=${county}`,
    ]) {
      expect((await outsider.get(`/api/campaigns/${campaignId}/${url}`)).statusCode, url).toBe(404);
    }
    // The branch secretary sees the campaign but not the county: same answers as /progress and /tasks.
    for (const [json, file] of [
      [`progress?org=${county}`, `progress.xlsx?org=${county}`],
      [`tasks?org=${county}&subtree=true`, `tasks.xlsx?org=${county}&subtree=true`],
      [`progress?org=${county}`, `report.docx?org=${county}`],
    ]) {
      expect((await secretary.get(`/api/campaigns/${campaignId}/${json}`)).statusCode).toBe(404);
      expect((await secretary.get(`/api/campaigns/${campaignId}/${file}`)).statusCode, file).toBe(404);
    }
    expect((await secretary.get(`/api/campaigns/${campaignId}/report.docx?org=${myBranch}`)).statusCode).toBe(200);
    expect((await office.get(`/api/campaigns/999999/progress.xlsx`)).statusCode).toBe(404);
    // A plain member may read progress but not export it.
    expect((await member.get(`/api/campaigns/${campaignId}/progress?org=${county}`)).statusCode).toBe(200);
    expect((await member.get(`/api/campaigns/${campaignId}/progress.xlsx?org=${county}`)).statusCode).toBe(403);
    expect((await member.get(`/api/campaigns/${campaignId}/tasks.xlsx?org=${county}`)).statusCode).toBe(403);
    const denied = await h.db.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'access.denied')
      .execute();
    expect(denied.length).toBeGreaterThan(0);
  });

  it('speaks the actor’s language: English headers, sheet names and file names', async () => {
    const res = await english.get(`/api/campaigns/${campaignId}/progress.xlsx?org=${county}`);
    expect(res.statusCode).toBe(200);
    expect(starName(res.headers['content-disposition'] as string)).toBe(`progress-${countyName}-${today}.xlsx`);
    const [sheet, redSheet] = await readBook(res.rawPayload);
    expect([sheet.name, redSheet.name]).toEqual(['Progress', 'Red list']);
    expect(String(sheet.rows[0][0])).toBe(`${detail.name.en}: progress`);
    expect(sheet.rows.find((x) => x[0] === 'Rank')).toEqual([
      'Rank',
      'Unit',
      'Units',
      'Tasks',
      'Approved',
      'Submitted',
      'Not yet due',
      'Overdue',
      'Of which returned',
      'Completion rate',
    ]);
    expect(sheet.rows.some((x) => x[1] === detail.body.phases[0].name.en)).toBe(true);
    const tasks = await english.get(`/api/campaigns/${campaignId}/tasks.xlsx?org=${county}&subtree=true&overdue=true`);
    const [ts] = await readBook(tasks.rawPayload);
    expect(ts.rows[1]).toEqual([
      'No.',
      'Unit',
      'Phase',
      'Action',
      'Kind',
      'Period',
      'Due date',
      'Status',
      'Days overdue',
      'Submitted at',
      'Last comment',
    ]);
    expect(ts.rows.slice(2).every((x) => x[7] === 'To do' || x[7] === 'Returned')).toBe(true);
    const notice = await english.get(`/api/campaigns/${campaignId}/notice.docx`);
    expect(starName(notice.headers['content-disposition'] as string)).toBe(`notice-${detail.name.en}.docx`);
    const xml = await (await JSZip.loadAsync(notice.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain(`Notice on launching the ${detail.name.en}`);
    expect(xml).toContain('Mobilization');
    // ?lang= asks for the other language for one file.
    const zh = await english.get(`/api/campaigns/${campaignId}/tasks.xlsx?org=${county}&lang=zh-CN`);
    expect((await readBook(zh.rawPayload))[0].rows[1][0]).toBe('序号');
  });

  it('notice.docx: stored text as given, otherwise generated from phases, dates and prescribed actions', async () => {
    const res = await office.get(`/api/campaigns/${campaignId}/notice.docx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(DOCX_TYPE);
    expect(starName(res.headers['content-disposition'] as string)).toBe(`部署通知-${detail.name.zh}.docx`);
    const xml = await (await JSZip.loadAsync(res.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain(`关于开展${detail.name.zh}的通知`);
    expect(xml).toContain(DOC_NUMBER);
    expect(xml).toContain('一、参加范围和时间安排');
    expect(xml).toContain(`二、${detail.body.phases[0].name.zh}`);
    expect(xml).toContain('1. 召开动员大会。');
    expect(xml).toContain('各乡镇（街道）党委、党总支、党支部：');
    await writeFile(join(dir, 'notice.docx'), res.rawPayload);

    // A second campaign with its own notice text: paragraphs and headings taken as written.
    const templates = (await office.get('/api/campaign-templates')).json() as Array<{ id: number; code: string }>;
    const given = await office.post('/api/campaigns', {
      templateId: templates.find((x) => x.code === 'theme_dlm')!.id,
      orgId: county,
      noticeBody:
        '为推动主题教育走深走实，现就开好专题民主生活会通知如下。\n一、会前准备\n认真开展谈心谈话。\n二、会议要求\n严肃认真开展批评和自我批评。',
      batches: [{ name: '全体', levels: ['county', 'township'], startDate: today }],
    });
    expect(given.statusCode, given.body).toBe(201);
    const g = await office.get(`/api/campaigns/${given.json().id}/notice.docx`);
    const gx = await (await JSZip.loadAsync(g.rawPayload)).file('word/document.xml')!.async('string');
    expect(gx).toContain('一、会前准备');
    expect(gx).toContain('严肃认真开展批评和自我批评。');
    expect(gx).not.toContain('参加范围和时间安排');
  });

  it('report.docx: figures, a table per phase, the open tasks and the overdue ones named', async () => {
    const res = await office.get(`/api/campaigns/${campaignId}/report.docx?org=${county}`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(starName(res.headers['content-disposition'] as string)).toBe(`进展情况报告-${countyName}-${today}.docx`);
    const xml = await (await JSZip.loadAsync(res.rawPayload)).file('word/document.xml')!.async('string');
    const p = (await office.get(`/api/campaigns/${campaignId}/progress?org=${county}`)).json() as ProgressView;
    expect(xml).toContain(`${countyName}关于${detail.name.zh}进展情况的报告`);
    expect(xml).toContain(`应完成任务${p.figures.total}项`);
    // The overall sentence names the same parts as the screen, adding up to the total.
    expect(xml).toContain(
      `其中已审核通过${p.figures.approved}项，已提交待审核${p.figures.submitted}项，未到截止日期${p.figures.due}项，逾期未完成${p.figures.overdue}项`,
    );
    expect(xml).toContain(`完成率${(p.figures.rate * 100).toFixed(1)}%`);
    // One table per phase (children plus a total row), then the open-task table.
    expect((xml.match(/<w:tbl>/g) ?? []).length).toBe(detail.body.phases.length + 1);
    for (const c of p.children) expect(xml).toContain(c.name);
    const overdue = await allTasks(office, `org=${county}&subtree=true&overdue=true`);
    const units = new Set(overdue.map((t) => t.orgName));
    expect(xml).toContain(`共有${units.size}个单位的${overdue.length}项任务逾期未完成`);
    for (const u of units) expect(xml).toContain(`${u}：`);
    await writeFile(join(dir, 'report.docx'), res.rawPayload);

    // A branch: its own tasks per phase.
    const b = await secretary.get(`/api/campaigns/${campaignId}/report.docx?org=${myBranch}`);
    const bx = await (await JSZip.loadAsync(b.rawPayload)).file('word/document.xml')!.async('string');
    expect(bx).toContain('制定学习计划');
    expect(bx).toContain('逾期');
  });

  describe('printed through LibreOffice', () => {
    beforeAll(async () => {
      await waitForSoffice();
    }, 11 * 60_000);

    it('the notice prints its title, 文号 and issuer; page 1 is rendered', async () => {
      const pdf = await convertToPdf(join(dir, 'notice.docx'));
      const flat = (await pdfText(pdf)).replace(/\s+/g, '');
      expect(flat).toContain(`关于开展${detail.name.zh}的通知`);
      expect(flat).toContain(DOC_NUMBER);
      expect(flat).toContain(countyName);
      expect(flat).toContain('召开动员大会');
      await pdfToPng(pdf, join(OUT, 'notice'), 80);
      await copyFile(pdf, join(OUT, 'notice.pdf'));
    }, 180_000);

    it('the report prints its title and the unit names; page 1 is rendered', async () => {
      const pdf = await convertToPdf(join(dir, 'report.docx'));
      const flat = (await pdfText(pdf)).replace(/\s+/g, '');
      expect(flat).toContain(`${countyName}关于${detail.name.zh}进展情况的报告`);
      const p = (await office.get(`/api/campaigns/${campaignId}/progress?org=${county}`)).json() as ProgressView;
      for (const c of p.children) expect(flat).toContain(c.name);
      await pdfToPng(pdf, join(OUT, 'report'), 80);
      await copyFile(pdf, join(OUT, 'report.pdf'));
    }, 180_000);

    it('the progress workbook prints on landscape pages with its Chinese title and units', async () => {
      const pdf = await convertToPdf(join(dir, 'progress.xlsx'));
      const text = await pdfText(pdf);
      const flat = text.replace(/\s+/g, '');
      expect(flat).toContain(`${detail.name.zh}进展情况统计表`);
      expect(flat).toContain(countyName);
      expect(flat).toContain('督办名单');
      const p = (await office.get(`/api/campaigns/${campaignId}/progress?org=${county}`)).json() as ProgressView;
      for (const c of p.children) expect(flat).toContain(c.name);
      const png = await pdfToPng(pdf, join(OUT, 'progress'), 80);
      await copyFile(pdf, join(OUT, 'progress.pdf'));
      const buf = await readFile(png);
      expect(buf.readUInt32BE(16)).toBeGreaterThan(buf.readUInt32BE(20)); // landscape
    }, 180_000);
  });
});
