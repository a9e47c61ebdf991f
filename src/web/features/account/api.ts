/** Every request of signing in and of one's own account (/api/auth/…, /api/me…), typed. */
import type { MeView } from '../../../shared/api.ts';
import type { z } from 'zod';
import type { ZChangePassword, ZLogin, ZUpdateMe } from '../../../shared/schemas/auth.ts';
import { api, request } from '../../api/client.ts';

export type LoginBody = z.input<typeof ZLogin>;
export type UpdateMeBody = z.input<typeof ZUpdateMe>;
export type ChangePasswordBody = z.input<typeof ZChangePassword>;

export const accountApi = {
  /** Signs in; a 401 (wrong password) is the caller's to show, so the 401 listeners are not told. */
  signIn: (body: LoginBody) => request<MeView>('POST', '/auth/login', { body, silent401: true }),
  signOut: () => api.post<{ ok: true }>('/auth/logout'),
  /** Who is signed in; the initial probe, so a 401 (nobody) does not notify the 401 listeners. */
  me: () => request<MeView>('GET', '/me', { silent401: true }),
  /** Remembers the user interface language; answers the MeView. */
  setLanguage: (body: UpdateMeBody) => api.patch<MeView>('/me', body),
  changePassword: (body: ChangePasswordBody) => api.post<{ ok: true }>('/me/password', body),
};
