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

/** The page shown now, as a URL with its query (an id): where to come back to after signing in again. */
function currentPage(): { route: string; url: string } {
  const pages = Taro.getCurrentPages();
  const page = pages[pages.length - 1] as { route?: string; options?: Record<string, string>; $taroParams?: Record<string, string> } | undefined;
  const route = page?.route ? (page.route.startsWith('/') ? page.route : `/${page.route}`) : '';
  // Taro keeps the page's query in $taroParams (in a browser `options` holds only path parameters),
  // with its own stamps; WeChat hands the values over still percent-encoded, a browser decoded.
  const query = Object.entries(page?.$taroParams ?? page?.options ?? {})
    .filter(([key]) => !key.startsWith('$') && key !== 'stamp')
    .map(([key, value]) => [key, safeDecode(String(value))]);
  return { route, url: route ? withQuery(route, Object.fromEntries(query)) : '' };
}

/**
 * Replace the whole page stack with the login page, when the session lapsed (a 401, a token 7 days
 * old) or there is none (a notification opened on a new phone). The page it left goes along as
 * `next`: the sign-in returns there (`afterSignIn`), so a notification's case is not lost on the way.
 * A chosen 退出 goes to the login page itself, with nothing to come back to.
 */
export function goToLogin(): void {
  const { route, url } = currentPage();
  if (route.startsWith(PAGES.login)) return;
  void Taro.reLaunch({ url: url ? withQuery(PAGES.login, { next: url }) : PAGES.login });
}

/**
 * Where a sign-in leads: back to the page a lapsed session left, if it is one of this user's side
 * (staff pages for staff, the owner's for owners), or to their home.
 */
export function afterSignIn(staff: boolean, next: string | undefined): string {
  const home = staff ? PAGES.staffQueue : PAGES.home;
  if (!next) return home;
  // Taro hands a page's query values over decoded in a browser, as sent in WeChat.
  const url = next.startsWith('/') ? next : safeDecode(next);
  const path = url.split('?')[0];
  if (!path.startsWith('/pages/') || path.startsWith(PAGES.login) || path.startsWith('/pages/staff/') !== staff) return home;
  return url;
}

/** `text` decoded, or as it is when it is not percent-encoded text. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

let opening = false;

/**
 * Opens a page over this one — once, however often it is tapped while it opens: WeChat opens a page
 * per tap, and a double tap on a case card stacked the case twice (返回 had to be tapped twice).
 */
export async function openPage(url: string): Promise<void> {
  if (opening) return;
  opening = true;
  try {
    await Taro.navigateTo({ url });
  } catch {
    // WeChat says nothing when a page cannot open (its subpackage not downloaded offline, ten pages
    // open already): without a word the tap would seem to do nothing.
    void Taro.showToast({ title: '页面打开失败，请重试', icon: 'none' });
  } finally {
    opening = false;
  }
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
