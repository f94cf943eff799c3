import Taro from '@tarojs/taro';

export const PAGES = {
  home: '/pages/home/index',
  login: '/pages/login/index',
  bindHouse: '/pages/bind-house/index',
  report: '/pages/report/index',
  caseDetail: '/pages/case-detail/index',
  staffQueue: '/pages/staff/queue/index',
  staffCase: '/pages/staff/case/index',
  staffIntake: '/pages/staff/intake/index',
  staffBindings: '/pages/staff/bindings/index',
  staffDashboard: '/pages/staff/dashboard/index',
} as const;

function currentRoute(): string {
  const pages = Taro.getCurrentPages();
  const route = pages[pages.length - 1]?.route ?? '';
  return route.startsWith('/') ? route : `/${route}`;
}

/** Replace the whole page stack with the login page (after logout or a 401). */
export function goToLogin(): void {
  if (currentRoute().startsWith(PAGES.login)) return;
  void Taro.reLaunch({ url: PAGES.login });
}

export function withQuery(url: string, query: Record<string, string>): string {
  const qs = Object.entries(query)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
  return qs ? `${url}?${qs}` : url;
}

/** Back to the previous page, or to `home` when this page is the first one (opened from a link or a notification). */
export function goBackOr(home: string): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.reLaunch({ url: home });
}
