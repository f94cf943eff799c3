import { cleanup, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import StaffCasePage from '../../src/pages/staff/case/index';
import { sessionStore } from '../../src/services/session';
import { router } from '../mocks/taro';
import { chooseChip, fakeApi, ok, refused, tapButton, typeInto } from '../helpers';
import { actionButtons, CASE_ID, CASE_ROUTE, caseIn, logInAs } from './case-fixtures';

const route = (action: string) => `POST /cases/${CASE_ID}/${action}`;

beforeEach(() => {
  logInAs('handler');
  router.params = { id: CASE_ID };
});
afterEach(() => {
  sessionStore.clear();
  (Taro.getCurrentPages as jest.Mock).mockReturnValue([]);
});

/** The staff case page, showing the in-progress case with its handler's actions. */
async function openCaseInProgress(routes = {}) {
  const api = fakeApi({ [CASE_ROUTE]: ok(caseIn('in_progress', ['reply', 'hold', 'note', 'resolve'])), ...routes });
  render(<StaffCasePage />);
  await screen.findByText('HY-20261130-0007');
  return api;
}

describe('staff case page when the case cannot be loaded', () => {
  it('offers 重试 after a server failure, and shows the case once it loads', async () => {
    const api = fakeApi({ [CASE_ROUTE]: refused('INTERNAL_ERROR') });
    render(<StaffCasePage />);
    expect(await screen.findByText('加载失败')).toBeInTheDocument();
    expect(screen.getByText('服务器开小差了，请稍后重试')).toBeInTheDocument();
    expect(Taro.showToast).not.toHaveBeenCalled();
    api.answer(CASE_ROUTE, ok(caseIn('submitted', ['accept', 'reply'])));
    tapButton('重试');
    expect(await screen.findByText('HY-20261130-0007')).toBeInTheDocument();
    expect(actionButtons()).toEqual(['受理', '回复']);
  });
});

describe('staff case page after an action', () => {
  it('shows the case as the action left it, even when reading it again fails', async () => {
    logInAs('agent');
    const api = fakeApi({ [CASE_ROUTE]: ok(caseIn('submitted', ['accept', 'reply'])), [route('accept')]: ok(caseIn('accepted', ['assign', 'reply'])) });
    render(<StaffCasePage />);
    await screen.findByText('HY-20261130-0007');
    api.answer(CASE_ROUTE, 'offline');
    tapButton('受理');
    await waitFor(() => expect(actionButtons()).toEqual(['派单', '回复']));
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已受理' }));
    expect(Taro.showToast).toHaveBeenCalledTimes(1);
  });
});

describe('staff case page forms', () => {
  it('lets an agent close 确认结果 (for an owner without an account) without answering', async () => {
    logInAs('agent');
    fakeApi({ [CASE_ROUTE]: ok(caseIn('resolved', ['verify', 'reply'])) });
    render(<StaffCasePage />);
    await screen.findByText('HY-20261130-0007');
    tapButton('确认结果');
    expect(await screen.findByText('业主反馈：问题解决了吗？')).toBeInTheDocument();
    tapButton('取消');
    await waitFor(() => expect(screen.queryByText('业主反馈：问题解决了吗？')).not.toBeInTheDocument());
    expect(actionButtons()).toEqual(['确认结果', '回复']);
  });

  it('words 确认结果 as the owner\'s answer staff record, not as a question to them (an inquiry)', async () => {
    logInAs('agent');
    fakeApi({ [CASE_ROUTE]: ok({ ...caseIn('resolved', ['verify', 'reply']), type: 'inquiry' }) });
    render(<StaffCasePage />);
    await screen.findByText('HY-20261130-0007');
    tapButton('确认结果');
    expect(await screen.findByText('业主反馈：问题得到解答了吗？')).toBeInTheDocument();
    chooseChip('是否解答', '未解答');
    expect(screen.getByText('业主反映还有什么不清楚')).toBeInTheDocument();
    expect(document.body.textContent).not.toContain('您');
  });
});

describe('staff case page after a visit', () => {
  const visited = (followUpRequired: boolean | null, actions: Parameters<typeof caseIn>[1]) =>
    ({ ...caseIn('confirmed', actions), cycleVerification: 'yes', cycleFollowedUp: true, followUpRequired,
      followUpDueAt: followUpRequired ? '2026-12-02T02:00:00.000Z' : null });

  it('says the case waits for the owner\'s rating while it does', async () => {
    logInAs('agent');
    fakeApi({ [CASE_ROUTE]: ok(visited(null, ['reply'])) });
    render(<StaffCasePage />);
    expect(await screen.findByText('本轮已回访，等待业主评价；评价或确认期结束后自动办结')).toBeInTheDocument();
  });

  it('does not say so once a low rating after the visit has made another visit due', async () => {
    logInAs('agent');
    fakeApi({ [CASE_ROUTE]: ok(visited(true, ['follow-up', 'reply'])) });
    render(<StaffCasePage />);
    await screen.findByText('HY-20261130-0007');
    expect(actionButtons()).toContain('回访');
    expect(screen.queryByText(/本轮已回访，等待业主评价/)).not.toBeInTheDocument();
  });

  it('asks for the reply\'s text, not a reason, when 发送回复 is tapped on an empty box', async () => {
    logInAs('agent');
    fakeApi({ [CASE_ROUTE]: ok(caseIn('accepted', ['reply'])) });
    render(<StaffCasePage />);
    await screen.findByText('HY-20261130-0007');
    tapButton('回复');
    // A reply may carry photos, as a note does (the API keeps them on the event).
    expect(screen.getByLabelText('添加照片')).toBeInTheDocument();
    tapButton('发送回复');
    expect(await screen.findByText('请填写回复内容')).toBeInTheDocument();
  });
});

describe('staff case page with a form open', () => {
  it('hides the other actions while a form is open, so a stray tap neither loses the typed text nor acts at once', async () => {
    await openCaseInProgress();
    tapButton('回复');
    await typeInto('textarea', '师傅明天上午到');
    expect(actionButtons()).toEqual([]);
    tapButton('取消');
    expect(actionButtons()).toEqual(['回复', '挂起', '进展', '处理完成']);
  });

  it('asks before 办结, which only a supervisor can undo, and sends nothing on second thoughts', async () => {
    logInAs('agent');
    const api = fakeApi({ [CASE_ROUTE]: ok(caseIn('confirmed', ['close', 'note'])), [route('close')]: ok(caseIn('closed', [])) });
    render(<StaffCasePage />);
    await screen.findByText('HY-20261130-0007');
    (Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false, cancel: true });
    tapButton('办结');
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '办结工单' })));
    expect(api.calls).not.toContain(route('close'));
    tapButton('办结');
    await waitFor(() => expect(api.calls.filter((c) => c === route('close'))).toHaveLength(1));
  });
});

describe('staff case page when the server refuses an action', () => {
  it('closes the form and shows the current actions when another staff member acted first (409)', async () => {
    const api = await openCaseInProgress({ [route('hold')]: refused('CASE_TRANSITION_NOT_ALLOWED') });
    tapButton('挂起');
    chooseChip('常用原因', '等待配件');
    // Meanwhile a colleague resolved the case.
    api.answer(CASE_ROUTE, ok(caseIn('resolved', ['reply', 'note'])));
    tapButton('确认挂起');
    await waitFor(() => expect(screen.queryByText('确认挂起')).not.toBeInTheDocument());
    expect(actionButtons()).toEqual(['回复', '进展']);
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '工单当前状态不能进行此操作，请刷新' }));
  });

  it('says the case is no longer theirs when it was reassigned meanwhile (404), and goes back to the queue', async () => {
    const api = await openCaseInProgress({ [route('hold')]: refused('CASE_NOT_FOUND') });
    tapButton('挂起');
    chooseChip('常用原因', '等待配件');
    api.answer(CASE_ROUTE, refused('CASE_NOT_FOUND'));
    tapButton('确认挂起');
    expect(await screen.findByText('工单不存在，或已不由您处理（如已改派给他人）')).toBeInTheDocument();
    expect(screen.queryByText('确认挂起')).not.toBeInTheDocument();
    expect(actionButtons()).toEqual([]);
    tapButton('返回');
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/staff/queue/index' });
  });

  it('keeps the cancel form and the typed case number when the server refuses the duplicate (400)', async () => {
    const api = await openCaseInProgress({
      [CASE_ROUTE]: ok(caseIn('in_progress', ['note', 'cancel'])),
      'GET /cases': ok({ items: [{ id: 'c-9' }], total: 1, page: 1, pageSize: 1 }),
      [route('cancel')]: refused('DUPLICATE_TARGET_INVALID'),
    });
    tapButton('撤销');
    chooseChip('撤销原因', '重复工单');
    const number = await typeInto('input', 'JX-20261129-0003');
    tapButton('确认撤销');
    await waitFor(() =>
      expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '重复工单需指向同小区的另一张工单' })),
    );
    await new Promise((resolve) => setTimeout(resolve, 50)); // a reload would have answered by now
    expect(screen.getByText('确认撤销')).toBeInTheDocument();
    expect(number).toHaveValue('JX-20261129-0003');
    expect(api.calls.filter((r) => r === CASE_ROUTE)).toHaveLength(1);
  });
});

describe('staff case page marking a duplicate by its number', () => {
  it('says a case is not a repeat of itself when its own number is typed, asks nothing, and keeps the form', async () => {
    const api = await openCaseInProgress({ [CASE_ROUTE]: ok(caseIn('in_progress', ['note', 'cancel'])) });
    tapButton('撤销');
    chooseChip('撤销原因', '重复工单');
    await typeInto('input', 'hy-20261130-0007');
    tapButton('确认撤销');
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '请填写原工单的编号，不是本工单的' })));
    expect(api.calls).not.toContain('GET /cases');
    expect(api.calls).not.toContain(route('cancel'));
    expect(screen.getByText('确认撤销')).toBeInTheDocument();
  });

  it('says how a whole number looks when only part of one is typed, asks nothing, and keeps the form', async () => {
    const api = await openCaseInProgress({
      [CASE_ROUTE]: ok(caseIn('in_progress', ['note', 'cancel'])),
      'GET /cases': ok({ items: [{ id: 'c-9' }], total: 1, page: 1, pageSize: 1 }),
    });
    tapButton('撤销');
    chooseChip('撤销原因', '重复工单');
    const number = await typeInto('input', '0007');
    tapButton('确认撤销');
    await waitFor(() =>
      expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '请填写完整工单编号，如 HY-20261130-0007' })),
    );
    expect(api.calls).not.toContain('GET /cases');
    expect(api.calls).not.toContain(route('cancel'));
    expect(screen.getByText('确认撤销')).toBeInTheDocument();
    expect(number).toHaveValue('0007');
    // Typed whole (in lower case and with spaces around), it is looked up and sent.
    await typeInto('input', ' hy-20261129-0003 ');
    api.answer(route('cancel'), ok(caseIn('cancelled', [])));
    tapButton('确认撤销');
    await waitFor(() => expect(api.calls).toContain(route('cancel')));
    expect(api.sent.find((r) => r.route === 'GET /cases')?.query.number).toBe('HY-20261129-0003');
    expect(api.sent.find((r) => r.route === route('cancel'))?.data).toMatchObject({ duplicateOf: 'c-9' });
  });
});

describe('staff case page naming the version of the case shown (If-Match)', () => {
  const HANDLERS = [
    { id: 'h-1', username: 'zhang', name: '张师傅', role: 'handler', communityIds: ['c-hy'] },
    { id: 'h-2', username: 'li', name: '李师傅', role: 'handler', communityIds: ['c-hy'] },
  ];
  /** Case c-1 in progress with 张师傅 (version 7), as a supervisor sees it. */
  const inProgress = (version = 7, assigneeId = 'h-1') =>
    ({ ...caseIn('in_progress', ['reply', 'assign', 'note', 'cancel']), assigneeId, version });

  async function openAsSupervisor(routes = {}) {
    logInAs('supervisor');
    const api = fakeApi({ [CASE_ROUTE]: ok(inProgress()), 'GET /staff': ok(HANDLERS), ...routes });
    render(<StaffCasePage />);
    await screen.findByText('HY-20261130-0007');
    return api;
  }

  async function reassignTo(label: string) {
    tapButton('改派');
    await screen.findByText(label);
    chooseChip('处理人员', label);
    tapButton('确认改派');
  }

  it('calls assigning a case that has a handler 改派 (button, form and toast), and one without 派单', async () => {
    const api = await openAsSupervisor({ [route('assign')]: ok(inProgress(8, 'h-2')) });
    expect(actionButtons()).toEqual(['回复', '改派', '进展', '撤销']);
    await reassignTo('李师傅（处理人员）');
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已改派' })));
    cleanup();
    api.answer(CASE_ROUTE, ok({ ...caseIn('accepted', ['reply', 'assign', 'note', 'cancel']), assigneeId: null }));
    render(<StaffCasePage />);
    await screen.findByText('HY-20261130-0007');
    expect(actionButtons()).toEqual(['回复', '派单', '进展', '撤销']);
    tapButton('派单');
    expect(await screen.findByText('确认派单')).toBeInTheDocument();
  });

  it('records a progress note for staff only when 仅物业内部 is chosen, and says so where it is written', async () => {
    const api = await openAsSupervisor({ [route('note')]: ok(inProgress()) });
    tapButton('进展');
    expect(await screen.findByPlaceholderText('当前进展，如已联系业主、正在等配件（业主可见）')).toBeInTheDocument();
    chooseChip('谁可以看到', '仅物业内部');
    expect(screen.getByPlaceholderText('只有物业人员能看到，业主看不到这条记录和照片')).toBeInTheDocument();
    await typeInto('textarea', '业主情绪激动，需主管协调');
    tapButton('保存');
    await waitFor(() => expect(api.sent.find((r) => r.route === route('note'))?.data).toEqual({ note: '业主情绪激动，需主管协调', internal: true }));
  });

  it('sends what the handler should know with 改派, and nothing when nothing is written', async () => {
    const api = await openAsSupervisor({ [route('assign')]: ok(inProgress(8, 'h-2')) });
    tapButton('改派');
    await screen.findByText('李师傅（处理人员）');
    chooseChip('处理人员', '李师傅（处理人员）');
    await typeInto('textarea', ' 需带梯子，先电话联系业主 ');
    tapButton('确认改派');
    await waitFor(() => expect(api.sent.find((r) => r.route === route('assign'))?.data).toEqual({ handlerId: 'h-2', note: '需带梯子，先电话联系业主' }));
  });

  it('offers 重试 when the handlers cannot be loaded, instead of saying there is nobody to assign', async () => {
    const api = await openAsSupervisor({ 'GET /staff': 'offline' });
    tapButton('改派');
    expect(await screen.findByText('加载失败')).toBeInTheDocument();
    expect(screen.queryByText(/没有其他可派的处理人员/)).not.toBeInTheDocument();
    api.answer('GET /staff', ok(HANDLERS));
    tapButton('重试');
    expect(await screen.findByText('李师傅（处理人员）')).toBeInTheDocument();
  });

  const sentTo = (api: ReturnType<typeof fakeApi>, action: string) => api.sent.filter((r) => r.route === route(action));

  it('sends 改派 with If-Match carrying the version of the case shown', async () => {
    const api = await openAsSupervisor({ [route('assign')]: ok(inProgress(8, 'h-2')) });
    await reassignTo('李师傅（处理人员）');
    await waitFor(() => expect(sentTo(api, 'assign')).toHaveLength(1));
    expect(sentTo(api, 'assign')[0]).toMatchObject({ header: { 'If-Match': '"7"' }, data: { handlerId: 'h-2' } });
  });

  it('when another supervisor reassigned first (409 CASE_CHANGED), closes the form, shows the case now, and a new try names the new version', async () => {
    const api = await openAsSupervisor({ [route('assign')]: refused('CASE_CHANGED') });
    // Meanwhile a colleague gave the case to 李师傅.
    api.answer(CASE_ROUTE, ok(inProgress(8, 'h-2')));
    await reassignTo('李师傅（处理人员）');
    await waitFor(() => expect(screen.queryByText('确认改派')).not.toBeInTheDocument());
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '工单已被他人更新，请刷新后再操作' }));
    // Shown, read again on the refusal (someone did decide otherwise), reloaded.
    expect(api.calls.filter((r) => r === CASE_ROUTE)).toHaveLength(3);

    api.answer(route('assign'), ok(inProgress(9, 'h-1')));
    await reassignTo('张师傅（处理人员）');
    await waitFor(() => expect(sentTo(api, 'assign')).toHaveLength(2));
    expect(sentTo(api, 'assign')[1]).toMatchObject({ header: { 'If-Match': '"8"' }, data: { handlerId: 'h-1' } });
  });

  it('reassigns anyway when the change meanwhile decided nothing (an owner urged: same status, same handler)', async () => {
    const api = await openAsSupervisor({ [route('assign')]: [refused('CASE_CHANGED'), ok(inProgress(9, 'h-2'))] });
    // Meanwhile the owner urged: version 8, still in progress with 张师傅.
    api.answer(CASE_ROUTE, ok(inProgress(8, 'h-1')));
    await reassignTo('李师傅（处理人员）');
    await waitFor(() => expect(sentTo(api, 'assign')).toHaveLength(2));
    expect(sentTo(api, 'assign')[1]).toMatchObject({ header: { 'If-Match': '"8"' }, data: { handlerId: 'h-2' } });
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已改派' })));
    expect(Taro.showToast).not.toHaveBeenCalledWith(expect.objectContaining({ title: '工单已被他人更新，请刷新后再操作' }));
  });

  it('sends 撤销 with If-Match too, and 回复 without it (an urge or a note meanwhile must not refuse a reply)', async () => {
    const api = await openAsSupervisor({ [route('reply')]: ok(inProgress()), [route('cancel')]: ok(inProgress()) });
    tapButton('回复');
    await typeInto('textarea', '师傅下午到');
    tapButton('发送回复');
    await waitFor(() => expect(sentTo(api, 'reply')).toHaveLength(1));
    expect(sentTo(api, 'reply')[0].header).not.toHaveProperty('If-Match');

    await waitFor(() => expect(screen.queryByText('发送回复')).not.toBeInTheDocument());
    tapButton('撤销');
    chooseChip('撤销原因', '无效报事');
    tapButton('确认撤销');
    await waitFor(() => expect(sentTo(api, 'cancel')).toHaveLength(1));
    expect(sentTo(api, 'cancel')[0]).toMatchObject({ header: { 'If-Match': '"7"' }, data: { reason: '无效报事' } });
  });
});

describe('resolving a suggestion', () => {
  it('asks whether it is adopted before sending, and sends the choice with the reply to the owner', async () => {
    const api = fakeApi({
      [CASE_ROUTE]: ok({ ...caseIn('in_progress', ['resolve']), type: 'suggestion', category: '其他' }),
      [route('resolve')]: ok(caseIn('resolved', [])),
    });
    render(<StaffCasePage />);
    await screen.findByText('HY-20261130-0007');
    tapButton('处理完成');
    expect(screen.getByText('答复内容')).toBeInTheDocument();
    await typeInto('textarea', '场地不足，暂不考虑');
    tapButton('提交答复');
    expect(await screen.findByText('请选择是否采纳该建议')).toBeInTheDocument();
    expect(api.calls).not.toContain(route('resolve'));
    chooseChip('是否采纳', '暂不采纳');
    tapButton('提交答复');
    await waitFor(() => expect(api.calls).toContain(route('resolve')));
    expect(api.sent.find((r) => r.route === route('resolve'))?.data).toEqual({ note: '场地不足，暂不考虑', adopted: false });
  });

  it('does not ask it of a repair', async () => {
    const api = await openCaseInProgress({ [route('resolve')]: ok(caseIn('resolved', [])) });
    tapButton('处理完成');
    expect(screen.queryByText('采纳')).not.toBeInTheDocument();
    expect(screen.getByText('处理结果')).toBeInTheDocument();
    tapButton('提交处理结果');
    expect(await screen.findByText('请填写处理结果')).toBeInTheDocument();
    expect(api.calls).not.toContain(route('resolve'));
    await typeInto('textarea', '已更换阀芯');
    tapButton('提交处理结果');
    await waitFor(() => expect(api.calls).toContain(route('resolve')));
    expect(api.sent.find((r) => r.route === route('resolve'))?.data).toEqual({ note: '已更换阀芯' });
  });
});
