/**
 * The one paged-list hook of the web app, for every list the server answers as `Page<T>`
 * (src/shared/api.ts: `{ items, next, total?, capped? }`, requested with `after=<next>&limit=N`).
 *
 *   const list = usePagedList<T>((after) => api.listThings({ ...filters, after }), [filters]);
 *
 * `load(after)` fetches one page: `after` is null for the first page, then the previous page's
 * `next`. The first page is (re)loaded whenever a value in `deps` changes (the filters) and on
 * `reload()`; `loadMore()` appends the next page. Answers that arrive after the deps changed are
 * dropped, so a slow old page never mixes into a new query.
 *
 * Returns (`PagedListState<T>`):
 * - `items`     every row loaded so far, in order
 * - `total`     the list's total when the server counts it (`capped` when that count is a lower bound)
 * - `next`      the cursor of the next page, null on the last page; `hasMore` = next !== null
 * - `loading`   the first page is loading; `loadingMore` a further page is
 * - `error`     why the last load failed (ApiError, translated message), cleared by the next load
 * - `loadMore()` appends the next page (no-op without one or while loading); `reload()` starts over
 * - `update(fn)` rewrites the loaded rows in place (e.g. after an action changed one row),
 *   without a request
 *
 * Render it with `<PagedList list={list} … />` (src/web/components/PagedList.tsx).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../../shared/api.ts';
import { ApiError } from './client.ts';

export interface PagedListState<T> {
  items: T[];
  total: number | undefined;
  capped: boolean;
  next: string | null;
  hasMore: boolean;
  loading: boolean;
  loadingMore: boolean;
  error: ApiError | undefined;
  loadMore: () => Promise<void>;
  reload: () => void;
  update: (fn: (items: T[]) => T[]) => void;
}

interface State<T> {
  items: T[];
  next: string | null;
  total: number | undefined;
  capped: boolean;
}

const asApiError = (e: unknown): ApiError => (e instanceof ApiError ? e : new ApiError(0, 'INTERNAL', String(e)));

export function usePagedList<T>(load: (after: string | null) => Promise<Page<T>>, deps: unknown[]): PagedListState<T> {
  const [state, setState] = useState<State<T>>({ items: [], next: null, total: undefined, capped: false });
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const nextRef = useRef<string | null>(null);
  const moreBusy = useRef(false);

  useEffect(() => {
    const mine = ++seq.current;
    moreBusy.current = false;
    setLoading(true);
    setLoadingMore(false);
    setError(undefined);
    loadRef
      .current(null)
      .then((page) => {
        if (mine !== seq.current) return;
        nextRef.current = page.next;
        setState({ items: page.items, next: page.next, total: page.total, capped: !!page.capped });
      })
      .catch((e: unknown) => {
        if (mine !== seq.current) return;
        nextRef.current = null;
        setState({ items: [], next: null, total: undefined, capped: false });
        setError(asApiError(e));
      })
      .finally(() => {
        if (mine === seq.current) setLoading(false);
      });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);

  const loadMore = useCallback(async () => {
    const after = nextRef.current;
    if (!after || moreBusy.current) return;
    const mine = seq.current;
    moreBusy.current = true;
    setLoadingMore(true);
    setError(undefined);
    try {
      const page = await loadRef.current(after);
      if (mine !== seq.current) return;
      nextRef.current = page.next;
      setState((s) => ({
        items: [...s.items, ...page.items],
        next: page.next,
        total: page.total ?? s.total,
        capped: page.capped ?? s.capped,
      }));
    } catch (e) {
      if (mine === seq.current) setError(asApiError(e));
    } finally {
      if (mine === seq.current) {
        moreBusy.current = false;
        setLoadingMore(false);
      }
    }
  }, []);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  const update = useCallback((fn: (items: T[]) => T[]) => setState((s) => ({ ...s, items: fn(s.items) })), []);

  return {
    items: state.items,
    total: state.total,
    capped: state.capped,
    next: state.next,
    hasMore: state.next !== null,
    loading,
    loadingMore,
    error,
    loadMore,
    reload,
    update,
  };
}
