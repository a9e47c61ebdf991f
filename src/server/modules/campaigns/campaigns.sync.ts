import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import { ZTemplateBody } from '../../../shared/campaigns.ts';
import * as repo from './campaigns.repository.ts';

/**
 * Keeps campaigns right while the tree changes. The org service wraps every structural change
 * (create, move, re-level, dissolve) of the subtree under `rootId` in this: the subtree's
 * contribution to the campaign counters is removed, the change is made, units that now belong
 * join (with their tasks and inherited deadlines) and units that no longer belong leave (history
 * kept), then the contribution is added back through the new ancestors.
 */
export async function reconcileCampaigns<T>(
  trx: Transaction<DB>,
  rootId: number,
  mutate: () => Promise<T>,
): Promise<T> {
  const before = await repo.campaignsTouching(trx, rootId);
  const ids = before.map((c) => c.id);
  if (ids.length > 0) await removeContribution(trx, ids, rootId);
  const result = await mutate();
  const after = await repo.campaignsTouching(trx, rootId);
  const all = new Map([...before, ...after].map((c) => [c.id, c]));
  for (const c of all.values()) await syncCampaignSubtree(trx, c.id, c.body, rootId);
  if (all.size > 0) await addContribution(trx, [...all.keys()], rootId);
  return result;
}

async function removeContribution(trx: Transaction<DB>, campaignIds: number[], rootId: number) {
  await repo.applyTaskStats(trx, -1, repo.campaignTasksInSubtree(campaignIds, rootId));
  await repo.applyUnitStats(trx, -1, repo.campaignUnitsInSubtree(campaignIds, rootId));
}

async function addContribution(trx: Transaction<DB>, campaignIds: number[], rootId: number) {
  await repo.applyTaskStats(trx, 1, repo.campaignTasksInSubtree(campaignIds, rootId));
  await repo.applyUnitStats(trx, 1, repo.campaignUnitsInSubtree(campaignIds, rootId));
}

/**
 * Brings one campaign's participation in a subtree up to date, without touching counters (the
 * caller removes and re-adds the subtree's contribution around it).
 */
export async function syncCampaignSubtree(
  trx: Transaction<DB>,
  campaignId: number,
  body: unknown,
  rootId: number,
): Promise<void> {
  await repo.leaveUnits(trx, campaignId, rootId);
  await repo.joinUnits(trx, campaignId, rootId);
  await repo.syncTaskActivity(trx, campaignId, rootId);
  const batches = await repo.batchesOf(trx, campaignId);
  await repo.createTasks(trx, campaignId, rootId, repo.buildPlan(ZTemplateBody.parse(body), batches));
  if (await repo.hasDeadlines(trx, campaignId)) await repo.recomputeDueDates(trx, campaignId, rootId);
}
