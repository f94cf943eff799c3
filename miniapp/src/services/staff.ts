import type { CreateStaffRequest, StaffResponse, UpdateStaffRequest } from '@wuye/shared';
import { request, type Quiet } from './request';

// Imported only by staff pages (the assign form, 人员管理), so it stays in the staff subpackage.

export const listHandlers = (communityId: string, { silent }: Quiet = {}) =>
  request<StaffResponse[]>('/staff', { query: { role: 'handler', communityId }, silent });

/** Every staff account, stopped ones too (admin; `active: false`). */
export const listStaffAccounts = ({ silent }: Quiet = {}) =>
  request<StaffResponse[]>('/staff', { query: { includeDisabled: true }, silent });

/** A new staff account (admin). */
export const createStaff = (body: CreateStaffRequest, { silent }: Quiet = {}) =>
  request<StaffResponse>('/staff', { method: 'POST', data: body, silent });

/** Changes what the body names (admin): a stop or a new password signs the person out everywhere. */
export const updateStaff = (id: string, body: UpdateStaffRequest, { silent }: Quiet = {}) =>
  request<StaffResponse>(`/staff/${id}`, { method: 'PATCH', data: body, silent });
