import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_member_search.ts';
import * as m0003 from './0003_enum_checks.ts';
import * as m0004 from './0004_campaigns.ts';
import * as m0005 from './0005_builtin_templates.ts';
import * as m0006 from './0006_notices.ts';
import * as m0007 from './0007_campaign_red_stats.ts';
import * as m0008 from './0008_ledger.ts';
import * as m0009 from './0009_plan_events.ts';
import * as m0010 from './0010_problem_deadline_order.ts';
import * as m0011 from './0011_supervision.ts';
import * as m0012 from './0012_hardening.ts';
import * as m0013 from './0013_people.ts';

/** Migrations are code, listed here in order, so a bundled or tsx-run server finds them alike. */
export const migrationProvider: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return {
      '0001_foundation': m0001,
      '0002_member_search': m0002,
      '0003_enum_checks': m0003,
      '0004_campaigns': m0004,
      '0005_builtin_templates': m0005,
      '0006_notices': m0006,
      '0007_campaign_red_stats': m0007,
      '0008_ledger': m0008,
      '0009_plan_events': m0009,
      '0010_problem_deadline_order': m0010,
      '0011_supervision': m0011,
      '0012_hardening': m0012,
      '0013_people': m0013,
    };
  },
};
