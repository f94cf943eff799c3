import type { AuthResponse } from '@wuye/shared';
import { remember } from './auth';
import { request } from './request';

// Imported only by the staff password page: it stays in the staff subpackage.

/**
 * Changes the signed-in staff member's password. The server signs every other device out and
 * answers with a new token for this one, which replaces the old (now refused) one here.
 */
export async function changeOwnPassword(currentPassword: string, newPassword: string): Promise<AuthResponse> {
  return remember(await request<AuthResponse>('/auth/password', { method: 'POST', data: { currentPassword, newPassword } }));
}
