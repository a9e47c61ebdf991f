/** Every request of the five forms (三制五单): the paged list, a form, its moves and its .docx. */
import type { Page } from '../../../../shared/api.ts';
import type { FormAction, FormDetailView, FormKind, FormStatus, FormView } from '../../../../shared/supervision.ts';
import { api } from '../../../api/client.ts';
import { downloadFile } from '../../../api/download.ts';

export interface FormQuery {
  org: number;
  kind?: FormKind;
  status?: FormStatus;
  limit?: number;
}
export interface FormEditBody {
  title: string;
  content: string;
  deadline: string | null;
  recipientName?: string;
  problemIds: number[];
}
export interface NewFormBody extends FormEditBody {
  kind: FormKind;
  issuerOrgId: number;
  teamId: number | null;
  subjectOrgId: number;
  recipientOrgId: number | null;
}

export const formsApi = {
  /** One page of the forms of the org's subtree, newest first; `after` is the previous page's `next`. */
  list: (q: FormQuery, after: string | null) =>
    api.get<Page<FormView>>('/supervision/forms', {
      org: q.org,
      kind: q.kind,
      status: q.status,
      limit: q.limit,
      after: after ?? undefined,
    }),
  get: (id: number) => api.get<FormDetailView>(`/supervision/forms/${id}`),
  create: (body: NewFormBody) => api.post<FormDetailView>('/supervision/forms', body),
  update: (id: number, body: FormEditBody) => api.patch<FormDetailView>(`/supervision/forms/${id}`, body),
  transition: (id: number, action: FormAction, comment?: string) =>
    api.post<FormDetailView>(`/supervision/forms/${id}/transition`, { action, comment }),
  /** Saves the form as a Word document (named by the server). */
  downloadDocx: (id: number) =>
    downloadFile(`/supervision/forms/${id}/docx`, undefined, { fallbackName: `form-${id}.docx` }),
};
