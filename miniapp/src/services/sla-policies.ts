import type { CaseType, SetSlaPolicyRequest, SlaPolicyResponse, Urgency } from '@wuye/shared';
import { request, type Quiet } from './request';

// Imported only by the staff SLA policy page (pages/staff/sla-policy), so it stays in the staff
// subpackage: nothing here reaches the owners' main package.

/** The policy in force for every type × urgency of the community (agent+). */
export const listSlaPolicies = (communityId: string, { silent }: Quiet = {}) =>
  request<SlaPolicyResponse[]>(`/communities/${communityId}/sla-policies`, { silent });

/** Sets one type × urgency (supervisor+); applies to cases created afterwards. */
export const setSlaPolicy = (communityId: string, body: SetSlaPolicyRequest, { silent }: Quiet = {}) =>
  request<SlaPolicyResponse>(`/communities/${communityId}/sla-policies`, { method: 'PUT', data: body, silent });

/** Returns one type × urgency to the default (supervisor+); answers the whole list, as listSlaPolicies does. */
export const resetSlaPolicy = (communityId: string, type: CaseType, urgency: Urgency, { silent }: Quiet = {}) =>
  request<SlaPolicyResponse[]>(`/communities/${communityId}/sla-policies/${type}/${urgency}`, { method: 'DELETE', silent });
