/**
 * The one hook for drafts kept in this browser (localStorage), so that typed text survives a
 * reload, a lost connection or a closed tab until it is saved to the server.
 *
 *   const draft = useLocalDraft<Values>(key, { delay?: 500, enabled?: true, parse? });
 *   draft.stored            // what storage held under `key` when the hook mounted / the key changed
 *                           // (null when none, unreadable, or disabled) — offer it or use it as initialValues
 *   draft.save(value)       // remember `value`, written after `delay` ms without a further save (debounced)
 *   draft.flush()           // write a pending save now
 *   draft.clear()           // forget the draft (after a successful submit/save): cancels a pending write,
 *                           // removes the entry, `stored` becomes null
 *   draft.read()            // read the entry now (e.g. to compare with what the server sent)
 *
 * `key` null (or `enabled: false`) turns the hook off: nothing is read or written (e.g. a page the
 * actor may not edit — `clear()` still removes a stale entry). A pending save is written when the
 * key changes and when the component unmounts, so leaving the page keeps the last keystrokes. A full
 * or blocked storage (private mode, quota) is tolerated: reads give null, writes are dropped —
 * the server save still works. `parse(raw)` may check/upgrade what was stored (return null to drop it).
 * Keys are namespaced by the caller, e.g. `massline.task.${id}`.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

export interface LocalDraftOptions<T> {
  /** Debounce of save(), in ms (default 500). */
  delay?: number;
  /** False: neither read nor written (default true). */
  enabled?: boolean;
  /** Checks what storage held; null drops it. Default: the parsed JSON as is. */
  parse?: (raw: unknown) => T | null;
}

export interface LocalDraft<T> {
  stored: T | null;
  save: (value: T) => void;
  flush: () => void;
  clear: () => void;
  read: () => T | null;
}

function readKey<T>(key: string | null, parse?: (raw: unknown) => T | null): T | null {
  if (!key) return null;
  try {
    const raw = localStorage.getItem(key);
    if (raw === null) return null;
    const value: unknown = JSON.parse(raw);
    return parse ? parse(value) : (value as T);
  } catch {
    return null;
  }
}

function writeKey(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* storage full or disabled: the draft is simply not kept */
  }
}

function removeKey(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    /* storage disabled */
  }
}

export function useLocalDraft<T>(key: string | null, opts: LocalDraftOptions<T> = {}): LocalDraft<T> {
  const { delay = 500, enabled = true } = opts;
  const activeKey = enabled ? key : null;
  const parseRef = useRef(opts.parse);
  parseRef.current = opts.parse;
  // What storage held for this key, read synchronously so a form can start from it.
  const initial = useMemo(() => readKey<T>(activeKey, parseRef.current), [activeKey]);
  const initialRef = useRef(initial);
  initialRef.current = initial;
  const [clearedOf, setClearedOf] = useState<T | null>(null);
  const pending = useRef<{ key: string; value: T } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const p = pending.current;
    pending.current = null;
    if (p) writeKey(p.key, p.value);
  }, []);

  // Write what is pending when the key changes or the component goes.
  useEffect(() => flush, [activeKey, flush]);

  const save = useCallback(
    (value: T) => {
      if (!activeKey) return;
      pending.current = { key: activeKey, value };
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(flush, delay);
    },
    [activeKey, delay, flush],
  );

  const clear = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    pending.current = null;
    if (key) removeKey(key);
    setClearedOf(initialRef.current);
  }, [key]);

  const read = useCallback(() => {
    if (pending.current && pending.current.key === activeKey) return pending.current.value;
    return readKey<T>(activeKey, parseRef.current);
  }, [activeKey]);

  const stored = clearedOf !== null && clearedOf === initial ? null : initial;
  return useMemo(() => ({ stored, save, flush, clear, read }), [stored, save, flush, clear, read]);
}
