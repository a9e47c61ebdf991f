import { useState } from 'react';
import type { ProblemPage, ProblemView } from '../../../shared/ledger.ts';
import { api } from '../../api/client.ts';
import { useApiData } from '../../components/hooks.ts';

/**
 * The ledger's first page for a query and the pages "load more" appends, by the server's keyset
 * cursor. The query is read once: a component whose filters change is keyed on them.
 */
export function useProblemPages(q: Record<string, string | number | boolean | undefined | null>) {
  const first = useApiData(() => api.get<ProblemPage>('/problems', q), []);
  const [more, setMore] = useState<ProblemView[]>([]);
  const [next, setNext] = useState<string | null | undefined>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  const items = [...(first.data?.items ?? []), ...more];
  const cursor = next === undefined ? (first.data?.nextCursor ?? null) : next;
  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await api.get<ProblemPage>('/problems', { ...q, cursor });
      setMore((m) => [...m, ...page.items]);
      setNext(page.nextCursor);
    } finally {
      setLoadingMore(false);
    }
  };
  return { first, items, total: first.data?.total ?? 0, cursor, loadMore, loadingMore };
}
