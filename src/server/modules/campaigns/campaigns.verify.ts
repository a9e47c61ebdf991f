import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import * as repo from './campaigns.verify.repository.ts';

export interface CampaignStatsDiff {
  table: 'campaign_stats' | 'campaign_unit_stats' | 'campaign_units' | 'campaign_red_stats';
  key: string;
  stored: string;
  recount: string;
}

/**
 * Recounts every campaign roll-up from the task and unit rows, walking the tree by parent_id
 * (not the closure the counters were built with), and lists each difference. Empty = all right.
 */
export async function verifyCampaignStats(db: Kysely<DB>): Promise<CampaignStatsDiff[]> {
  const tasks = { rows: await repo.taskStatsDiffs(db) };
  const units = { rows: await repo.unitStatsDiffs(db) };
  // The red list: each active unit's earliest open due date, and the histogram per ancestor.
  const firstDue = { rows: await repo.firstDueDiffs(db) };
  const red = { rows: await repo.redStatsDiffs(db) };
  return [
    ...firstDue.rows.map((r) => ({
      table: 'campaign_units' as const,
      key: r.key,
      stored: r.stored ?? '—',
      recount: r.recount ?? '—',
    })),
    ...red.rows.map((r) => ({
      table: 'campaign_red_stats' as const,
      key: r.key,
      stored: r.stored ?? '—',
      recount: r.recount ?? '—',
    })),
    ...tasks.rows.map((r) => ({
      table: 'campaign_stats' as const,
      key: r.key,
      stored: r.stored ?? '—',
      recount: r.recount ?? '—',
    })),
    ...units.rows.map((r) => ({
      table: 'campaign_unit_stats' as const,
      key: r.key,
      stored: r.stored ?? '—',
      recount: r.recount ?? '—',
    })),
  ];
}
