/** Every request of the leading-body feature (GET/POST /api/posts…), typed. */
import type { z } from 'zod';
import type { OrgBodyView, OrgPostView } from '../../../shared/api.ts';
import type { ZCreatePost, ZEndPost, ZListPosts } from '../../../shared/schemas/posts.ts';
import { api } from '../../api/client.ts';

export const postsApi = {
  /** The body on a date (today by default), or every post ever held. */
  body: (q: z.input<typeof ZListPosts>) =>
    api.get<OrgBodyView>('/posts', { org: q.org, on: q.on, history: q.history ? 'true' : undefined }),
  create: (body: z.input<typeof ZCreatePost>) => api.post<OrgPostView>('/posts', body),
  end: (id: number, body: z.input<typeof ZEndPost>) => api.post<OrgPostView>(`/posts/${id}/end`, body),
};
