import type {
  BindingStatus, CommunityResponse, HouseBindingResponse, HouseRelation, HouseResponse, Page, PendingBindingResponse, UserResponse,
} from '@wuye/shared';
import { request, type Quiet } from './request';

export const listCommunities = ({ silent }: Quiet = {}) => request<CommunityResponse[]>('/communities', { silent });

/** The communities a staff member works in: every one for an admin, otherwise those assigned to them. */
export function staffCommunities(user: Pick<UserResponse, 'role' | 'communityIds'> | undefined, all: CommunityResponse[]): CommunityResponse[] {
  if (!user) return [];
  return user.role === 'admin' ? all : all.filter((c) => user.communityIds.includes(c.id));
}

/**
 * The community a page's filter shows: the one chosen while it is still among the user's (an admin
 * may have taken it away since; the list not loaded yet counts as still there), else `all`.
 */
export function chosenCommunity(chosen: string, communities: CommunityResponse[], loaded: boolean, all: string): string {
  return chosen === all || !loaded || communities.some((c) => c.id === chosen) ? chosen : all;
}

export const listBuildings = (communityId: string, { silent }: Quiet = {}) =>
  request<string[]>(`/communities/${communityId}/buildings`, { silent });

/** Houses of one building, rooms in numeric order (101, 102, …, 1801). */
export async function listHouses(communityId: string, building: string, { silent }: Quiet = {}): Promise<HouseResponse[]> {
  const houses = await request<HouseResponse[]>(`/communities/${communityId}/houses`, { query: { building }, silent });
  return [...houses].sort((a, b) => a.unit.localeCompare(b.unit, 'zh-CN', { numeric: true }) || a.room.localeCompare(b.room, 'zh-CN', { numeric: true }));
}

export interface BindHouseRequest {
  houseId: string;
  relation: HouseRelation;
  name: string;
  phone: string;
}

export const bindHouse = (body: BindHouseRequest) =>
  request<HouseBindingResponse>('/me/houses', { method: 'POST', data: body });

/** The owner ends their own binding (moved out) or withdraws a pending application. */
export const endOwnBinding = (id: string) =>
  request<HouseBindingResponse>(`/me/houses/${id}`, { method: 'DELETE' });

/**
 * `q`: part of the applicant's name or phone, or of the house (1栋1单元1802). `silent`: nothing of
 * the list is shown yet, and the page says itself why it could not be loaded.
 */
export const listBindings = (statuses: readonly BindingStatus[] = ['pending'], q?: string, { silent }: Quiet = {}) =>
  request<Page<PendingBindingResponse>>('/house-bindings', { query: { status: statuses.join(','), q, pageSize: 100 }, silent });

/** Staff end an approved binding: the owner moved out, sold the house, a tenancy ended. */
export const revokeBinding = (id: string) =>
  request<HouseBindingResponse>(`/house-bindings/${id}/revoke`, { method: 'POST', data: {} });

export const approveBinding = (id: string) =>
  request<HouseBindingResponse>(`/house-bindings/${id}/approve`, { method: 'POST', data: {} });

/** `reason` is shown to the owner beside 已驳回. */
export const rejectBinding = (id: string, reason: string) =>
  request<HouseBindingResponse>(`/house-bindings/${id}/reject`, { method: 'POST', data: { reason } });
