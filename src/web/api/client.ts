/**
 * The one place the web app talks HTTP. Every call is same-origin JSON under /api; non-GET calls
 * carry the X-CSRF-Token header; failures become an ApiError with the server's code, its
 * (already translated) message and details.
 */
import type { ApiErrorBody, FieldIssue, ImportIssue } from '../../shared/api.ts';
import type { ErrorCode } from '../../shared/enums.ts';

export type ErrorDetail = FieldIssue | ImportIssue;

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'NETWORK';
  readonly details: ErrorDetail[];

  constructor(status: number, code: ErrorCode | 'NETWORK', message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Field errors (path → message), e.g. from a 400 VALIDATION. */
  get fieldIssues(): FieldIssue[] {
    return this.details.filter((d): d is FieldIssue => typeof (d as FieldIssue).path === 'string');
  }

  /** Row/cell errors of a 422 IMPORT_INVALID. */
  get importIssues(): ImportIssue[] {
    return this.details.filter((d): d is ImportIssue => typeof (d as ImportIssue).row === 'number');
  }
}

let csrfToken: string | null = null;
let acceptLanguage = 'zh-CN';
let networkErrorMessage = '网络错误，请稍后重试';
const unauthenticatedListeners = new Set<() => void>();

/** Remembers the token from the login answer or GET /api/me. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The UI language, sent as Accept-Language so that error messages match it before login. */
export function setApiLanguage(locale: string, networkMessage: string): void {
  acceptLanguage = locale;
  networkErrorMessage = networkMessage;
}

/** Called whenever a request answers 401 (the session expired or was ended elsewhere). */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

function csrfFromCookie(): string | null {
  const m = /(?:^|;\s*)ml_csrf=([^;]*)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]) : null;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

/** Builds `/api/...?a=1&b=2`, leaving out empty values. */
export function apiUrl(path: string, query?: Query): string {
  const url = path.startsWith('/api') ? path : `/api${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

export interface RequestOptions {
  query?: Query;
  /** JSON body. */
  body?: unknown;
  /** Multipart body (uploads); sent as is. */
  form?: FormData;
  /** Do not notify the 401 listeners (used by the initial /api/me probe and login). */
  silent401?: boolean;
  /** Extra request headers (e.g. Idempotency-Key on imports). */
  headers?: Record<string, string>;
}

/**
 * A fresh Idempotency-Key for an import: one per chosen file, sent again when the same upload is
 * retried, so a retry after a dropped connection never imports twice. crypto.randomUUID needs a
 * secure context (https or localhost); on plain http the random bytes come from getRandomValues.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Sends one request and answers the raw Response when it is ok; a network failure or an error
 * answer becomes an ApiError (the server's translated message, or the generic one). The JSON
 * reader `request` and the file helpers (`downloadFile`, `uploadFile`) both go through here, so
 * every call carries the same language, credentials and CSRF header.
 */
export async function send(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': acceptLanguage,
    ...opts.headers,
  };
  let body: BodyInit | undefined;
  if (opts.form) {
    body = opts.form;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken ?? csrfFromCookie();
    if (token) headers['X-CSRF-Token'] = token;
  }

  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', networkErrorMessage);
  }
  if (res.ok) return res;

  const json = parseJson(await res.text().catch(() => ''));
  const err = (json as ApiErrorBody | undefined)?.error;
  const apiError = new ApiError(
    res.status,
    err?.code ?? (res.status === 429 ? 'RATE_LIMITED' : 'INTERNAL'),
    err?.message ?? `${res.status} ${res.statusText}`,
    Array.isArray(err?.details) ? err!.details : [],
  );
  if (res.status === 401 && !opts.silent401) unauthenticatedListeners.forEach((l) => l());
  throw apiError;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(method, path, opts);
  let text: string;
  try {
    text = await res.text();
  } catch {
    throw new ApiError(0, 'NETWORK', networkErrorMessage);
  }
  return parseJson(text) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, query?: Query) => request<T>('POST', path, { body: body ?? {}, query }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
