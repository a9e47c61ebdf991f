/**
 * The demo's clock: the demo tells a month and a half of work that ends before "now", never after.
 *
 * Every moment of the story is "so many days ago, at such a time of day" in the office time zone,
 * and never later than now. The demo writes through the real services, which stamp what they do
 * with the present instant (now() in SQL, new Date() in code); a `step` remembers the stretch of
 * real time a call took and the moment of the story it stands for, and `settle` then moves every
 * timestamp written within a step to that moment — in every table, found from the catalog, so a new
 * table is covered without a change here. The audit trail is left alone: it records, truthfully and
 * hash-chained, when the demo was loaded.
 *
 * Steps never overlap (a short pause separates them), and the database's clock is taken to be the
 * server's (PGlite runs in process; PostgreSQL is expected on a synchronized host: a margin of a few
 * milliseconds either side of a step is allowed).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { addDays, dateIn, officeTz } from '../../platform/dates.ts';

/** Real time a step may be off by (clock skew between Node and the database), either side. */
const MARGIN_MS = 8;
/** Pause between steps, so that their windows never overlap. */
const GAP_MS = 3 * MARGIN_MS;

/** Offset of a zone from UTC at an instant, in ms (+08:00 → 28 800 000). */
function zoneOffset(instant: number, tz: string): number {
  const p: Record<string, string> = {};
  for (const x of new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant)))
    p[x.type] = x.value;
  const hour = p.hour === '24' ? 0 : Number(p.hour);
  return (
    Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), hour, Number(p.minute), Number(p.second)) -
    Math.floor(instant / 1000) * 1000
  );
}

/** The instant of a wall-clock time on a date in a zone. */
export function localInstant(date: string, hour: number, minute = 0, tz = officeTz()): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + (hour * 60 + minute) * 60_000;
  // Two rounds settle the offset even on a day the zone changes it.
  let t = wall - zoneOffset(wall, tz);
  t = wall - zoneOffset(t, tz);
  return new Date(t);
}

interface Window {
  from: number;
  to: number;
  story: number;
}

export class DemoClock {
  /** The day the story ends on (the office's today, unless a test names another). */
  readonly today: string;
  /** The latest instant anything in the story may bear. */
  readonly now: Date;
  private readonly windows: Window[] = [];

  constructor(today?: string) {
    const real = new Date();
    this.today = today ?? dateIn(real);
    // A story ending on an earlier day ends that evening; one ending today ends a minute ago.
    const end = Math.min(real.getTime(), localInstant(this.today, 23, 59).getTime());
    this.now = new Date(end - 60_000);
  }

  /** The date `days` days before today. */
  day(daysAgo: number): string {
    return addDays(this.today, -daysAgo);
  }

  /** `hh:mm` office time, `daysAgo` days before today — never later than now. */
  at(daysAgo: number, hour: number, minute = 0): Date {
    if (daysAgo < 0) throw new Error(`demo clock: ${daysAgo} days ago lies in the future`);
    const t = localInstant(this.day(daysAgo), hour, minute).getTime();
    return new Date(Math.min(t, this.now.getTime()));
  }

  /**
   * Runs one step of the story through the real services: whatever it stamps with the present
   * instant is moved to `when` by settle().
   */
  async step<T>(when: Date, fn: () => Promise<T>): Promise<T> {
    if (when.getTime() > this.now.getTime()) throw new Error(`demo clock: ${when.toISOString()} is after now`);
    const from = Date.now() - MARGIN_MS;
    const result = await fn();
    const to = Date.now() + 1 + MARGIN_MS;
    this.windows.push({ from, to, story: when.getTime() });
    await new Promise((r) => setTimeout(r, GAP_MS));
    return result;
  }

  /**
   * Moves every timestamp written during a step to that step's moment (keeping the order within
   * the step), in every table but the audit trail. Call once, when the story is written.
   */
  async settle(db: Kysely<DB>): Promise<void> {
    if (this.windows.length === 0) return;
    const w = this.windows;
    const cols = await sql<{ table_name: string; column_name: string }>`
      SELECT c.table_name, c.column_name
      FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = current_schema() AND c.data_type = 'timestamp with time zone' AND c.table_name <> 'audit_events'
      ORDER BY c.table_name, c.column_name`.execute(db);
    const lo = new Date(Math.min(...w.map((x) => x.from)));
    const hi = new Date(Math.max(...w.map((x) => x.to)));
    await db.transaction().execute(async (trx) => {
      for (const c of cols.rows) {
        const col = sql.ref(c.column_name);
        await sql`
          UPDATE ${sql.table(c.table_name)} AS x
          SET ${col} = w.story + (x.${col} - w.real_from)
          FROM unnest(${w.map((x) => new Date(x.from))}::timestamptz[], ${w.map((x) => new Date(x.to))}::timestamptz[], ${w.map((x) => new Date(x.story))}::timestamptz[]) AS w(real_from, real_to, story)
          WHERE x.${col} >= ${lo} AND x.${col} < ${hi} AND x.${col} >= w.real_from AND x.${col} < w.real_to`.execute(
          trx,
        );
      }
    });
    this.windows.length = 0;
  }
}
