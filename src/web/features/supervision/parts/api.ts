/**
 * The requests the supervision pages make outside supervision itself: the org a page is about
 * (and the roots for /supervision) and the ledger problems a form, finding or report links to.
 */
import type { OrgDetailView, OrgView, Page } from '../../../../shared/api.ts';
import type { ProblemDetailView, ProblemView } from '../../../../shared/ledger.ts';
import type { HubAbilities } from '../../../../shared/supervision.ts';
import type { z } from 'zod';
import type { ZProblemQuery } from '../../../../shared/schemas/ledger.ts';
import type { ZHubQuery } from '../../../../shared/schemas/supervision/hub.ts';
import { api } from '../../../api/client.ts';

export const partsApi = {
  org: (id: number) => api.get<OrgDetailView>(`/orgs/${id}`),
  roots: () => api.get<OrgView[]>('/orgs'),
  problem: (id: number) => api.get<ProblemDetailView>(`/problems/${id}`),
  /** The closed problems of one unit's own ledger (a look-back finding may re-open one). */
  closedProblems: (org: number) =>
    api.get<Page<ProblemView>>('/problems', {
      org,
      subtree: false,
      status: 'closed',
      limit: 200,
    } satisfies z.input<typeof ZProblemQuery>),
};

/** What the actor may do in an org's supervision hub (HUB_ABILITIES of src/shared/supervision.ts). */
export const hubApi = {
  abilities: (org: number) =>
    api.get<HubAbilities>('/supervision/abilities', { org } satisfies z.input<typeof ZHubQuery>),
};
