import type { Q } from '../../db/database.ts';

export function findOrgPath(q: Q, id: number) {
  return q.selectFrom('orgs').select(['id', 'path']).where('id', '=', id).executeTakeFirst();
}

export function findMemberOrgPath(q: Q, id: number) {
  return q
    .selectFrom('members as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .select(['m.id', 'o.path as org_path'])
    .where('m.id', '=', id)
    .executeTakeFirst();
}

/** One entity's events, newest first, keyset-paged below `after`; one more than `limit` tells whether more follow. */
export function entityEvents(q: Q, entityType: string, entityId: number, after: number | undefined, limit: number) {
  let s = q
    .selectFrom('audit_events')
    .selectAll()
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', String(entityId));
  if (after) s = s.where('id', '<', after);
  return s
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}
