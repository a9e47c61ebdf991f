/**
 * The one way the web app downloads a file (exports, templates, attachments, documents).
 *
 *   downloadFile(path, query?, { fallbackName? }): Promise<string>   // resolves to the saved file name
 *
 * Fetches `/api<path>?<query>` with the session cookie and the UI language (Accept-Language, so
 * the server names and fills the file in it), reads the file name from Content-Disposition
 * (`filename*=UTF-8''…` first, then `filename="…"`, else `fallbackName`, else the path's last
 * part) and saves the body through a temporary blob link. A refusal or a network failure throws
 * ApiError with the server's translated message (or the translated network message), so callers
 * simply show `e.message` (e.g. through useRunner).
 *
 * Links that must stay links (an attachment opened in a new tab) can keep `href={apiUrl(…)}`.
 */
import { send, type Query } from './client.ts';

export interface DownloadOptions {
  /** Used when the answer names no file. */
  fallbackName?: string;
}

/** The file name of a Content-Disposition header, RFC 5987 `filename*` first. */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[2].trim().replace(/^"|"$/g, ''));
    } catch {
      /* fall through to the plain parameter */
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(disposition);
  if (plain) return (plain[2] ?? plain[1]).trim();
  return null;
}

export async function downloadFile(path: string, query?: Query, opts: DownloadOptions = {}): Promise<string> {
  const res = await send('GET', path, { query, headers: { Accept: '*/*' } });
  const blob = await res.blob();
  const name =
    fileNameOf(res.headers.get('Content-Disposition')) ??
    opts.fallbackName ??
    decodeURIComponent(path.split('?')[0].split('/').pop() || 'download');
  const url = URL.createObjectURL(blob);
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.rel = 'noopener';
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    a.remove();
  } finally {
    // Give the browser a moment to start the save before the blob goes.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return name;
}
