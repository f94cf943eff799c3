import Taro, { useDidShow } from '@tarojs/taro';
import { isStaffRole, sessionStore, useSession, type Session } from '../services/session';
import { refreshMe } from '../services/auth';
import { goToLogin, PAGES } from '../services/navigation';

/**
 * Pages call this first. No session → login. An owner page opened by staff (or the reverse)
 * sends them to their own home. A staff page asks for the user again whenever it shows: an admin
 * may have changed the role or the communities since sign-in (a token lasts 7 days), and the pages
 * read both from the session — quietly, for a failure leaves the session as it was.
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
    if (audience === 'staff' && staff) void refreshMe({ silent: true }).catch(() => undefined);
  });
  return session;
}
