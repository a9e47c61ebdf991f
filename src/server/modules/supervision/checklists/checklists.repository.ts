import type { Q } from '../../../db/database.ts';
import type { ChecklistItem, ChecklistKind } from '../../../../shared/supervision.ts';

/** Checklists (review criteria, look-back items): the only SQL of the sub-module. */

function base(q: Q) {
  return q
    .selectFrom('checklists as c')
    .leftJoin('orgs as o', 'o.id', 'c.org_id')
    .select([
      'c.id',
      'c.kind',
      'c.org_id',
      'o.name as org_name',
      'o.path as org_path',
      'c.name',
      'c.name_en',
      'c.builtin',
      'c.items',
    ]);
}
export type ChecklistRow = NonNullable<Awaited<ReturnType<typeof findChecklist>>>;

export function findChecklist(q: Q, id: number) {
  return base(q).where('c.id', '=', id).executeTakeFirst();
}

/** The built-ins and the checklists of the org and the orgs above it. */
export function listChecklists(q: Q, orgId: number, kind?: ChecklistKind) {
  let qb = base(q).where((eb) =>
    eb.or([
      eb('c.builtin', '=', true),
      eb('c.org_id', 'in', eb.selectFrom('org_closure').select('ancestor_id').where('descendant_id', '=', orgId)),
    ]),
  );
  if (kind) qb = qb.where('c.kind', '=', kind);
  return qb.orderBy('c.builtin', 'desc').orderBy('c.id').execute();
}

export async function insertChecklist(
  q: Q,
  v: { kind: ChecklistKind; orgId: number; name: string; nameEn: string; items: ChecklistItem[]; createdBy: number },
): Promise<number> {
  const r = await q
    .insertInto('checklists')
    .values({
      kind: v.kind,
      org_id: v.orgId,
      name: v.name,
      name_en: v.nameEn,
      items: JSON.stringify(v.items),
      created_by: v.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateChecklist(
  q: Q,
  id: number,
  v: { name?: string; nameEn?: string; items?: ChecklistItem[] },
): Promise<void> {
  await q
    .updateTable('checklists')
    .set({
      ...(v.name ? { name: v.name } : {}),
      ...(v.nameEn !== undefined ? { name_en: v.nameEn } : {}),
      ...(v.items ? { items: JSON.stringify(v.items) } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

/** The first built-in checklist of a kind. */
export async function builtinChecklistId(q: Q, kind: ChecklistKind): Promise<number> {
  const r = await q
    .selectFrom('checklists')
    .select('id')
    .where('builtin', '=', true)
    .where('kind', '=', kind)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** The checklist if it is of the kind and built in or the org's or an org's above it. */
export async function usableChecklistId(
  q: Q,
  orgId: number,
  kind: ChecklistKind,
  checklistId: number,
): Promise<number | null> {
  const c = await q
    .selectFrom('checklists')
    .select('id')
    .where('id', '=', checklistId)
    .where('kind', '=', kind)
    .where((eb) =>
      eb.or([
        eb('builtin', '=', true),
        eb('org_id', 'in', eb.selectFrom('org_closure').select('ancestor_id').where('descendant_id', '=', orgId)),
      ]),
    )
    .executeTakeFirst();
  return c?.id ?? null;
}
