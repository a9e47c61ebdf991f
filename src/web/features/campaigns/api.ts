/** Every request of the campaigns feature (campaigns, templates, tasks, exports), typed. */
import type {
  CampaignDetailView,
  CampaignPage,
  ProgressView,
  RedListView,
  TaskDetailView,
  TaskPage,
  TemplateDetailView,
  TemplateView,
} from '../../../shared/campaigns.ts';
import type { TaskAction } from '../../../shared/campaigns.ts';
import { api, type Query } from '../../api/client.ts';
import { downloadFile } from '../../api/download.ts';
import { uploadFile } from '../../api/upload.ts';

export interface TaskQuery extends Query {
  org: number;
  subtree?: boolean;
  status?: string;
  phase?: string;
  overdue?: boolean;
}

export const campaignsApi = {
  list: (after: string | null, limit = 50) => api.get<CampaignPage>('/campaigns', { after, limit }),
  /** The newest campaigns as choices of a picker (linking a notice or an opinion to one). */
  choices: () => api.get<CampaignPage>('/campaigns', { limit: 200 }).then((p) => p.items),
  get: (id: number) => api.get<CampaignDetailView>(`/campaigns/${id}`),
  deploy: (body: Record<string, unknown>) => api.post<CampaignDetailView>('/campaigns', body),
  progress: (id: number, org: string | null) => api.get<ProgressView>(`/campaigns/${id}/progress`, { org }),
  redList: (id: number, org: number | string | null) => api.get<RedListView>(`/campaigns/${id}/red-list`, { org }),
  tasks: (id: number, q: TaskQuery, after: string | null, limit = 100) =>
    api.get<TaskPage>(`/campaigns/${id}/tasks`, { ...q, after, limit }),
  addOptionalTask: (id: number, orgId: number, actionKey: string) =>
    api.post(`/campaigns/${id}/optional-tasks`, { orgId, actionKey }),
  setDeadline: (id: number, body: { orgId: number; phaseKey: string; dueDate: string }) =>
    api.post(`/campaigns/${id}/deadlines`, body),
  /** progress.xlsx, tasks.xlsx, report.docx, notice.docx */
  download: (id: number, file: 'progress.xlsx' | 'tasks.xlsx' | 'report.docx' | 'notice.docx', query?: Query) =>
    downloadFile(`/campaigns/${id}/${file}`, query),

  templates: () => api.get<TemplateView[]>('/campaign-templates'),
  template: (id: number) => api.get<TemplateDetailView>(`/campaign-templates/${id}`),
  cloneTemplate: (id: number, ownerOrgId: number) =>
    api.post<TemplateDetailView>(`/campaign-templates/${id}/clone`, { ownerOrgId }),

  task: (id: number) => api.get<TaskDetailView>(`/tasks/${id}`),
  saveTask: (id: number, body: Record<string, unknown>) => api.patch<TaskDetailView>(`/tasks/${id}`, body),
  transition: (id: number, action: TaskAction, comment?: string) =>
    api.post<TaskDetailView>(`/tasks/${id}/transition`, { action, comment }),
  uploadAttachment: (id: number, file: File) => uploadFile<TaskDetailView>(`/tasks/${id}/attachments`, file),
};
