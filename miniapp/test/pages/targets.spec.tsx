import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { CommunityResponse, MetricsResponse, ReportTargetResponse, Role } from '@wuye/shared';
import DashboardPage from '../../src/pages/staff/dashboard/index';
import TargetsPage from '../../src/pages/staff/targets/index';
import { sessionStore } from '../../src/services/session';
import { router } from '../mocks/taro';
import { chooseChip, fakeApi, ok, refused, tapButton, typeInto, type FakeReply } from '../helpers';

const COMMUNITIES: CommunityResponse[] = [
  { id: 'c-hy', name: '和园', code: 'HY', categories: [] },
  { id: 'c-jx', name: '锦绣华庭', code: 'JX', categories: [] },
];
const SAVED = 'GET /reports/targets';
const SUGGESTED = 'GET /reports/targets/suggested';
const SAVE = 'POST /reports/targets';

const target = (metric: ReportTargetResponse['metric'], label: string, baseline: number | null, value: number, responsibleRole: ReportTargetResponse['responsibleRole']): ReportTargetResponse =>
  ({ metric, label, baseline, target: value, deadline: '2026-11-30', responsibleRole });

/** What the October summary suggests for November (four of the ten metrics, enough for the page). */
const SUGGESTIONS: ReportTargetResponse[] = [
  target('onTimeResponse', '响应及时率', 0.8, 0.89, 'agent'),
  target('satisfaction', '满意率', null, 0.85, 'supervisor'),
  target('medianResponseMinutes', '响应时间中位数（分钟）', 37.5, 30, 'agent'),
  target('overdueBacklog', '超期积压（件）', 6, 3, 'supervisor'),
];

function logInAs(role: Role) {
  sessionStore.set({ token: 't', user: { id: 's-1', role, name: '周主管', username: 'supervisor1', communityIds: ['c-hy', 'c-jx'] } });
}

async function openPage(routes: Record<string, FakeReply | FakeReply[]> = {}) {
  const api = fakeApi({ 'GET /communities': ok(COMMUNITIES), [SAVED]: ok([]), [SUGGESTED]: ok(SUGGESTIONS), ...routes });
  render(<TargetsPage />);
  return api;
}

/** The value shown beside `name` in the card labelled `card`. */
function valueIn(card: string, name: string): string | null | undefined {
  return within(screen.getByLabelText(card)).getByText(name, { exact: true }).nextElementSibling?.textContent;
}

const posts = (api: ReturnType<typeof fakeApi>) => api.sent.filter((r) => r.route === SAVE);

beforeEach(() => {
  // Only the date is fixed: Taro's inputs render on real animation frames and timers.
  jest.useFakeTimers({
    now: new Date('2026-11-30T04:00:00Z'),
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame',
      'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  });
  logInAs('supervisor');
});
afterEach(() => {
  sessionStore.clear();
  router.params = {};
  jest.useRealTimers();
});

describe('the 目标设置 page', () => {
  it('shows the suggested targets of the month, in Chinese and in their units, when none are saved', async () => {
    const api = await openPage();
    expect(await screen.findByText('尚未保存本月目标')).toBeInTheDocument();
    expect(screen.getByText('2026年11月目标')).toBeInTheDocument();
    expect(valueIn('响应及时率', '基线')).toBe('80.0%');
    expect(valueIn('响应及时率', '目标')).toBe('89.0%');
    expect(valueIn('响应及时率', '完成期限')).toBe('2026年11月30日');
    expect(valueIn('响应及时率', '责任岗位')).toBe('客服');
    expect(valueIn('满意率', '基线')).toBe('—');
    expect(valueIn('响应时间中位数（分钟）', '基线')).toBe('37.5 分钟');
    expect(valueIn('响应时间中位数（分钟）', '目标')).toBe('30 分钟');
    expect(valueIn('超期积压（件）', '目标')).toBe('3 件');
    expect(valueIn('超期积压（件）', '责任岗位')).toBe('主管');
    expect(within(screen.getByLabelText('响应及时率')).getByText('建议')).toBeInTheDocument();
    // November of every community of the supervisor, saved ones asked for first.
    const asked = api.sent.filter((r) => r.route === SAVED || r.route === SUGGESTED);
    expect(asked.map((r) => [r.route, r.query])).toEqual([
      [SAVED, { from: '2026-11-01', to: '2026-12-01' }],
      [SUGGESTED, { from: '2026-11-01', to: '2026-12-01' }],
    ]);
  });

  it('says when the baseline month is not over yet (下月), so its suggestions are not final', async () => {
    await openPage();
    expect(await screen.findByText('一键采用建议目标')).toBeInTheDocument();
    expect(screen.queryByText(/尚未结束/)).not.toBeInTheDocument(); // 本月: October is over
    chooseChip('目标月份', '下月');
    expect(await screen.findByText('2026年11月尚未结束：建议按截至今天的数据计算，月末前还会变化。')).toBeInTheDocument();
  });

  it('names the month chosen, not 本月, when it is another month', async () => {
    await openPage();
    expect(await screen.findByText('尚未保存本月目标')).toBeInTheDocument();
    chooseChip('目标月份', '下月');
    expect(await screen.findByText('尚未保存2026年12月目标')).toBeInTheDocument();
    expect(screen.queryByText('尚未保存本月目标')).not.toBeInTheDocument();
  });

  it('says which month saved targets are assessed for', async () => {
    await openPage({ [SAVED]: ok([SUGGESTIONS[0]]) });
    expect(await screen.findByText('工作总结按这些目标考核本月。点选一项可修改目标值。')).toBeInTheDocument();
    chooseChip('目标月份', '下月');
    expect(await screen.findByText('工作总结按这些目标考核2026年12月。点选一项可修改目标值。')).toBeInTheDocument();
  });

  it('shows the saved targets instead when the month has them, and asks for the month and community chosen', async () => {
    const saved = [{ ...SUGGESTIONS[0], target: 0.9 }];
    const api = await openPage({ [SAVED]: ok(saved) });
    expect(await screen.findByText('已保存 1 项目标')).toBeInTheDocument();
    expect(valueIn('响应及时率', '目标')).toBe('90.0%');
    expect(screen.queryByLabelText('满意率')).not.toBeInTheDocument();
    expect(screen.queryByText('一键采用建议目标')).not.toBeInTheDocument();
    expect(api.calls).not.toContain(SUGGESTED);

    chooseChip('目标月份', '下月');
    chooseChip('小区', '锦绣华庭');
    await waitFor(() => expect(api.sent.at(-1)?.query).toEqual({ from: '2026-12-01', to: '2027-01-01', communityId: 'c-jx' }));
  });

  it('adopts the suggestions in one tap, the button held while saving, and shows what was saved', async () => {
    const api = await openPage();
    const saved = SUGGESTIONS.map((t) => ({ ...t, target: t.metric === 'overdueBacklog' ? 2 : t.target }));
    let answer: (reply: FakeReply) => void = () => undefined;
    const fake = (Taro.request as unknown as jest.Mock).getMockImplementation()!;
    (Taro.request as unknown as jest.Mock).mockImplementation(async (options: { url: string; method?: string }) => {
      if (options.method !== 'POST') return fake(options);
      await fake(options).catch(() => undefined); // recorded in api.sent
      return new Promise((resolve) => { answer = resolve; });
    });

    await screen.findByText('一键采用建议目标');
    tapButton('一键采用建议目标');
    await waitFor(() => expect(posts(api)).toHaveLength(1));
    expect(posts(api)[0].data).toEqual({ from: '2026-11-01', to: '2026-12-01' });
    expect(screen.getByText('一键采用建议目标').closest('.nut-button')).toHaveClass('nut-button-disabled');
    tapButton('一键采用建议目标');
    answer(ok(saved));

    expect(await screen.findByText('已保存 4 项目标')).toBeInTheDocument();
    expect(posts(api)).toHaveLength(1);
    expect(valueIn('超期积压（件）', '目标')).toBe('2 件');
    expect(within(screen.getByLabelText('超期积压（件）')).getByText('已保存')).toBeInTheDocument();
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '目标已保存' }));
  });

  it('checks an edited value against the server’s limits, then saves it with the other suggestions', async () => {
    const saved = SUGGESTIONS.map((t) => (t.metric === 'onTimeResponse' ? { ...t, target: 0.925 } : t));
    const api = await openPage({ [SAVE]: ok(saved) });
    fireEvent.click(await screen.findByLabelText('响应及时率'));
    const form = await screen.findByLabelText('修改目标 响应及时率');
    expect(within(form).getByText('基线 80.0%。保存时其余各项按建议目标一并保存。')).toBeInTheDocument();
    await typeInto('input', '120', 0, form);
    tapButton('保存');
    expect(await screen.findByText('目标值须在 0% 至 100% 之间')).toBeInTheDocument();
    await typeInto('input', '92.55', 0, form);
    tapButton('保存');
    expect(await screen.findByText('目标值请填写数字，最多一位小数')).toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(posts(api)).toEqual([]);

    // One save at a time: with the form open, adopting (which would save every suggestion again) waits.
    expect(screen.getByText('一键采用建议目标').closest('.nut-button')).toHaveClass('nut-button-disabled');
    tapButton('一键采用建议目标');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(posts(api)).toEqual([]);

    await typeInto('input', '92.5', 0, form);
    tapButton('保存');
    await waitFor(() => expect(posts(api)).toHaveLength(1));
    expect(posts(api)[0].data).toEqual({
      from: '2026-11-01', to: '2026-12-01',
      targets: [
        { metric: 'onTimeResponse', target: 0.925 },
        { metric: 'satisfaction', target: 0.85 },
        { metric: 'medianResponseMinutes', target: 30 },
        { metric: 'overdueBacklog', target: 3 },
      ],
    });
    expect(await screen.findByText('已保存 4 项目标')).toBeInTheDocument();
    expect(screen.queryByLabelText('修改目标 响应及时率')).not.toBeInTheDocument();
    expect(valueIn('响应及时率', '目标')).toBe('92.5%');
  });

  it('saves an edited saved target alone; a count takes whole cases only', async () => {
    const saved = SUGGESTIONS;
    const api = await openPage({ [SAVED]: ok(saved), [SAVE]: ok(saved.map((t) => (t.metric === 'overdueBacklog' ? { ...t, target: 1 } : t))) });
    fireEvent.click(await screen.findByLabelText('超期积压（件）'));
    const form = await screen.findByLabelText('修改目标 超期积压（件）');
    await typeInto('input', '1.5', 0, form);
    tapButton('保存');
    expect(await screen.findByText('目标值请填写整数')).toBeInTheDocument();
    await typeInto('input', '1', 0, form);
    tapButton('保存');
    await waitFor(() => expect(posts(api)).toHaveLength(1));
    expect(posts(api)[0].data).toEqual({ from: '2026-11-01', to: '2026-12-01', targets: [{ metric: 'overdueBacklog', target: 1 }] });
    await waitFor(() => expect(valueIn('超期积压（件）', '目标')).toBe('1 件'));
  });

  it('shows the server’s message when it refuses, keeping the form and what was typed', async () => {
    await openPage({ [SAVE]: refused('COMMUNITY_NOT_FOUND') });
    fireEvent.click(await screen.findByLabelText('满意率'));
    const form = await screen.findByLabelText('修改目标 满意率');
    await typeInto('input', '88', 0, form);
    tapButton('保存');
    expect(await within(form).findByText('小区不存在')).toBeInTheDocument();
    expect(form.querySelector('input')).toHaveValue('88');
    expect(valueIn('响应及时率', '目标')).toBe('89.0%');

    tapButton('取消');
    tapButton('一键采用建议目标');
    expect(await screen.findByText('小区不存在')).toBeInTheDocument();
    expect(screen.getByText('尚未保存本月目标')).toBeInTheDocument();
  });

  it('is for supervisors and admins only', async () => {
    logInAs('agent');
    const api = await openPage();
    expect(await screen.findByText('仅主管和管理员可设置目标')).toBeInTheDocument();
    expect(api.calls.filter((r) => r.startsWith('GET /reports'))).toEqual([]);
  });
});

describe('the dashboard’s way to 目标设置', () => {
  const figures = { period: { from: '2026-11-01', to: '2026-12-01' }, scope: { communityIds: null },
    received: { total: 0, byType: {}, byChannel: {}, byCategory: {}, byUrgency: {}, byBuilding: {} }, cancelled: 0,
    rates: { onTimeResponse: null, onTimeResolution: null, resolution: null, satisfaction: null, ratingParticipation: null, followUp: null, reopen: null },
    satisfactionMean: null, responseMinutes: { mean: null, median: null, p90: null }, resolutionMinutes: { mean: null, median: null, p90: null },
    urges: { count: 0, casesUrged: 0, liveCasesUrged: 0 }, repeatComplaints: 0, backlog: { open: 0, overdue: 0, unacceptedOverdue: 0 }, awaiting: { followUps: 0, ratings: 0 }, byStaff: [] } satisfies MetricsResponse;

  it('opens the page for the community chosen on the dashboard, which then sets that community’s targets', async () => {
    fakeApi({ 'GET /communities': ok(COMMUNITIES), 'GET /reports/metrics': ok(figures) });
    const { unmount } = render(<DashboardPage />);
    await screen.findByLabelText('小区', { selector: '[role=radiogroup]' });
    chooseChip('小区', '和园');
    fireEvent.click(screen.getByLabelText('目标设置'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/staff/targets/index?communityId=c-hy' });
    unmount();

    router.params = { communityId: 'c-hy' };
    const api = await openPage();
    await screen.findByText('尚未保存本月目标');
    expect(api.sent.find((r) => r.route === SUGGESTED)?.query).toEqual({ from: '2026-11-01', to: '2026-12-01', communityId: 'c-hy' });
    expect(screen.getByLabelText('小区', { selector: '[role=radiogroup]' }).querySelector('[aria-checked=true]')).toHaveTextContent('和园');
  });
});
