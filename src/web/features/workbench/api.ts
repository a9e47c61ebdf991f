/** Every request of the workbench (GET /api/workbench, /api/workbench/counts), typed. */
import type { WorkbenchCounts, WorkbenchView } from '../../../shared/api.ts';
import { api } from '../../api/client.ts';

export const workbenchApi = {
  view: () => api.get<WorkbenchView>('/workbench'),
  /** The navigation's badge: counts only. */
  counts: () => api.get<WorkbenchCounts>('/workbench/counts'),
};
