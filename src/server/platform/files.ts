import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import { AppError } from './errors.ts';

/** Attachment types offices exchange; anything else is refused (no executables, no HTML). */
const ALLOWED: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  wps: 'application/vnd.ms-works',
  txt: 'text/plain',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  zip: 'application/zip',
  rar: 'application/vnd.rar',
  '7z': 'application/x-7z-compressed',
  ofd: 'application/ofd',
};

/** The stored MIME type for a file name, or FILE_TYPE when the extension is not accepted. */
export function mimeFor(filename: string): string {
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  const mime = ALLOWED[ext];
  if (!mime || !filename.includes('.')) throw new AppError('FILE_TYPE', { name: filename });
  return mime;
}

export interface StoredFile {
  id: number;
  sha256: string;
  filename: string;
  mime: string;
  size: number;
}

/**
 * Stores a file by its SHA-256 (the same bytes are kept once, whoever uploads them) and links it
 * to its owner, inside the caller's transaction.
 */
export async function attachFile(
  trx: Transaction<DB>,
  owner: { type: string; id: number },
  file: { filename: string; content: Buffer },
  userId: number | null,
): Promise<StoredFile> {
  const mime = mimeFor(file.filename);
  const sha256 = createHash('sha256').update(file.content).digest('hex');
  await trx
    .insertInto('file_blobs')
    .values({ sha256, size: file.content.length, content: file.content })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  const row = await trx
    .insertInto('attachments')
    .values({
      owner_type: owner.type,
      owner_id: owner.id,
      sha256,
      filename: file.filename.slice(0, 255),
      mime,
      size: file.content.length,
      created_by: userId,
    })
    .returning(['id', 'sha256', 'filename', 'mime', 'size'])
    .executeTakeFirstOrThrow();
  return row;
}

export async function listAttachments(db: Kysely<DB> | Transaction<DB>, ownerType: string, ownerIds: number[]) {
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

export async function readAttachment(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('attachments as a')
    .innerJoin('file_blobs as b', 'b.sha256', 'a.sha256')
    .select(['a.id', 'a.owner_type', 'a.owner_id', 'a.filename', 'a.mime', 'a.size', 'a.removed_at', 'b.content'])
    .where('a.id', '=', id)
    .executeTakeFirst();
}
