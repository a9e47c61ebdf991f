/** The ledger's requests that several features share (the ledger page, the supervision and disclosure pickers). */
import type { ProblemPage } from '../../../shared/ledger.ts';
import type { z } from 'zod';
import type { ZProblemQuery } from '../../../shared/schemas/ledger.ts';
import { api } from '../../api/client.ts';

/** The filters of GET /api/problems (and a page size); `after` is the list's. */
export type ProblemQuery = Omit<z.input<typeof ZProblemQuery>, 'after'>;

/**
 * One page of `/api/problems` for a query, after the key `after` (null: the first page); read it
 * with `usePagedList((after) => loadProblems(q, after), deps)` of src/web/api/paging.ts.
 */
export const loadProblems = (q: ProblemQuery, after: string | null) =>
  api.get<ProblemPage>('/problems', { ...q, after: after ?? undefined });
