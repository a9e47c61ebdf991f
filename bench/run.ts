/**
 * `npm run bench -- [--scale district|city|province] [--engine pglite|postgresql|both]
 *                   [--iterations 200] [--reuse]`
 *
 * Loads a demo scale into a database of its own (PGlite in .tmp/bench-pglite-<scale>, or the
 * database massline_bench_<scale> next to DATABASE_URL's), then times the requests of
 * bench/queries.ts through the real HTTP API in-process (buildApp + inject), logged in as `office`
 * (or the demo account a query names).
 * Prints p50/p95/max per request and engine and writes bench/results/<engine>-<scale>.json.
 * With --reuse a database that already holds the scale (app_meta 'bench.scale') is not reloaded.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql, type RawBuilder } from 'kysely';
import { migrate, openDatabase, type Database, type Engine } from '../src/server/db/database.ts';
import { loadConfig } from '../src/server/config.ts';
import { buildApp } from '../src/server/app.ts';
import { DEFAULT_SEED, DEMO_SCALES, type DemoScale } from '../src/server/modules/demo/generator.ts';
import { DEMO_PASSWORD, loadDemo } from '../src/server/modules/demo/loader.ts';
import { BENCH_QUERIES, type BenchContext } from './queries.ts';
import { deployBenchCampaign } from './campaign.ts';
import { loadBenchLedger } from './ledger.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
const MARKER_KEY = 'bench.scale';

interface Marker {
  scale: DemoScale;
  seed: number;
  orgs: number;
  members: number;
  loadSeconds: number;
  loadedAt: string;
  /** The deployed bench campaign (absent in databases loaded before campaigns existed). */
  campaign?: { campaignId: number; tasks: number; seconds: number };
  /** The bench problem ledger (bench/ledger.ts). */
  ledger?: { problems: number; seconds: number };
}

interface QueryResult {
  name: string;
  url: string;
  iterations: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

function parseCli() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'city' },
      engine: { type: 'string' },
      iterations: { type: 'string', default: '200' },
      reuse: { type: 'boolean', default: false },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
    },
    strict: true,
  });
  const scale = values.scale as DemoScale;
  if (!DEMO_SCALES.includes(scale) || scale === 'demo')
    throw new Error(`--scale must be district, city or province (got ${values.scale})`);
  const url = process.env.DATABASE_URL?.trim() || undefined;
  const engineArg = values.engine ?? (url ? 'both' : 'pglite');
  const engines: Engine[] =
    engineArg === 'both'
      ? ['pglite', 'postgresql']
      : engineArg === 'pglite' || engineArg === 'postgresql'
        ? [engineArg]
        : [];
  if (!engines.length) throw new Error(`--engine must be pglite, postgresql or both (got ${engineArg})`);
  if (engines.includes('postgresql') && !url) throw new Error('--engine postgresql needs DATABASE_URL=postgres://…');
  const iterations = Number(values.iterations);
  if (!Number.isInteger(iterations) || iterations < 1) throw new Error('--iterations must be a positive integer');
  return { scale, engines, iterations, reuse: values.reuse!, seed: Number(values.seed), url };
}

/** Opens (creating or wiping as asked) the engine's bench database, migrated. */
async function openBenchDatabase(
  engine: Engine,
  scale: DemoScale,
  fresh: boolean,
  adminUrl?: string,
): Promise<{ database: Database; url?: string; dataDir: string }> {
  const dataDir = path.join(ROOT, '.tmp', `bench-pglite-${scale}`);
  if (engine === 'pglite') {
    if (fresh) fs.rmSync(dataDir, { recursive: true, force: true });
    const database = await openDatabase({ dataDir });
    await migrate(database.db);
    return { database, dataDir };
  }
  const name = `massline_bench_${scale}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    if (fresh) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const u = new URL(adminUrl!);
  u.pathname = `/${name}`;
  const url = u.toString();
  const database = await openDatabase({ url, poolSize: 4 });
  await migrate(database.db);
  return { database, url, dataDir };
}

async function readMarker(database: Database): Promise<Marker | undefined> {
  const row = await database.db.selectFrom('app_meta').select('value').where('key', '=', MARKER_KEY).executeTakeFirst();
  return row?.value as Marker | undefined;
}

/** The organizations the queries aim at, found in the data rather than assumed. */
async function findContext(database: Database, campaignId: number): Promise<BenchContext> {
  const { db } = database;
  const one = async (q: RawBuilder<{ id: number }>, what: string) => {
    const r = await q.execute(db);
    if (!r.rows[0]) throw new Error(`bench: no ${what} in the loaded data`);
    return Number(r.rows[0].id);
  };
  const rootId = await one(sql`SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1`, 'root');
  const districtId = await one(
    sql`SELECT o.id FROM orgs o WHERE o.level = 'county' AND o.status = 'active'
          AND EXISTS (SELECT 1 FROM orgs c WHERE c.parent_id = o.id AND c.level = 'township')
        ORDER BY o.id LIMIT 1`,
    'district',
  );
  const townshipId = await one(
    sql`SELECT id FROM orgs WHERE parent_id = ${districtId} AND level = 'township' AND kind = 'committee' AND status = 'active' ORDER BY id LIMIT 1`,
    'township',
  );
  const branchId = await one(
    sql`SELECT s.org_id AS id FROM org_closure c JOIN org_stats s ON s.org_id = c.descendant_id
        WHERE c.ancestor_id = ${districtId} ORDER BY s.members_own DESC, s.org_id LIMIT 1`,
    'branch',
  );
  return { rootId, districtId, townshipId, branchId, campaignId };
}

async function writeMarker(database: Database, marker: Marker): Promise<void> {
  await database.db
    .insertInto('app_meta')
    .values({ key: MARKER_KEY, value: JSON.stringify(marker) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(marker) }))
    .execute();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const r2 = (x: number) => Math.round(x * 100) / 100;

async function benchEngine(engine: Engine, opts: ReturnType<typeof parseCli>) {
  const { scale, iterations, reuse, seed } = opts;
  let { database, url, dataDir } = await openBenchDatabase(engine, scale, !reuse, opts.url);
  const version = (await sql<{ v: string }>`SELECT version() AS v`.execute(database.db)).rows[0].v;
  let marker = await readMarker(database);
  const orgCount = Number(
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM orgs`.execute(database.db)).rows[0].n,
  );

  if (reuse && marker?.scale === scale && marker.seed === seed && orgCount === marker.orgs) {
    console.log(
      `[${engine}] reusing ${scale}: ${marker.orgs} orgs, ${marker.members} members (loaded ${marker.loadedAt} in ${marker.loadSeconds} s)`,
    );
  } else {
    if (orgCount > 0) {
      // --reuse found something else: start over.
      await database.close();
      ({ database, url, dataDir } = await openBenchDatabase(engine, scale, true, opts.url));
    }
    console.log(`[${engine}] loading ${scale} (seed ${seed})…`);
    const t0 = performance.now();
    const r = await loadDemo(database.db, { scale, seed, onProgress: (m) => console.log(`[${engine}]   ${m}`) });
    const loadSeconds = r2((performance.now() - t0) / 1000);
    marker = { scale, seed, orgs: r.orgs, members: r.members, loadSeconds, loadedAt: new Date().toISOString() };
    await writeMarker(database, marker);
    console.log(`[${engine}] loaded ${r.orgs} orgs, ${r.members} members in ${loadSeconds} s`);
  }
  if (!marker!.campaign) {
    marker!.campaign = await deployBenchCampaign(database, (m) => console.log(`[${engine}]   ${m}`));
    await writeMarker(database, marker!);
  }
  if (!marker!.ledger) {
    marker!.ledger = await loadBenchLedger(database, (m) => console.log(`[${engine}]   ${m}`));
    await writeMarker(database, marker!);
  }

  const ctx = await findContext(database, marker!.campaign.campaignId);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: url ?? '',
    MASSLINE_DATA_DIR: dataDir,
    MASSLINE_DEMO: 'off',
    LOG_LEVEL: 'error',
  });
  const app = await buildApp({ db: database, config });
  const results: QueryResult[] = [];
  try {
    const sessions = new Map<string, Record<string, string>>();
    const headersFor = async (username: string) => {
      const known = sessions.get(username);
      if (known) return known;
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: DEMO_PASSWORD },
      });
      if (login.statusCode !== 200)
        throw new Error(`bench: login as ${username} failed (${login.statusCode}): ${login.body}`);
      const session = login.cookies.find((c) => c.name === 'ml_session');
      if (!session) throw new Error('bench: login answered without an ml_session cookie');
      const h = { cookie: `ml_session=${session.value}` };
      sessions.set(username, h);
      return h;
    };

    const warmup = Math.max(3, Math.ceil(iterations / 10));
    for (const q of BENCH_QUERIES) {
      const reqUrl = q.url(ctx);
      const headers = await headersFor(q.as ?? 'office');
      const run = async () => {
        const t = performance.now();
        const res = await app.inject({ method: 'GET', url: reqUrl, headers });
        const ms = performance.now() - t;
        if (res.statusCode !== 200)
          throw new Error(`bench: ${q.name} ${reqUrl} answered ${res.statusCode}: ${res.body.slice(0, 500)}`);
        return ms;
      };
      for (let i = 0; i < warmup; i++) await run();
      const times: number[] = [];
      for (let i = 0; i < iterations; i++) times.push(await run());
      times.sort((a, b) => a - b);
      results.push({
        name: q.name,
        url: reqUrl,
        iterations,
        p50: r2(percentile(times, 50)),
        p95: r2(percentile(times, 95)),
        max: r2(times[times.length - 1]),
        mean: r2(times.reduce((s, x) => s + x, 0) / times.length),
      });
      process.stdout.write(`[${engine}] ${q.name}: p50 ${results.at(-1)!.p50} ms\n`);
    }
  } finally {
    await app.close();
    await database.close();
  }
  return { engine, version, marker: marker!, ctx, results };
}

function machineInfo() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    memoryGiB: r2(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

async function main() {
  const opts = parseCli();
  const machine = machineInfo();
  console.log(
    `machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, ${machine.platform}, node ${machine.node}`,
  );
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const all = [];
  for (const engine of opts.engines) {
    const r = await benchEngine(engine, opts);
    all.push(r);
    const file = path.join(RESULTS_DIR, `${engine}-${opts.scale}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          scale: opts.scale,
          engine,
          engineVersion: r.version,
          machine,
          data: r.marker,
          context: r.ctx,
          iterations: opts.iterations,
          ranAt: new Date().toISOString(),
          results: r.results,
        },
        null,
        2,
      ) + '\n',
    );
    console.log(`[${engine}] wrote ${path.relative(ROOT, file)}`);
  }

  for (const r of all) {
    console.log(
      `\n${r.engine} — ${r.version.split(',')[0]} — ${opts.scale}: ${r.marker.orgs} orgs, ${r.marker.members} members, loaded in ${r.marker.loadSeconds} s; campaign: ${r.marker.campaign?.tasks} tasks deployed in ${r.marker.campaign?.seconds} s; ledger: ${r.marker.ledger?.problems} problems loaded in ${r.marker.ledger?.seconds} s`,
    );
    const rows = r.results.map((x) => [x.name, x.p50.toFixed(2), x.p95.toFixed(2), x.max.toFixed(2)]);
    const head = ['query', 'p50 ms', 'p95 ms', 'max ms'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    const line = (cells: string[]) =>
      cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    console.log(line(head));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const row of rows) console.log(line(row));
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
