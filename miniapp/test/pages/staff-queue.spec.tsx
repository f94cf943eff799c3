import { act, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import StaffQueuePage from '../../src/pages/staff/queue/index';
import { sessionStore } from '../../src/services/session';
import { formatTime } from '../../src/utils/format';
import { showPageAgain } from '../mocks/taro';
import { chooseChip, fakeApi, ok, tapButton } from '../helpers';
import { caseIn, logInAs } from './case-fixtures';

const routes = {
  'GET /cases/counts': ok({ submitted: 1, accepted: 5, mine: 2, dueSoon: 4, overdue: 0, open: 6, followUpDue: 3 }),
  'GET /cases': ok({ items: [], total: 0, page: 1, pageSize: 50 }),
};

/** The query strings of the case lists the page asked for, in order. */
const listQueries = () =>
  (Taro.request as unknown as jest.Mock).mock.calls
    .map(([{ url }]: [{ url: string }]) => url)
    .filter((url) => /\/api\/cases\?/.test(url))
    .map((url) => decodeURIComponent(url.split('?')[1]));

afterEach(() => sessionStore.clear());

describe('the staff queue’s 我的 tab', () => {
  it('opens on the handler’s cases still to handle, as its badge counts them, not on every case ever assigned', async () => {
    logInAs('handler');
    fakeApi(routes);
    render(<StaffQueuePage />);
    expect(await screen.findByText('我的 2')).toBeInTheDocument();
    expect(screen.getByText('未处理完成共 6 件')).toBeInTheDocument();
    await waitFor(() => expect(listQueries().at(-1)).toContain('status=submitted,accepted,assigned,in_progress,on_hold'));
    expect(listQueries().at(-1)).toContain('assignee=me');
    // The finished ones are one tap away.
    chooseChip('状态筛选', '已办结');
    await waitFor(() => expect(listQueries().at(-1)).toMatch(/status=closed(&|$)/));
    chooseChip('状态筛选', '全部状态');
    await waitFor(() => expect(listQueries().at(-1)).not.toContain('status='));
  });

  it('shows everything on 全部, and names the confirmed filter after what its cards say (待评价 or 待回访)', async () => {
    logInAs('agent');
    fakeApi(routes);
    render(<StaffQueuePage />);
    await screen.findByText('待受理 1');
    chooseChip('队列', '全部');
    await waitFor(() => expect(screen.getByLabelText('状态筛选', { selector: '[role=radiogroup]' })).toBeInTheDocument());
    await waitFor(() => expect(listQueries().at(-1)).not.toContain('status='));
    expect(screen.queryByText('待回访')).not.toBeInTheDocument();
    chooseChip('状态筛选', '待评价/回访');
    await waitFor(() => expect(listQueries().at(-1)).toMatch(/status=confirmed(&|$)/));
  });

  it('gives agents what they accepted and must still dispatch or answer (已受理), not a 我的 only handlers can fill; badges follow the type chosen', async () => {
    logInAs('agent');
    fakeApi(routes);
    render(<StaffQueuePage />);
    await screen.findByText('待受理 1');
    expect(screen.queryByText(/^我的/)).toBeNull();
    chooseChip('队列', '已受理 5');
    await waitFor(() => expect(listQueries().at(-1)).toMatch(/(^|&)status=accepted(&|$)/));
    chooseChip('类型筛选', '投诉');
    const countQueries = () => (Taro.request as unknown as jest.Mock).mock.calls
      .map(([{ url }]: [{ url: string }]) => url).filter((url) => url.includes('/cases/counts'));
    await waitFor(() => expect(countQueries().at(-1)).toContain('type=complaint'));
  });

  it('gives agents the visits due (待回访) as a tab with its count', async () => {
    logInAs('agent');
    fakeApi(routes);
    render(<StaffQueuePage />);
    chooseChip('队列', await screen.findByText('待回访 3').then((el) => el.textContent!));
    await waitFor(() => expect(listQueries().at(-1)).toMatch(/(^|&)followUpDue=true(&|$)/));
    expect(listQueries().at(-1)).not.toContain('status=');
  });

  it('lists what is about to breach under 即将超时 with its count, each card marked so, for handlers too', async () => {
    const minute = 60_000;
    const soon = {
      ...caseIn('in_progress', []), id: 'c-1', number: 'HY-20261130-0001', warnBeforeMinutes: 30,
      respondDeadlineAt: new Date(Date.now() - 60 * minute).toISOString(), resolveDeadlineAt: new Date(Date.now() + 20 * minute).toISOString(),
    };
    const later = { ...soon, id: 'c-2', number: 'HY-20261130-0002', resolveDeadlineAt: new Date(Date.now() + 40 * minute).toISOString() };
    const late = { ...soon, id: 'c-3', number: 'HY-20261130-0003', resolveBreached: true, overdue: true };
    for (const role of ['agent', 'handler'] as const) {
      logInAs(role);
      fakeApi({ ...routes, 'GET /cases': ok({ items: [soon, later, late], total: 3, page: 1, pageSize: 50 }) });
      const { unmount } = render(<StaffQueuePage />);
      chooseChip('队列', await screen.findByText('即将超时 4').then((el) => el.textContent!));
      await waitFor(() => expect(listQueries().at(-1)).toMatch(/(^|&)dueSoon=true(&|$)/));
      const marks = async (number: string) => (await screen.findByText(new RegExp(`^${number}`))).textContent;
      expect(await marks('HY-20261130-0001')).toMatch(/· 即将超时$/);
      expect(await marks('HY-20261130-0002')).not.toMatch(/超时/);
      expect(await marks('HY-20261130-0003')).toMatch(/· 已超时$/);
      unmount();
      sessionStore.clear();
    }
  });

  it('shows on 待回访 when each visit is due and whether that has passed, not the handling’s 已超时', async () => {
    logInAs('agent');
    const visit = (id: string, number: string, followUpDueAt: string) => ({
      ...caseIn('confirmed', []), id, number, followUpRequired: true, followUpDueAt, resolveBreached: true,
    });
    const day = 24 * 3600 * 1000;
    const late = new Date(Date.now() - 2 * day).toISOString();
    const due = new Date(Date.now() + 2 * day).toISOString();
    const items = [visit('c-1', 'HY-20261120-0001', late), visit('c-2', 'HY-20261201-0002', due)];
    fakeApi({ ...routes, 'GET /cases': ok({ items, total: 2, page: 1, pageSize: 50 }) });
    render(<StaffQueuePage />);
    chooseChip('队列', await screen.findByText('待回访 3').then((el) => el.textContent!));
    expect(await screen.findByText(`应于 ${formatTime(late)} 前回访（已超时）`)).toBeInTheDocument();
    expect(screen.getByText(`应于 ${formatTime(due)} 前回访`)).toBeInTheDocument();
    // The handling ran late on both, but that is not what this tab is about.
    expect(screen.queryByText(/· 已超时/)).not.toBeInTheDocument();
  });

  it('gives handlers no 待受理 or 待回访 tab: they neither accept cases nor visit owners', async () => {
    logInAs('handler');
    fakeApi(routes);
    render(<StaffQueuePage />);
    expect(await screen.findByText('我的 2')).toBeInTheDocument();
    expect(screen.getByText('超时 0')).toBeInTheDocument();
    expect(screen.queryByText('待受理 1')).not.toBeInTheDocument();
    expect(screen.queryByText('待回访 3')).not.toBeInTheDocument();
  });
});

describe('the staff queue for staff of several communities', () => {
  const communities = [
    { id: 'c-hy', name: '和园', code: 'HY', categories: [] },
    { id: 'c-ly', name: '柳苑', code: 'LY', categories: [] },
    { id: 'c-other', name: '别的小区', code: 'OT', categories: [] },
  ];
  const countQueries = () =>
    (Taro.request as unknown as jest.Mock).mock.calls
      .map(([{ url }]: [{ url: string }]) => url)
      .filter((url) => /\/api\/cases\/counts/.test(url));

  it('names each card’s community and narrows the list and its badges to the one chosen', async () => {
    sessionStore.set({ token: 't-1', user: { id: 'u-1', role: 'agent', name: '吴女士', username: null, communityIds: ['c-hy', 'c-ly'] } });
    const items = [
      { ...caseIn('submitted', []), id: 'c-1', number: 'HY-20261130-0001' },
      { ...caseIn('submitted', []), id: 'c-2', number: 'LY-20261130-0001', communityId: 'c-ly', houseLabel: '2栋 1单元 301' },
    ];
    fakeApi({ ...routes, 'GET /communities': ok(communities), 'GET /cases': ok({ items, total: 2, page: 1, pageSize: 50 }) });
    render(<StaffQueuePage />);
    expect(await screen.findByText('和园 · 1栋 1单元 101')).toBeInTheDocument();
    expect(screen.getByText('柳苑 · 2栋 1单元 301')).toBeInTheDocument();
    // Only the communities this agent serves are offered.
    expect(screen.queryByText('别的小区')).not.toBeInTheDocument();
    chooseChip('小区筛选', '柳苑');
    await waitFor(() => expect(listQueries().at(-1)).toContain('communityId=c-ly'));
    expect(countQueries().at(-1)).toContain('communityId=c-ly');
    chooseChip('小区筛选', '全部小区');
    await waitFor(() => expect(listQueries().at(-1)).not.toContain('communityId'));
    expect(countQueries().at(-1)).not.toContain('communityId');
  });

  it('follows an admin\'s change of the agent\'s communities since sign-in: asked again whenever the page shows', async () => {
    logInAs('agent'); // signed in serving 和园 only
    const user = sessionStore.get()!.user;
    fakeApi({ ...routes, 'GET /communities': ok(communities), 'GET /me': [ok({ ...user, communityIds: ['c-hy', 'c-ly'] }), ok({ ...user, communityIds: ['c-ly'] })],
      'GET /cases': ok({ items: [caseIn('submitted', [])], total: 1, page: 1, pageSize: 50 }) });
    render(<StaffQueuePage />);
    expect(await screen.findByText('柳苑', { selector: '[role=radio]' })).toBeInTheDocument();
    expect(screen.getByText('全部小区', { selector: '[role=radio]' })).toBeInTheDocument();
    // Taken off 和园 meanwhile: one community left, so no filter.
    showPageAgain();
    await waitFor(() => expect(screen.queryByText('全部小区')).not.toBeInTheDocument());
  });

  it('adds neither the filter nor the names for staff of one community', async () => {
    logInAs('agent');
    fakeApi({ ...routes, 'GET /communities': ok(communities), 'GET /cases': ok({ items: [caseIn('submitted', [])], total: 1, page: 1, pageSize: 50 }) });
    render(<StaffQueuePage />);
    expect(await screen.findByText('1栋 1单元 101')).toBeInTheDocument();
    expect(screen.queryByText('全部小区')).not.toBeInTheDocument();
  });
});

describe('the staff queue’s list when it reloads', () => {
  const card = (n: number) => ({ ...caseIn('submitted', []), id: `c-${n}`, number: `HY-20261130-${String(n).padStart(4, '0')}`, description: `报修 ${n}` });
  const page = (from: number, count: number, total: number) =>
    ok({ items: Array.from({ length: count }, (_, i) => card(from + i)), total, page: 1, pageSize: 50 });
  const shownNumbers = () => screen.queryAllByText(/^报修 \d+$/).map((el) => el.textContent);
  /**
   * The server's list by page number and size, of `total()` cases newest first; `slow(n, size)` may
   * return a promise the answer to that page waits for.
   */
  const servePages = (total: () => number, slow: (n: number, size: number) => Promise<void> | undefined = () => undefined) =>
    (Taro.request as unknown as jest.Mock).mockImplementation(async ({ url }: { url: string }) => {
      if (url.includes('/cases/counts')) return routes['GET /cases/counts'];
      if (!url.includes('/cases')) return ok([]);
      const n = Number(/[?&]page=(\d+)/.exec(url)?.[1] ?? 1);
      const size = Number(/pageSize=(\d+)/.exec(url)?.[1] ?? 50);
      const from = (n - 1) * size + 1;
      await slow(n, size);
      return page(from, Math.max(0, Math.min(size, total() - from + 1)), total());
    });

  it('keeps the cases shown, and the pages loaded, when the user comes back from a case', async () => {
    logInAs('agent');
    let total = 60;
    servePages(() => total);
    render(<StaffQueuePage />);
    await waitFor(() => expect(shownNumbers()).toHaveLength(50));
    tapButton('加载更多');
    await waitFor(() => expect(shownNumbers()).toHaveLength(60));
    // Back from a case, one more case has come in: what was shown is asked for again (100 a request,
    // the API's most), and the list stays as long.
    total = 61;
    const before = listQueries().length;
    await act(async () => showPageAgain());
    await waitFor(() => expect(shownNumbers()).toHaveLength(61));
    expect(listQueries().slice(before).map((q) => [/[?&]?page=(\d+)/.exec(q)?.[1], /pageSize=(\d+)/.exec(q)?.[1]])).toEqual([['1', '100']]);
  });

  it('keeps a 加载更多 that a reload overtook: the reload brings the page the user asked for', async () => {
    logInAs('agent');
    let releaseSecondPage: () => void = () => undefined;
    // The first 加载更多 is slow; everything else answers at once.
    servePages(() => 120, (n, size) => (n === 2 && size === 50 ? new Promise<void>((resolve) => (releaseSecondPage = resolve)) : undefined));
    render(<StaffQueuePage />);
    await waitFor(() => expect(shownNumbers()).toHaveLength(50));
    tapButton('加载更多');
    // While it loads, the user switches to another app and back: the page shows again and reloads.
    await act(async () => showPageAgain());
    await act(async () => releaseSecondPage());
    await waitFor(() => expect(shownNumbers()).toHaveLength(100));
    expect(new Set(shownNumbers()).size).toBe(100);
  });

  it('keeps a 加载更多 tapped while a reload was on its way: the reload reads that far instead', async () => {
    logInAs('agent');
    let holdReloads = false;
    let releaseReload: () => void = () => undefined;
    // The reload of the first page (back from a case) is slow; 加载更多's page 2 answers at once.
    servePages(() => 120, (n) => (holdReloads && n === 1 ? new Promise<void>((resolve) => (releaseReload = resolve)) : undefined));
    render(<StaffQueuePage />);
    await waitFor(() => expect(shownNumbers()).toHaveLength(50));
    holdReloads = true;
    await act(async () => showPageAgain());
    tapButton('加载更多');
    await waitFor(() => expect(shownNumbers()).toHaveLength(100));
    holdReloads = false;
    await act(async () => releaseReload());
    // Its answer (50 cases) is not shown; it reads the 100 again.
    await waitFor(() => expect(listQueries().at(-1)).toMatch(/pageSize=100/));
    await act(async () => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(shownNumbers()).toHaveLength(100);
    expect(new Set(shownNumbers()).size).toBe(100);
  });

  it('keeps the list shown when a refresh fails, and says so', async () => {
    logInAs('agent');
    const api = fakeApi({ ...routes, 'GET /cases': page(1, 3, 3) });
    render(<StaffQueuePage />);
    await waitFor(() => expect(shownNumbers()).toHaveLength(3));
    api.answer('GET /cases', 'offline');
    await act(async () => showPageAgain());
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalled());
    expect(shownNumbers()).toHaveLength(3);
    expect(screen.queryByText('暂无工单')).not.toBeInTheDocument();
  });

  it('offers 重试 when the list cannot be loaded at all, instead of 暂无工单', async () => {
    logInAs('agent');
    const api = fakeApi({ ...routes, 'GET /cases': 'offline' });
    render(<StaffQueuePage />);
    expect(await screen.findByText('加载失败')).toBeInTheDocument();
    expect(screen.queryByText('暂无工单')).not.toBeInTheDocument();
    api.answer('GET /cases', page(1, 2, 2));
    tapButton('重试');
    await waitFor(() => expect(shownNumbers()).toHaveLength(2));
  });
});
