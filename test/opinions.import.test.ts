import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';

/**
 *  city
 *  ├─ countyA ── brA
 *  └─ countyB ── brB
 */
describe('opinions: bulk entry from .xlsx (template, all-or-nothing import, scope)', () => {
  let h: Harness;
  const o: Record<string, number> = {};
  let secA: Client; // unit_admin @ brA
  let officeA: Client; // office @ countyA
  let outsider: Client; // unit_admin @ brB

  const count = async (table: 'opinions' | 'audit_events') =>
    Number(
      (
        await h.db.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** A workbook as an office types it: a header row (no title row) and the rows. */
  async function sheet(
    rows: Array<Array<string | number | null>>,
    header = ['序号', '征求渠道', '提出人类别', '姓名', '联系方式', '意见建议内容'],
  ): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('意见');
    ws.addRow(header);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  beforeAll(async () => {
    h = await createHarness();
    o.city = (await buildRoot(h, '中共导入市委员会')).id;
    o.countyA = (await buildOrg(h, o.city, 'county', '甲县委')).id;
    o.countyB = (await buildOrg(h, o.city, 'county', '乙县委')).id;
    o.brA = (await buildOrg(h, o.countyA, 'branch', '甲村党支部')).id;
    o.brB = (await buildOrg(h, o.countyB, 'branch', '乙村党支部')).id;
    await buildUser(h, 'impSecA', [{ role: 'unit_admin', orgId: o.brA }]);
    await buildUser(h, 'impOfficeA', [{ role: 'office', orgId: o.countyA }]);
    await buildUser(h, 'impOutsider', [{ role: 'unit_admin', orgId: o.brB }]);
    [secA, officeA, outsider] = await Promise.all(['impSecA', 'impOfficeA', 'impOutsider'].map((u) => login(h, u)));
  });
  afterAll(async () => h?.close());

  it('serves the template in both languages with drop-down lists; the filled-in template imports', async () => {
    const zh = await secA.get('/api/opinions/import-template.xlsx?lang=zh-CN');
    expect(zh.statusCode, zh.body).toBe(200);
    expect(zh.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(zh.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(2).values).toEqual(
      expect.arrayContaining(['征求渠道*', '提出人类别*', '姓名', '联系方式', '意见建议内容*']),
    );
    expect(ws.getCell(3, 2).dataValidation?.formulae?.[0]).toContain('征求意见卡');
    expect(ws.getCell(3, 3).dataValidation?.formulae?.[0]).toContain('两代表一委员');

    const en = await secA.get('/api/opinions/import-template.xlsx?lang=en');
    const wbEn = new ExcelJS.Workbook();
    await wbEn.xlsx.load(en.rawPayload as unknown as ArrayBuffer);
    expect(wbEn.worksheets[0].getRow(2).values).toEqual(expect.arrayContaining(['Channel*', 'Opinion*']));

    // The template as downloaded (example row, numbered empty rows) goes straight back in.
    ws.getCell(4, 2).value = '意见箱';
    ws.getCell(4, 3).value = '匿名';
    ws.getCell(4, 6).value = '食堂饭菜价格偏高。';
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await secA.upload(`/api/opinions/import?org=${o.brA}`, '模板.xlsx', filled);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().imported).toBe(2);
  });

  it('imports every row in one go: distinct receipt codes, anonymous rows keep nothing, one audit event', async () => {
    const beforeAudit = await count('audit_events');
    const file = await sheet([
      [1, '座谈会', '党员', '李明', '13800001111', '希望支部活动安排在周末。'],
      [2, 'Hotline', 'masses', '王芳', null, '村口路灯坏了。'],
      [3, 'card', '匿名', '不该保存', '13900002222', '个别干部作风粗暴。'],
      [null, null, null, null, null, null],
      [4, '网上征求', '离退休干部', null, null, '  老年活动室开放时间太短。  '],
    ]);
    const res = await officeA.upload(`/api/opinions/import?org=${o.brA}`, '座谈会记录.xlsx', file);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { imported: number; ids: number[] };
    expect(body.imported).toBe(4);
    expect(body.ids).toHaveLength(4);

    const rows = await h.db.db.selectFrom('opinions').selectAll().where('id', 'in', body.ids).orderBy('id').execute();
    expect(rows.map((r) => r.channel)).toEqual(['symposium', 'hotline', 'card', 'online']);
    expect(rows.map((r) => r.submitter_group)).toEqual(['member', 'masses', 'anonymous', 'retired_cadres']);
    expect(new Set(rows.map((r) => r.receipt_code)).size).toBe(4);
    expect(rows.every((r) => r.org_id === o.brA && r.status === 'new')).toBe(true);
    expect(rows[0]).toMatchObject({ submitter_name: '李明', submitter_contact: '13800001111', anonymous: false });
    expect(rows[0].created_by).not.toBeNull();
    expect(rows[2]).toMatchObject({ anonymous: true, submitter_name: null, submitter_contact: null, created_by: null });
    expect(rows[3].content).toBe('老年活动室开放时间太短。');

    expect(await count('audit_events')).toBe(beforeAudit + 1);
    const ev = await h.db.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'opinion.import')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(ev).toMatchObject({
      entity_type: 'org',
      entity_id: String(o.brA),
      org_id: o.brA,
      actor_name: expect.any(String),
    });
    expect(ev.meta).toEqual({ rows: 4, filename: '座谈会记录.xlsx' });

    // They are listed like opinions entered one by one.
    const list = await officeA.get(`/api/opinions?org=${o.brA}&channel=hotline`);
    expect(list.json().items.map((i: { id: number }) => i.id)).toContain(body.ids[1]);
  });

  it('refuses the whole file when any row is wrong, naming each row and column in the user’s language; nothing is written', async () => {
    const before = await count('opinions');
    const beforeAudit = await count('audit_events');
    const file = await sheet([
      [1, '座谈会', '群众', null, null, '第一条没问题。'],
      [2, '飞鸽传书', '群众', null, null, '渠道不认识。'],
      [3, '来信', '党员', '张三', null, null],
      [4, '来信', '党员', null, null, '这一条也没问题。'],
    ]);
    const res = await secA.upload(`/api/opinions/import?org=${o.brA}`, 'bad.xlsx', file);
    expect(res.statusCode, res.body).toBe(422);
    const err = res.json().error as { code: string; details: Array<{ row: number; column?: string; message: string }> };
    expect(err.code).toBe('IMPORT_INVALID');
    expect(err.details).toHaveLength(2);
    expect(err.details[0]).toMatchObject({ row: 3, column: '征求渠道' });
    expect(err.details[0].message).toContain('飞鸽传书');
    expect(err.details[1]).toMatchObject({ row: 4, column: '意见建议内容', message: '必填' });
    expect(await count('opinions')).toBe(before);
    expect(await count('audit_events')).toBe(beforeAudit);

    // A user who works in English reads the rows' errors in English.
    await buildUser(h, 'impSecAen', [{ role: 'unit_admin', orgId: o.brA }]);
    await h.db.db.updateTable('users').set({ locale: 'en' }).where('username', '=', 'impSecAen').execute();
    const en = await (await login(h, 'impSecAen')).upload(`/api/opinions/import?org=${o.brA}`, 'bad.xlsx', file);
    expect(en.statusCode).toBe(422);
    expect(en.json().error.details[0]).toMatchObject({ row: 3, column: 'Channel' });
    expect(en.json().error.details[1]).toMatchObject({ row: 4, column: 'Opinion', message: 'Required' });
  });

  it('answers 404 outside the actor’s scope and writes nothing', async () => {
    const before = await count('opinions');
    const file = await sheet([[1, '来信', '群众', null, null, '越权导入。']]);
    expect((await outsider.upload(`/api/opinions/import?org=${o.brA}`, 'x.xlsx', file)).statusCode).toBe(404);
    expect((await secA.upload(`/api/opinions/import?org=${o.countyA}`, 'x.xlsx', file)).statusCode).toBe(404);
    expect((await secA.upload(`/api/opinions/import?org=999999`, 'x.xlsx', file)).statusCode).toBe(404);
    expect(await count('opinions')).toBe(before);
  });
});
