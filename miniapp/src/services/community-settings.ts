import type { CommunityResponse, HouseResponse } from '@wuye/shared';
import { request, type Quiet } from './request';

// Imported only by the admin pages of the staff subpackage (categories, communities), so it stays there:
// nothing here reaches the owners' main package.

/** Sets a community's case categories (admin); null restores the default list. */
export const setCategories = (communityId: string, categories: string[] | null, { silent }: Quiet = {}) =>
  request<CommunityResponse>(`/communities/${communityId}`, { method: 'PATCH', data: { categories }, silent });

/** A new community (admin); `code` prefixes its case numbers (HY-20261130-0007). */
export const createCommunity = (body: { name: string; code: string }) =>
  request<CommunityResponse>('/communities', { method: 'POST', data: body });

/** Renames a community (admin). */
export const renameCommunity = (communityId: string, name: string) =>
  request<CommunityResponse>(`/communities/${communityId}`, { method: 'PATCH', data: { name } });

/** Adds houses to a community (admin); those it has already are left as they are and not counted. */
export const addHouses = (communityId: string, houses: Array<{ building: string; unit: string; room: string }>, { silent }: Quiet = {}) =>
  request<{ created: number }>(`/communities/${communityId}/houses`, { method: 'POST', data: { houses }, silent });

/** Corrects a house entered wrongly (admin): the fields given change. */
export const correctHouse = (communityId: string, houseId: string, changes: { building?: string; unit?: string; room?: string }) =>
  request<HouseResponse>(`/communities/${communityId}/houses/${houseId}`, { method: 'PATCH', data: changes });

/** Deletes a house entered by mistake (admin); one that a case or a binding names is refused. */
export const deleteHouse = (communityId: string, houseId: string) =>
  request<void>(`/communities/${communityId}/houses/${houseId}`, { method: 'DELETE' });
