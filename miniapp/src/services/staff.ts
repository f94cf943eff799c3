import type { StaffResponse } from '@wuye/shared';
import { request } from './request';

export const listHandlers = (communityId: string) =>
  request<StaffResponse[]>('/staff', { query: { role: 'handler', communityId } });
