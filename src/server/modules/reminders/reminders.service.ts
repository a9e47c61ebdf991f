import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { appendAuditMany, SYSTEM_ACTOR } from '../../platform/audit.ts';
import { withTx } from '../../platform/tx.ts';
import * as repo from './reminders.repository.ts';
import { proposeEscalations } from '../supervision/forms/forms.service.ts';

// Any fixed 64-bit number, distinct from the audit chain's: it names the lock that lets one
// server process at a time run the reminders.
const REMINDER_LOCK = 7_474_502;

export interface ReminderResult {
  today: string;
  /** Another process held the lock and is doing this run. */
  skipped: boolean;
  dueSoon: number;
  overdue: number;
  escalations: number;
  /** Supervision orders past their deadline escalated to a proposed criticism or adjustment. */
  formProposals: number;
  /**
   * Rectification reminders added (rows: a unit's and a person's count one each): problem,
   * measure and milestone deadlines ahead, problems overdue, and escalations to the level above.
   */
  problemDueSoon: number;
  measureDueSoon: number;
  milestoneDueSoon: number;
  problemOverdue: number;
  problemEscalations: number;
}

const NONE = {
  dueSoon: 0,
  overdue: 0,
  escalations: 0,
  formProposals: 0,
  problemDueSoon: 0,
  measureDueSoon: 0,
  milestoneDueSoon: 0,
  problemOverdue: 0,
  problemEscalations: 0,
};

/**
 * Pushes the deadlines: reminders to units before their tasks fall due (7, 3, 1 days), when they
 * become overdue, and an escalation to the deploying office when a unit enters the red list; the
 * same for rectification — before a problem's, a measure's or a milestone's date, to the unit and
 * the person responsible, and after an open problem's deadline, to them and to the level above. One
 * transaction with one audit event (actor: system) counting what was added; nothing added, no
 * event. Idempotent: notifications carry a unique dedupe_key, so a second run the same day — or
 * from a second process — adds nothing; on PostgreSQL a transaction-scoped advisory lock lets only
 * one process work at a time (the others skip). On PGlite there is one session, so it always runs.
 */
export async function runReminders(db: Kysely<DB>, today: string): Promise<ReminderResult> {
  return withTx(db, SYSTEM_ACTOR, async ({ trx, audit }) => {
    if (!(await repo.tryXactLock(trx, REMINDER_LOCK))) return { today, skipped: true, ...NONE };
    const dueSoon = await repo.insertDueSoon(trx, today);
    const overdue = await repo.insertOverdue(trx, today);
    const escalations = await repo.insertEscalations(trx, today);
    const problems = {
      problemDueSoon: await repo.insertProblemDueSoon(trx, today),
      measureDueSoon: await repo.insertMeasureDueSoon(trx, today),
      milestoneDueSoon: await repo.insertMilestoneDueSoon(trx, today),
      problemOverdue: await repo.insertProblemOverdue(trx, today),
      problemEscalations: await repo.insertProblemEscalations(trx, today),
    };
    const forms = await proposeEscalations(trx, today);
    if (forms.audits.length) await appendAuditMany(trx, SYSTEM_ACTOR, forms.audits);
    const counts = { dueSoon, overdue, escalations, formProposals: forms.proposed, ...problems };
    if (Object.values(counts).some((n) => n > 0)) {
      await audit({ action: 'reminders.run', entityType: 'reminders', entityId: today, after: { today, ...counts } });
    }
    return { today, skipped: false, ...counts };
  });
}
