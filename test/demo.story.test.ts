import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { createTestDb } from './support/testdb.ts';
import type { Database } from '../src/server/db/database.ts';
import type { DB } from '../src/server/db/types.ts';
import { loadDemo } from '../src/server/modules/demo/loader.ts';
import { loadDemoWork } from '../src/server/modules/demo/demo-work.ts';
import { dateIn, officeTz } from '../src/server/platform/dates.ts';
import { verifyAuditChain } from '../src/server/platform/audit.ts';
import { PROBLEM_TRANSITIONS } from '../src/shared/ledger.ts';
import { TASK_TRANSITIONS } from '../src/shared/campaigns.ts';
import { FORM_TRANSITIONS } from '../src/shared/supervision.ts';

/**
 * The demo tells a true story: a newcomer's first minutes are on it. The demo is loaded exactly as
 * `npm start` (massline serve) loads it into an empty database, then every table is walked:
 * nothing happened after "now", every history is in time order and follows its transition table,
 * no form was issued after its own deadline, and every text fits the unit it belongs to.
 * Each check collects every violation into one list and asserts it is empty, so a failure names
 * each bad row. Columns are found in the catalog (information_schema), so a new table is walked too.
 */

/** Timestamps that point forward by nature (an expiry, a lock), not at something that happened. */
const FORWARD_TIMESTAMPS = new Set(['sessions.expires_at', 'users.locked_until']);
/** Date columns that are plans (deadlines, due dates, phase and publication windows): the future is allowed. */
const PLANNING_DATE = /(^|_)(deadline|due|due_date|base_due|first_open_due|start_date|end_date|starts_on|ends_on)$/;

type Row = Record<string, unknown>;
const ms = (v: unknown): number => (v instanceof Date ? v.getTime() : Date.parse(String(v)));
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
/** A row's stamp and its history's event are written by one call (one by new Date(), one by SQL's now()): seconds apart at most. */
const same = (a: unknown, b: unknown) => a != null && b != null && Math.abs(ms(a) - ms(b)) <= 5000;

describe('the demo tells a true story', () => {
  let database: Database;
  let db: Kysely<DB>;
  let now: Date;
  let today: string;
  const violations: string[] = [];
  const seen: Record<string, number> = {};
  const bad = (msg: string) => violations.push(msg);
  const q = async <T = Row>(query: RawBuilder<unknown>): Promise<T[]> =>
    (await (query as RawBuilder<T>).execute(db)).rows;

  beforeAll(async () => {
    database = await createTestDb();
    db = database.db;
    // Exactly what `massline serve` does on an empty database (src/server/cli/main.ts).
    await loadDemo(db, { scale: 'demo' });
    await loadDemoWork(db, { seed: 20260101 });
    now = new Date();
    today = dateIn(now);
  }, 300_000);
  afterAll(async () => database?.close());

  // ---------------------------------------------------------------------------------------------
  // Org facts, for the texts

  interface OrgFact {
    id: number;
    name: string;
    kind: string;
    level: string;
    path: number[];
    /** The name as texts say it: 中共 and the Party body's suffix dropped (城关区, 李家庄村, 幸福社区). */
    place: string;
  }
  let orgs: Map<number, OrgFact>;
  /** Orgs a text of `org` may speak of: itself, its ancestors and its descendants. */
  const related = (a: OrgFact, b: OrgFact) => a.path.includes(b.id) || b.path.includes(a.id);
  const placeOf = (name: string) =>
    name
      .replace(/^中共/, '')
      .replace(/(第[一二三四五六七八九十]+)?(党支部|党总支|工作委员会|委员会|党工委|党委|党组)$/, '')
      .replace(/(委员会|党组)$/, '');
  const townshipType = (o: OrgFact): 'town' | 'street' | null =>
    o.level === 'township' && o.kind === 'committee' ? (/街道/.test(o.name) ? 'street' : 'town') : null;
  const countySuffix = (o: OrgFact): string | null =>
    o.level === 'county' ? (/区委员会$/.test(o.name) ? '区' : /县委员会$/.test(o.name) ? '县' : null) : null;

  async function loadOrgs() {
    const rows = await q<{ id: number; name: string; kind: string; level: string; path: string }>(
      sql`SELECT id, name, kind, level, path::text AS path FROM orgs ORDER BY id`,
    );
    orgs = new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          name: r.name,
          kind: r.kind,
          level: r.level,
          path: r.path.split('.').map(Number),
          place: placeOf(r.name),
        },
      ]),
    );
  }

  /** What a unit's texts may speak of, judged from its own place in the tree. */
  function fitsOf(org: OrgFact) {
    const rel = [...orgs.values()].filter((o) => related(org, o));
    const selfOrBelow = rel.filter((o) => o.path.includes(org.id));
    return {
      rel,
      villages: selfOrBelow.some((o) => o.kind === 'village'),
      communities: selfOrBelow.some((o) => o.kind === 'community'),
      towns: rel.some((o) => townshipType(o) === 'town'),
      streets: rel.some((o) => townshipType(o) === 'street'),
      county: new Set(rel.map(countySuffix).filter((s): s is string => !!s)),
      township:
        townshipType(org) !== null ||
        (org.level === 'branch' &&
          townshipType(orgs.get(org.path[org.path.length - 2])!) !== null &&
          /机关党支部$/.test(org.name)),
    };
  }
  const fitsCache = new Map<number, ReturnType<typeof fitsOf>>();

  /** Word rules: what a text may only say where the unit has it. */
  const WORDS: Array<{ re: RegExp; ok: (f: ReturnType<typeof fitsOf>) => boolean; what: string }> = [
    { re: /村|农户|田间|农业/, ok: (f) => f.villages, what: 'speaks of villages (村) where the unit has none' },
    { re: /社区|居委会/, ok: (f) => f.communities, what: 'speaks of a community (社区) where the unit has none' },
    {
      re: /镇|乡(党委|政府|里)/,
      ok: (f) => f.towns,
      what: 'speaks of a town (镇) where the unit is none and lies in none',
    },
    { re: /街道/, ok: (f) => f.streets, what: 'speaks of a street (街道) where the unit is none and lies in none' },
    {
      re: /县(?!（区）|区)/,
      ok: (f) => f.county.has('县'),
      what: 'speaks of a county (县) where the unit lies in a district (区)',
    },
    {
      re: /区(委|政府|人社局|里|直|级)/,
      ok: (f) => f.county.has('区'),
      what: 'speaks of a district (区) where the unit lies in a county (县)',
    },
    { re: /党政办/, ok: (f) => f.township, what: 'names a township office (党政办) for a unit that is no township' },
  ];

  function checkText(where: string, orgId: number, text: unknown) {
    if (typeof text !== 'string' || !text.trim()) return;
    const org = orgs.get(orgId);
    if (!org) return bad(`${where}: text of unknown org ${orgId}`);
    let f = fitsCache.get(orgId);
    if (!f) fitsCache.set(orgId, (f = fitsOf(org)));
    seen.texts = (seen.texts ?? 0) + 1;
    // Names of other units.
    const allowed = new Set(f.rel.map((o) => o.place));
    for (const o of orgs.values()) {
      if (
        o.place.length >= 3 &&
        !allowed.has(o.place) &&
        text.includes(o.place) &&
        ![...allowed].some((p) => p.includes(o.place) && text.includes(p))
      ) {
        bad(`${where} (unit ${org.name}) names another unit, ${o.name}: “${text.slice(0, 80)}”`);
      }
    }
    // Words, once the names of related units (which may say 村, 镇 …) are taken out.
    let rest = text;
    for (const o of [...f.rel].sort((a, b) => b.name.length - a.name.length))
      rest = rest.split(o.name).join('').split(o.place).join('');
    for (const w of WORDS)
      if (w.re.test(rest) && !w.ok(f)) bad(`${where} (unit ${org.name}) ${w.what}: “${text.slice(0, 80)}”`);
  }

  // ---------------------------------------------------------------------------------------------

  it('has no timestamp after now and no done-on date after today, in any table', async () => {
    violations.length = 0;
    const cols = await q<{ table_name: string; column_name: string; data_type: string }>(sql`
      SELECT c.table_name, c.column_name, c.data_type
      FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = current_schema() AND c.data_type IN ('timestamp with time zone', 'timestamp without time zone', 'date')
      ORDER BY c.table_name, c.ordinal_position`);
    expect(cols.filter((c) => c.data_type !== 'date').length).toBeGreaterThan(60);
    for (const c of cols) {
      const key = `${c.table_name}.${c.column_name}`;
      if (FORWARD_TIMESTAMPS.has(key)) continue;
      const isDate = c.data_type === 'date';
      if (isDate && PLANNING_DATE.test(c.column_name)) continue;
      const limit = isDate ? sql`${today}::date` : sql`${now.toISOString()}::timestamptz`;
      const rows = await q<{ v: unknown; r: string }>(
        sql`SELECT ${sql.ref(c.column_name)} AS v, left(row_to_json(t)::text, 160) AS r FROM ${sql.table(c.table_name)} t WHERE ${sql.ref(c.column_name)} > ${limit} LIMIT 20`,
      );
      for (const r of rows) bad(`${key} = ${iso(r.v)} is after ${isDate ? 'today' : 'now'} (${r.r})`);
      seen.columns = (seen.columns ?? 0) + 1;
    }
    // Dates kept inside documents: a task's meeting.
    const tasks = await q<{ id: number; content: { meeting?: { date?: string } } | null; submitted_at: Date | null }>(
      sql`SELECT id, content, submitted_at FROM campaign_tasks WHERE content IS NOT NULL`,
    );
    for (const t of tasks) {
      const d = t.content?.meeting?.date;
      if (!d) continue;
      if (d > today) bad(`campaign_tasks#${t.id} content.meeting.date ${d} is after today`);
      if (t.submitted_at && d > dateIn(t.submitted_at))
        bad(`campaign_tasks#${t.id} meeting on ${d}, after the task was submitted (${iso(t.submitted_at)})`);
    }
    expect(violations).toEqual([]);
  });

  it('keeps every row in order: created first, updated last, its actors existing before they acted', async () => {
    violations.length = 0;
    const cols = await q<{ table_name: string; column_name: string }>(sql`
      SELECT c.table_name, c.column_name FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = current_schema() AND c.data_type = 'timestamp with time zone'
      ORDER BY c.table_name, c.ordinal_position`);
    const byTable = new Map<string, string[]>();
    for (const c of cols) byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), c.column_name]);
    for (const [table, tcols] of byTable) {
      const others = tcols.filter(
        (c) => c !== 'created_at' && c !== 'updated_at' && !FORWARD_TIMESTAMPS.has(`${table}.${c}`),
      );
      const pairs: Array<[string, string]> = [];
      if (tcols.includes('created_at'))
        for (const c of [...others, ...(tcols.includes('updated_at') ? ['updated_at'] : [])])
          pairs.push(['created_at', c]);
      if (tcols.includes('updated_at')) for (const c of others) pairs.push([c, 'updated_at']);
      for (const [a, b] of pairs) {
        const rows = await q<{ a: Date; b: Date; r: string }>(
          sql`SELECT ${sql.ref(a)} AS a, ${sql.ref(b)} AS b, left(row_to_json(t)::text, 160) AS r FROM ${sql.table(table)} t WHERE ${sql.ref(b)} < ${sql.ref(a)} LIMIT 20`,
        );
        for (const r of rows) bad(`${table}: ${b} ${iso(r.b)} is before ${a} ${iso(r.a)} (${r.r})`);
      }
    }

    // Whoever a row names as its actor had an account by then.
    const fks = await q<{ table_name: string; column_name: string }>(sql`
      SELECT kcu.table_name, kcu.column_name
      FROM information_schema.table_constraints tc
      JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
      JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
      WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema() AND ccu.table_name = 'users' AND ccu.column_name = 'id'
      ORDER BY 1, 2`);
    for (const fk of fks) {
      const tcols = byTable.get(fk.table_name) ?? [];
      const stem = fk.column_name.replace(/_(by|id)$/, '');
      const when =
        tcols.find((c) => c === `${stem}_at`) ?? tcols.find((c) => c === 'created_at') ?? tcols.find((c) => c === 'at');
      if (!when) continue;
      const rows = await q<{ w: Date; u: Date; r: string }>(sql`
        SELECT x.${sql.ref(when)} AS w, u.created_at AS u, left(row_to_json(x)::text, 160) AS r
        FROM ${sql.table(fk.table_name)} x JOIN users u ON u.id = x.${sql.ref(fk.column_name)}
        WHERE x.${sql.ref(when)} < u.created_at LIMIT 20`);
      for (const r of rows)
        bad(
          `${fk.table_name}.${fk.column_name}: acted at ${iso(r.w)} (${when}), before the account existed (${iso(r.u)}) (${r.r})`,
        );
    }

    // Users linked to a member are that member, of the org they hold a grant at (or below it).
    const linked = await q<{
      username: string;
      display_name: string;
      name: string;
      member_org: number;
      grant_org: number | null;
    }>(sql`
      SELECT u.username, u.display_name, m.name, m.org_id AS member_org, g.org_id AS grant_org
      FROM users u JOIN members m ON m.id = u.member_id LEFT JOIN grants g ON g.user_id = u.id`);
    for (const l of linked) {
      if (l.display_name !== l.name)
        bad(`users ${l.username}: display name ${l.display_name} is not its member's name ${l.name}`);
      if (
        l.grant_org !== null &&
        !(
          await q(sql`SELECT 1 FROM org_closure WHERE ancestor_id = ${l.grant_org} AND descendant_id = ${l.member_org}`)
        ).length
      ) {
        bad(`users ${l.username}: member of org ${l.member_org}, outside its grant's org ${l.grant_org}`);
      }
    }

    // Children after their parents.
    const after = async (what: string, query: RawBuilder<unknown>) => {
      for (const r of await q<{ r: string }>(query)) bad(`${what}: ${r.r}`);
    };
    await after(
      'task moved before its campaign was deployed',
      sql`SELECT left(row_to_json(t)::text, 160) AS r FROM campaign_tasks t JOIN campaigns c ON c.id = t.campaign_id WHERE t.updated_at < c.created_at LIMIT 20`,
    );
    await after(
      'campaign deployed after its batch had started',
      sql`SELECT left(row_to_json(c)::text, 160) AS r FROM campaigns c JOIN campaign_batches b ON b.campaign_id = c.id WHERE b.start_date < (c.created_at AT TIME ZONE ${officeTz()})::date LIMIT 20`,
    );
    await after(
      'unit joined a campaign before it was deployed',
      sql`SELECT left(row_to_json(u)::text, 160) AS r FROM campaign_units u JOIN campaigns c ON c.id = u.campaign_id WHERE u.joined_at < c.created_at LIMIT 20`,
    );
    await after(
      'notice receipt before the notice was sent',
      sql`SELECT left(row_to_json(r)::text, 160) AS r FROM notice_recipients r JOIN notices n ON n.id = r.notice_id WHERE r.read_at IS NOT NULL AND (n.sent_at IS NULL OR r.read_at < n.sent_at) LIMIT 20`,
    );
    await after(
      'problem evidence before its problem',
      sql`SELECT left(row_to_json(e)::text, 160) AS r FROM problem_evidence e JOIN problems p ON p.id = e.problem_id WHERE e.created_at < p.created_at LIMIT 20`,
    );
    await after(
      'milestone done before its problem was entered',
      sql`SELECT left(row_to_json(m)::text, 160) AS r FROM problem_milestones m JOIN problems p ON p.id = m.problem_id WHERE m.done_at < p.created_at LIMIT 20`,
    );
    await after(
      'problem entered before the opinion it came from',
      sql`SELECT left(row_to_json(o)::text, 160) AS r FROM opinion_problems op JOIN opinions o ON o.id = op.opinion_id JOIN problems p ON p.id = op.problem_id WHERE p.created_at < o.created_at LIMIT 20`,
    );
    await after(
      'plan made before its problems were entered',
      sql`SELECT left(row_to_json(r)::text, 160) AS r FROM plan_problems pp JOIN rectification_plans r ON r.id = pp.plan_id JOIN problems p ON p.id = pp.problem_id WHERE r.created_at < p.created_at LIMIT 20`,
    );
    await after(
      'disclosure published before the problem it shows closed was closed',
      sql`SELECT left(row_to_json(b)::text, 160) AS r FROM disclosure_items i JOIN disclosure_batches b ON b.id = i.batch_id JOIN problems p ON p.id = i.problem_id WHERE i.kind = 'rectification' AND (p.closed_at IS NULL OR b.published_at < p.closed_at) LIMIT 20`,
    );
    await after(
      'disclosure batch made before the problem it shows',
      sql`SELECT left(row_to_json(i)::text, 160) AS r FROM disclosure_items i JOIN disclosure_batches b ON b.id = i.batch_id JOIN problems p ON p.id = i.problem_id WHERE b.created_at < p.created_at LIMIT 20`,
    );
    await after(
      'team visit before the team was formed, or logged before it took place',
      sql`SELECT left(row_to_json(v)::text, 160) AS r FROM supervision_visits v JOIN supervision_teams t ON t.id = v.team_id WHERE v.visit_date < (t.created_at AT TIME ZONE ${officeTz()})::date OR v.created_at < t.created_at OR (v.created_at AT TIME ZONE ${officeTz()})::date < v.visit_date LIMIT 20`,
    );
    await after(
      'material reviewed by a team before any team was formed',
      sql`SELECT left(row_to_json(r)::text, 160) AS r FROM material_reviews r WHERE r.reviewer = 'team' AND r.created_at < (SELECT min(created_at) FROM supervision_teams) LIMIT 20`,
    );
    await after(
      'material review before the version it reviews',
      sql`SELECT left(row_to_json(r)::text, 160) AS r FROM material_reviews r JOIN material_versions v ON v.material_id = r.material_id AND v.version = r.version WHERE r.created_at < v.created_at LIMIT 20`,
    );
    await after(
      'material version before its material',
      sql`SELECT left(row_to_json(v)::text, 160) AS r FROM material_versions v JOIN materials m ON m.id = v.material_id WHERE v.created_at < m.created_at LIMIT 20`,
    );
    await after(
      'look-back assessment before its round',
      sql`SELECT left(row_to_json(a)::text, 160) AS r FROM lookback_assessments a JOIN lookback_rounds r ON r.id = a.round_id WHERE a.created_at < r.created_at LIMIT 20`,
    );
    await after(
      'look-back finding entered before the assessment that found it',
      sql`SELECT left(row_to_json(p)::text, 160) AS r FROM lookback_assessments a JOIN problems p ON p.id = ANY(a.problem_ids) WHERE p.created_at < a.created_at - interval '1 minute' LIMIT 20`,
    );
    await after(
      'inspection answered before it was circulated',
      sql`SELECT left(row_to_json(n)::text, 160) AS r FROM inspection_named_units n JOIN inspection_reports r ON r.id = n.report_id WHERE n.answered_at IS NOT NULL AND (r.circulated_at IS NULL OR n.answered_at < r.circulated_at) LIMIT 20`,
    );
    await after(
      'inspection written up before the inspection, or circulated before it',
      sql`SELECT left(row_to_json(r)::text, 160) AS r FROM inspection_reports r WHERE (r.created_at AT TIME ZONE ${officeTz()})::date < r.inspected_on OR r.inspected_on < (SELECT min((t.created_at AT TIME ZONE ${officeTz()})::date) FROM supervision_teams t WHERE t.id = r.team_id) LIMIT 20`,
    );
    await after(
      'audit events out of time order',
      sql`SELECT left(row_to_json(a)::text, 160) AS r FROM (SELECT id, at, action, lag(at) OVER (ORDER BY id) AS prev FROM audit_events) a WHERE a.at < a.prev LIMIT 20`,
    );
    expect(violations).toEqual([]);
  });

  it('keeps every history in time order and in step with its transition table', async () => {
    violations.length = 0;
    interface Ev {
      id: number;
      owner: number;
      action: string;
      from_status: string | null;
      to_status: string | null;
      at: Date;
    }
    const walk = async (
      name: string,
      events: Ev[],
      owners: Map<number, { status: string; created_at: Date; kind?: string }>,
      initial: (o: { kind?: string }) => string,
      allowed: (e: Ev, o: { kind?: string }) => boolean,
      creates: string[],
    ) => {
      const by = new Map<number, Ev[]>();
      for (const e of events) by.set(e.owner, [...(by.get(e.owner) ?? []), e]);
      seen[name] = events.length;
      for (const [id, o] of owners) {
        const evs = (by.get(id) ?? []).sort((a, b) => a.id - b.id);
        let state: string | null = creates.length ? null : initial(o);
        let prevAt = o.created_at.getTime() - (creates.length ? 1000 : 0);
        for (const [i, e] of evs.entries()) {
          if (e.at.getTime() < prevAt)
            bad(
              `${name} #${e.id} (${e.action}) of ${id} at ${iso(e.at)} comes before ${i ? 'the event before it' : 'its owner was created'}`,
            );
          prevAt = Math.max(prevAt, e.at.getTime());
          if (i === 0 && creates.length) {
            if (!creates.includes(e.action) || e.from_status !== null)
              bad(`${name} of ${id} starts with ${e.action} from ${e.from_status}, not a creation`);
            state = e.to_status;
            continue;
          }
          if (e.from_status !== state)
            bad(`${name} #${e.id} (${e.action}) of ${id} leaves ${e.from_status}, but the one before left it ${state}`);
          if (!allowed(e, o))
            bad(
              `${name} #${e.id} of ${id}: ${e.from_status} —${e.action}→ ${e.to_status} is not in its transition table`,
            );
          state = e.to_status;
        }
        if (creates.length && evs.length === 0) bad(`${name}: ${id} has no history`);
        if ((state ?? initial(o)) !== o.status) bad(`${name}: ${id} is ${o.status}, its history ends ${state}`);
      }
    };

    // Campaign tasks.
    const tasks = await q<{
      id: number;
      status: string;
      created_at: Date;
      submitted_at: Date | null;
      decided_at: Date | null;
    }>(
      sql`SELECT t.id, t.status, c.created_at, t.submitted_at, t.decided_at FROM campaign_tasks t JOIN campaigns c ON c.id = t.campaign_id`,
    );
    const taskEvents = await q<Ev>(
      sql`SELECT id, task_id AS owner, action, from_status, to_status, at FROM campaign_task_events`,
    );
    await walk(
      'campaign_task_events',
      taskEvents,
      new Map(tasks.map((t) => [t.id, t])),
      () => 'draft',
      (e) => TASK_TRANSITIONS.some((t) => t.from === e.from_status && t.to === e.to_status && t.action === e.action),
      [],
    );
    const lastOf = (evs: Ev[], owner: number, actions: string[]) =>
      evs.filter((e) => e.owner === owner && actions.includes(e.action)).sort((a, b) => b.id - a.id)[0];
    for (const t of tasks) {
      const s = lastOf(taskEvents, t.id, ['submit']);
      if (s && !same(t.submitted_at, s.at))
        bad(`campaign_tasks#${t.id} submitted_at ${iso(t.submitted_at)} is not its last submission ${iso(s.at)}`);
      const d = lastOf(taskEvents, t.id, ['approve', 'return', 'reopen']);
      if ((t.status === 'approved' || t.status === 'returned') && d && !same(t.decided_at, d.at))
        bad(`campaign_tasks#${t.id} decided_at ${iso(t.decided_at)} is not its last decision ${iso(d.at)}`);
    }

    // Problems: created, then moved along PROBLEM_TRANSITIONS (notes on milestones and evidence keep the status).
    const problems = await q<{
      id: number;
      status: string;
      kind: string;
      created_at: Date;
      closed_at: Date | null;
      deadline: string | null;
    }>(sql`SELECT id, status, kind, created_at, closed_at, deadline FROM problems`);
    const problemEvents = await q<Ev & { cycle: number }>(
      sql`SELECT id, problem_id AS owner, action, from_status, to_status, at, cycle FROM problem_events`,
    );
    const NOTES = ['milestone_done', 'milestone_undone', 'evidence'];
    await walk(
      'problem_events',
      problemEvents,
      new Map(problems.map((p) => [p.id, p])),
      () => 'draft',
      (e, o) =>
        (NOTES.includes(e.action) && e.from_status === e.to_status) ||
        PROBLEM_TRANSITIONS.some(
          (t) =>
            t.from === e.from_status &&
            t.to === e.to_status &&
            t.action === e.action &&
            (!t.kinds || t.kinds.includes(o.kind as never)),
        ),
      ['create', 'import'],
    );
    for (const p of problems) {
      const v = lastOf(problemEvents, p.id, ['verify']);
      if (p.status === 'closed' && (!v || !same(p.closed_at, v.at)))
        bad(`problems#${p.id} closed_at ${iso(p.closed_at)} is not its verification ${v ? iso(v.at) : '(none)'}`);
      const confirmed = lastOf(problemEvents, p.id, ['confirm']);
      if (confirmed && p.deadline && p.deadline < dateIn(confirmed.at))
        bad(`problems#${p.id} confirmed on ${dateIn(confirmed.at)} with a deadline already past (${p.deadline})`);
      const finished = lastOf(problemEvents, p.id, ['finish']);
      if (finished) {
        const late = await q<{ r: string }>(
          sql`SELECT left(row_to_json(x)::text, 120) AS r FROM (SELECT 'evidence' AS what, created_at AS t FROM problem_evidence WHERE problem_id = ${p.id} UNION ALL SELECT 'milestone', done_at FROM problem_milestones WHERE problem_id = ${p.id}) x WHERE x.t > ${finished.at}`,
        );
        for (const l of late)
          bad(`problems#${p.id} finished at ${iso(finished.at)} before its evidence or milestones were done: ${l.r}`);
      }
    }

    // Rectification plans: the campaign deliverable's TASK_TRANSITIONS.
    const plans = await q<{ id: number; status: string; created_at: Date }>(
      sql`SELECT id, status, created_at FROM rectification_plans`,
    );
    const planEvents = await q<Ev>(
      sql`SELECT id, plan_id AS owner, action, from_status, to_status, at FROM plan_events`,
    );
    await walk(
      'plan_events',
      planEvents,
      new Map(plans.map((p) => [p.id, p])),
      () => 'draft',
      (e) => TASK_TRANSITIONS.some((t) => t.from === e.from_status && t.to === e.to_status && t.action === e.action),
      ['create'],
    );

    // Supervision forms: FORM_TRANSITIONS by kind.
    const forms = await q<{
      id: number;
      status: string;
      kind: string;
      created_at: Date;
      issued_at: Date | null;
      replied_at: Date | null;
      deadline: string | null;
      escalated_from_id: number | null;
      title: string;
    }>(
      sql`SELECT id, status, kind, created_at, issued_at, replied_at, deadline, escalated_from_id, title FROM supervision_forms`,
    );
    const formEvents = await q<Ev>(
      sql`SELECT id, form_id AS owner, action, from_status, to_status, at FROM supervision_form_events`,
    );
    await walk(
      'supervision_form_events',
      formEvents,
      new Map(forms.map((f) => [f.id, f])),
      () => 'draft',
      (e, o) =>
        FORM_TRANSITIONS.some(
          (t) =>
            t.from === e.from_status &&
            t.to === e.to_status &&
            t.action === e.action &&
            (t.kinds as readonly string[]).includes(o.kind!),
        ),
      ['create', 'propose'],
    );
    const formById = new Map(forms.map((f) => [f.id, f]));
    for (const f of forms) {
      const issued = lastOf(formEvents, f.id, ['issue']);
      if (issued && !same(f.issued_at, issued.at))
        bad(`supervision_forms#${f.id} issued_at ${iso(f.issued_at)} is not its issue event ${iso(issued.at)}`);
      if (f.issued_at && f.deadline && dateIn(f.issued_at) > f.deadline)
        bad(
          `supervision_forms#${f.id} “${f.title}” issued on ${dateIn(f.issued_at)}, after its own deadline ${f.deadline}`,
        );
      if (f.replied_at && (!f.issued_at || f.replied_at < f.issued_at))
        bad(`supervision_forms#${f.id} replied at ${iso(f.replied_at)} before it was issued (${iso(f.issued_at)})`);
      const replied = lastOf(formEvents, f.id, ['reply']);
      if (replied && !same(f.replied_at, replied.at))
        bad(`supervision_forms#${f.id} replied_at ${iso(f.replied_at)} is not its last reply ${iso(replied.at)}`);
      if (f.escalated_from_id) {
        const o = formById.get(f.escalated_from_id)!;
        if (!o.deadline || dateIn(f.created_at) <= o.deadline)
          bad(
            `supervision_forms#${f.id} escalates order #${o.id} on ${dateIn(f.created_at)}, not after its deadline ${o.deadline}`,
          );
        if (!o.issued_at || f.created_at < o.issued_at)
          bad(`supervision_forms#${f.id} escalates order #${o.id} before it was issued`);
      }
    }

    // Materials: versions numbered 1..n in time order, the material's version the newest.
    const mats = await q<{ id: number; version: number; created_at: Date; updated_at: Date }>(
      sql`SELECT id, version, created_at, updated_at FROM materials`,
    );
    const versions = await q<{ material_id: number; version: number; created_at: Date }>(
      sql`SELECT material_id, version, created_at FROM material_versions ORDER BY material_id, version`,
    );
    seen.material_versions = versions.length;
    for (const m of mats) {
      const vs = versions.filter((v) => v.material_id === m.id);
      vs.forEach((v, i) => {
        if (v.version !== i + 1) bad(`material_versions of #${m.id}: version ${v.version} where ${i + 1} was due`);
        if (i > 0 && v.created_at < vs[i - 1].created_at)
          bad(
            `material_versions of #${m.id}: version ${v.version} (${iso(v.created_at)}) is older than version ${vs[i - 1].version} (${iso(vs[i - 1].created_at)})`,
          );
      });
      if (vs.length && vs[vs.length - 1].version !== m.version)
        bad(`materials#${m.id} is at version ${m.version}, its newest version is ${vs[vs.length - 1].version}`);
    }

    // Notifications come after what they tell of.
    const notes = await q<{ id: number; kind: string; created_at: Date; params: Record<string, unknown> }>(
      sql`SELECT id, kind, created_at, params FROM notifications`,
    );
    for (const n of notes) {
      const formId = Number(n.params?.formId);
      if (n.kind.startsWith('form_') && formById.has(formId) && n.created_at < formById.get(formId)!.created_at)
        bad(`notifications#${n.id} (${n.kind}) before form #${formId} existed`);
      const problemId = Number(n.params?.problemId);
      const p = problems.find((x) => x.id === problemId);
      if (n.kind.startsWith('problem_') && p && n.created_at < p.created_at)
        bad(`notifications#${n.id} (${n.kind}) before problem #${problemId} existed`);
    }
    expect(violations).toEqual([]);
  });

  it('has a text check that catches what it is meant to catch (checked on made-up texts)', async () => {
    violations.length = 0;
    await loadOrgs();
    const all = [...orgs.values()];
    const street = all.find((o) => townshipType(o) === 'street')!;
    const town = all.find((o) => townshipType(o) === 'town' && /镇委员会$/.test(o.name))!;
    const villages = all.filter((o) => o.kind === 'village' && o.level === 'branch');
    const village = villages.find((v) => v.path.includes(town.id))!;
    const stranger = villages.find((v) => !v.path.includes(town.id) && v.place !== village.place)!;
    const county = orgs.get(village.path.find((id) => orgs.get(id)!.level === 'county')!)!;
    const organ = all.find((o) => o.kind === 'organ' && o.level === 'township')!;
    const cases: Array<[OrgFact, string, boolean]> = [
      [village, '村道路灯坏了半年没人修。', true],
      [village, `到${town.place}里办事要跑好几趟。`, true],
      [town, `${village.place}的村务公开栏长期未更新。`, true],
      [street, '社区工作人员很少入户走访。', true],
      [street, '村道路灯坏了半年没人修。', false],
      [street, '到镇里办低保要跑好几趟。', false],
      [town, '到街道办事要跑好几趟。', false],
      [village, `${stranger.place}的路灯坏了。`, false],
      [village, `已告知反映人向${/区$/.test(county.place) ? '县' : '区委'}有关部门反映。`, false],
      [organ, '责任部门：党政办', false],
    ];
    for (const [org, text, fits] of cases) {
      const before = violations.length;
      checkText(`made-up text`, org.id, text);
      expect(violations.length > before, `${org.name}: ${text}`).toBe(!fits);
    }
    violations.length = 0;
  });

  it('lets every text fit its unit, and names as persons only the unit’s own members', async () => {
    violations.length = 0;
    await loadOrgs();
    const texts = async (table: string, query: RawBuilder<unknown>) => {
      for (const r of await q<{ id: unknown; org_id: number; text: unknown }>(query))
        checkText(`${table}#${r.id}`, r.org_id, r.text);
    };
    await texts(
      'problems',
      sql`SELECT p.id, p.org_id, concat_ws(' / ', p.description, p.standard, p.progress, p.effect, p.remark, p.deadline_text, p.responsible_dept) AS text FROM problems p`,
    );
    await texts(
      'problem_measures',
      sql`SELECT m.id, p.org_id, concat_ws(' / ', m.content, m.owner) AS text FROM problem_measures m JOIN problems p ON p.id = m.problem_id`,
    );
    await texts(
      'problem_milestones',
      sql`SELECT m.id, p.org_id, concat_ws(' / ', m.title, m.note) AS text FROM problem_milestones m JOIN problems p ON p.id = m.problem_id`,
    );
    await texts(
      'problem_events',
      sql`SELECT e.id, p.org_id, e.comment AS text FROM problem_events e JOIN problems p ON p.id = e.problem_id`,
    );
    await texts('opinions', sql`SELECT id, org_id, concat_ws(' / ', content, answer) AS text FROM opinions`);
    await texts(
      'rectification_plans',
      sql`SELECT id, org_id, concat_ws(' / ', title, principles, objectives, measures, time_limits, last_comment) AS text FROM rectification_plans`,
    );
    await texts(
      'plan_events',
      sql`SELECT e.id, r.org_id, e.comment AS text FROM plan_events e JOIN rectification_plans r ON r.id = e.plan_id`,
    );
    await texts(
      'campaign_tasks',
      sql`SELECT id, org_id, concat_ws(' / ', content::text, last_comment) AS text FROM campaign_tasks`,
    );
    await texts(
      'campaign_task_events',
      sql`SELECT e.id, t.org_id, e.comment AS text FROM campaign_task_events e JOIN campaign_tasks t ON t.id = e.task_id`,
    );
    await texts('materials', sql`SELECT id, org_id, concat_ws(' / ', title, subject_name) AS text FROM materials`);
    await texts(
      'material_versions',
      sql`SELECT v.material_id || 'v' || v.version AS id, m.org_id, v.body AS text FROM material_versions v JOIN materials m ON m.id = v.material_id`,
    );
    await texts(
      'material_reviews',
      sql`SELECT r.id, m.org_id, concat_ws(' / ', r.comment, r.results::text) AS text FROM material_reviews r JOIN materials m ON m.id = r.material_id`,
    );
    await texts(
      'supervision_forms',
      sql`SELECT id, subject_org_id AS org_id, concat_ws(' / ', title, content, reply, decision_comment) AS text FROM supervision_forms`,
    );
    await texts(
      'supervision_visits',
      sql`SELECT id, org_id, concat_ws(' / ', seen, meetings) AS text FROM supervision_visits`,
    );
    await texts(
      'inspection_named_units',
      sql`SELECT report_id || ':' || org_id AS id, org_id, concat_ws(' / ', finding, answer) AS text FROM inspection_named_units`,
    );
    await texts(
      'inspection_reports',
      sql`SELECT id, org_id, concat_ws(' / ', title, body) AS text FROM inspection_reports`,
    );
    await texts(
      'lookback_assessments',
      sql`SELECT id, org_id, concat_ws(' / ', summary, scores::text) AS text FROM lookback_assessments`,
    );
    await texts(
      'disclosure_items',
      sql`SELECT i.id, p.org_id, i.public_text::text AS text FROM disclosure_items i JOIN problems p ON p.id = i.problem_id`,
    );
    await texts('notices', sql`SELECT id, org_id, concat_ws(' / ', title, body) AS text FROM notices`);
    await texts('campaigns', sql`SELECT id, org_id, concat_ws(' / ', notice_body) AS text FROM campaigns`);

    // Persons named as a unit's own (responsible leader and person, the leader a problem is about):
    // active members of the unit or of the units below it.
    const people = await q<{ id: number; org_id: number; role: string; name: string; found: boolean }>(sql`
      SELECT p.id, p.org_id, x.role, x.name,
             EXISTS (SELECT 1 FROM members m JOIN org_closure c ON c.descendant_id = m.org_id
                     WHERE c.ancestor_id = p.org_id AND m.name = x.name AND m.status = 'active') AS found
      FROM problems p
      CROSS JOIN LATERAL (VALUES ('responsible_leader', p.responsible_leader), ('responsible_person', p.responsible_person),
                                 ('subject_name', CASE WHEN p.subject = 'leader' THEN p.subject_name ELSE '' END)) AS x(role, name)
      WHERE x.name <> ''`);
    seen.people = people.length;
    for (const p of people)
      if (!p.found) bad(`problems#${p.id} ${p.role} ${p.name} is no member of unit ${orgs.get(p.org_id)?.name}`);
    // Authors and repliers who are people with a member record act for that member's own unit.
    const acts = await q<{ what: string; name: string; org_id: number; ok: boolean }>(sql`
      WITH persons AS (SELECT u.display_name, m.org_id FROM users u JOIN members m ON m.id = u.member_id)
      SELECT 'materials#' || x.id AS what, x.author_name AS name, x.org_id,
             EXISTS (SELECT 1 FROM org_closure c WHERE c.ancestor_id = x.org_id AND c.descendant_id = p.org_id) AS ok
      FROM materials x JOIN persons p ON p.display_name IN (x.author_name, x.subject_name)
      UNION ALL
      SELECT 'supervision_forms#' || f.id, f.replied_by, f.subject_org_id,
             EXISTS (SELECT 1 FROM org_closure c WHERE c.ancestor_id = f.subject_org_id AND c.descendant_id = p.org_id)
      FROM supervision_forms f JOIN persons p ON p.display_name = f.replied_by
      UNION ALL
      SELECT 'inspection_named_units#' || n.report_id, n.answered_by, n.org_id,
             EXISTS (SELECT 1 FROM org_closure c WHERE c.ancestor_id = n.org_id AND c.descendant_id = p.org_id)
      FROM inspection_named_units n JOIN persons p ON p.display_name = n.answered_by`);
    for (const a of acts) if (!a.ok) bad(`${a.what}: ${a.name} acts for unit ${orgs.get(a.org_id)?.name}, not theirs`);
    expect(violations).toEqual([]);
  });

  it('walked a demo with something in every history, and its audit chain still verifies', async () => {
    expect(seen.columns).toBeGreaterThan(60);
    for (const h of [
      'campaign_task_events',
      'problem_events',
      'plan_events',
      'supervision_form_events',
      'material_versions',
    ])
      expect(seen[h], h).toBeGreaterThan(0);
    expect(seen.texts).toBeGreaterThan(500);
    expect(seen.people).toBeGreaterThan(50);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
