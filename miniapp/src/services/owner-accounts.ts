import type { OwnerAccountResponse } from '@wuye/shared';
import { request } from './request';

/** An admin stops an owner's account (abuse) or restarts it (`POST /api/owners/:id/disable|enable`). */
export const setOwnerDisabled = (ownerId: string, disabled: boolean) =>
  request<OwnerAccountResponse>(`/owners/${ownerId}/${disabled ? 'disable' : 'enable'}`, { method: 'POST', data: {} });
