/** Display helpers for dates and empty values. */
import dayjs from 'dayjs';
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client.ts';

export function fmtDate(v: string | null | undefined): string {
  if (!v) return '—';
  const d = dayjs(v);
  return d.isValid() ? d.format('YYYY-MM-DD') : v;
}

export function fmtDateTime(v: string | null | undefined): string {
  if (!v) return '—';
  const d = dayjs(v);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : v;
}

export function dash(v: string | number | null | undefined): string | number {
  return v === null || v === undefined || v === '' ? '—' : v;
}

/**
 * Puts the server's field errors (details[].path) onto the form's fields. Returns true when at
 * least one issue matched a field of the form, so the caller can skip a duplicate toast.
 */
export function applyFieldErrors(form: FormInstance, err: unknown, fieldNames: string[]): boolean {
  if (!(err instanceof ApiError)) return false;
  const byField = new Map<string, string[]>();
  for (const issue of err.fieldIssues) {
    const name = issue.path.replace(/^body[./]/, '').split(/[./[]/)[0];
    if (!fieldNames.includes(name)) continue;
    byField.set(name, [...(byField.get(name) ?? []), issue.message]);
  }
  if (byField.size === 0) return false;
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return true;
}
