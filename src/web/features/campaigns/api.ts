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
import type { z } from 'zod';
import type {
  ZCampaignQuery,
  ZCloneTemplate,
  ZDeadline,
  ZDeployCampaign,
  ZOptionalTask,
  ZOrgQuery,
  ZSaveTask,
  ZTaskQuery,
  ZTransition,
} from '../../../shared/schemas/campaigns.ts';
import { api, type Query } from '../../api/client.ts';
import { downloadFile } from '../../api/download.ts';
import { uploadFile } from '../../api/upload.ts';

/** The filters of GET /api/campaigns/:id/tasks; paging is the list's. */
export type TaskQuery = Omit<z.input<typeof ZTaskQuery>, 'after' | 'limit'>;
export type DeployCampaignBody = z.input<typeof ZDeployCampaign>;
export type SaveTaskBody = z.input<typeof ZSaveTask>;

export const campaignsApi = {
  list: (after: string | null, limit = 50) =>
    api.get<CampaignPage>('/campaigns', { after: after ?? undefined, limit } satisfies z.input<typeof ZCampaignQuery>),
  /** The newest campaigns as choices of a picker (linking a notice or an opinion to one). */
  choices: () =>
    api.get<CampaignPage>('/campaigns', { limit: 200 } satisfies z.input<typeof ZCampaignQuery>).then((p) => p.items),
  get: (id: number) => api.get<CampaignDetailView>(`/campaigns/${id}`),
  deploy: (body: DeployCampaignBody) => api.post<CampaignDetailView>('/campaigns', body),
  progress: (id: number, org: string | null) =>
    api.get<ProgressView>(`/campaigns/${id}/progress`, { org: org ?? undefined } satisfies z.input<typeof ZOrgQuery>),
  redList: (id: number, org: number | string | null) =>
    api.get<RedListView>(`/campaigns/${id}/red-list`, { org: org ?? undefined } satisfies z.input<typeof ZOrgQuery>),
  tasks: (id: number, q: TaskQuery, after: string | null, limit = 100) =>
    api.get<TaskPage>(`/campaigns/${id}/tasks`, { ...q, after, limit }),
  addOptionalTask: (id: number, orgId: number, actionKey: string) =>
    api.post(`/campaigns/${id}/optional-tasks`, { orgId, actionKey } satisfies z.input<typeof ZOptionalTask>),
  setDeadline: (id: number, body: z.input<typeof ZDeadline>) => api.post(`/campaigns/${id}/deadlines`, body),
  /** progress.xlsx, tasks.xlsx, report.docx, notice.docx */
  download: (id: number, file: 'progress.xlsx' | 'tasks.xlsx' | 'report.docx' | 'notice.docx', query?: Query) =>
    downloadFile(`/campaigns/${id}/${file}`, query),

  templates: () => api.get<TemplateView[]>('/campaign-templates'),
  template: (id: number) => api.get<TemplateDetailView>(`/campaign-templates/${id}`),
  cloneTemplate: (id: number, ownerOrgId: number) =>
    api.post<TemplateDetailView>(`/campaign-templates/${id}/clone`, {
      ownerOrgId,
    } satisfies z.input<typeof ZCloneTemplate>),

  task: (id: number) => api.get<TaskDetailView>(`/tasks/${id}`),
  saveTask: (id: number, body: SaveTaskBody) => api.patch<TaskDetailView>(`/tasks/${id}`, body),
  transition: (id: number, action: TaskAction, comment?: string) =>
    api.post<TaskDetailView>(`/tasks/${id}/transition`, { action, comment } satisfies z.input<typeof ZTransition>),
  uploadAttachment: (id: number, file: File) => uploadFile<TaskDetailView>(`/tasks/${id}/attachments`, file),
};
