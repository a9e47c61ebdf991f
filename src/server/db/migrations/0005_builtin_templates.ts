import fs from 'node:fs';
import { sql, type Kysely, type Transaction } from 'kysely';
import { ZBuiltinTemplate } from '../../../shared/campaigns.ts';
import { appendAudit, SYSTEM_ACTOR } from '../../platform/audit.ts';
import type { DB } from '../types.ts';

const BUILTIN_DIR = new URL('../../modules/campaigns/builtin/', import.meta.url);

/**
 * Seeds the built-in campaign templates (the three campaigns of the seed documents) from the JSON
 * files beside the campaigns module. From then on they are database rows, edited and cloned there.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const files = fs
    .readdirSync(BUILTIN_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const f of files) {
    const t = ZBuiltinTemplate.parse(JSON.parse(fs.readFileSync(new URL(f, BUILTIN_DIR), 'utf8')));
    const row = await db
      .insertInto('campaign_templates')
      .values({
        code: t.code,
        name_zh: t.name.zh,
        name_en: t.name.en,
        description_zh: t.description.zh,
        description_en: t.description.en,
        builtin: true,
        body: JSON.stringify(t.body),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(db as Transaction<DB>, SYSTEM_ACTOR, {
      action: 'template.seed',
      entityType: 'campaign_template',
      entityId: row.id,
      after: { code: t.code, name: t.name.zh },
    });
  }
  await sql`SELECT 1`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Massline migrations are forward-only');
}
