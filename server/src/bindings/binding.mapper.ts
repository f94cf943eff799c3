import type { HouseBindingResponse, PendingBindingResponse } from '@wuye/shared';

/** Row of house_bindings joined with its house and community (see BindingsService.SELECT). */
export interface BindingRow {
  id: string;
  ownerId: string;
  houseId: string;
  communityId: string;
  communityName: string;
  building: string;
  unit: string;
  room: string;
  relation: HouseBindingResponse['relation'];
  name: string;
  phone: string;
  status: HouseBindingResponse['status'];
  createdAt: Date;
}

export function toBindingResponse(row: BindingRow): PendingBindingResponse {
  return { ...row, createdAt: row.createdAt.toISOString() };
}
