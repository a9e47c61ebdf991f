import { useState } from 'react';
import { api, type Query } from '../../api/client.ts';
import { useApiData } from '../../components/hooks.ts';

/**
 * A keyset-paged list (`{ rows, nextCursor }`): the first page for a query and the pages "load
 * more" appends, passing the server's nextCursor back as `cursor`. The query is read once: a
 * component whose filters change is keyed on them.
 */
export function useKeysetPages<T>(path: string, q: Query) {
  const first = useApiData(() => api.get<{ rows: T[]; nextCursor: string | null }>(path, q), []);
  const [more, setMore] = useState<T[]>([]);
  const [next, setNext] = useState<string | null | undefined>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  const items = [...(first.data?.rows ?? []), ...more];
  const cursor = next === undefined ? (first.data?.nextCursor ?? null) : next;
  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await api.get<{ rows: T[]; nextCursor: string | null }>(path, { ...q, cursor });
      setMore((m) => [...m, ...page.rows]);
      setNext(page.nextCursor);
    } finally {
      setLoadingMore(false);
    }
  };
  return { first, items, cursor, loadMore, loadingMore };
}
