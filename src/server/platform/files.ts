import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import { AppError } from './errors.ts';
import * as repo from './files.repository.ts';

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
  await repo.insertBlob(trx, sha256, file.content);
  return repo.insertAttachment(trx, {
    owner_type: owner.type,
    owner_id: owner.id,
    sha256,
    filename: file.filename.slice(0, 255),
    mime,
    size: file.content.length,
    created_by: userId,
  });
}

/** The queries live in files.repository.ts; the modules import them from here, with the rules. */
export { listAttachments, readAttachment } from './files.repository.ts';
