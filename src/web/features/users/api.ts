/** Every request of the accounts feature (/api/users…, /api/grants/…), typed. */
import type { UserView } from '../../../shared/api.ts';
import type { z } from 'zod';
import type {
  ZCreateUser,
  ZGrantInput,
  ZListUsers,
  ZResetPassword,
  ZUpdateUser,
} from '../../../shared/schemas/users.ts';
import { api } from '../../api/client.ts';

export type UserQuery = z.input<typeof ZListUsers>;
export type CreateUserBody = z.input<typeof ZCreateUser>;
export type UpdateUserBody = z.input<typeof ZUpdateUser>;
export type GrantBody = z.input<typeof ZGrantInput>;
export type ResetPasswordBody = z.input<typeof ZResetPassword>;

export const usersApi = {
  list: (q: UserQuery) => api.get<UserView[]>('/users', q),
  create: (body: CreateUserBody) => api.post<UserView>('/users', body),
  update: (id: number, patch: UpdateUserBody) => api.patch<UserView>(`/users/${id}`, patch),
  resetPassword: (id: number, body: ResetPasswordBody) => api.post<UserView>(`/users/${id}/password`, body),
  unlock: (id: number) => api.post<UserView>(`/users/${id}/unlock`),
  addGrant: (id: number, body: GrantBody) => api.post<UserView>(`/users/${id}/grants`, body),
  removeGrant: (grantId: number) => api.delete<UserView>(`/grants/${grantId}`),
};
