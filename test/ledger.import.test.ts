import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { convertToPdf, pdfText, pdfToPng, waitForSoffice } from './support/office.ts';
import { withTx } from '../src/server/platform/tx.ts';
import { SYSTEM_ACTOR } from '../src/server/platform/audit.ts';
import { insertProblems } from '../src/server/modules/ledger/ledger.repository.ts';
import { verifyProblemStats } from '../src/server/modules/ledger/ledger.verify.ts';
import { splitMeasures } from '../src/server/modules/ledger/ledger.excel.parse.ts';
import type { LedgerImportPreview, LedgerImportResult } from '../src/shared/ledger-excel.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAMPLE = join(ROOT, 'test', 'fixtures', 'ledger-sample.xlsx');
const OUT = join(ROOT, '.tmp', 'exports');
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A multipart request with the file and any extra fields. */
function multipart(c: Client, h: Harness, url: string, file: Buffer, fields: Record<string, string> = {}) {
  const boundary = '----lx' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="ledger.xlsx"\r\nContent-Type: ${XLSX_TYPE}\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return h.app.inject({
    method: 'POST',
    url,
    payload: Buffer.concat(parts),
    headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

interface Snapshot {
  description: string;
  category: string;
  kind: string;
  deadline: string | null;
  standard: string;
  leader: string;
  dept: string;
  person: string;
  progress: string;
  remark: string;
  measures: string[];
}

describe('Excel ledgers: import (preview, all or nothing), export, template', () => {
  let h: Harness;
  let root: number;
  let county: number;
  let town: number;
  let bureau: number;
  let sibling: number;
  let englishSibling: number;
  let otherCounty: number;
  let office: Client;
  let secretary: Client;
  let member: Client;
  let outsider: Client;
  let dir: string;

  const count = async (
    table: 'problems' | 'problem_events' | 'problem_measures' | 'audit_events',
    where?: (q: any) => any,
  ) => {
    let q = h.db.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
    if (where) q = where(q);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  const totals = async () => ({
    problems: await count('problems'),
    events: await count('problem_events'),
    measures: await count('problem_measures'),
    audit: await count('audit_events', (q) => q.where('action', '=', 'ledger.import')),
  });

  async function ledgerOf(orgId: number): Promise<Snapshot[]> {
    const rows = await h.db.db.selectFrom('problems').selectAll().where('org_id', '=', orgId).orderBy('seq').execute();
    const ms = rows.length
      ? await h.db.db
          .selectFrom('problem_measures')
          .select(['problem_id', 'content'])
          .where(
            'problem_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('problem_id')
          .orderBy('seq')
          .execute()
      : [];
    return rows.map((p) => ({
      description: p.description,
      category: p.category,
      kind: p.kind,
      deadline: p.deadline,
      standard: p.standard,
      leader: p.responsible_leader,
      dept: p.responsible_dept,
      person: p.responsible_person,
      progress: p.progress,
      remark: p.remark,
      measures: ms.filter((m) => m.problem_id === p.id).map((m) => m.content),
    }));
  }

  beforeAll(async () => {
    h = await createHarness();
    root = (await buildRoot(h, '中共测试市委员会')).id;
    county = (await buildOrg(h, root, 'county', '中共城关区委员会')).id;
    town = (await buildOrg(h, county, 'township', '城关街道党工委')).id;
    bureau = (await buildOrg(h, town, 'branch', '区住建局机关党支部')).id;
    sibling = (await buildOrg(h, town, 'branch', '区交通局机关党支部')).id;
    englishSibling = (await buildOrg(h, town, 'branch', '区水务局机关党支部')).id;
    otherCounty = (await buildOrg(h, root, 'county', '中共七里河区委员会')).id;
    await buildUser(h, 'office', [{ role: 'office', orgId: county }]);
    await buildUser(h, 'sec', [{ role: 'unit_admin', orgId: bureau }]);
    await buildUser(h, 'mem', [{ role: 'member', orgId: county }]);
    await buildUser(h, 'out', [{ role: 'office', orgId: otherCounty }]);
    office = await login(h, 'office');
    secretary = await login(h, 'sec');
    member = await login(h, 'mem');
    outsider = await login(h, 'out');
    dir = await mkdtemp(join(tmpdir(), 'massline-ledger-'));
  });
  afterAll(async () => h?.close());

  it('splits measures written the ways offices write them', () => {
    expect(splitMeasures('1.严格控制会议；\n2.会议时间一般不超过1.5小时；\n3.推行无会日制度。')).toEqual([
      '严格控制会议',
      '会议时间一般不超过1.5小时',
      '推行无会日制度。',
    ]);
    expect(splitMeasures('（1）清理简报；（2）严格审核。')).toEqual(['清理简报', '严格审核。']);
    expect(splitMeasures('采取以下措施：①公开流程；②首问负责')).toEqual(['公开流程', '首问负责']);
    expect(splitMeasures('严格考勤\n专项检查')).toEqual(['严格考勤', '专项检查']);
    expect(splitMeasures('提高到2014年的1.5倍')).toEqual(['提高到2014年的1.5倍']);
    expect(splitMeasures('')).toEqual([]);
  });

  it('previews the shipped sample: two header rows found, columns mapped, nothing written', async () => {
    const before = await totals();
    const res = await multipart(secretary, h, `/api/orgs/${bureau}/ledger/import/preview`, await readFile(SAMPLE));
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json() as LedgerImportPreview;
    expect(p.headerRows).toEqual([3, 4]);
    expect(p.dataRow).toBe(5);
    expect(p.mapping).toMatchObject({
      seq: 0,
      description: 1,
      category: 2,
      measures: 3,
      standard: 4,
      responsible_leader: 5,
      responsible_dept: 6,
      responsible_person: 7,
      deadline: 8,
      progress: 9,
      remark: 10,
    });
    expect(p.columns.find((c) => c.index === 7)).toEqual({ index: 7, header: '责任人', group: '责任主体' });
    expect(p.rowCount).toBe(12);
    expect(p.errors).toEqual([]);
    expect(p.sample).toHaveLength(12);
    expect(p.sample[2].parsed).toMatchObject({ kind: 'long_term', deadline: null, category: 'bureaucratism' });
    expect(p.sample[0].parsed!.measures).toHaveLength(3);
    expect(await totals()).toEqual(before);
  });

  it('imports the shipped sample after the problems already in the ledger, with counters right up the tree', async () => {
    // Two problems are already in the bureau's ledger: the import numbers on from 3.
    await withTx(h.db.db, SYSTEM_ACTOR, async ({ trx }) => {
      await insertProblems(
        trx,
        bureau,
        [1, 2].map((i) => ({
          org_id: bureau,
          source: 'self_inspection',
          category: 'other',
          description: `已有问题${i}`,
          responsible_person: '张三',
          kind: 'phased',
          deadline: '2014-05-31',
          created_by: null,
        })),
      );
    });
    const file = await readFile(SAMPLE);
    const res = await multipart(secretary, h, `/api/orgs/${bureau}/ledger/import`, file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      imported: 12,
      created: 12,
      linked: 0,
      unlinked: expect.any(Number),
      firstSeq: 3,
      lastSeq: 14,
    } satisfies LedgerImportResult);

    const rows = await h.db.db
      .selectFrom('problems')
      .selectAll()
      .where('org_id', '=', bureau)
      .where('source', '=', 'import')
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.seq)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const longTerm = rows.find((r) => r.description.startsWith('深入基层调研不够'))!;
    expect(longTerm).toMatchObject({
      kind: 'long_term',
      deadline: null,
      deadline_text: '长期坚持',
      responsible_leader: '张卫东',
      responsible_dept: '政策法规科',
      responsible_person: '孙强',
      remark: '领导班子成员',
      status: 'draft',
    });
    expect(rows.find((r) => r.description.startsWith('服务窗口'))).toMatchObject({
      kind: 'immediate',
      deadline: null,
      progress: '已完成。窗口已公开全部办事流程。',
    });
    expect(rows.find((r) => r.description.startsWith('行政审批环节多'))).toMatchObject({
      kind: 'phased',
      deadline: '2014-09-30',
    });
    expect(rows.find((r) => r.description.startsWith('会议偏多'))).toMatchObject({
      kind: 'phased',
      deadline: '2014-05-31',
      category: 'formalism',
      status: 'pending',
      standard: '会议数量比上年减少30%以上',
    });
    expect(rows.find((r) => r.description.startsWith('制度建设滞后'))).toMatchObject({
      category: 'formalism',
      deadline: '2014-12-31',
    });
    const first = (await ledgerOf(bureau)).find((p) => p.description.startsWith('会议偏多'))!;
    expect(first.measures).toEqual([
      '严格控制会议数量和规模，能合并的合并召开',
      '会议时间一般不超过1.5小时',
      '推行无会日制度。',
    ]);

    // One 'import' event per problem, one audit record naming the file.
    const events = await h.db.db
      .selectFrom('problem_events')
      .select(['problem_id', 'action', 'to_status'])
      .where(
        'problem_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    expect(events).toHaveLength(12);
    expect(
      events.every((e) => e.action === 'import' && e.to_status === rows.find((r) => r.id === e.problem_id)!.status),
    ).toBe(true);
    const audit = await h.db.db.selectFrom('audit_events').selectAll().where('action', '=', 'ledger.import').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_type: 'org', entity_id: String(bureau), org_id: bureau });
    expect(audit[0].meta).toMatchObject({ rows: 12, sha256: createHash('sha256').update(file).digest('hex') });

    // Counters: the org and each ancestor hold its subtree's count; the recount agrees everywhere.
    expect(await verifyProblemStats(h.db.db)).toEqual([]);
    for (const org of [bureau, town, county, root]) {
      const stored = await sql<{
        n: number;
      }>`SELECT coalesce(sum(n), 0)::int AS n FROM problem_stats WHERE org_id = ${org}`.execute(h.db.db);
      const recount = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM problems p JOIN org_closure c ON c.descendant_id = p.org_id WHERE c.ancestor_id = ${org}`.execute(
        h.db.db,
      );
      expect(Number(stored.rows[0].n), `org ${org}`).toBe(Number(recount.rows[0].n));
      expect(Number(stored.rows[0].n)).toBe(14);
    }
  });

  it('refuses a ledger with a bad date on one row and no 责任人 on another, naming both, and writes nothing', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.mergeCells('A1:G1');
    ws.getCell('A1').value = '区交通局整改台账';
    ws.addRow(['填报单位：区交通局　　填报时间：2014年4月']);
    ws.addRow(['序号', '问题描述', '整改措施', '责任领导', '责任人', '整改时限', '完成情况']);
    ws.addRow([1, '调研不深入', '1.每月调研；2.形成报告', '刘局长', '王五', '2014年5月底前', '']);
    ws.addRow([2, '会风不正', '严肃会风', '刘局长', '赵六', '2014年6月20日前', '']);
    ws.addRow([3, '文山会海', '精简文件', '刘局长', '孙七', '五月份', '']); // Excel row 6
    ws.addRow([4, '接待超标', '严格标准', '刘局长', '', '立行立改', '']); // Excel row 7
    ws.addRow([5, '公车私用', '统一调度', '刘局长', '周八', '长期坚持', '']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const before = await totals();

    const preview = (
      await multipart(office, h, `/api/orgs/${sibling}/ledger/import/preview`, file)
    ).json() as LedgerImportPreview;
    expect(preview.rowCount).toBe(5);
    expect(preview.errors.map((e) => e.row)).toEqual([6, 7]);

    const res = await multipart(office, h, `/api/orgs/${sibling}/ledger/import`, file);
    expect(res.statusCode, res.body).toBe(422);
    const err = res.json().error;
    expect(err.code).toBe('IMPORT_INVALID');
    expect(err.message).toContain('共发现 2 处错误');
    const details = err.details as Array<{ row: number; column: string; message: string }>;
    expect(details.map((d) => [d.row, d.column])).toEqual([
      [6, '整改时限'],
      [7, '责任人'],
    ]);
    expect(details[0].message).toMatch(/^第 6 行“整改时限”：无法识别的时限“五月份”/);
    expect(details[1].message).toBe('第 7 行“责任人”：必填');
    expect(await totals()).toEqual(before);
    expect(await count('problems', (q) => q.where('org_id', '=', sibling))).toBe(0);
    expect(await verifyProblemStats(h.db.db)).toEqual([]);

    // English: the same refusal in the user's language.
    await h.db.db.updateTable('users').set({ locale: 'en' }).where('username', '=', 'office').execute();
    const en = await multipart(office, h, `/api/orgs/${sibling}/ledger/import`, file);
    await h.db.db.updateTable('users').set({ locale: 'zh-CN' }).where('username', '=', 'office').execute();
    expect(en.json().error.details[0].message).toMatch(/^Row 6, "整改时限": deadline "五月份" not understood/);
  });

  it('rolls back chunks already written when a fault turns up late in a long ledger', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['区交通局整改台账']);
    ws.addRow(['序号', '存在问题', '整改措施', '责任人', '整改时限']);
    for (let i = 1; i <= 4300; i++)
      ws.addRow([i, `问题${i}`, `1.措施甲${i}；2.措施乙${i}`, '王五', i === 4290 ? '2014年13月底前' : '2014年5月底前']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const before = await totals();
    const res = await multipart(office, h, `/api/orgs/${sibling}/ledger/import`, file);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(422);
    expect(res.json().error.details).toEqual([expect.objectContaining({ row: 4292, column: '整改时限' })]);
    expect(await totals()).toEqual(before);
    expect(await verifyProblemStats(h.db.db)).toEqual([]);
  }, 60_000);

  it('takes a column mapping chosen by the user over the detected one', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['No.', 'Problem', 'Action taken', 'Owner', 'Deadline', 'Comment']);
    ws.addRow([1, 'Too many meetings', '1. Merge meetings 2. Shorter meetings', 'Li Ming', '2014-05-31', 'n/a']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const first = await multipart(office, h, `/api/orgs/${englishSibling}/ledger/import/preview`, file);
    expect(first.statusCode, first.body.slice(0, 500)).toBe(200);
    const detected = first.json() as LedgerImportPreview;
    expect(detected.mapping).toMatchObject({ seq: 0, description: 1, deadline: 4 });
    expect(detected.errors[0].message).toContain('找不到“责任人”列');
    const mapping = JSON.stringify({ description: 1, measures: 2, responsible_person: 3, deadline: 4, remark: 5 });
    const p = (
      await multipart(office, h, `/api/orgs/${englishSibling}/ledger/import/preview`, file, { mapping })
    ).json() as LedgerImportPreview;
    expect(p.errors).toEqual([]);
    expect(p.sample[0].parsed).toMatchObject({
      kind: 'phased',
      deadline: '2014-05-31',
      measures: ['Merge meetings', 'Shorter meetings'],
    });
    const bad = await multipart(office, h, `/api/orgs/${englishSibling}/ledger/import/preview`, file, {
      mapping: '{"nonsense": 1}',
    });
    expect(bad.statusCode).toBe(400);
  });

  it('exports the printable ledger; importing it into a sibling gives the same ledger (zh and en)', async () => {
    const res = await office.get(`/api/orgs/${bureau}/ledger/export.xlsx`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    expect(
      decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(String(res.headers['content-disposition']))![1]),
    ).toMatch(/^问题整改台账-区住建局机关党支部-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const file = res.rawPayload;
    await writeFile(join(dir, 'ledger.xlsx'), file);

    // The printed layout: merged title, subtitle, one bordered header row, frozen, landscape, fit to width, header repeated.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe('区住建局机关党支部问题整改台账');
    expect(ws.getCell('A1').isMerged).toBe(true);
    expect(String(ws.getCell('A2').value)).toMatch(/^导出日期：\d{4}-\d{2}-\d{2}$/);
    expect((ws.getRow(3).values as unknown[]).slice(1)).toEqual([
      '序号',
      '问题描述',
      '问题类别',
      '整改类型',
      '整改措施',
      '整改标准',
      '责任领导',
      '责任部门',
      '责任人',
      '整改时限',
      '完成情况',
      '状态',
      '备注',
    ]);
    expect(ws.getCell('B3').border?.top?.style).toBe('thin');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    const book = await (await JSZip.loadAsync(file)).file('xl/workbook.xml')!.async('string');
    expect(book).toMatch(/_xlnm\.Print_Titles[^>]*>[^<]*\$3:\$3/);
    expect(ws.rowCount).toBe(3 + 14);
    expect(ws.getCell('J8').value).toBe('长期坚持');
    expect(ws.getCell('J4').value).toBe('2014年5月31日前');
    expect(ws.getCell('E6').alignment?.wrapText).toBe(true);

    const imported = await multipart(office, h, `/api/orgs/${sibling}/ledger/import`, file);
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ imported: 14, firstSeq: 1, lastSeq: 14 });
    const original = await ledgerOf(bureau);
    expect(await ledgerOf(sibling)).toEqual(original);

    const en = await office.get(`/api/orgs/${bureau}/ledger/export.xlsx?lang=en`);
    const enBook = new ExcelJS.Workbook();
    await enBook.xlsx.load(en.rawPayload as unknown as ArrayBuffer);
    expect(enBook.worksheets[0].getCell('A1').value).toBe('Problem rectification ledger — 区住建局机关党支部');
    const enImport = await multipart(office, h, `/api/orgs/${englishSibling}/ledger/import`, en.rawPayload);
    expect(enImport.statusCode, enImport.body).toBe(200);
    expect(await ledgerOf(englishSibling)).toEqual(original);
    expect(await verifyProblemStats(h.db.db)).toEqual([]);
  });

  it('exports a subtree with the unit column, filtered, keyset-paged in org path order', async () => {
    const res = await office.get(`/api/orgs/${town}/ledger/export.xlsx?subtree=true`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getCell('B3').value).toBe('单位');
    const units: string[] = [];
    ws.eachRow((row, n) => {
      if (n > 3) units.push(String(row.getCell(2).value));
    });
    expect(units).toHaveLength(42);
    expect(units.slice(0, 14).every((u) => u === '区住建局机关党支部')).toBe(true);
    expect(new Set(units)).toEqual(new Set(['区住建局机关党支部', '区交通局机关党支部', '区水务局机关党支部']));
    expect(String(ws.getCell('A2').value)).toContain('城关街道党工委及所属单位');

    const longTerm = await office.get(`/api/orgs/${town}/ledger/export.xlsx?subtree=true&kind=long_term`);
    const lb = new ExcelJS.Workbook();
    await lb.xlsx.load(longTerm.rawPayload as unknown as ArrayBuffer);
    expect(lb.worksheets[0].rowCount).toBe(3 + 6);
    expect((await office.get(`/api/orgs/${town}/ledger/export.xlsx?kind=forever`)).statusCode).toBe(400);
  });

  it('hands out a blank template in the same layout, which reads back as an empty ledger', async () => {
    const res = await office.get('/api/ledger/import-template.xlsx');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['问题整改台账', '填写说明']);
    expect(wb.worksheets[0].getCell('G3').value).toBe('责任主体');
    const p = (
      await multipart(office, h, `/api/orgs/${sibling}/ledger/import/preview`, res.rawPayload)
    ).json() as LedgerImportPreview;
    expect(p.headerRows).toEqual([3, 4]);
    expect(p.mapping).toMatchObject({ description: 1, category: 2, kind: 3, responsible_person: 8, deadline: 9 });
    expect(p.rowCount).toBe(0);
    expect(p.errors.map((e) => e.message)).toEqual(['台账中没有问题（数据行）']);
  });

  it('refuses outside the scope with 404 and without the role with 403, writing nothing', async () => {
    const file = await readFile(SAMPLE);
    const before = await totals();
    const deniedBefore = await count('audit_events', (q) => q.where('action', '=', 'access.denied'));
    const out = await multipart(outsider, h, `/api/orgs/${bureau}/ledger/import`, file);
    expect(out.statusCode).toBe(404);
    expect(out.json().error.code).toBe('NOT_FOUND');
    expect((await multipart(outsider, h, `/api/orgs/${bureau}/ledger/import/preview`, file)).statusCode).toBe(404);
    expect((await outsider.get(`/api/orgs/${bureau}/ledger/export.xlsx`)).statusCode).toBe(404);
    expect((await multipart(secretary, h, `/api/orgs/${sibling}/ledger/import`, file)).statusCode).toBe(404);
    expect((await multipart(member, h, `/api/orgs/${bureau}/ledger/import`, file)).statusCode).toBe(403);
    expect((await member.get(`/api/orgs/${bureau}/ledger/export.xlsx`)).statusCode).toBe(403);
    expect(await totals()).toEqual(before);
    expect(await count('audit_events', (q) => q.where('action', '=', 'access.denied'))).toBe(deniedBefore + 4);
  });

  describe('printed through LibreOffice', () => {
    beforeAll(async () => {
      await waitForSoffice();
    }, 11 * 60_000);

    it('the exported ledger prints its Chinese title and the problems', async () => {
      const pdf = await convertToPdf(join(dir, 'ledger.xlsx'));
      const flat = (await pdfText(pdf)).replace(/\s+/g, '');
      expect(flat).toContain('区住建局机关党支部问题整改台账');
      expect(flat).toContain('会议偏多偏长');
      expect(flat).toContain('公务用车管理不严');
      await mkdir(OUT, { recursive: true });
      const png = await pdfToPng(pdf, join(OUT, 'ledger'), 80);
      await copyFile(pdf, join(OUT, 'ledger.pdf'));
      const buf = await readFile(png);
      expect(buf.readUInt32BE(16)).toBeGreaterThan(buf.readUInt32BE(20)); // landscape
    }, 180_000);
  });
});
