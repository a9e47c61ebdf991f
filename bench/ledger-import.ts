/**
 * `npm run bench:ledger -- [--rows 100000] [--engine pglite|postgresql|both] [--keep-file] [--file-only]`
 *
 * Writes a ledger of --rows problems as an office's .xlsx (merged title, subtitle, two header rows
 * with 责任主体 over 责任领导 / 责任部门 / 责任人, shared strings as Excel writes them) to
 * .tmp/bench-ledger-<rows>.xlsx, then, for each engine in a child process of its own (so peak RSS
 * is the import's), builds the app (buildApp + inject, as bench/run.ts does), signs in as an office,
 * previews and imports the file through the real API into an empty branch and prints the elapsed
 * seconds and the peak RSS (sampled every 20 ms, and the process's maxRSS). PGlite runs on disk in
 * .tmp/bench-ledger-pglite; PostgreSQL in a database massline_bench_ledger next to DATABASE_URL's
 * (default engines: PGlite, plus PostgreSQL when DATABASE_URL is set). Figures are also written to
 * bench/results/ledger-import-<engine>.json. --keep-file keeps (and reuses) the generated file;
 * --file-only just writes it.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { sql } from 'kysely';
import { migrate, openDatabase, type Database, type Engine } from '../src/server/db/database.ts';
import { loadConfig } from '../src/server/config.ts';
import { buildApp } from '../src/server/app.ts';
import { withTx } from '../src/server/platform/tx.ts';
import { SYSTEM_ACTOR } from '../src/server/platform/audit.ts';
import { hashPassword } from '../src/server/platform/password.ts';
import { insertOrg, insertRoot } from '../src/server/modules/orgs/orgs.repository.ts';
import { verifyProblemStats } from '../src/server/modules/ledger/ledger.verify.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
const PASSWORD = 'bench-ledger-2026';
const r2 = (x: number) => Math.round(x * 100) / 100;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

// ---------- the ledger file ----------

const TOPICS = [
  '会议',
  '文件',
  '调研',
  '窗口服务',
  '行政审批',
  '公务用车',
  '办公用房',
  '考勤',
  '公务接待',
  '节日礼品',
  '信访',
  '制度建设',
  '学习教育',
  '检查考核',
  '项目资金',
  '干部作风',
];
const FAULTS = [
  '偏多偏长，效果不明显',
  '流于形式，针对性不强',
  '不够深入，走马观花',
  '效率不高，群众反映较多',
  '环节多、时间长',
  '管理不严，存在违规现象',
  '超出规定标准',
  '执行不到位，监督不力',
  '标准偏高，铺张浪费',
  '回应不及时，解决不彻底',
];
const MEASURES = [
  '严格控制数量和规模',
  '建立健全管理制度',
  '开展专项检查',
  '定期通报情况',
  '实行限时办结制',
  '公开办事流程和时限',
  '落实首问负责制',
  '加强督促检查',
  '纳入年度考核',
  '建立工作台账',
];
const CATEGORIES = ['形式主义', '官僚主义', '享乐主义', '奢靡之风', '其他'];
const LEADERS = ['王建国', '张卫东', '刘志强', '陈红', '李平', '赵刚'];
const DEPTS = ['办公室', '政策法规科', '行政审批科', '人事科', '计划财务科', '信访科', '机关党委'];
const PEOPLE = ['李明', '赵丽', '孙强', '周涛', '吴敏', '郑芳', '冯军', '陈静', '杨帆', '黄磊'];

/** Writes the ledger with exceljs's streaming writer (shared strings on, as Excel's files have them). */
async function writeLedger(file: string, rows: number): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: true });
  const ws = wb.addWorksheet('整改台账');
  ws.columns = [6, 34, 10, 38, 18, 9, 12, 8, 14, 22, 10].map((width) => ({ width }));
  ws.mergeCells(1, 1, 1, 11);
  ws.getCell(1, 1).value = '市直机关党的群众路线教育实践活动整改落实台账';
  ws.mergeCells(2, 1, 2, 11);
  ws.getCell(2, 1).value = '填报单位（盖章）：市直机关工委　　　　填报时间：2014年4月10日';
  ['序号', '存在问题', '问题类别', '整改措施', '整改目标', '', '', '', '整改时限', '完成情况', '备注'].forEach(
    (h, i) => {
      if (!h) return;
      ws.mergeCells(3, i + 1, 4, i + 1);
      ws.getCell(3, i + 1).value = h;
    },
  );
  ws.mergeCells(3, 6, 3, 8);
  ws.getCell(3, 6).value = '责任主体';
  ws.getCell(4, 6).value = '责任领导';
  ws.getCell(4, 7).value = '责任部门';
  ws.getCell(4, 8).value = '责任人';
  for (const r of [1, 2, 3, 4]) ws.getRow(r).commit();
  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  for (let i = 0; i < rows; i++) {
    const topic = TOPICS[i % TOPICS.length];
    const n = 1 + (i % 3);
    const measures = Array.from(
      { length: n },
      (_, k) => `${k + 1}.${topic}${MEASURES[(i + k * 3) % MEASURES.length]}`,
    ).join('；\n');
    const month = 1 + (i % 12);
    const deadline =
      i % 7 === 0
        ? '长期坚持'
        : i % 11 === 0
          ? '立行立改'
          : i % 5 === 0
            ? `2015年${month}月${10 + (i % 18)}日前`
            : `2015年${month}月底前`;
    const row = ws.addRow([
      i + 1,
      `第${Math.floor(i / 16) + 1}组：${topic}${FAULTS[(i * 7) % FAULTS.length]}（编号${i + 1}）。`,
      CATEGORIES[i % CATEGORIES.length],
      measures,
      i % 4 === 0 ? '' : `${topic}问题得到有效解决`,
      LEADERS[i % LEADERS.length],
      DEPTS[i % DEPTS.length],
      PEOPLE[(i * 3) % PEOPLE.length],
      deadline,
      i % 3 === 0 ? '已完成' : i % 3 === 1 ? `正在推进，已完成${(i % 9) * 10}%` : '',
      '',
    ]);
    row.eachCell({ includeEmpty: true }, (c) => {
      c.border = border;
      c.alignment = { vertical: 'middle', wrapText: true };
    });
    row.commit();
  }
  ws.addRow(['合计', '', `${rows}个问题`]).commit();
  ws.addRow(['备注：整改时限为“立行立改”的问题须在一个月内整改到位。']).commit();
  await ws.commit();
  await wb.commit();
}

// ---------- one engine (child process) ----------

async function openEngine(
  engine: Engine,
  url?: string,
): Promise<{ database: Database; dataDir: string; dbUrl?: string; drop: () => Promise<void> }> {
  const dataDir = path.join(ROOT, '.tmp', 'bench-ledger-pglite');
  if (engine === 'pglite') {
    fs.rmSync(dataDir, { recursive: true, force: true });
    const database = await openDatabase({ dataDir });
    await migrate(database.db);
    return { database, dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = 'massline_bench_ledger';
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(url!);
  u.pathname = `/${name}`;
  const database = await openDatabase({ url: u.toString(), poolSize: 4 });
  await migrate(database.db);
  return { database, dataDir, dbUrl: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

function multipart(file: Buffer): { payload: Buffer; contentType: string } {
  const boundary = '----benchledger' + Math.random().toString(16).slice(2);
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="ledger.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** Peak RSS while `fn` runs, sampled every 20 ms (timers also fire between the import's awaits). */
async function measured<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; seconds: number; peakRssMb: number; startRssMb: number }> {
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const t0 = performance.now();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, seconds: r2((performance.now() - t0) / 1000), peakRssMb: mb(peak), startRssMb: mb(startRss) };
  } finally {
    clearInterval(timer);
  }
}

async function child(engine: Engine, file: string, rows: number) {
  const { database, dataDir, dbUrl, drop } = await openEngine(engine, process.env.DATABASE_URL);
  const version = (await sql<{ v: string }>`SELECT version() AS v`.execute(database.db)).rows[0].v;
  const { branch } = await withTx(database.db, SYSTEM_ACTOR, async ({ trx }) => {
    const rootId = await insertRoot(trx, { name: '中共测试市委员会', level: 'city', kind: 'committee' });
    const root = await trx.selectFrom('orgs').selectAll().where('id', '=', rootId).executeTakeFirstOrThrow();
    const countyId = await insertOrg(trx, root, {
      name: '中共城关区委员会',
      short_name: null,
      code: null,
      level: 'county',
      kind: 'committee',
    });
    const county = await trx.selectFrom('orgs').selectAll().where('id', '=', countyId).executeTakeFirstOrThrow();
    const branchId = await insertOrg(trx, county, {
      name: '区直机关党支部',
      short_name: null,
      code: null,
      level: 'branch',
      kind: 'organ',
    });
    const u = await trx
      .insertInto('users')
      .values({
        username: 'office',
        display_name: '活动办',
        password_hash: await hashPassword(PASSWORD),
        is_admin: false,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('grants').values({ user_id: u.id, role: 'office', org_id: countyId }).execute();
    return { branch: branchId };
  });
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: dbUrl ?? '',
    MASSLINE_DATA_DIR: dataDir,
    MASSLINE_DEMO: 'off',
    LOG_LEVEL: 'error',
  });
  const app = await buildApp({ db: database, config });
  try {
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'office', password: PASSWORD },
    });
    if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const headers = { cookie, 'x-csrf-token': login.json().csrfToken as string };
    const buf = fs.readFileSync(file);

    const preview = await measured(async () => {
      const { payload, contentType } = multipart(buf);
      const res = await app.inject({
        method: 'POST',
        url: `/api/orgs/${branch}/ledger/import/preview`,
        payload,
        headers: { ...headers, 'content-type': contentType },
      });
      if (res.statusCode !== 200) throw new Error(`preview answered ${res.statusCode}: ${res.body.slice(0, 500)}`);
      return res.json() as { rowCount: number; errorCount: number };
    });
    if (preview.value.rowCount !== rows || preview.value.errorCount !== 0)
      throw new Error(`preview: ${JSON.stringify(preview.value)}`);

    const imported = await measured(async () => {
      const { payload, contentType } = multipart(buf);
      const res = await app.inject({
        method: 'POST',
        url: `/api/orgs/${branch}/ledger/import`,
        payload,
        headers: { ...headers, 'content-type': contentType },
      });
      if (res.statusCode !== 200) throw new Error(`import answered ${res.statusCode}: ${res.body.slice(0, 500)}`);
      return res.json() as { imported: number };
    });
    const n = Number(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM problems`.execute(database.db)).rows[0].n,
    );
    const measures = Number(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM problem_measures`.execute(database.db)).rows[0].n,
    );
    if (n !== rows || imported.value.imported !== rows)
      throw new Error(`imported ${imported.value.imported}, ${n} rows in problems`);
    const diffs = await verifyProblemStats(database.db);
    if (diffs.length) throw new Error(`counters differ: ${JSON.stringify(diffs.slice(0, 3))}`);

    const exported = await measured(async () => {
      const res = await app.inject({ method: 'GET', url: `/api/orgs/${branch}/ledger/export.xlsx`, headers });
      if (res.statusCode !== 200) throw new Error(`export answered ${res.statusCode}`);
      return res.rawPayload.length;
    });
    return {
      engine,
      engineVersion: version.split(',')[0],
      rows,
      fileBytes: buf.length,
      measures,
      preview: { seconds: preview.seconds, peakRssMb: preview.peakRssMb, startRssMb: preview.startRssMb },
      import: {
        seconds: imported.seconds,
        peakRssMb: imported.peakRssMb,
        startRssMb: imported.startRssMb,
        rowsPerSecond: Math.round(rows / imported.seconds),
      },
      export: { seconds: exported.seconds, peakRssMb: exported.peakRssMb, bytes: exported.value },
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await app.close();
    await database.close();
    await drop();
  }
}

// ---------- driver ----------

async function main() {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '100000' },
      engine: { type: 'string' },
      child: { type: 'string' },
      file: { type: 'string' },
      'keep-file': { type: 'boolean', default: false },
      'file-only': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const rows = Number(values.rows);
  if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a positive integer');
  if (values.child) {
    const result = await child(values.child as Engine, values.file!, rows);
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    return;
  }
  const url = process.env.DATABASE_URL?.trim() || undefined;
  const engineArg = values.engine ?? (url ? 'both' : 'pglite');
  const engines: Engine[] = engineArg === 'both' ? ['pglite', 'postgresql'] : [engineArg as Engine];
  if (engines.some((e) => e !== 'pglite' && e !== 'postgresql'))
    throw new Error(`--engine must be pglite, postgresql or both (got ${engineArg})`);
  if (engines.includes('postgresql') && !url) throw new Error('--engine postgresql needs DATABASE_URL=postgres://…');

  const file = path.join(ROOT, '.tmp', `bench-ledger-${rows}.xlsx`);
  if (!fs.existsSync(file) || !values['keep-file']) {
    const t0 = performance.now();
    await writeLedger(file, rows);
    console.log(
      `wrote ${path.relative(ROOT, file)}: ${rows} problems, ${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB in ${r2((performance.now() - t0) / 1000)} s`,
    );
  }
  if (values['file-only']) return;
  const cpus = os.cpus();
  const machine = {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    memoryGiB: r2(os.totalmem() / 2 ** 30),
    node: process.version,
  };
  console.log(`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, node ${machine.node}`);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const run = promisify(execFile);
  for (const engine of engines) {
    console.log(`[${engine}] importing…`);
    const { stdout } = await run(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--child', engine, '--file', file, '--rows', String(rows)],
      {
        env: process.env,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) throw new Error(`[${engine}] no result:\n${stdout}`);
    const r = JSON.parse(line.slice(7));
    console.log(
      `[${engine}] ${r.engineVersion}: ${r.rows} rows (${(r.fileBytes / 1024 / 1024).toFixed(1)} MB, ${r.measures} measures)\n` +
        `  preview ${r.preview.seconds} s, peak RSS ${r.preview.peakRssMb} MB\n` +
        `  import  ${r.import.seconds} s (${r.import.rowsPerSecond} rows/s), peak RSS ${r.import.peakRssMb} MB (${r.import.startRssMb} MB before)\n` +
        `  export  ${r.export.seconds} s, ${(r.export.bytes / 1024 / 1024).toFixed(1)} MB, peak RSS ${r.export.peakRssMb} MB\n` +
        `  process maxRSS ${r.maxRssMb} MB`,
    );
    fs.writeFileSync(
      path.join(RESULTS_DIR, `ledger-import-${engine}.json`),
      JSON.stringify({ ...r, machine, ranAt: new Date().toISOString() }, null, 2) + '\n',
    );
  }
  if (!values['keep-file']) fs.rmSync(file, { force: true });
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
