import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import {
  CASE_TYPES, URGENCIES, defaultSlaPolicy,
  type CommunityResponse, type Role, type SlaPolicyResponse,
} from '@wuye/shared';
import SlaPolicyPage from '../../src/pages/staff/sla-policy/index';
import StaffQueuePage from '../../src/pages/staff/queue/index';
import { sessionStore } from '../../src/services/session';
import { chooseChip, fakeApi, ok, refused, tapButton, typeInto } from '../helpers';

const COMMUNITIES: CommunityResponse[] = [
  { id: 'c-hy', name: '和园', code: 'HY', categories: [] },
  { id: 'c-jx', name: '锦绣华庭', code: 'JX', categories: [] },
  { id: 'c-other', name: '别家小区', code: 'BJ', categories: [] },
];
const LIST_HY = 'GET /communities/c-hy/sla-policies';
const LIST_JX = 'GET /communities/c-jx/sla-policies';
const PUT_HY = 'PUT /communities/c-hy/sla-policies';
const RESET_HY_REPAIR_URGENT = 'DELETE /communities/c-hy/sla-policies/repair/urgent';

/** What GET answers: the SPEC defaults, with 报修·紧急 set by the community (20 min to respond). */
function policies(): SlaPolicyResponse[] {
  return CASE_TYPES.flatMap((type) =>
    URGENCIES.map((urgency) => {
      const own = type === 'repair' && urgency === 'urgent';
      return { type, urgency, isDefault: !own, ...defaultSlaPolicy(type, urgency), ...(own ? { respondMinutes: 20 } : {}) };
    }),
  );
}

function logInAs(role: Role) {
  sessionStore.set({ token: 't-1', user: { id: 'u-1', role, name: '周主管', username: 'staff1', communityIds: ['c-hy', 'c-jx'] } });
}

async function openPage(routes = {}) {
  const api = fakeApi({ 'GET /communities': ok(COMMUNITIES), [LIST_HY]: ok(policies()), ...routes });
  render(<SlaPolicyPage />);
  await screen.findByLabelText('报修·紧急');
  return api;
}

/** The value shown beside `name` in the row labelled `row`. */
function valueIn(row: string, name: string): string | null | undefined {
  const label = within(screen.getByLabelText(row)).getByText(name, { exact: true });
  return label.nextElementSibling?.textContent;
}

const puts = (api: ReturnType<typeof fakeApi>) => api.sent.filter((r) => r.route === PUT_HY);
const resets = (api: ReturnType<typeof fakeApi>) => api.calls.filter((route) => route.startsWith('DELETE '));

/** Taps 恢复默认 in the row labelled `row`. */
function tapReset(row: string) {
  const text = within(screen.getByLabelText(row)).getByText('恢复默认', { exact: true });
  fireEvent.click(text.closest('.nut-button') ?? text);
}

/** Opens 报修·一般 and fills the form: 20 分钟, 2 天, 48 小时, 每单回访, 24 小时, 1 小时. */
async function editRepairNormal() {
  fireEvent.click(screen.getByLabelText('报修·一般'));
  await screen.findByLabelText('修改 报修·一般');
  await typeInto('input', '20', 0);
  await typeInto('input', '2', 1);
  chooseChip('办结时限单位', '天');
  await typeInto('input', '48', 2);
  chooseChip('回访策略', '每单回访');
  await typeInto('input', '24', 3);
  await typeInto('input', '1', 4);
  chooseChip('预警提前量单位', '小时');
}

afterEach(() => sessionStore.clear());

describe('the SLA policy page', () => {
  beforeEach(() => logInAs('supervisor'));

  it('shows each type × urgency with Chinese labels and units, default or the community’s own', async () => {
    await openPage();
    const picker = screen.getByLabelText('小区', { selector: '[role=radiogroup]' });
    expect(within(picker).getByText('和园')).toBeInTheDocument();
    expect(within(picker).getByText('锦绣华庭')).toBeInTheDocument();
    expect(within(picker).queryByText('别家小区')).not.toBeInTheDocument();

    expect(valueIn('报修·紧急', '响应时限')).toBe('20 分钟');
    expect(valueIn('报修·紧急', '办结时限')).toBe('24 小时');
    expect(valueIn('报修·紧急', '确认期')).toBe('72 小时');
    expect(valueIn('报修·紧急', '回访策略')).toBe('未评价或低分时回访');
    expect(valueIn('报修·紧急', '回访期限')).toBe('48 小时');
    expect(valueIn('报修·紧急', '预警提前量')).toBe('5 分钟');
    expect(within(screen.getByLabelText('报修·紧急')).getByText('本小区设置')).toBeInTheDocument();

    expect(valueIn('报修·一般', '办结时限')).toBe('72 小时');
    expect(within(screen.getByLabelText('报修·一般')).getByText('默认标准')).toBeInTheDocument();
    expect(valueIn('投诉·一般', '响应时限')).toBe('2 小时');
    expect(valueIn('投诉·一般', '办结时限')).toBe('7 天');
    expect(valueIn('投诉·一般', '回访策略')).toBe('每单回访');
    expect(valueIn('建议·紧急', '响应时限')).toBe('24 小时');
    expect(valueIn('建议·紧急', '办结时限')).toBe('15 天');
    expect(valueIn('建议·紧急', '预警提前量')).toBe('2 小时');
    expect(document.querySelectorAll('[aria-label$="·一般"], [aria-label$="·紧急"]')).toHaveLength(10);
  });

  it('sends the edited row in the API’s units and shows the saved values', async () => {
    const saved: SlaPolicyResponse = {
      type: 'repair', urgency: 'normal', isDefault: false, respondMinutes: 20, resolveMinutes: 2880,
      verifyHours: 48, followUpPolicy: 'always', followUpDueHours: 24, warnBeforeMinutes: 60,
    };
    const api = await openPage({ [PUT_HY]: ok(saved) });
    await editRepairNormal();
    tapButton('保存');

    await waitFor(() => expect(puts(api)).toHaveLength(1));
    expect(puts(api)[0].data).toEqual({
      type: 'repair', urgency: 'normal', respondMinutes: 20, resolveMinutes: 2880,
      verifyHours: 48, followUpPolicy: 'always', followUpDueHours: 24, warnBeforeMinutes: 60,
    });
    await waitFor(() => expect(screen.queryByLabelText('修改 报修·一般')).not.toBeInTheDocument());
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存，对之后新建的工单生效' }));
    expect(valueIn('报修·一般', '响应时限')).toBe('20 分钟');
    expect(valueIn('报修·一般', '办结时限')).toBe('48 小时');
    expect(valueIn('报修·一般', '确认期')).toBe('48 小时');
    expect(valueIn('报修·一般', '回访策略')).toBe('每单回访');
    expect(valueIn('报修·一般', '回访期限')).toBe('24 小时');
    expect(valueIn('报修·一般', '预警提前量')).toBe('1 小时');
    expect(within(screen.getByLabelText('报修·一般')).getByText('本小区设置')).toBeInTheDocument();
    // Saved from the PUT's answer: the list was not fetched again.
    expect(api.calls.filter((r) => r === LIST_HY)).toHaveLength(1);
  });

  it('keeps the form and what was typed, with the server’s message, when the server refuses (400)', async () => {
    const api = await openPage({ [PUT_HY]: refused('VALIDATION_FAILED') });
    await editRepairNormal();
    tapButton('保存');

    expect(await screen.findByText('提交的内容不完整或格式不正确')).toBeInTheDocument();
    expect(puts(api)).toHaveLength(1);
    expect(screen.getByLabelText('修改 报修·一般')).toBeInTheDocument();
    expect(document.querySelectorAll('input')[0]).toHaveValue('20');
    expect(Taro.showToast).not.toHaveBeenCalledWith(expect.objectContaining({ title: '已保存，对之后新建的工单生效' }));
    tapButton('取消');
    expect(valueIn('报修·一般', '响应时限')).toBe('30 分钟');
  });

  it('catches values outside the server’s limits before sending anything', async () => {
    const api = await openPage();
    fireEvent.click(screen.getByLabelText('报修·一般'));
    await screen.findByLabelText('修改 报修·一般');
    await typeInto('input', '', 0);
    await typeInto('input', '91', 1);
    chooseChip('办结时限单位', '天');
    await typeInto('input', '721', 2);
    await typeInto('input', '25', 4);
    chooseChip('预警提前量单位', '小时');
    tapButton('保存');

    expect(await screen.findByText('请填写响应时限')).toBeInTheDocument();
    expect(screen.getByText('办结时限须在 1 分钟至 90 天之间')).toBeInTheDocument();
    expect(screen.getByText('确认期须在 1 小时至 30 天之间')).toBeInTheDocument();
    expect(screen.getByText('预警提前量须在 0 分钟至 24 小时之间')).toBeInTheDocument();
    expect(screen.getByText('请按提示修改后再保存')).toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(puts(api)).toEqual([]);
  });

  it('catches a resolve time shorter than the respond time before sending anything', async () => {
    const api = await openPage();
    fireEvent.click(screen.getByLabelText('报修·一般'));
    await screen.findByLabelText('修改 报修·一般');
    await typeInto('input', '2', 0);
    chooseChip('响应时限单位', '小时');
    await typeInto('input', '1', 1);
    chooseChip('办结时限单位', '小时');
    tapButton('保存');

    expect(await screen.findByText('办结时限不能短于响应时限')).toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(puts(api)).toEqual([]);
  });

  it('shows the policy of the community chosen', async () => {
    const jx = policies().map((p) => (p.type === 'complaint' ? { ...p, isDefault: false, resolveMinutes: 3 * 24 * 60 } : p));
    await openPage({ [LIST_JX]: ok(jx) });
    expect(valueIn('投诉·一般', '办结时限')).toBe('7 天');
    chooseChip('小区', '锦绣华庭');
    await waitFor(() => expect(valueIn('投诉·一般', '办结时限')).toBe('72 小时'));
  });

  it('lets an agent read the policy but not change it', async () => {
    logInAs('agent');
    const api = await openPage();
    expect(screen.getByText('仅主管和管理员可修改。')).toBeInTheDocument();
    expect(screen.queryByText('恢复默认')).not.toBeInTheDocument();
    fireEvent.click(screen.getByLabelText('报修·一般'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByLabelText('修改 报修·一般')).not.toBeInTheDocument();
    expect(puts(api)).toEqual([]);
  });
});

describe('恢复默认 on the SLA policy page', () => {
  beforeEach(() => logInAs('supervisor'));
  const showModal = Taro.showModal as unknown as jest.Mock;

  /** What DELETE answers: the whole list, 报修·紧急 back at the default (and 投诉·一般 set by a colleague meanwhile). */
  function afterReset(): SlaPolicyResponse[] {
    return policies().map((p) => {
      if (p.type === 'repair' && p.urgency === 'urgent') return { ...p, isDefault: true, ...defaultSlaPolicy('repair', 'urgent') };
      if (p.type === 'complaint' && p.urgency === 'normal') return { ...p, isDefault: false, resolveMinutes: 3 * 24 * 60 };
      return p;
    });
  }

  it('is offered only on the community’s own rows', async () => {
    await openPage();
    expect(within(screen.getByLabelText('报修·紧急')).getByText('恢复默认')).toBeInTheDocument();
    expect(within(screen.getByLabelText('报修·一般')).queryByText('恢复默认')).not.toBeInTheDocument();
    expect(screen.getAllByText('恢复默认')).toHaveLength(1);
  });

  it('asks first, then sends the DELETE and shows the list it answers', async () => {
    const api = await openPage({ [RESET_HY_REPAIR_URGENT]: ok(afterReset()) });
    tapReset('报修·紧急');

    await waitFor(() => expect(resets(api)).toEqual([RESET_HY_REPAIR_URGENT]));
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({
      title: '恢复默认',
      content: expect.stringContaining('将 报修·紧急 恢复为默认标准'),
    }));
    await waitFor(() => expect(within(screen.getByLabelText('报修·紧急')).getByText('默认标准')).toBeInTheDocument());
    expect(valueIn('报修·紧急', '响应时限')).toBe('15 分钟');
    expect(within(screen.getByLabelText('报修·紧急')).queryByText('恢复默认')).not.toBeInTheDocument();
    // Every row is redrawn from the answer, a colleague's change included.
    expect(valueIn('投诉·一般', '办结时限')).toBe('72 小时');
    expect(within(screen.getByLabelText('投诉·一般')).getByText('恢复默认')).toBeInTheDocument();
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已恢复默认，对之后新建的工单生效' }));
    // The tap did not open the row's form.
    expect(screen.queryByLabelText('修改 报修·紧急')).not.toBeInTheDocument();
  });

  it('sends nothing when the supervisor changes their mind', async () => {
    showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    const api = await openPage({ [RESET_HY_REPAIR_URGENT]: ok(afterReset()) });
    tapReset('报修·紧急');

    await waitFor(() => expect(showModal).toHaveBeenCalledTimes(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(resets(api)).toEqual([]);
    expect(valueIn('报修·紧急', '响应时限')).toBe('20 分钟');
    expect(within(screen.getByLabelText('报修·紧急')).getByText('本小区设置')).toBeInTheDocument();
  });

  it('keeps the row as it was, with the server’s message, when the server refuses', async () => {
    const api = await openPage({ [RESET_HY_REPAIR_URGENT]: refused('COMMUNITY_NOT_FOUND') });
    tapReset('报修·紧急');

    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '小区不存在' })));
    expect(resets(api)).toHaveLength(1);
    expect(valueIn('报修·紧急', '响应时限')).toBe('20 分钟');
    expect(within(screen.getByLabelText('报修·紧急')).getByText('本小区设置')).toBeInTheDocument();
    // It may be tried again.
    tapReset('报修·紧急');
    await waitFor(() => expect(resets(api)).toHaveLength(2));
  });
});

describe('the queue’s shortcut to the SLA policy', () => {
  const queueRoutes = {
    'GET /cases/counts': ok({ submitted: 0, mine: 0, overdue: 0, open: 0 }),
    'GET /cases': ok({ items: [], total: 0, page: 1, pageSize: 50 }),
  };

  it('is offered to supervisors and opens the page', async () => {
    logInAs('supervisor');
    fakeApi(queueRoutes);
    render(<StaffQueuePage />);
    fireEvent.click(await screen.findByText('时限设置'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/staff/sla-policy/index' });
  });

  // What the page shows them: 'lets an agent read the policy but not change it', above.
  it('is offered to agents to read (查看时限: they work to these deadlines, the GET is agent+)', async () => {
    logInAs('agent');
    fakeApi(queueRoutes);
    render(<StaffQueuePage />);
    await screen.findByText('暂无工单');
    expect(screen.queryByText('时限设置')).not.toBeInTheDocument();
    fireEvent.click(screen.getByText('查看时限'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/staff/sla-policy/index' });
  });

  it('is not offered to handlers, whom the server does not show the policy', async () => {
    logInAs('handler');
    fakeApi(queueRoutes);
    render(<StaffQueuePage />);
    await screen.findByText('暂无工单');
    expect(screen.queryByText('时限设置')).not.toBeInTheDocument();
    expect(screen.queryByText('查看时限')).not.toBeInTheDocument();
  });
});
