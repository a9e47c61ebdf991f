import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { LightMyRequestResponse } from 'fastify';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { makeXlsx } from './support/xlsx.ts';
import { AppError } from '../src/server/platform/errors.ts';
import {
  MAX_SHEET_CELLS,
  MAX_SHEET_COLUMNS,
  orderForStreaming,
  readFirstSheet,
  sheetRowCap,
} from '../src/server/platform/xlsx.ts';
import { MAX_IMPORT_ROWS } from '../src/server/modules/members/import-export.service.ts';

/**
 * Spreadsheet reading is linear and bounded (the issue: one cell at XFD1048576 or 150k rows froze
 * the server), and imports are idempotent under an Idempotency-Key.
 */

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SAMPLE_LEDGER = join(fileURLToPath(new URL('..', import.meta.url)), 'test', 'fixtures', 'ledger-sample.xlsx');
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const colName = (n: number): string =>
  n <= 26 ? String.fromCharCode(64 + n) : colName(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26));

/** A workbook written by hand: the four package parts and one worksheet whose XML is given. */
async function handXlsx(sheetXml: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  zip.file(
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  );
  zip.file(
    'xl/_rels/workbook.xml.rels',
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
  );
  zip.file('xl/worksheets/sheet1.xml', sheetXml);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

const sheet = (rows: string, dimension?: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${NS}">${dimension ? `<dimension ref="${dimension}"/>` : ''}<sheetData>${rows}</sheetData></worksheet>`;
const str = (ref: string, s: string) => `<c r="${ref}" t="inlineStr"><is><t>${esc(s)}</t></is></c>`;
const num = (ref: string, n: number) => `<c r="${ref}"><v>${n}</v></c>`;

const MEMBER_HEADER = ['序号', '姓名', '性别', '党员类别', '所属支部'];
/** A members sheet of `n` valid rows, built as a string (exceljs would take longer than the import). */
async function membersXlsx(
  n: number,
  branch: string,
  opts: { dimension?: string; prefix?: string } = {},
): Promise<Buffer> {
  const parts: string[] = [`<row r="1">${MEMBER_HEADER.map((h, i) => str(`${colName(i + 1)}1`, h)).join('')}</row>`];
  for (let i = 1; i <= n; i++) {
    const r = i + 1;
    parts.push(
      `<row r="${r}">${num(`A${r}`, i)}${str(`B${r}`, `${opts.prefix ?? '党员'}${i}`)}${str(`C${r}`, i % 2 ? '男' : '女')}${str(`D${r}`, '普通党员')}${str(`E${r}`, branch)}</row>`,
    );
  }
  return handXlsx(sheet(parts.join(''), opts.dimension));
}

/** Rewrites the declared uncompressed size of one entry (central directory and local header). */
function patchDeclaredSize(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  for (let i = 0; i + 46 < out.length; i++) {
    if (out.readUInt32LE(i) !== 0x02014b50) continue;
    const nameLen = out.readUInt16LE(i + 28);
    if (out.toString('utf8', i + 46, i + 46 + nameLen) !== name) continue;
    out.writeUInt32LE(size, i + 24);
    const local = out.readUInt32LE(i + 42);
    out.writeUInt32LE(size, local + 22);
    return out;
  }
  throw new Error(`no entry ${name}`);
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

/** A multipart upload with extra headers (the harness's upload sends none). */
function upload(
  h: Harness,
  c: Client,
  url: string,
  content: Buffer,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const boundary = '----limits' + Math.random().toString(16).slice(2);
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="m.xlsx"\r\nContent-Type: ${XLSX_TYPE}\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return h.app.inject({
    method: 'POST',
    url,
    payload,
    headers: {
      cookie: c.cookie,
      'x-csrf-token': c.csrf,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      ...headers,
    },
  });
}

const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';

describe('readFirstSheet: bounded before parsing, linear while reading', () => {
  it('refuses a far cell by its declared dimension and, without one, by the scan', async () => {
    const far = await handXlsx(sheet(`<row r="1048576">${str('XFD1048576', 'x')}</row>`, 'A1:XFD1048576'));
    expect(far.length).toBeLessThan(2048);
    const e1 = await refusal(readFirstSheet(far, 'zh-CN'));
    expect(e1.code).toBe('IMPORT_FILE');
    expect(e1.params.reason).toBe('表格共 1048576 行，超过一次导入的上限 50000 行，请分批导入。');
    const undeclared = await handXlsx(sheet(`<row r="1048576">${str('XFD1048576', 'x')}</row>`));
    expect((await refusal(readFirstSheet(undeclared, 'en'))).params.reason).toBe(
      'The sheet has more rows than the 50000 that can be imported at once (it goes down to row 1048576 at least); please import it in several parts.',
    );
    // A lying dimension does not help either: the scan finds the real last cell.
    const lying = await handXlsx(sheet(`<row r="1">${str('A1', 'a')}${str('XFD1', 'x')}</row>`, 'A1:B1'));
    expect((await refusal(readFirstSheet(lying, 'zh-CN'))).params.reason).toBe(
      `表格列数超过上限 ${MAX_SHEET_COLUMNS} 列（单元格 XFD1），请删除多余的列后重新导入。`,
    );
    const declaredWide = await handXlsx(sheet(`<row r="1">${str('A1', 'a')}</row>`, 'A1:XFD1'));
    expect((await refusal(readFirstSheet(declaredWide, 'zh-CN'))).params.reason).toBe(
      `表格共 16384 列，超过上限 ${MAX_SHEET_COLUMNS} 列，请删除多余的列后重新导入。`,
    );
    // A caller's smaller cap wins; rows and cells without r follow the previous one.
    const implicit = await handXlsx(sheet('<row><c t="inlineStr"><is><t>a</t></is></c><c/><c/></row>'.repeat(30)));
    expect((await refusal(readFirstSheet(implicit, 'zh-CN', { maxRows: 10, maxColumns: 3 }))).params.reason).toBe(
      '表格行数超过一次导入的上限 10 行（至少到第 21 行），请分批导入。',
    );
    expect((await refusal(readFirstSheet(implicit, 'zh-CN', { maxRows: 20, maxColumns: 2 }))).params.reason).toBe(
      '表格列数超过上限 2 列（单元格 C1），请删除多余的列后重新导入。',
    );
    const within = await handXlsx(
      sheet(`<row r="1">${str('A1', 'a')}${str('B1', 'b')}</row><row r="30">${str('B30', 'c')}</row>`, 'A1:B30'),
    );
    const read = await readFirstSheet(within, 'zh-CN', { maxRows: 20, maxColumns: 2 });
    expect(read.rows).toHaveLength(30);
    expect([read.rows[0], read.rows[1], read.rows[29]]).toEqual([
      ['a', 'b'],
      [null, null],
      [null, 'c'],
    ]);
  });

  it('refuses too many cells, absurd declared sizes, sizes that lie, and a spent time budget', async () => {
    const rows: string[] = [];
    for (let r = 1; r <= 5001; r++) rows.push(`<row r="${r}">${'<c/>'.repeat(200)}</row>`);
    const cells = await refusal(readFirstSheet(await handXlsx(sheet(rows.join(''))), 'zh-CN'));
    expect(cells.params.reason).toBe(
      `表格的单元格数超过一次导入的上限 ${MAX_SHEET_CELLS} 个，请删除多余的内容或分批导入。`,
    );

    const small = await handXlsx(sheet(`<row r="1">${str('A1', 'a')}</row>`));
    const declaredHuge = patchDeclaredSize(small, 'xl/worksheets/sheet1.xml', 200 * 1024 * 1024);
    expect((await refusal(readFirstSheet(declaredHuge, 'zh-CN'))).params.reason).toBe(
      '表格解压后超过 100 MB，无法导入，请删除多余的内容或分批导入。',
    );
    const bigger = await handXlsx(sheet(`<row r="1">${str('A1', 'a'.repeat(1_000_000))}</row>`));
    const declaredSmall = patchDeclaredSize(bigger, 'xl/worksheets/sheet1.xml', 100);
    expect((await refusal(readFirstSheet(declaredSmall, 'zh-CN'))).code).toBe('IMPORT_FILE');

    const ok = await makeXlsx(['姓名'], [['张三']]);
    expect((await readFirstSheet(ok, 'zh-CN')).rows).toEqual([['姓名'], ['张三']]);
    expect((await refusal(readFirstSheet(ok, 'en', { timeBudgetMs: -1 }))).params.reason).toBe(
      'The sheet could not be read within 0 seconds and reading was stopped; please import it in several parts.',
    );
    expect((await refusal(readFirstSheet(Buffer.from('PK not a zip'), 'zh-CN'))).params.reason).toBe(
      '请上传 .xlsx 格式的 Excel 文件',
    );
  });

  it('reads formulas without a cached value, error values and unknown objects as empty, never "[object Object]"', async () => {
    const hand = await handXlsx(
      sheet(
        '<row r="1">' +
          '<c r="A1"><f>B1*2</f></c>' +
          '<c r="B1" t="e"><v>#N/A</v></c>' +
          '<c r="C1"><f>1+1</f><v>2</v></c>' +
          '<c r="D1"><f t="shared" ref="D1:D2" si="0">C1</f></c>' +
          str('E1', ' 文本 ') +
          '<c r="F1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>' +
          '</row><row r="2"><c r="D2"><f t="shared" si="0"/></c></row>',
      ),
    );
    const { rows } = await readFirstSheet(hand, 'zh-CN');
    expect(rows[0]).toEqual([null, null, 2, null, '文本', 'ab']);
    expect(rows[1]).toEqual([null, null, null, null, null, null]);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.getCell('A1').value = { formula: 'B1*2' } as ExcelJS.CellFormulaValue;
    ws.getCell('B1').value = { error: '#N/A' } as ExcelJS.CellErrorValue;
    ws.getCell('C1').value = {
      text: { richText: [{ text: '链' }, { text: '接' }] },
      hyperlink: 'https://example.org',
    } as unknown as ExcelJS.CellHyperlinkValue;
    ws.getCell('D1').value = { richText: [{ text: '富' }, { text: '文本' }] };
    ws.getCell('E1').value = {
      formula: 'TODAY()',
      result: new Date('2026-05-01T00:00:00Z'),
    } as ExcelJS.CellFormulaValue;
    const read = (await readFirstSheet(Buffer.from(await wb.xlsx.writeBuffer()), 'zh-CN')).rows[0];
    expect(read.slice(0, 4)).toEqual([null, null, '链接', '富文本']);
    expect(read[4]).toBeInstanceOf(Date);
    expect(read.map(String)).not.toContain('[object Object]');
  });
});

describe(`imports over HTTP (${engine}): hostile files refused fast, idempotency keys`, () => {
  let h: Harness;
  let district: number;
  let branch: number;
  let office: Client;
  let officeEn: Client;
  const branchName = '中共柳河村支部委员会';
  const countMembers = async () =>
    Number(
      (
        await h.db.db
          .selectFrom('members')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    h = await createHarness();
    const root = await buildRoot(h);
    district = (await buildOrg(h, root.id, 'county', '中共城关区委员会')).id;
    const township = (await buildOrg(h, district, 'township', '中共城关街道工作委员会')).id;
    branch = (await buildOrg(h, township, 'branch', branchName)).id;
    await buildUser(h, 'office', [{ role: 'office', orgId: district }]);
    await buildUser(h, 'office-en', [{ role: 'office', orgId: district }]);
    await h.db.db.updateTable('users').set({ locale: 'en' }).where('username', '=', 'office-en').execute();
    office = await login(h, 'office');
    officeEn = await login(h, 'office-en');
  }, 120_000);
  afterAll(async () => h?.close());

  /** Uploads and, meanwhile, asks /api/health every 25 ms until the upload has its answer. */
  async function uploadWithHealth(c: Client, file: Buffer) {
    const t0 = performance.now();
    let done = false;
    const res = upload(h, c, `/api/members/import?org=${district}`, file).then((r) => {
      done = true;
      return { r, ms: performance.now() - t0 };
    });
    const health: Array<{ status: number; ms: number }> = [];
    const probe = (async () => {
      do {
        const r = await h.app.inject({ method: 'GET', url: '/api/health' });
        health.push({ status: r.statusCode, ms: performance.now() - t0 });
        await new Promise((ok) => setTimeout(ok, 25));
      } while (!done);
    })();
    const [u] = await Promise.all([res, probe]);
    return { ...u, health };
  }

  it('answers the 2 KB far-cell file and a 150,000-row file with a clear error in under 2 s while /api/health keeps answering', async () => {
    const far = await handXlsx(sheet(`<row r="1048576">${str('XFD1048576', 'x')}</row>`, 'A1:XFD1048576'));
    // 150,000 rows, a dimension that lies (A1:E2): only the scan can tell.
    const t0 = performance.now();
    const big = await membersXlsx(150_000, branchName, { dimension: 'A1:E2' });
    const built = performance.now() - t0;
    const before = await countMembers();
    const figures: string[] = [];
    const cases = [
      [
        'far cell',
        far,
        `无法读取上传的文件：表格共 1048576 行，超过一次导入的上限 ${MAX_IMPORT_ROWS} 行，请分批导入。`,
        `The uploaded file cannot be read: The sheet has 1048576 rows, more than the ${MAX_IMPORT_ROWS} that can be imported at once; please import it in several parts.`,
      ],
      // The scan stops at the first row past the cap (20,000 data rows and a tenth more for title, header, formatted empty rows).
      [
        '150k rows',
        big,
        `无法读取上传的文件：表格行数超过一次导入的上限 ${MAX_IMPORT_ROWS} 行（至少到第 ${sheetRowCap(MAX_IMPORT_ROWS) + 1} 行），请分批导入。`,
        `The uploaded file cannot be read: The sheet has more rows than the ${MAX_IMPORT_ROWS} that can be imported at once (it goes down to row ${sheetRowCap(MAX_IMPORT_ROWS) + 1} at least); please import it in several parts.`,
      ],
    ] as const;
    for (const [label, file, zh, en] of cases) {
      for (const [c, message] of [
        [office, zh],
        [officeEn, en],
      ] as const) {
        const { r, ms, health } = await uploadWithHealth(c, file);
        expect(r.statusCode, r.body).toBe(400);
        expect(r.json().error.code).toBe('IMPORT_FILE');
        expect(r.json().error.message).toBe(message);
        expect(ms).toBeLessThan(2000);
        expect(health.length).toBeGreaterThan(0);
        expect(health.every((x) => x.status === 200)).toBe(true);
        // The first health answer came back while the upload was still being processed (the far-cell
        // file is refused in a few milliseconds, too fast for an order to mean anything).
        if (file === big) expect(health[0].ms).toBeLessThanOrEqual(ms);
        figures.push(
          `${label} (${(file.length / 1024).toFixed(1)} KB) ${c === office ? 'zh' : 'en'}: ${ms.toFixed(0)} ms, first health ${health[0].ms.toFixed(0)} ms`,
        );
      }
    }
    console.log(`[${engine}] hostile uploads (150k file built in ${built.toFixed(0)} ms):\n  ${figures.join('\n  ')}`);
    expect(await countMembers()).toBe(before);
  }, 60_000);

  it('the ledger import (a streaming reader) refuses the far-cell file too, before reading it', async () => {
    const far = await handXlsx(sheet(`<row r="1">${str('A1', '序号')}${str('XFD1', 'x')}</row>`));
    const t0 = performance.now();
    const r = await upload(h, office, `/api/orgs/${branch}/ledger/import/preview`, far);
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().error.code).toBe('IMPORT_FILE');
    expect(r.json().error.message).toContain('XFD1');
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('the same members file twice with the same key imports once; a different key imports again', async () => {
    const file = await membersXlsx(3, branchName, { prefix: '幂等' });
    const key = 'members-retry-0001';
    const before = await countMembers();
    const first = await upload(h, office, `/api/members/import?org=${district}`, file, { 'idempotency-key': key });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ imported: 3, created: 3 });
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await countMembers()).toBe(before + 3);

    const again = await upload(h, office, `/api/members/import?org=${district}`, file, { 'idempotency-key': key });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await countMembers()).toBe(before + 3);

    // Another user's key of the same text is theirs: keys are per user.
    const en = await upload(h, officeEn, `/api/members/import?org=${district}`, file, { 'idempotency-key': key });
    expect(en.statusCode).toBe(200);
    expect(en.headers['idempotent-replayed']).toBeUndefined();
    // A new key is a new import: members have no uniqueness rule, so the same people land twice more.
    const fresh = await upload(h, office, `/api/members/import?org=${district}`, file, {
      'idempotency-key': 'members-retry-0002',
    });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(await countMembers()).toBe(before + 9);
    // Without a key nothing changes from before.
    expect((await upload(h, office, `/api/members/import?org=${district}`, file)).statusCode).toBe(200);
    expect(await countMembers()).toBe(before + 12);

    // The same key for another file, or another target, is a conflict.
    const other = await membersXlsx(1, branchName, { prefix: '别的' });
    const conflict = await upload(h, office, `/api/members/import?org=${district}`, other, { 'idempotency-key': key });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error).toMatchObject({
      code: 'CONFLICT',
      message: '该记录已被他人修改或与现有记录冲突：该幂等键（Idempotency-Key）已用于另一次导入，新的导入请使用新的键',
    });
    expect(
      (await upload(h, office, `/api/members/import?org=${branch}`, file, { 'idempotency-key': key })).statusCode,
    ).toBe(409);
    expect(await countMembers()).toBe(before + 12);
    const audits = await h.db.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'member.import')
      .executeTakeFirstOrThrow();
    expect(Number(audits.n)).toBe(12);
  });

  it('two concurrent posts with the same key import once and answer alike', async () => {
    const file = await membersXlsx(50, branchName, { prefix: '并发' });
    const before = await countMembers();
    const headers = { 'idempotency-key': 'concurrent_key_1' };
    const [a, b] = await Promise.all([
      upload(h, office, `/api/members/import?org=${district}`, file, headers),
      upload(h, office, `/api/members/import?org=${district}`, file, headers),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(a.json()).toEqual({ imported: 50, created: 50 });
    expect(b.json()).toEqual(a.json());
    expect([a.headers['idempotent-replayed'], b.headers['idempotent-replayed']].filter(Boolean)).toEqual(['true']);
    expect(await countMembers()).toBe(before + 50);
    const keys = await h.db.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('key', '=', 'concurrent_key_1')
      .execute();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ status_code: 200, response: { imported: 50, created: 50 } });
  });

  it('a malformed key is a translated 400; a refused import is not stored, so the fixed file goes through with the same key', async () => {
    const file = await membersXlsx(1, branchName, { prefix: '格式' });
    for (const bad of ['short', 'x'.repeat(101), 'has space inside', 'semi;colon-key']) {
      const r = await upload(h, office, `/api/members/import?org=${district}`, file, { 'idempotency-key': bad });
      expect(r.statusCode, bad).toBe(400);
      expect(r.json().error).toMatchObject({
        code: 'VALIDATION',
        details: [{ path: 'Idempotency-Key', message: 'Idempotency-Key 应为 8 至 100 位字母、数字、“-”或“_”' }],
      });
    }
    const en = await upload(h, officeEn, `/api/members/import?org=${district}`, file, { 'idempotency-key': 'bad' });
    expect(en.json().error.details[0].message).toBe('Idempotency-Key must be 8 to 100 letters, digits, "-" or "_"');

    const before = await countMembers();
    const faulty = await makeXlsx(MEMBER_HEADER, [[1, '错行', '男', '不是类别', branchName]]);
    const refused = await upload(h, office, `/api/members/import?org=${district}`, faulty, {
      'idempotency-key': 'fix-and-retry-1',
    });
    expect(refused.statusCode).toBe(422);
    const fixed = await upload(h, office, `/api/members/import?org=${district}`, file, {
      'idempotency-key': 'fix-and-retry-1',
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
    expect(await countMembers()).toBe(before + 1);
  });

  it('orgs, opinions and ledger imports replay under their key too', async () => {
    const orgsFile = await makeXlsx(
      ['序号', '组织名称', '组织代码', '组织层级', '组织类别', '上级组织'],
      [[1, '中共幂等村支部委员会', 'IDEM01', '党支部', '农村', '中共城关街道工作委员会']],
    );
    const o1 = await upload(h, office, `/api/orgs/import?root=${district}`, orgsFile, {
      'idempotency-key': 'orgs-import-01',
    });
    expect(o1.statusCode, o1.body).toBe(200);
    const o2 = await upload(h, office, `/api/orgs/import?root=${district}`, orgsFile, {
      'idempotency-key': 'orgs-import-01',
    });
    expect(o2.json()).toEqual(o1.json());
    expect(o2.headers['idempotent-replayed']).toBe('true');
    // A new key is a new import, which the duplicate code refuses.
    const o3 = await upload(h, office, `/api/orgs/import?root=${district}`, orgsFile, {
      'idempotency-key': 'orgs-import-02',
    });
    expect(o3.statusCode).toBe(422);
    expect(await h.db.db.selectFrom('orgs').select('id').where('code', '=', 'IDEM01').execute()).toHaveLength(1);

    const opinions = await makeXlsx(
      ['序号', '征求渠道', '提出人类别', '姓名', '联系方式', '意见建议内容'],
      [[1, '座谈会', '群众', '李明', null, '希望延长村务公开栏的更新频率。']],
    );
    const p1 = await upload(h, office, `/api/opinions/import?org=${branch}`, opinions, {
      'idempotency-key': 'opinions-import-1',
    });
    expect(p1.statusCode, p1.body).toBe(200);
    const p2 = await upload(h, office, `/api/opinions/import?org=${branch}`, opinions, {
      'idempotency-key': 'opinions-import-1',
    });
    expect(p2.json()).toEqual(p1.json());
    expect(p2.headers['idempotent-replayed']).toBe('true');
    expect(await h.db.db.selectFrom('opinions').select('id').where('org_id', '=', branch).execute()).toHaveLength(1);

    const ledger = await readFile(SAMPLE_LEDGER);
    const l1 = await upload(h, office, `/api/orgs/${branch}/ledger/import`, ledger, {
      'idempotency-key': 'ledger-import-01',
    });
    expect(l1.statusCode, l1.body).toBe(200);
    const l2 = await upload(h, office, `/api/orgs/${branch}/ledger/import`, ledger, {
      'idempotency-key': 'ledger-import-01',
    });
    expect(l2.json()).toEqual(l1.json());
    expect(l2.headers['idempotent-replayed']).toBe('true');
    expect(await h.db.db.selectFrom('problems').select('id').where('org_id', '=', branch).execute()).toHaveLength(
      l1.json().imported,
    );
  });

  it('a legitimate 20,000-row members import still succeeds (time reported)', async () => {
    const file = await membersXlsx(MAX_IMPORT_ROWS, branchName, { prefix: '名册' });
    const before = await countMembers();
    const t0 = performance.now();
    const res = await upload(h, office, `/api/members/import?org=${district}`, file, {
      'idempotency-key': 'members-20000-rows',
    });
    const ms = performance.now() - t0;
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    expect(res.json()).toEqual({ imported: MAX_IMPORT_ROWS, created: MAX_IMPORT_ROWS });
    expect(await countMembers()).toBe(before + MAX_IMPORT_ROWS);
    const t1 = performance.now();
    const replay = await upload(h, office, `/api/members/import?org=${district}`, file, {
      'idempotency-key': 'members-20000-rows',
    });
    const replayMs = performance.now() - t1;
    expect(replay.headers['idempotent-replayed']).toBe('true');
    console.log(
      `[${engine}] 20,000-row members import (${(file.length / 1024).toFixed(0)} KB): ${(ms / 1000).toFixed(1)} s; replay ${replayMs.toFixed(0)} ms`,
    );
  }, 600_000);
});

describe('orderForStreaming (the ledger reader gets the workbook before its sheets)', () => {
  it('puts the workbook, relations, shared strings and styles before the worksheets, keeping every byte of every part', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['序号', '存在问题', '整改时限']);
    for (let i = 1; i <= 500; i++) ws.addRow([i, `问题${i}`, '2014年5月底前']);
    wb.addWorksheet('说明').addRow(['填表说明']);
    const written = Buffer.from(await wb.xlsx.writeBuffer());
    const before = await JSZip.loadAsync(written);
    const files = (z: JSZip) => Object.keys(z.files).filter((n) => !z.files[n].dir);
    // exceljs writes the sheets first: the order that sent its streaming reader on its temp-file detour.
    expect(files(before).indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(files(before).indexOf('xl/workbook.xml'));
    const out = await orderForStreaming(written);
    const after = await JSZip.loadAsync(out);
    const order = files(after);
    const firstSheet = order.findIndex((n) => n.startsWith('xl/worksheets/'));
    for (const part of ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'])
      expect(order.indexOf(part), part).toBeLessThan(firstSheet);
    expect([...order].sort()).toEqual([...files(before)].sort());
    for (const n of order) expect(await after.files[n].async('string'), n).toBe(await before.files[n].async('string'));
    // Already in order: handed back as it is; not a zip: handed back for the reader to refuse.
    expect(await orderForStreaming(out)).toBe(out);
    const notZip = Buffer.from('not a workbook');
    expect(await orderForStreaming(notZip)).toBe(notZip);
    // Still a workbook exceljs reads, with every row.
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(out as unknown as ArrayBuffer);
    expect(back.worksheets.map((w) => w.name)).toEqual(['台账', '说明']);
    expect(back.worksheets[0].rowCount).toBe(501);
  });
});
