import type { CommunityResponse } from '@wuye/shared';
import { request, type Quiet } from './request';

// Imported only by the staff categories page (pages/staff/categories), so it stays in the staff
// subpackage: nothing here reaches the owners' main package.

/** Sets a community's case categories (admin); null restores the default list. */
export const setCategories = (communityId: string, categories: string[] | null, { silent }: Quiet = {}) =>
  request<CommunityResponse>(`/communities/${communityId}`, { method: 'PATCH', data: { categories }, silent });
