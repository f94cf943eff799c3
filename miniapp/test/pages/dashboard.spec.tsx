import { act, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { CommunityResponse, MetricsResponse } from '@wuye/shared';
import DashboardPage from '../../src/pages/staff/dashboard/index';
import { sessionStore } from '../../src/services/session';

// The page loads its communities when shown; here "shown" is "mounted".
jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../mocks/taro');
  const { useEffect } = jest.requireActual('react');
  return { __esModule: true, ...actual, default: actual.default, useDidShow: (fn: () => void) => useEffect(fn, []) };
});

const requestMock = Taro.request as unknown as jest.Mock;
const communities: CommunityResponse[] = [
  { id: 'c-hy', name: '和园', code: 'HY', categories: [] },
  { id: 'c-jx', name: '锦绣华庭', code: 'JX', categories: [] },
  { id: 'c-other', name: '别家小区', code: 'BJ', categories: [] },
];

/** Figures of a period with `received` cases (the rest empty). */
function figures(from: string, received: number): MetricsResponse {
  const none = { mean: null, median: null, p90: null };
  return {
    period: { from, to: from }, scope: { communityIds: null },
    received: { total: received, byType: {}, byChannel: {}, byCategory: {}, byUrgency: {}, byBuilding: {} },
    cancelled: 0,
    rates: { onTimeResponse: null, onTimeResolution: null, resolution: null, satisfaction: null, ratingParticipation: null, followUp: null, reopen: null },
    satisfactionMean: null, responseMinutes: none, resolutionMinutes: none, urges: { count: 0, casesUrged: 0, liveCasesUrged: 0 },
    repeatComplaints: 0, backlog: { open: 0, overdue: 0, unacceptedOverdue: 0 }, awaiting: { followUps: 0, ratings: 0 }, byStaff: [],
  };
}

/** Answers `/communities` at once and each metrics request when the test says so (or loses it). */
/** The server: communities and /me answered at once, the figures held until the test answers them. */
function scriptServer() {
  const pending: Array<{ url: string; answer: (body: unknown) => void; lose: () => void }> = [];
  requestMock.mockImplementation(({ url }: { url: string }) => {
    if (url.startsWith('/api/communities')) return Promise.resolve({ statusCode: 200, data: communities });
    if (url.startsWith('/api/me')) return Promise.resolve({ statusCode: 200, data: sessionStore.get()?.user });
    return new Promise((resolve, reject) => pending.push({
      url, answer: (data) => resolve({ statusCode: 200, data }), lose: () => reject(new Error('request:fail timeout')),
    }));
  });
  return pending;
}

/**
 * Opens the dashboard (then chooses `preset`, unless 本月 will do), answers the last request with these
 * rates for the period and the previous one, and returns that request's URL.
 */
async function showRates(preset: string | null, current: Partial<MetricsResponse['rates']>, previous: Partial<MetricsResponse['rates']>): Promise<string> {
  const pending = scriptServer();
  render(<DashboardPage />);
  await waitFor(() => expect(pending).toHaveLength(1));
  if (preset) {
    act(() => within(screen.getByLabelText('统计期间', { selector: '[role=radiogroup]' })).getByText(preset).click());
    await waitFor(() => expect(pending).toHaveLength(2));
  }
  const asked = pending[pending.length - 1];
  const withRates = (rates: Partial<MetricsResponse['rates']>) => {
    const f = figures('2026-11-01', 10);
    return { ...f, rates: { ...f.rates, ...rates } };
  };
  await act(async () => asked.answer({ ...withRates(current), previous: withRates(previous) }));
  return asked.url;
}

/** Opens the dashboard, shows 本月's figures (7, against 30 the month before), then chooses 上月; its figures are held. */
async function showThisMonthThenChooseLastMonth() {
    const pending = scriptServer();
    render(<DashboardPage />);
    await waitFor(() => expect(pending).toHaveLength(1)); // 本月
    await act(async () => pending[0].answer({ ...figures('2026-11-01', 7), previous: figures('2026-10-01', 30) }));
    expect(await screen.findByText('7（上月全月 30）')).toBeInTheDocument();
    act(() => within(screen.getByLabelText('统计期间', { selector: '[role=radiogroup]' })).getByText('上月').click());
    await waitFor(() => expect(pending).toHaveLength(2));
  return pending;
}

describe('the supervisor dashboard', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-11-30T04:00:00Z'), doNotFake: ['setTimeout', 'setInterval', 'nextTick', 'queueMicrotask'] });
    sessionStore.set({ token: 't', user: { id: 's-1', role: 'supervisor', name: '周主管', username: 'supervisor1', communityIds: ['c-hy', 'c-jx'] } });
  });
  afterEach(() => {
    sessionStore.clear();
    jest.useRealTimers();
  });

  it("offers only the supervisor's own communities", async () => {
    scriptServer();
    render(<DashboardPage />);
    const chips = await screen.findByLabelText('小区', { selector: '[role=radiogroup]' });
    expect(within(chips).getByText('和园')).toBeInTheDocument();
    expect(within(chips).getByText('锦绣华庭')).toBeInTheDocument();
    expect(within(chips).queryByText('别家小区')).not.toBeInTheDocument();
  });

  it('shows the figures of the period last chosen, even when an earlier answer arrives later', async () => {
    const pending = scriptServer();
    render(<DashboardPage />);
    await waitFor(() => expect(pending).toHaveLength(1)); // 本月
    const periods = screen.getByLabelText('统计期间', { selector: '[role=radiogroup]' });
    act(() => within(periods).getByText('上月').click());
    await waitFor(() => expect(pending).toHaveLength(2));
    expect(pending[1].url).toContain('from=2026-10-01');
    await act(async () => pending[1].answer(figures('2026-10-01', 42)));
    await act(async () => pending[0].answer(figures('2026-11-01', 7)));
    expect(await screen.findByText(/^42（上期/)).toBeInTheDocument();
    expect(screen.queryByText(/^7（上期/)).not.toBeInTheDocument();
  });

  it('goes back to all of the supervisor\'s figures when the community chosen was taken away from them since', async () => {
    const pending = scriptServer();
    render(<DashboardPage />);
    const chips = await screen.findByLabelText('小区', { selector: '[role=radiogroup]' });
    act(() => within(chips).getByText('锦绣华庭').click());
    await waitFor(() => expect(pending.at(-1)?.url).toContain('communityId=c-jx'));
    // An admin moved the supervisor off 锦绣华庭; the user read again as a page shows says so.
    act(() => sessionStore.updateUser({ ...sessionStore.get()!.user, communityIds: ['c-hy'] }));
    await waitFor(() => expect(pending.at(-1)?.url).not.toContain('communityId'));
    expect(screen.queryByLabelText('小区', { selector: '[role=radiogroup]' })).not.toBeInTheDocument();
  });

  it('shows no figures under another period\'s heading while that period\'s are loading', async () => {
    const pending = await showThisMonthThenChooseLastMonth();
    expect(screen.getByText(/2026-10-01 至 2026-10-31/)).toHaveTextContent('加载中');
    expect(screen.queryByText(/^7（/)).not.toBeInTheDocument();
    await act(async () => pending[1].answer(figures('2026-10-01', 42)));
    expect(await screen.findByText(/^42（上期/)).toBeInTheDocument();
  });

  it('says 加载失败 with 重试 when the figures cannot be loaded — not 暂无数据, nor the figures of the period chosen before', async () => {
    const pending = await showThisMonthThenChooseLastMonth();
    await act(async () => pending[1].lose());
    expect(await screen.findByText('加载失败')).toBeInTheDocument();
    expect(screen.queryByText('暂无数据')).not.toBeInTheDocument();
    expect(screen.queryByText('7（上月全月 30）')).not.toBeInTheDocument();
    act(() => screen.getByText('重试').click());
    await waitFor(() => expect(pending).toHaveLength(3));
    expect(pending[2].url).toContain('from=2026-10-01');
    await act(async () => pending[2].answer(figures('2026-10-01', 42)));
    expect(await screen.findByText(/^42（上期/)).toBeInTheDocument();
    expect(screen.queryByText('加载失败')).not.toBeInTheDocument();
  });

  it('asks for the whole calendar month under 本月, as the summary and the month\'s targets take it, and says it is not over', async () => {
    const pending = scriptServer();
    render(<DashboardPage />);
    await waitFor(() => expect(pending).toHaveLength(1));
    expect(pending[0].url).toContain('from=2026-11-01');
    expect(pending[0].url).toContain('to=2026-12-01');
    expect(screen.getByText(/^2026-11-01 至 2026-11-30（未结束，数据截至当前）/)).toBeInTheDocument();
    // The month so far against the whole previous month: said so, not read as a drop of 上期.
    await act(async () => pending[0].answer({ ...figures('2026-11-01', 12), previous: figures('2026-10-01', 30) }));
    expect(await screen.findByText('12（上月全月 30）')).toBeInTheDocument();
    const periods = screen.getByLabelText('统计期间', { selector: '[role=radiogroup]' });
    act(() => within(periods).getByText('上月').click());
    expect(await screen.findByText(/^2026-10-01 至 2026-10-31( · 加载中…)?$/)).toBeInTheDocument();
    await waitFor(() => expect(pending).toHaveLength(2));
    await act(async () => pending[1].answer({ ...figures('2026-10-01', 30), previous: figures('2026-09-01', 25) }));
    expect(await screen.findByText('30（上期 25）')).toBeInTheDocument();
    // 上月's previous period is September: 上期 there, not 上月.
    expect(within(screen.getByLabelText('响应及时率')).getByText(/^上期/)).toBeInTheDocument();
  });

  it('names the open backlog as the queue does (未处理完成: 待受理 … 挂起), with its rating mean as the summary prints it', async () => {
    const pending = scriptServer();
    render(<DashboardPage />);
    await waitFor(() => expect(pending).toHaveLength(1));
    const counts = { ratingSum: 242, ratings: 57 } as MetricsResponse['counts'];
    await act(async () => pending[0].answer({ ...figures('2026-11-01', 12), backlog: { open: 17, overdue: 3 }, satisfactionMean: 4.25, counts }));
    const row = (label: string) => screen.getByText(label).parentElement!;
    expect(row('未处理完成')).toHaveTextContent('17');
    expect(screen.queryByText('未办结')).not.toBeInTheDocument();
    expect(row('平均评分')).toHaveTextContent('4.2');
  });
  it('says how many ratings and visits are still to come, which will move 参评率 and 回访率 (a month just ended)', async () => {
    const pending = scriptServer();
    render(<DashboardPage />);
    await waitFor(() => expect(pending).toHaveLength(1));
    await act(async () => pending[0].answer({ ...figures('2026-11-01', 12), awaiting: { followUps: 2, ratings: 5 } }));
    expect(screen.getByText('另有 5 件业主仍可评价、2 件回访期限未到，参评率和回访率还会变化')).toBeInTheDocument();
  });

  it('compares a whole period\'s rates with 上期 as the two are printed: equal figures read → 0.0, neither up nor down', async () => {
    // 89.47% and 89.51% both print 89.5%; 90.0% against 88.0% is up 2.0 points.
    await showRates('上月', { onTimeResponse: 0.8947, onTimeResolution: 0.9 }, { onTimeResponse: 0.8951, onTimeResolution: 0.88 });

    const same = within(await screen.findByLabelText('响应及时率')).getByText(/^上期/);
    expect(same).toHaveTextContent('上期 89.5% → 0.0 个百分点');
    expect(same).not.toHaveClass('trend--bad');
    expect(same).not.toHaveClass('trend--good');
    const up = within(screen.getByLabelText('按时办结率')).getByText(/^上期/);
    expect(up).toHaveTextContent('上期 88.0% ↑ 2.0 个百分点');
    expect(up).toHaveClass('trend--good');
  });

  it('under 本月 before its last day shows 上月\'s rates without an arrow: part of a month against a whole one is no trend', async () => {
    jest.setSystemTime(new Date('2026-11-10T04:00:00Z'));
    await showRates(null, { onTimeResolution: 0.5 }, { onTimeResolution: 0.88 });

    const last = within(await screen.findByLabelText('按时办结率')).getByText(/^上月/);
    expect(last).toHaveTextContent(/^上月 88\.0%$/);
    expect(last).not.toHaveClass('trend--bad');
  });

  it('compares 本月 with 上月 again on the month\'s last day, when no day of it is still to come', async () => {
    await showRates(null, { onTimeResolution: 0.9 }, { onTimeResolution: 0.88 }); // today: 2026-11-30
    const up = within(await screen.findByLabelText('按时办结率')).getByText(/^上月/);
    expect(up).toHaveTextContent('上月 88.0% ↑ 2.0 个百分点');
    expect(up).toHaveClass('trend--good');
  });

  it('compares 近 30 天, which ends today, with the 30 days before it', async () => {
    jest.setSystemTime(new Date('2026-11-20T04:00:00Z'));
    const url = await showRates('近 30 天', { satisfaction: 0.9 }, { satisfaction: 0.95 });
    expect(url).toContain('from=2026-10-22&to=2026-11-21');
    const down = within(await screen.findByLabelText('满意率')).getByText(/^上期/);
    expect(down).toHaveTextContent('上期 95.0% ↓ 5.0 个百分点');
    expect(down).toHaveClass('trend--bad');
  });

  it('exports the case ledger (工单台账) of the period and community chosen', async () => {
    scriptServer();
    const fetched: string[] = [];
    global.fetch = jest.fn(async (url: string) => {
      fetched.push(url);
      return { ok: true, status: 200, blob: async () => new Blob(['x']), headers: { get: () => null } };
    }) as unknown as typeof fetch;
    URL.createObjectURL = jest.fn(() => 'blob:ledger');
    URL.revokeObjectURL = jest.fn();
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    render(<DashboardPage />);
    const chips = await screen.findByLabelText('小区', { selector: '[role=radiogroup]' });
    act(() => within(chips).getByText('锦绣华庭').click());
    await act(async () => within(screen.getByLabelText('工单台账')).getByText('导出 Excel').click());
    await waitFor(() => expect(fetched).toHaveLength(1));
    expect(fetched[0]).toMatch(/\/api\/reports\/case-ledger\?from=2026-11-01&to=2026-12-01&communityId=c-jx$/);
    await waitFor(() => expect(click).toHaveBeenCalled());
    click.mockRestore();
  });
});
