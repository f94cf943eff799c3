import type { BindingStepResponse, HouseBindingResponse, PendingBindingResponse } from '@wuye/shared';

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
  rejectReason: string | null;
  ownerDisabled: boolean;
  /** json_agg of house_binding_events: times as PostgreSQL writes them in JSON. */
  history: BindingStepResponse[];
}

export function toBindingResponse(row: BindingRow): PendingBindingResponse {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    history: row.history.map((step) => ({ ...step, at: new Date(step.at).toISOString() })),
  };
}
