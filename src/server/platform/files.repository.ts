import type { Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import type { Q } from '../db/database.ts';

/** Keeps the bytes once per SHA-256, whoever uploads them. */
export async function insertBlob(trx: Transaction<DB>, sha256: string, content: Buffer): Promise<void> {
  await trx
    .insertInto('file_blobs')
    .values({ sha256, size: content.length, content })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

/** Links a stored blob to its owner. */
export function insertAttachment(
  trx: Transaction<DB>,
  row: {
    owner_type: string;
    owner_id: number;
    sha256: string;
    filename: string;
    mime: string;
    size: number;
    created_by: number | null;
  },
) {
  return trx
    .insertInto('attachments')
    .values(row)
    .returning(['id', 'sha256', 'filename', 'mime', 'size'])
    .executeTakeFirstOrThrow();
}

/** The live attachments of some owners of one type, in upload order. */
export async function listAttachments(db: Q, ownerType: string, ownerIds: number[]) {
  if (ownerIds.length === 0) return [];
  return db
    .selectFrom('attachments')
    .select(['id', 'owner_id', 'sha256', 'filename', 'mime', 'size', 'created_at'])
    .where('owner_type', '=', ownerType)
    .where('owner_id', 'in', ownerIds)
    .where('removed_at', 'is', null)
    .orderBy('id')
    .execute();
}

/** One attachment with its bytes (removed ones too: the caller decides). */
export async function readAttachment(db: Q, id: number) {
  return db
    .selectFrom('attachments as a')
    .innerJoin('file_blobs as b', 'b.sha256', 'a.sha256')
    .select(['a.id', 'a.owner_type', 'a.owner_id', 'a.filename', 'a.mime', 'a.size', 'a.removed_at', 'b.content'])
    .where('a.id', '=', id)
    .executeTakeFirst();
}
