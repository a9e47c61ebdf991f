/**
 * The navigation's badges: what waits on the workbench (GET /api/workbench/counts → total) and the
 * unread notifications (the bell's count). Read when the route changes and every minute while the
 * page is visible; a failed read keeps the last figures (no message: a badge is not worth one).
 */
import { useEffect, useState } from 'react';
import { meApi } from './api.ts';

const POLL_MS = 60_000;

export interface NavCounts {
  waiting: number;
  unread: number;
}

export function useNavCounts(pathname: string): NavCounts {
  const [waiting, setWaiting] = useState(0);
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    let live = true;
    const load = () => {
      meApi
        .workbenchCounts()
        .then((c) => live && setWaiting(c.total))
        .catch(() => undefined);
      meApi
        .unread()
        .then((n) => live && setUnread(n))
        .catch(() => undefined);
    };
    load();
    const h = setInterval(() => {
      if (document.visibilityState === 'visible') load();
    }, POLL_MS);
    return () => {
      live = false;
      clearInterval(h);
    };
  }, [pathname]);
  return { waiting, unread };
}
