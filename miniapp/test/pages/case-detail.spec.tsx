import { render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import CaseDetailPage from '../../src/pages/case-detail/index';
import { sessionStore } from '../../src/services/session';
import { pullDownRefresh, router } from '../mocks/taro';
import { chooseChip, fakeApi, ok, refused, tapButton, typeInto } from '../helpers';
import { actionButtons, CASE_ID, CASE_ROUTE, caseIn, logInAs } from './case-fixtures';
import { askSubscribeConsent, reportSubscriptions } from '../../src/services/subscribe';

// The WeChat build's consent prompt (the H5 build, which these tests render, asks nothing).
jest.mock('../../src/services/subscribe', () => ({
  askSubscribeConsent: jest.fn(async (steps: string[]) => steps),
  reportSubscriptions: jest.fn(async () => undefined),
}));

const CANCEL_ROUTE = `POST /cases/${CASE_ID}/cancel`;

beforeEach(() => {
  logInAs('owner');
  router.params = { id: CASE_ID };
});
afterEach(() => {
  sessionStore.clear();
  (Taro.getCurrentPages as jest.Mock).mockReturnValue([]);
});

/** The owner's case page, showing the submitted case with 催办 and 撤回. */
async function openSubmittedCase(routes = {}) {
  const api = fakeApi({ [CASE_ROUTE]: ok(caseIn('submitted', ['urge', 'cancel'])), ...routes });
  render(<CaseDetailPage />);
  await screen.findByText('HY-20261130-0007');
  return api;
}

describe('owner case timeline', () => {
  it('leaves out the staff\'s 即将超时提醒 but shows an escalation', async () => {
    const at = '2026-11-30T02:00:00.000Z';
    const step = (id: string, action: string, actorRole: string) =>
      ({ id, action, fromStatus: 'accepted', toStatus: 'accepted', actorId: null, actorRole, actorName: null, note: null, photoIds: [], photoUrls: [], data: null, createdAt: at });
    fakeApi({ [CASE_ROUTE]: ok({ ...caseIn('accepted', ['urge']), events: [
      { ...step('e1', 'create', 'owner'), fromStatus: null, toStatus: 'submitted' },
      step('e2', 'sla_warning', 'system'),
      step('e3', 'escalate', 'system'),
    ] }) });
    render(<CaseDetailPage />);
    await screen.findByText('HY-20261130-0007');
    const actions = Array.from(document.querySelectorAll('.timeline__action')).map((a) => a.textContent);
    expect(actions).toEqual(['提交', '超时升级']);
  });
});

describe('owner case page when the case cannot be loaded', () => {
  it('says a missing case is gone or not theirs, without a toast on top, and goes back', async () => {
    fakeApi({ [CASE_ROUTE]: refused('CASE_NOT_FOUND') });
    (Taro.getCurrentPages as jest.Mock).mockReturnValue([{ route: 'pages/home/index' }, { route: 'pages/case-detail/index' }]);
    render(<CaseDetailPage />);
    expect(await screen.findByText('工单不存在或您无权查看')).toBeInTheDocument();
    expect(screen.queryByText('加载中…')).not.toBeInTheDocument();
    expect(Taro.showToast).not.toHaveBeenCalled();
    tapButton('返回');
    expect(Taro.navigateBack).toHaveBeenCalled();
  });

  it('goes to the home page when the case was the first page (opened from a notification)', async () => {
    fakeApi({ [CASE_ROUTE]: refused('CASE_NOT_FOUND') });
    (Taro.getCurrentPages as jest.Mock).mockReturnValue([{ route: 'pages/case-detail/index' }]);
    render(<CaseDetailPage />);
    await screen.findByText('工单不存在或您无权查看');
    tapButton('返回');
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/home/index' });
    expect(Taro.navigateBack).not.toHaveBeenCalled();
  });

  it('offers 重试 after a network failure, and shows the case once it loads', async () => {
    const api = fakeApi({ [CASE_ROUTE]: 'offline' });
    render(<CaseDetailPage />);
    expect(await screen.findByText('加载失败')).toBeInTheDocument();
    expect(screen.getByText('网络异常，请稍后重试')).toBeInTheDocument();
    api.answer(CASE_ROUTE, ok(caseIn('submitted', ['urge', 'cancel'])));
    tapButton('重试');
    expect(await screen.findByText('HY-20261130-0007')).toBeInTheDocument();
    expect(actionButtons()).toEqual(['催办', '撤回']);
  });

  it('replaces a case already shown when a reload finds it gone', async () => {
    const api = await openSubmittedCase();
    api.answer(CASE_ROUTE, refused('CASE_NOT_FOUND'));
    pullDownRefresh();
    expect(await screen.findByText('工单不存在或您无权查看')).toBeInTheDocument();
    expect(screen.queryByText('HY-20261130-0007')).not.toBeInTheDocument();
    expect(actionButtons()).toEqual([]);
  });
});

describe('owner case page withdrawal form', () => {
  it('is the only thing offered while it is open; 取消 brings the buttons back', async () => {
    await openSubmittedCase();
    tapButton('撤回');
    expect(await screen.findByText('确认撤回')).toBeInTheDocument();
    expect(actionButtons()).toEqual([]);
    tapButton('取消');
    await waitFor(() => expect(actionButtons()).toEqual(['催办', '撤回']));
  });
});

describe('owner case page after an action', () => {
  it('shows the case as the action left it, even when the reading again fails (a weak network)', async () => {
    const api = await openSubmittedCase({ [CANCEL_ROUTE]: ok(caseIn('cancelled', [])) });
    tapButton('撤回');
    chooseChip('常用原因', '问题已自行解决');
    api.answer(CASE_ROUTE, 'offline');
    tapButton('确认撤回');
    await waitFor(() => expect(screen.queryByText('确认撤回')).not.toBeInTheDocument());
    expect(screen.getByText('已撤销')).toBeInTheDocument();
    expect(actionButtons()).toEqual([]);
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已撤回' }));
    expect(Taro.showToast).toHaveBeenCalledTimes(1);
  });

  it('closes the withdraw form when the case shown again can no longer be withdrawn', async () => {
    const api = await openSubmittedCase();
    tapButton('撤回');
    expect(await screen.findByText('确认撤回')).toBeInTheDocument();
    // The owner leaves the page open; meanwhile staff assign the case.
    api.answer(CASE_ROUTE, ok(caseIn('assigned', ['urge'])));
    pullDownRefresh();
    await waitFor(() => expect(screen.queryByText('确认撤回')).not.toBeInTheDocument());
    expect(actionButtons()).toEqual(['催办']);
  });
});

describe('owner case page when the server refuses an action', () => {
  it('closes the withdraw form and shows the current actions when the case was assigned meanwhile (409)', async () => {
    const api = await openSubmittedCase({ [CANCEL_ROUTE]: refused('CASE_TRANSITION_NOT_ALLOWED') });
    tapButton('撤回');
    chooseChip('常用原因', '问题已自行解决');
    // Meanwhile staff assigned the case: withdrawing is no longer allowed.
    api.answer(CASE_ROUTE, ok(caseIn('assigned', ['urge'])));
    tapButton('确认撤回');
    await waitFor(() => expect(screen.queryByText('确认撤回')).not.toBeInTheDocument());
    expect(actionButtons()).toEqual(['催办']);
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '工单当前状态不能进行此操作，请刷新' }));
    expect(Taro.showToast).toHaveBeenCalledTimes(1);
  });

  it('shows the urge someone else made first when 催办 is refused as too soon (429), and no 催办 any more', async () => {
    const api = await openSubmittedCase({ [`POST /cases/${CASE_ID}/urge`]: refused('URGE_TOO_FREQUENT') });
    expect(screen.queryByText('已催办 1 次')).not.toBeInTheDocument();
    // Another member of the household urged the case a minute ago.
    api.answer(CASE_ROUTE, ok({ ...caseIn('submitted', ['cancel']), urgeCount: 1 }));
    tapButton('催办');
    expect(await screen.findByText('已催办 1 次')).toBeInTheDocument();
    expect(actionButtons()).toEqual(['撤回']);
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '30 分钟内只能催办一次' }));
    expect(Taro.showToast).toHaveBeenCalledTimes(1);
  });

  it('keeps the form and what the owner typed when the input is refused (400)', async () => {
    const api = await openSubmittedCase({ [CANCEL_ROUTE]: refused('VALIDATION_FAILED') });
    tapButton('撤回');
    const reason = await typeInto('textarea', '家里人已经修好了');
    tapButton('确认撤回');
    await waitFor(() =>
      expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '提交的内容不完整或格式不正确' })),
    );
    await new Promise((resolve) => setTimeout(resolve, 50)); // a reload would have answered by now
    expect(screen.getByText('确认撤回')).toBeInTheDocument();
    expect(reason).toHaveValue('家里人已经修好了');
    expect(api.calls.filter((route) => route === CASE_ROUTE)).toHaveLength(1);
  });
});

describe('owner urging a case', () => {
  it.each([
    ['submitted', ['accepted', 'assigned', 'resolved']],
    ['accepted', ['assigned', 'resolved']],
    ['in_progress', ['resolved']],
  ] as const)('asks, urging a %s case, to be told of the steps still to come, and reports what was granted', async (status, steps) => {
    const api = fakeApi({
      [CASE_ROUTE]: ok(caseIn(status, ['urge'])),
      [`POST /cases/${CASE_ID}/urge`]: ok(caseIn(status, [])),
    });
    render(<CaseDetailPage />);
    await screen.findByText('HY-20261130-0007');
    tapButton('催办');
    await waitFor(() => expect(reportSubscriptions).toHaveBeenCalledWith(CASE_ID, steps));
    expect(askSubscribeConsent).toHaveBeenCalledWith(steps);
    expect(api.calls).toContain(`POST /cases/${CASE_ID}/urge`);
  });

  it('records what was granted even when the urge is refused (someone at home urged it first)', async () => {
    fakeApi({
      [CASE_ROUTE]: ok(caseIn('assigned', ['urge'])),
      [`POST /cases/${CASE_ID}/urge`]: refused('URGE_TOO_FREQUENT'),
    });
    render(<CaseDetailPage />);
    await screen.findByText('HY-20261130-0007');
    tapButton('催办');
    await waitFor(() => expect(reportSubscriptions).toHaveBeenCalledWith(CASE_ID, ['resolved']));
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '30 分钟内只能催办一次' }));
  });
});

describe('owner verifying the result', () => {
  it.each([
    ['已解决', { fixed: 'yes' }, ['closed']],
    ['未解决', { fixed: 'no', reason: '水管还在漏' }, ['resolved']],
    ['部分解决', { fixed: 'partly', reason: '还有一处没修' }, ['resolved']],
  ])('asks, on 「%s」, to be told of what comes next, and reports what was granted', async (answer, body, steps) => {
    const api = fakeApi({
      [CASE_ROUTE]: ok(caseIn('resolved', ['verify'])),
      [`POST /cases/${CASE_ID}/verify`]: ok(caseIn('confirmed', [])),
    });
    render(<CaseDetailPage />);
    await screen.findByText('HY-20261130-0007');
    chooseChip('是否解决', answer);
    if (body.fixed !== 'yes') await typeInto('textarea', (body as { reason: string }).reason);
    tapButton('提交确认');
    await waitFor(() => expect(reportSubscriptions).toHaveBeenCalledWith(CASE_ID, steps));
    expect(askSubscribeConsent).toHaveBeenCalledWith(steps);
    expect(api.sent.find((r) => r.route === `POST /cases/${CASE_ID}/verify`)?.data).toEqual(body);
  });
});
