/**
 * The requests `npm run bench` times, each through the real HTTP API (app.inject) as the `office`
 * demo account, whose grant is the root. Add a module's own queries by appending to BENCH_QUERIES;
 * the ids they need come from BenchContext (extend findContext in run.ts for new ones).
 */

/** Organizations picked from the loaded data for the queries to aim at. */
export interface BenchContext {
  /** The tree root (the city, or the province). */
  rootId: number;
  /** The first county-level committee with townships (中共城关区委员会). */
  districtId: number;
  /** A township committee under that district. */
  townshipId: number;
  /** The branch with the most members under that district. */
  branchId: number;
  /** The bench campaign, deployed from the root to every branch (bench/campaign.ts). */
  campaignId: number;
}

export interface BenchQuery {
  name: string;
  /** What it measures, for the report. */
  note: string;
  url: (ctx: BenchContext) => string;
  /** The demo account the request is made as (default `office`, granted at the root). */
  as?: 'office' | 'secretary' | 'member';
}

export const BENCH_QUERIES: BenchQuery[] = [
  {
    name: 'subtree-count-root',
    note: 'org detail with subtree counters, at the root',
    url: (c) => `/api/orgs/${c.rootId}`,
  },
  {
    name: 'subtree-count-township',
    note: 'org detail with subtree counters, a township',
    url: (c) => `/api/orgs/${c.townshipId}`,
  },
  { name: 'children-root', note: "root's children with their counters", url: (c) => `/api/orgs?parent=${c.rootId}` },
  {
    name: 'children-district',
    note: "a district's children with their counters",
    url: (c) => `/api/orgs?parent=${c.districtId}`,
  },
  {
    name: 'members-page-root',
    note: 'first page of ordinary members in the whole tree',
    url: (c) => `/api/members?org=${c.rootId}&subtree=true&category=ordinary&limit=50`,
  },
  {
    name: 'members-page-district-search',
    note: 'members named like 王 in a district',
    url: (c) => `/api/members?org=${c.districtId}&subtree=true&q=${encodeURIComponent('王')}&limit=50`,
  },
  {
    name: 'members-page-branch',
    note: "the biggest branch's own members",
    url: (c) => `/api/members?org=${c.branchId}&subtree=false&limit=50`,
  },
  {
    name: 'campaign-progress-root',
    note: 'campaign progress at the root: figures, per phase, per child ranked',
    url: (c) => `/api/campaigns/${c.campaignId}/progress?org=${c.rootId}`,
  },
  {
    name: 'campaign-progress-district',
    note: 'campaign progress of a district',
    url: (c) => `/api/campaigns/${c.campaignId}/progress?org=${c.districtId}`,
  },
  {
    name: 'campaign-red-list-root',
    note: 'units overdue past the escalation period, whole tree',
    url: (c) => `/api/campaigns/${c.campaignId}/red-list?org=${c.rootId}`,
  },
  {
    name: 'campaign-tasks-district-overdue',
    note: "first page of a district's overdue tasks with the total",
    url: (c) => `/api/campaigns/${c.campaignId}/tasks?org=${c.districtId}&subtree=true&overdue=true&limit=50`,
  },
  {
    name: 'ledger-page-root',
    note: 'first page of the whole problem ledger with its total',
    url: (c) => `/api/problems?org=${c.rootId}&limit=50`,
  },
  {
    name: 'ledger-page-district',
    note: "first page of a district's ledger, newest first, with its total",
    url: (c) => `/api/problems?org=${c.districtId}&limit=50`,
  },
  {
    name: 'ledger-page-district-overdue',
    note: "a district's overdue problems, soonest deadline first",
    url: (c) => `/api/problems?org=${c.districtId}&overdue=true&sort=deadline&limit=50`,
  },
  {
    name: 'ledger-page-township',
    note: "a township's ledger in 序号 order",
    url: (c) => `/api/problems?org=${c.townshipId}&sort=seq&limit=50`,
  },
  {
    name: 'ledger-rollup-root',
    note: 'ledger roll-up of the root and its children (status, kind, category, overdue, closure rate)',
    url: (c) => `/api/problems/summary?org=${c.rootId}`,
  },
  {
    name: 'ledger-rollup-district',
    note: 'ledger roll-up of a district and its children',
    url: (c) => `/api/problems/summary?org=${c.districtId}`,
  },
  {
    name: 'ledger-rollup-township',
    note: 'ledger roll-up of a township and its children',
    url: (c) => `/api/problems/summary?org=${c.townshipId}`,
  },
  {
    name: 'workbench-office-root',
    note: 'the workbench of the office granted at the root (its desk: approvals, verifications, overdue below)',
    url: () => '/api/workbench',
  },
  {
    name: 'workbench-counts-office-root',
    note: "the navigation's counts for the same office",
    url: () => '/api/workbench/counts',
  },
  {
    name: 'workbench-secretary',
    note: "a branch secretary's workbench (the branch's tasks, problems, forms; their own items)",
    url: () => '/api/workbench',
    as: 'secretary',
  },
  {
    name: 'workbench-member',
    note: "a plain member's workbench (their problems, measures, materials, messages)",
    url: () => '/api/workbench',
    as: 'member',
  },
];
