/** Every request of the review criteria and look-back checklists (审核标准). */
import type { ChecklistKind, ChecklistView } from '../../../../shared/supervision.ts';
import type { z } from 'zod';
import type {
  ZChecklistQuery,
  ZCreateChecklist,
  ZUpdateChecklist,
} from '../../../../shared/schemas/supervision/checklists.ts';
import { api } from '../../../api/client.ts';

/** What the editor sends: a new checklist's fields but its org and kind (also an update, which may omit any). */
export type ChecklistBody = Omit<z.input<typeof ZCreateChecklist>, 'orgId' | 'kind'>;

export const checklistsApi = {
  /** The built-in checklists and those of the org's offices above and below, of one kind or all. */
  list: (org: number, kind?: ChecklistKind) =>
    api.get<ChecklistView[]>('/supervision/checklists', { org, kind } satisfies z.input<typeof ZChecklistQuery>),
  create: (orgId: number, kind: ChecklistKind, body: ChecklistBody) =>
    api.post<ChecklistView>('/supervision/checklists', {
      orgId,
      kind,
      ...body,
    } satisfies z.input<typeof ZCreateChecklist>),
  update: (id: number, body: z.input<typeof ZUpdateChecklist>) =>
    api.patch<ChecklistView>(`/supervision/checklists/${id}`, body),
};
