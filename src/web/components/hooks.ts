/** Small hooks shared by the pages: data loading, running a move, phone-width detection, debouncing. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { App } from 'antd';
import { ApiError } from '../api/client.ts';

export interface AsyncData<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
  setData: (data: T) => void;
}

/** Runs loader whenever deps change; only the latest answer is kept. */
export function useApiData<T>(loader: () => Promise<T>, deps: unknown[]): AsyncData<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const loaderRef = useRef(loader);
  loaderRef.current = loader;

  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    setError(undefined);
    loaderRef
      .current()
      .then((d) => {
        if (mine === seq.current) setData(d);
      })
      .catch((e: unknown) => {
        if (mine !== seq.current) return;
        setError(e instanceof ApiError ? e : new ApiError(0, 'INTERNAL', String(e)));
      })
      .finally(() => {
        if (mine === seq.current) setLoading(false);
      });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}

/** What the server said when it refused (its message), or the error as text. */
export const apiErrorText = (e: unknown): string => (e instanceof ApiError ? e.message : String(e));

export interface RunnerOptions<T> {
  /** Takes what a move returned, e.g. the page's new detail view (`setData`). */
  onDone?: (value: T) => void;
  /** Says why a move failed; the server's message by default. */
  errorText?: (e: unknown) => string;
}

/**
 * The move under way (its label, for the spinner on its button) and `run`, which marks it, awaits
 * the work, hands the result to `onDone`, says `done` (when given) or why it failed, and resolves
 * true when it went through.
 */
export function useRunner<T = unknown>({ onDone, errorText = apiErrorText }: RunnerOptions<T> = {}) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (label: string, fn: () => Promise<T>, done?: string): Promise<boolean> => {
    setBusy(label);
    try {
      const value = await fn();
      onDone?.(value);
      if (done) message.success(done);
      return true;
    } catch (e) {
      message.error(errorText(e));
      return false;
    } finally {
      setBusy(null);
    }
  };
  return { busy, run };
}

const PHONE_QUERY = '(max-width: 767.98px)';

/** True below 768 px: the tree moves into a drawer, forms go full width. */
export function useIsMobile(): boolean {
  const [mobile, setMobile] = useState(() => window.matchMedia(PHONE_QUERY).matches);
  useEffect(() => {
    const mq = window.matchMedia(PHONE_QUERY);
    const on = () => setMobile(mq.matches);
    mq.addEventListener('change', on);
    on();
    return () => mq.removeEventListener('change', on);
  }, []);
  return mobile;
}

export function useDebounced<T>(value: T, ms = 300): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

export function useWindowHeight(): number {
  const [h, setH] = useState(() => window.innerHeight);
  useEffect(() => {
    const on = () => setH(window.innerHeight);
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return h;
}

/**
 * Runs a download (`downloadFile` through a feature's api module) for an export button: `busy` is
 * the label of the one under way (for its spinner); a failure shows the server's translated message.
 */
export function useDownloader() {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const download = async (label: string, fn: () => Promise<unknown>): Promise<void> => {
    setBusy(label);
    try {
      await fn();
    } catch (e) {
      message.error(apiErrorText(e));
    } finally {
      setBusy(null);
    }
  };
  return { busy, download };
}
