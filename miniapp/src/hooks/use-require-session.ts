import Taro, { useDidShow } from '@tarojs/taro';
import { isStaffRole, sessionStore, useSession, type Session } from '../services/session';
import { goToLogin, PAGES } from '../services/navigation';

/**
 * Pages call this first. No session → login. An owner page opened by staff (or the reverse)
 * sends them to their own home.
 */
export function useRequireSession(audience: 'owner' | 'staff'): Session | null {
  const session = useSession();
  useDidShow(() => {
    const current = sessionStore.get();
    if (!current) {
      goToLogin();
      return;
    }
    const staff = isStaffRole(current.user.role);
    if (audience === 'owner' && staff) void Taro.reLaunch({ url: PAGES.staffQueue });
    if (audience === 'staff' && !staff) void Taro.reLaunch({ url: PAGES.home });
  });
  return session;
}
