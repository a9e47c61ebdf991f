/** Every request of the review criteria and look-back checklists (审核标准). */
import type { ChecklistItem, ChecklistKind, ChecklistView } from '../../../../shared/supervision.ts';
import { api } from '../../../api/client.ts';

export interface ChecklistBody {
  name: string;
  nameEn: string;
  items: ChecklistItem[];
}

export const checklistsApi = {
  /** The built-in checklists and those of the org's offices above and below, of one kind or all. */
  list: (org: number, kind?: ChecklistKind) => api.get<ChecklistView[]>('/supervision/checklists', { org, kind }),
  create: (orgId: number, kind: ChecklistKind, body: ChecklistBody) =>
    api.post<ChecklistView>('/supervision/checklists', { orgId, kind, ...body }),
  update: (id: number, body: ChecklistBody) => api.patch<ChecklistView>(`/supervision/checklists/${id}`, body),
};
