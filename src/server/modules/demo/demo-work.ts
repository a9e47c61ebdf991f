/**
 * Everything the demo city has been doing on top of its tree and members: the Mass Line campaign
 * half-way through, and the problem ledgers of its leading bodies.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { loadDemoCampaign } from './demo-campaign.ts';
import { loadDemoLedger } from './demo-ledger.ts';

export interface DemoWork {
  campaignId: number;
  tasks: number;
  moved: number;
  problems: number;
}

export async function loadDemoWork(db: Kysely<DB>, opts: { seed: number; today?: string }): Promise<DemoWork> {
  const c = await loadDemoCampaign(db, opts);
  const l = await loadDemoLedger(db, { ...opts, campaignId: c.campaignId });
  return { ...c, problems: l.problems };
}
