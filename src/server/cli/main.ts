import { Command } from 'commander';
import fs from 'node:fs';
import { configWarnings, loadConfig, type TConfig } from '../config.ts';
import { t } from '../platform/i18n.ts';
import { openDatabase, migrate, type Database } from '../db/database.ts';
import { buildApp } from '../app.ts';
import { verifyAuditChain } from '../platform/audit.ts';
import { withTx } from '../platform/tx.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import { hashPassword, isStrongPassword } from '../platform/password.ts';
import { insertRoot } from '../modules/orgs/orgs.repository.ts';
import { verifyTree } from '../modules/orgs/tree-verify.ts';
import { setOfficeTz } from '../platform/dates.ts';
import { ORG_LEVELS, ORG_KINDS } from '../../shared/enums.ts';
import { dropPublicSchema, hasNoOrgs, insertAdmin } from './cli.repository.ts';

/** Opens the configured database and brings its schema up to date; installs the office time zone. */
async function open(config: TConfig): Promise<Database> {
  setOfficeTz(config.MASSLINE_TZ); // "today" of the demo loader, the reminders, …
  const db = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATABASE_URL ? undefined : config.dataDir,
  });
  await migrate(db.db);
  return db;
}

async function isEmpty(db: Database): Promise<boolean> {
  return hasNoOrgs(db.db);
}

const program = new Command('massline').description(
  'Massline — 党建工作与主题活动管理平台 / Party-building campaigns and organization work',
);

program
  .command('serve')
  .description('Start the web app and API (loads the demo city into an empty database unless MASSLINE_DEMO=off)')
  .action(async () => {
    const config = loadConfig();
    const db = await open(config);
    if (config.MASSLINE_DEMO === 'auto' && (await isEmpty(db))) {
      const { loadDemo } = await import('../modules/demo/loader.ts');
      console.log('数据库为空，正在加载示范市演示数据… / Empty database: loading the demo city…');
      const r = await loadDemo(db.db, { scale: 'demo' });
      const { loadDemoWork } = await import('../modules/demo/demo-work.ts');
      const c = await loadDemoWork(db.db, { seed: 20260101 });
      console.log(
        `已部署演示活动（党的群众路线教育实践活动·第一批）：${c.tasks} 项任务；问题台账 ${c.problems} 个问题；群众意见 ${c.opinions} 条 / Demo campaign deployed: ${c.tasks} tasks; ledgers: ${c.problems} problems; ${c.opinions} opinions`,
      );
      console.log(
        `已加载示范市：${r.orgs} 个党组织，${r.members} 名党员。演示账号密码均为 massline2026：${r.users.map((u) => u.username).join(', ')}`,
      );
      console.log(
        `Demo city loaded: ${r.orgs} organizations, ${r.members} members. Demo accounts (password massline2026): ${r.users.map((u) => u.username).join(', ')}`,
      );
    }
    const app = await buildApp({ db, config });
    for (const w of configWarnings(config)) app.log.warn(w);
    // Reminders and escalations, hourly, in this process only (buildApp never starts a timer).
    const { startReminderScheduler } = await import('../modules/reminders/reminders.scheduler.ts');
    const reminders = startReminderScheduler(db.db, {
      onResult: (r) => app.log.info({ reminders: r }, 'reminders run'),
      onError: (err) => app.log.error({ err }, 'reminders failed'),
    });
    app.addHook('onClose', () => reminders.stop());
    const shutdown = async () => {
      await app.close();
      await db.close();
      process.exit(0);
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    await app.listen({ port: config.PORT, host: config.HOST });
    console.log(`Massline 已启动 / running: http://localhost:${config.PORT}  (database: ${db.engine})`);
  });

program
  .command('reminders')
  .description('Send due-date reminders and escalations once (serve does it hourly); safe to repeat')
  .option('--today <date>', 'the date to judge deadlines by (YYYY-MM-DD); default: today in the office time zone')
  .action(async (opts: { today?: string }) => {
    const config = loadConfig();
    if (opts.today && !/^\d{4}-\d{2}-\d{2}$/.test(opts.today)) fail('--today must be YYYY-MM-DD');
    const db = await open(config);
    const { runReminders } = await import('../modules/reminders/reminders.service.ts');
    const { dateIn } = await import('../platform/dates.ts');
    const r = await runReminders(db.db, opts.today ?? dateIn());
    await db.close();
    console.log(
      r.skipped
        ? `另一进程正在发送提醒 / another process is running the reminders`
        : `${r.today}: 到期提醒 due-soon ${r.dueSoon}, 逾期提醒 overdue ${r.overdue}, 督办 escalations ${r.escalations}`,
    );
  });

program
  .command('migrate')
  .description('Bring the database schema up to date')
  .action(async () => {
    const config = loadConfig();
    const db = await openDatabase({
      url: config.DATABASE_URL,
      dataDir: config.DATABASE_URL ? undefined : config.dataDir,
    });
    const done = await migrate(db.db);
    console.log(done.length ? `applied: ${done.join(', ')}` : 'schema is up to date');
    await db.close();
  });

program
  .command('init')
  .description('Start a real installation: the root organization and the first system administrator')
  .requiredOption('--root-name <name>', 'name of the top organization, e.g. 中共某某市委员会')
  .option('--root-level <level>', `level of the top organization (${ORG_LEVELS.join(', ')})`, 'city')
  .option('--root-kind <kind>', `kind (${ORG_KINDS.join(', ')})`, 'committee')
  .requiredOption('--admin-user <username>', 'username of the first administrator')
  .requiredOption(
    '--admin-password <password>',
    'password (≥ 10 characters not counting spaces, letters and digits, not a common password)',
  )
  .action(
    async (opts: {
      rootName: string;
      rootLevel: string;
      rootKind: string;
      adminUser: string;
      adminPassword: string;
    }) => {
      const config = loadConfig();
      if (!isStrongPassword(opts.adminPassword, opts.adminUser))
        fail(`${t('zh-CN', 'error.PASSWORD_WEAK')} / ${t('en', 'error.PASSWORD_WEAK')}`);
      if (!(ORG_LEVELS as readonly string[]).includes(opts.rootLevel)) fail(`unknown level ${opts.rootLevel}`);
      if (!(ORG_KINDS as readonly string[]).includes(opts.rootKind)) fail(`unknown kind ${opts.rootKind}`);
      const db = await open(config);
      if (!(await isEmpty(db)))
        fail(
          '数据库中已有组织，init 只用于全新安装 / The database already has organizations; init is for a new installation',
        );
      const hash = await hashPassword(opts.adminPassword);
      await withTx(db.db, SYSTEM_ACTOR, async ({ trx, audit }) => {
        const rootId = await insertRoot(trx, { name: opts.rootName, level: opts.rootLevel, kind: opts.rootKind });
        const adminId = await insertAdmin(trx, opts.adminUser, hash);
        await audit({
          action: 'system.init',
          entityType: 'org',
          entityId: rootId,
          orgId: rootId,
          after: { rootName: opts.rootName, admin: opts.adminUser, adminId },
        });
      });
      console.log(
        `已创建顶级组织“${opts.rootName}”和管理员 ${opts.adminUser} / Created the root organization and the administrator.`,
      );
      await db.close();
    },
  );

program
  .command('demo')
  .description('Load the fictional demo city (示范市) or a benchmark scale into an empty database')
  .option('--scale <scale>', 'demo | district | city | province', 'demo')
  .option('--seed <n>', 'random seed (same seed, same data)', '20261122')
  .option('--reset', 'wipe the database first (embedded: deletes the data folder; server: drops the public schema)')
  .action(async (opts: { scale: string; seed: string; reset?: boolean }) => {
    const config = loadConfig();
    if (opts.reset) {
      if (config.DATABASE_URL) {
        const d = await openDatabase({ url: config.DATABASE_URL });
        await dropPublicSchema(d.db);
        await d.close();
      } else fs.rmSync(config.dataDir, { recursive: true, force: true });
    }
    const db = await open(config);
    if (!(await isEmpty(db)))
      fail('数据库不为空；如需重建请加 --reset / The database is not empty; add --reset to rebuild it');
    const { loadDemo } = await import('../modules/demo/loader.ts');
    const started = Date.now();
    const r = await loadDemo(db.db, {
      scale: opts.scale as 'demo',
      seed: Number(opts.seed),
      onProgress: (m) => console.log(m),
    });
    console.log(`loaded ${r.orgs} orgs, ${r.members} members in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (opts.scale === 'demo') {
      const { loadDemoWork } = await import('../modules/demo/demo-work.ts');
      const c = await loadDemoWork(db.db, { seed: Number(opts.seed) });
      console.log(
        `demo campaign ${c.campaignId}: ${c.tasks} tasks, ${c.moved} moved along; ledgers: ${c.problems} problems`,
      );
    }
    for (const u of r.users) console.log(`  ${u.username.padEnd(12)} ${u.password}  ${u.role}  ${u.orgName}`);
    await db.close();
  });

const audit = program.command('audit').description('The tamper-evident audit trail');
audit
  .command('verify')
  .description('Recompute the hash chain; exit 1 naming the first broken event')
  .action(async () => {
    const config = loadConfig();
    const db = await open(config);
    const r = await verifyAuditChain(db.db);
    await db.close();
    if (r.ok) {
      console.log(`审计链完整 / audit chain OK: ${r.checked} events verified`);
    } else {
      console.error(
        `审计链断裂 / audit chain BROKEN at event #${r.broken!.id} (${r.broken!.reason === 'hash' ? '内容被改动 / its content was altered' : '链接不符 / its link to the previous event does not match'}); ${r.checked} events before it are intact`,
      );
      console.error(`  expected ${r.broken!.expected}\n  found    ${r.broken!.found}`);
      process.exit(1);
    }
  });

program
  .command('verify')
  .description('Recompute the tree (paths, closure) and every kept counter from scratch and compare')
  .action(async () => {
    const config = loadConfig();
    const db = await open(config);
    const { compareStats } = await import('../modules/stats/stats.repository.ts');
    const tree = await verifyTree(db.db);
    const stats = await compareStats(db.db);
    const { verifyCampaignStats } = await import('../modules/campaigns/campaigns.verify.ts');
    const { verifyProblemStats } = await import('../modules/ledger/ledger.verify.ts');
    const campaign = await verifyCampaignStats(db.db);
    const problems = await verifyProblemStats(db.db);
    await db.close();
    for (const p of tree.slice(0, 20)) console.error(`tree: ${p}`);
    for (const m of stats.slice(0, 20))
      console.error(`counter: org ${m.orgId} ${m.column} stored ${m.stored} expected ${m.expected}`);
    for (const d of campaign.slice(0, 20))
      console.error(`campaign counter: ${d.table} ${d.key} stored ${d.stored} expected ${d.recount}`);
    for (const d of problems.slice(0, 20))
      console.error(`ledger counter: ${d.key} stored ${d.stored} expected ${d.recount}`);
    const mismatches = stats.length + campaign.length + problems.length;
    if (tree.length || mismatches) {
      console.error(`不一致 / MISMATCH: ${tree.length} tree problems, ${mismatches} counter mismatches`);
      process.exit(1);
    }
    console.log(
      '组织树与统计计数（党员、活动、问题台账）一致 / tree and counters (members, campaigns, problem ledger) verified',
    );
  });

function fail(msg: string): never {
  console.error(msg);
  process.exit(2);
}

program.parseAsync(process.argv).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
