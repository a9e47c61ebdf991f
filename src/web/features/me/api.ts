/** Every request of 我的 and of the navigation's counts, typed. */
import type { z } from 'zod';
import type { MeProfileView, WorkbenchCounts } from '../../../shared/api.ts';
import type { ZUpdateMeProfile } from '../../../shared/schemas/me.ts';
import { api } from '../../api/client.ts';
import { noticesApi } from '../notices/api.ts';

export type CorrectBody = z.input<typeof ZUpdateMeProfile>;

export const meApi = {
  profile: () => api.get<MeProfileView>('/me/profile'),
  /** The member corrects their own phone ('' clears it). */
  correct: (body: CorrectBody) => api.patch<MeProfileView>('/me/profile', body),
  /** The workbench's counts (the navigation's badge and 我的事项). */
  workbenchCounts: () => api.get<WorkbenchCounts>('/workbench/counts'),
  /** Unread in-app notifications (the bell's count). */
  unread: () => noticesApi.notifications(1).then((p) => p.unread),
};
