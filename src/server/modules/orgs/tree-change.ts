import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import { reconcileCampaigns } from '../campaigns/campaigns.sync.ts';
import { applyProblemStats, problemsInSubtree } from '../ledger/ledger.repository.ts';

/**
 * Every structural change of the subtree under `rootId` (create, move, re-level, dissolve) runs
 * inside this: each module's subtree roll-ups are taken out, the change is made, and they are
 * put back through the new ancestors — campaigns (with units joining and leaving) and the
 * problem ledger.
 */
export async function reconcileSubtree<T>(trx: Transaction<DB>, rootId: number, mutate: () => Promise<T>): Promise<T> {
  await applyProblemStats(trx, -1, problemsInSubtree(rootId));
  const result = await reconcileCampaigns(trx, rootId, mutate);
  await applyProblemStats(trx, 1, problemsInSubtree(rootId));
  return result;
}
