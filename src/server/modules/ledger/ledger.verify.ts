import type { Q } from '../../db/database.ts';
import { problemStatsDiffs, type ProblemStatsDiff } from './ledger.repository.ts';

export type { ProblemStatsDiff };

/**
 * Recounts the ledger roll-ups from the problem rows, walking the tree by parent_id (not the
 * closure the counters were built with), and lists each difference. Empty = all right.
 */
export async function verifyProblemStats(db: Q): Promise<ProblemStatsDiff[]> {
  return problemStatsDiffs(db);
}
