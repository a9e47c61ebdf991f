/**
 * The one way the web app uploads a file.
 *
 *   uploadFile<T>(path, file, { query?, fields?, idempotencyKey?, fieldName? }): Promise<T>
 *
 * Sends `multipart/form-data` (POST) through the client's request path, so it carries the
 * session cookie, the X-CSRF-Token header and the UI language like every other call. `fields`
 * become form fields placed BEFORE the file (the server streams the parts and reads the fields
 * first); non-string values are sent as JSON text (e.g. an import mapping), `undefined`/`null`
 * ones are left out. `idempotencyKey` is sent as the Idempotency-Key header (imports: one key per
 * chosen file, the same on a retry — see `newIdempotencyKey` in client.ts). The file goes in the
 * part named `fieldName` (default `file`). Answers the parsed JSON; a refusal throws ApiError with
 * the server's translated message, its field issues and, for a 422 IMPORT_INVALID, every faulty row.
 */
import { request, type Query } from './client.ts';

export interface UploadOptions {
  query?: Query;
  fields?: Record<string, string | number | boolean | object | null | undefined>;
  idempotencyKey?: string;
  /** Name of the file part; `file` unless the endpoint says otherwise. */
  fieldName?: string;
}

export function uploadFile<T>(path: string, file: File | Blob, opts: UploadOptions = {}): Promise<T> {
  const form = new FormData();
  for (const [name, value] of Object.entries(opts.fields ?? {})) {
    if (value === undefined || value === null) continue;
    form.append(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  const fileName = file instanceof File ? file.name : 'file';
  form.append(opts.fieldName ?? 'file', file, fileName);
  const headers: Record<string, string> = {};
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
  return request<T>('POST', path, { form, query: opts.query, headers });
}
