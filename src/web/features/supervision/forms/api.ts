/** Every request of the five forms (三制五单): the paged list, a form, its moves and its .docx. */
import type { Page } from '../../../../shared/api.ts';
import type { FormAction, FormDetailView, FormView } from '../../../../shared/supervision.ts';
import type { z } from 'zod';
import type {
  ZCreateForm,
  ZFormQuery,
  ZFormTransition,
  ZUpdateForm,
} from '../../../../shared/schemas/supervision/forms.ts';
import { api } from '../../../api/client.ts';
import { downloadFile } from '../../../api/download.ts';

/** The filters of GET /supervision/forms and a page size; `after` is the list's. */
export type FormQuery = Omit<z.input<typeof ZFormQuery>, 'after'>;
export type FormEditBody = z.input<typeof ZUpdateForm>;
export type NewFormBody = z.input<typeof ZCreateForm>;

export const formsApi = {
  /** One page of the forms of the org's subtree, newest first; `after` is the previous page's `next`. */
  list: (q: FormQuery, after: string | null) =>
    api.get<Page<FormView>>('/supervision/forms', {
      org: q.org,
      kind: q.kind,
      status: q.status,
      limit: q.limit,
      after: after ?? undefined,
    } satisfies z.input<typeof ZFormQuery>),
  get: (id: number) => api.get<FormDetailView>(`/supervision/forms/${id}`),
  create: (body: NewFormBody) => api.post<FormDetailView>('/supervision/forms', body),
  update: (id: number, body: FormEditBody) => api.patch<FormDetailView>(`/supervision/forms/${id}`, body),
  transition: (id: number, action: FormAction, comment?: string) =>
    api.post<FormDetailView>(`/supervision/forms/${id}/transition`, {
      action,
      comment,
    } satisfies z.input<typeof ZFormTransition>),
  /** Saves the form as a Word document (named by the server). */
  downloadDocx: (id: number) =>
    downloadFile(`/supervision/forms/${id}/docx`, undefined, { fallbackName: `form-${id}.docx` }),
};
