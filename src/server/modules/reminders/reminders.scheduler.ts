import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { dateIn } from '../../platform/dates.ts';
import { runReminders, type ReminderResult } from './reminders.service.ts';

export interface ReminderScheduler {
  /** Cancels the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  /** Between runs; default one hour. */
  intervalMs?: number;
  /** Before the first run, so a starting server is not slowed; default 30 s. */
  firstDelayMs?: number;
  today?: () => string;
  onResult?: (r: ReminderResult) => void;
  onError?: (err: unknown) => void;
}

/**
 * Runs the reminders inside the server process, hourly. Started by `massline serve` only —
 * buildApp never starts it, so tests and inject() apps have no timer. The timer is unref'd (it
 * never keeps the process alive) and a run never overlaps the previous one; several server
 * processes may each run it, the advisory lock in runReminders lets one work at a time.
 */
export function startReminderScheduler(db: Kysely<DB>, opts: SchedulerOptions = {}): ReminderScheduler {
  const interval = opts.intervalMs ?? 60 * 60 * 1000;
  const today = opts.today ?? (() => dateIn());
  let stopped = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  const tick = () => {
    timer = null;
    if (stopped) return;
    running = runReminders(db, today())
      .then((r) => opts.onResult?.(r))
      .catch((err) => opts.onError?.(err))
      .finally(() => {
        running = null;
        schedule(interval);
      });
  };
  schedule(opts.firstDelayMs ?? 30_000);

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (running) await running;
    },
  };
}
