/**
 * The problem ledger the bench loads: ten problems for every branch and general branch (a
 * province: ~2M problems), written set-wise, with a realistic spread of sources, categories,
 * kinds and statuses, deadlines at month ends and mid-months around today (a part of them
 * overdue), then the roll-up counters built once from the rows.
 */
import { sql } from 'kysely';
import type { Database } from '../src/server/db/database.ts';
import { addDays, dateIn } from '../src/server/platform/dates.ts';
import { SYSTEM_ACTOR } from '../src/server/platform/audit.ts';
import { withTx } from '../src/server/platform/tx.ts';
import { applyProblemStats } from '../src/server/modules/ledger/ledger.repository.ts';

const PER_UNIT = 10;

export async function loadBenchLedger(
  database: Database,
  log: (m: string) => void,
): Promise<{ problems: number; seconds: number }> {
  const t0 = performance.now();
  const { db } = database;
  const today = dateIn();
  const start = addDays(today, -150);
  await withTx(db, SYSTEM_ACTOR, async ({ trx, audit }) => {
    await sql`DELETE FROM problem_stats`.execute(trx);
    // Ledger numbers continue after what an org already has (a cut-off earlier run); materialized
    // first, since the planner, seeing an empty table, would otherwise rescan it for every row.
    await sql`
      WITH m AS MATERIALIZED (SELECT org_id, max(seq) AS mx FROM problems GROUP BY org_id)
      INSERT INTO problems (org_id, seq, source, category, subject, description, standard, responsible_leader, responsible_dept, responsible_person, kind, deadline, status, progress, effect, created_at, updated_at, closed_at)
      SELECT o.id, coalesce(m.mx, 0) + g,
             (ARRAY['opinion','opinion','self_inspection','meeting','supervision','higher_level'])[1 + (h % 6)],
             (ARRAY['formalism','bureaucratism','hedonism','extravagance','discipline','service','other'])[1 + (h / 7 % 7)],
             (ARRAY['leading_body','leader','unit'])[1 + (h / 49 % 3)],
             '群众反映' || o.name || '联系服务群众不够经常，第' || g || '项问题',
             '群众满意度明显提升',
             '书记' || (h % 97), '办公室', '干部' || (h % 991),
             k.kind,
             CASE WHEN k.kind = 'long_term' AND h % 2 = 0 THEN NULL
                  -- month ends and mid-months over ten months around today, as ledgers write them
                  ELSE (date_trunc('month', ${start}::date) + ((h / 3 % 10) || ' months')::interval + CASE WHEN h % 3 = 0 THEN interval '14 days' ELSE interval '1 month - 1 day' END)::date END,
             st.status,
             CASE WHEN st.status IN ('in_progress','awaiting','closed') THEN '已制定整改措施并推进落实' ELSE '' END,
             CASE WHEN st.status IN ('awaiting','closed') THEN '整改到位，群众满意' ELSE '' END,
             now(), now(),
             CASE WHEN st.status = 'closed' THEN now() END
      FROM orgs o
      CROSS JOIN generate_series(1, ${PER_UNIT}) g
      CROSS JOIN LATERAL (SELECT ((o.id::bigint * 7919 + g * 104729) % 1000003)::int AS h) hh
      CROSS JOIN LATERAL (SELECT (ARRAY['immediate','phased','phased','long_term'])[1 + (h / 11 % 4)] AS kind) k
      CROSS JOIN LATERAL (SELECT (ARRAY['draft','pending','in_progress','in_progress','awaiting','closed','closed','closed'])[1 + (h / 13 % 8)] AS status) st
      LEFT JOIN m ON m.org_id = o.id
      WHERE o.level IN ('branch','general_branch') AND o.status = 'active'`.execute(trx);
    log('problems written; building the roll-up counters…');
    await applyProblemStats(trx, 1, sql<boolean>`true`);
    await audit({ action: 'bench.ledger', entityType: 'problem', entityId: null });
  });
  await sql`ANALYZE problems, problem_stats`.execute(db);
  const n = Number(
    (
      await db
        .selectFrom('problems')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  log(`ledger: ${n} problems in ${seconds} s`);
  return { problems: n, seconds };
}
