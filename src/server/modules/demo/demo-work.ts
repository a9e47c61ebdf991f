/**
 * Everything the demo city has been doing on top of its tree and members: the Mass Line campaign
 * half-way through, the problem ledgers of its leading bodies, opinions in every state and a
 * published disclosure batch, and the supervision teams at work.
 *
 * One story, one clock (demo-clock.ts): a month and a half of work that ends before now. Each part
 * writes through the real services inside the clock's steps; the clock then moves what they stamped
 * to the moments of the story.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { DemoClock } from './demo-clock.ts';
import { loadDemoCampaign } from './demo-campaign.ts';
import { loadDemoLedger } from './demo-ledger.ts';
import { loadDemoOpinions } from './demo-opinions.ts';
import { loadDemoSupervision } from './demo-supervision.ts';

export interface DemoWork {
  campaignId: number;
  tasks: number;
  moved: number;
  problems: number;
  opinions: number;
  /** Problems the opinions became. */
  converted: number;
  disclosed: number;
  /** Supervision: teams, materials, forms issued, escalations proposed, look-back findings recorded as problems. */
  supervision: { teams: number; materials: number; forms: number; proposals: number; findings: number };
}

export async function loadDemoWork(db: Kysely<DB>, opts: { seed: number; today?: string }): Promise<DemoWork> {
  const clock = new DemoClock(opts.today);
  const o2 = { seed: opts.seed, clock };
  const c = await loadDemoCampaign(db, o2);
  const l = await loadDemoLedger(db, { ...o2, campaignId: c.campaignId });
  const o = await loadDemoOpinions(db, { ...o2, campaignId: c.campaignId });
  const s = await loadDemoSupervision(db, { ...o2, campaignId: c.campaignId });
  await clock.settle(db);
  return {
    ...c,
    problems: l.problems,
    opinions: o.opinions,
    converted: o.converted,
    disclosed: o.disclosed,
    supervision: s,
  };
}
