import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { CommunityResponse, Role, StaffResponse } from '@wuye/shared';
import StaffPeoplePage from '../../src/pages/staff/people/index';
import StaffQueuePage from '../../src/pages/staff/queue/index';
import { sessionStore } from '../../src/services/session';
import { chooseChip, fakeApi, ok, refused, typeInto, type FakeReply } from '../helpers';
import { showPageAgain } from '../mocks/taro';

const COMMUNITIES: CommunityResponse[] = [
  { id: 'c-hy', name: '和园', code: 'HY', categories: [] },
  { id: 'c-jx', name: '锦绣华庭', code: 'JX', categories: [] },
];
const account = (id: string, name: string, role: Role, communityIds: string[], active = true): StaffResponse =>
  ({ id, username: id, name, role, communityIds, active });
/** What `GET /staff?includeDisabled=true` answers (by name, as the server orders it). */
const ACCOUNTS: StaffResponse[] = [
  account('handler-old', '老王', 'handler', ['c-hy'], false),
  account('agent1', '李客服', 'agent', ['c-hy']),
  account('handler3', '刘师傅', 'handler', ['c-jx']),
  account('supervisor1', '周主管', 'supervisor', ['c-hy', 'c-jx']),
  account('admin', '系统管理员', 'admin', []),
  account('handler1', '张师傅', 'handler', ['c-hy']),
];
const LIST = 'GET /staff';
const CREATE = 'POST /staff';
const patchOf = (id: string) => `PATCH /staff/${id}`;
const showModal = Taro.showModal as unknown as jest.Mock;

/** The server refusing a change with STAFF_HAS_OPEN_CASES and the count, as the API sends it. */
const openCases = (n: number): FakeReply => ({
  statusCode: 409,
  data: { statusCode: 409, code: 'STAFF_HAS_OPEN_CASES', message: '该人员还有正在处理的工单，请先改派后再操作', details: { openCases: n } },
});

function logInAs(role: Role, id = 'admin') {
  sessionStore.set({ token: 't', user: { id, role, name: '系统管理员', username: id, communityIds: [] } });
}

async function openPage(routes: Record<string, FakeReply | FakeReply[]> = {}) {
  const api = fakeApi({ 'GET /communities': ok(COMMUNITIES), [LIST]: ok(ACCOUNTS), ...routes });
  render(<StaffPeoplePage />);
  await screen.findByLabelText('人员 张师傅');
  return api;
}

const cardOf = (name: string) => screen.getByLabelText(`人员 ${name}`);
/** Taps the NutUI button `label` inside `scope`. */
function tapIn(scope: HTMLElement, label: string) {
  const text = within(scope).getByText(label, { exact: true });
  fireEvent.click(text.closest('.nut-button') ?? text);
}
const formNamed = (title: string) => screen.getByLabelText(title, { selector: '.form' });
const sentTo = (api: ReturnType<typeof fakeApi>, route: string) => api.sent.filter((r) => r.route === route).map((r) => r.data);
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

afterEach(() => sessionStore.clear());

describe('人员管理', () => {
  beforeEach(() => logInAs('admin'));

  it('lists every account by role, with community names, stopped ones marked 已停用', async () => {
    const api = await openPage();
    expect(api.sent.find((r) => r.route === LIST)?.query).toEqual({ includeDisabled: 'true' });
    const groups = Array.from(document.querySelectorAll('.section-title'), (t) => t.textContent);
    expect(groups).toEqual(['管理员（1）', '主管（1）', '客服（1）', '处理人员（3）']);
    // Stopped accounts after the active ones of their group.
    const handlers = within(screen.getByLabelText('处理人员组')).getAllByLabelText(/^人员 /).map((c) => c.getAttribute('aria-label'));
    expect(handlers).toEqual(['人员 刘师傅', '人员 张师傅', '人员 老王']);

    expect(within(cardOf('周主管')).getByText('所属小区：和园、锦绣华庭')).toBeInTheDocument();
    expect(within(cardOf('系统管理员')).getByText('所属小区：全部小区')).toBeInTheDocument();
    expect(within(cardOf('老王')).getByText('已停用')).toBeInTheDocument();
    expect(within(cardOf('老王')).getByText('启用')).toBeInTheDocument();
    expect(within(cardOf('张师傅')).queryByText('已停用')).not.toBeInTheDocument();
    expect(within(cardOf('张师傅')).getByText('停用')).toBeInTheDocument();
    expect(screen.getByText('共 6 人，已停用 1 人')).toBeInTheDocument();
  });

  it('narrows the list to one community', async () => {
    await openPage();
    chooseChip('小区', '锦绣华庭');
    await waitFor(() => expect(screen.queryByLabelText('人员 张师傅')).not.toBeInTheDocument());
    expect(cardOf('刘师傅')).toBeInTheDocument();
    expect(cardOf('周主管')).toBeInTheDocument();
    expect(screen.queryByLabelText('人员 李客服')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('人员 系统管理员')).not.toBeInTheDocument();
    // The count follows the list: 刘师傅 and 周主管 serve 锦绣华庭.
    expect(screen.getByText('本小区共 2 人')).toBeInTheDocument();
    chooseChip('小区', '全部小区');
    expect(cardOf('张师傅')).toBeInTheDocument();
    expect(screen.getByText('共 6 人，已停用 1 人')).toBeInTheDocument();
  });

  it('offers the admin’s own row neither 停用 nor a role change', async () => {
    const api = await openPage({ [patchOf('admin')]: ok({ ...ACCOUNTS[4], name: '王经理' }) });
    const mine = cardOf('系统管理员');
    expect(within(mine).getByText('系统管理员（我）')).toBeInTheDocument();
    expect(within(mine).queryByText('停用')).not.toBeInTheDocument();
    tapIn(mine, '修改');
    const form = formNamed('修改 系统管理员');
    expect(within(form).queryByRole('radiogroup', { name: '角色' })).not.toBeInTheDocument();
    expect(within(form).getByText('管理员（不能更改自己的角色）')).toBeInTheDocument();
    await typeInto('input', '王经理', 0, form);
    tapIn(form, '保存');
    await waitFor(() => expect(sentTo(api, patchOf('admin'))).toEqual([{ name: '王经理' }]));
  });

  it('shows nothing to staff who are not admins, and asks the server nothing about staff', async () => {
    logInAs('supervisor', 'supervisor1');
    const api = fakeApi({ 'GET /communities': ok(COMMUNITIES), [LIST]: ok(ACCOUNTS) });
    render(<StaffPeoplePage />);
    expect(await screen.findByText('仅管理员可管理人员')).toBeInTheDocument();
    await settle();
    expect(api.calls).toEqual(['GET /me']); // only the user, read again as every staff page shows
  });
});

describe('新增人员', () => {
  beforeEach(() => logInAs('admin'));

  /** Opens the form and fills it for a new handler of both communities. */
  async function fillNewHandler() {
    tapIn(document.body, '新增人员');
    const form = formNamed('新增人员');
    await typeInto('input', ' handler9 ', 0, form);
    await typeInto('input', 'first-pass-1', 1, form);
    await typeInto('input', '赵师傅', 2, form);
    chooseChip('角色', '处理人员');
    chooseChip('所属小区', '和园');
    chooseChip('所属小区', '锦绣华庭');
    await typeInto('input', '13900001234', 3, form);
    return form;
  }

  it('sends the new account and lists it', async () => {
    const created = account('s-new', '赵师傅', 'handler', ['c-hy', 'c-jx']);
    const api = await openPage({ [CREATE]: ok(created) });
    const form = await fillNewHandler();
    tapIn(form, '保存');

    await waitFor(() => expect(sentTo(api, CREATE)).toHaveLength(1));
    expect(sentTo(api, CREATE)[0]).toEqual({
      username: 'handler9', password: 'first-pass-1', name: '赵师傅', role: 'handler', communityIds: ['c-hy', 'c-jx'], phone: '13900001234',
    });
    const card = await screen.findByLabelText('人员 赵师傅');
    expect(within(card).getByText('所属小区：和园、锦绣华庭')).toBeInTheDocument();
    expect(screen.queryByLabelText('新增人员', { selector: '.form' })).not.toBeInTheDocument();
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已添加 赵师傅' }));
  });

  it('names what is missing or malformed and sends nothing', async () => {
    const api = await openPage();
    tapIn(document.body, '新增人员');
    const form = formNamed('新增人员');
    await typeInto('input', 'ab', 0, form);
    await typeInto('input', 'short', 1, form);
    await typeInto('input', '12', 3, form);
    tapIn(form, '保存');

    expect(await within(form).findByText('用户名为 3–50 位字母、数字或 _ . -')).toBeInTheDocument();
    expect(within(form).getByText('密码至少 8 位')).toBeInTheDocument();
    expect(within(form).getByText('请填写姓名')).toBeInTheDocument();
    expect(within(form).getByText('请选择角色')).toBeInTheDocument();
    expect(within(form).getByText('手机号只能包含数字、+、- 和空格（5–20 位）')).toBeInTheDocument();
    // A role other than admin needs a community.
    chooseChip('角色', '客服');
    tapIn(form, '保存');
    expect(await within(form).findByText('请选择所属小区')).toBeInTheDocument();
    await settle();
    expect(sentTo(api, CREATE)).toEqual([]);
  });

  it('sends no communities for an admin, who sees every one', async () => {
    const api = await openPage({ [CREATE]: ok(account('s-boss', '钱经理', 'admin', [])) });
    tapIn(document.body, '新增人员');
    const form = formNamed('新增人员');
    await typeInto('input', 'boss', 0, form);
    await typeInto('input', 'first-pass-1', 1, form);
    await typeInto('input', '钱经理', 2, form);
    // Communities picked for another role first are not sent once the role is 管理员.
    chooseChip('角色', '处理人员');
    chooseChip('所属小区', '和园');
    chooseChip('角色', '管理员');
    expect(within(form).getByText('管理员可管理全部小区')).toBeInTheDocument();
    tapIn(form, '保存');
    await waitFor(() => expect(sentTo(api, CREATE)).toEqual([
      { username: 'boss', password: 'first-pass-1', name: '钱经理', role: 'admin', communityIds: [] },
    ]));
  });

  it('shows the server’s refusal by the username and keeps what was typed', async () => {
    const api = await openPage({ [CREATE]: refused('USERNAME_TAKEN') });
    const form = await fillNewHandler();
    tapIn(form, '保存');

    expect(await within(form).findByText('用户名已被使用')).toBeInTheDocument();
    expect(within(form).getByText('用户名已被使用，请换一个用户名')).toBeInTheDocument();
    expect(sentTo(api, CREATE)).toHaveLength(1);
    expect(form.querySelectorAll('input')[2]).toHaveValue('赵师傅');
    expect(screen.queryByLabelText('人员 赵师傅')).not.toBeInTheDocument();
    expect(Taro.showToast).not.toHaveBeenCalled();
  });
});

describe('停用 and 启用', () => {
  beforeEach(() => logInAs('admin'));

  it('asks first, saying the person is signed out at once and can no longer sign in, then marks them 已停用', async () => {
    const api = await openPage({ [patchOf('handler1')]: ok({ ...ACCOUNTS[5], active: false }) });
    tapIn(cardOf('张师傅'), '停用');

    await waitFor(() => expect(sentTo(api, patchOf('handler1'))).toEqual([{ active: false }]));
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({
      title: '停用账号',
      content: expect.stringMatching(/张师傅会立即在所有设备上退出登录，不能再登录/),
    }));
    await waitFor(() => expect(within(cardOf('张师傅')).getByText('已停用')).toBeInTheDocument());
    expect(within(cardOf('张师傅')).getByText('启用')).toBeInTheDocument();
    expect(screen.getByText('共 6 人，已停用 2 人')).toBeInTheDocument();
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已停用 张师傅' }));
  });

  it('stops nobody when the admin changes their mind', async () => {
    showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    const api = await openPage({ [patchOf('handler1')]: ok({ ...ACCOUNTS[5], active: false }) });
    tapIn(cardOf('张师傅'), '停用');
    await waitFor(() => expect(showModal).toHaveBeenCalledTimes(1));
    await settle();
    expect(sentTo(api, patchOf('handler1'))).toEqual([]);
    expect(within(cardOf('张师傅')).queryByText('已停用')).not.toBeInTheDocument();
  });

  it('says how many cases the person still holds and that they must be reassigned first', async () => {
    const api = await openPage({ [patchOf('handler1')]: openCases(2) });
    tapIn(cardOf('张师傅'), '停用');

    const alert = await within(cardOf('张师傅')).findByRole('alert');
    expect(alert).toHaveTextContent('张师傅还有 2 件工单在手上（已派单、处理中或挂起），请先把这些工单改派给其他人员（「查看在办工单」列出它们），再停用。');
    expect(sentTo(api, patchOf('handler1'))).toHaveLength(1);
    expect(within(cardOf('张师傅')).queryByText('已停用')).not.toBeInTheDocument();
    expect(within(cardOf('张师傅')).getByText('停用')).toBeInTheDocument();
  });

  it('drops the 还有 N 件 line on coming back from 在办工单, where the cases may have been reassigned', async () => {
    const api = await openPage({ [patchOf('handler1')]: [openCases(2), ok({ ...ACCOUNTS[5], active: false })] });
    tapIn(cardOf('张师傅'), '停用');
    await within(cardOf('张师傅')).findByRole('alert');
    fireEvent.click(within(cardOf('张师傅')).getByText('查看在办工单', { exact: true }));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: expect.stringContaining('/pages/staff/people/cases?assignee=handler1') });

    // Both cases reassigned there; back on this page nothing says two are still in hand.
    act(() => showPageAgain());
    expect(within(cardOf('张师傅')).queryByRole('alert')).not.toBeInTheDocument();
    tapIn(cardOf('张师傅'), '停用');
    await waitFor(() => expect(within(cardOf('张师傅')).getByText('已停用')).toBeInTheDocument());
    expect(sentTo(api, patchOf('handler1'))).toEqual([{ active: false }, { active: false }]);
  });

  it('restarts a stopped account after saying they can sign in again', async () => {
    const api = await openPage({ [patchOf('handler-old')]: ok({ ...ACCOUNTS[0], active: true }) });
    tapIn(cardOf('老王'), '启用');

    await waitFor(() => expect(sentTo(api, patchOf('handler-old'))).toEqual([{ active: true }]));
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '启用账号', content: expect.stringContaining('老王可以用原来的密码重新登录') }));
    await waitFor(() => expect(within(cardOf('老王')).queryByText('已停用')).not.toBeInTheDocument());
    expect(within(cardOf('老王')).getByText('停用')).toBeInTheDocument();
    expect(screen.getByText('共 6 人')).toBeInTheDocument();
  });
});

describe('重置密码', () => {
  beforeEach(() => logInAs('admin'));

  it('checks the new password, asks first (every device is signed out), then sends it', async () => {
    const api = await openPage({ [patchOf('agent1')]: ok(ACCOUNTS[1]) });
    tapIn(cardOf('李客服'), '重置密码');
    const form = formNamed('重置 李客服 的密码');
    await typeInto('input', 'short', 0, form);
    tapIn(form, '重置密码');
    expect(await within(form).findByText('密码至少 8 位')).toBeInTheDocument();
    expect(showModal).not.toHaveBeenCalled();

    await typeInto('input', 'new-pass-2026', 0, form);
    tapIn(form, '重置密码');
    await waitFor(() => expect(sentTo(api, patchOf('agent1'))).toEqual([{ password: 'new-pass-2026' }]));
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({
      title: '重置密码',
      content: expect.stringContaining('李客服在所有设备上都会立即退出登录'),
    }));
    await waitFor(() => expect(screen.queryByLabelText('重置 李客服 的密码', { selector: '.form' })).not.toBeInTheDocument());
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '密码已重置' }));
    expect(sessionStore.get()).not.toBeNull();
  });

  it('sends nothing when the admin declines, and keeps the form', async () => {
    showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    const api = await openPage({ [patchOf('agent1')]: ok(ACCOUNTS[1]) });
    tapIn(cardOf('李客服'), '重置密码');
    const form = formNamed('重置 李客服 的密码');
    await typeInto('input', 'new-pass-2026', 0, form);
    tapIn(form, '重置密码');
    await waitFor(() => expect(showModal).toHaveBeenCalledTimes(1));
    await settle();
    expect(sentTo(api, patchOf('agent1'))).toEqual([]);
    expect(formNamed('重置 李客服 的密码')).toBeInTheDocument();
  });

  it('signs the admin out here too after resetting their own password', async () => {
    await openPage({ [patchOf('admin')]: ok(ACCOUNTS[4]) });
    tapIn(cardOf('系统管理员'), '重置密码');
    const form = formNamed('重置 系统管理员 的密码');
    await typeInto('input', 'new-pass-2026', 0, form);
    tapIn(form, '重置密码');
    await waitFor(() => expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/login/index' }));
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ content: expect.stringContaining('包括本机') }));
    expect(sessionStore.get()).toBeNull();
  });
});

describe('修改 role and communities', () => {
  beforeEach(() => logInAs('admin'));

  it('sends only what changed and shows the answer', async () => {
    const changed = { ...ACCOUNTS[1], role: 'supervisor' as const, communityIds: ['c-hy', 'c-jx'] };
    const api = await openPage({ [patchOf('agent1')]: ok(changed) });
    tapIn(cardOf('李客服'), '修改');
    const form = formNamed('修改 李客服');
    chooseChip('角色', '主管');
    chooseChip('所属小区', '锦绣华庭');
    tapIn(form, '保存');

    await waitFor(() => expect(sentTo(api, patchOf('agent1'))).toEqual([{ role: 'supervisor', communityIds: ['c-hy', 'c-jx'] }]));
    await waitFor(() => expect(within(screen.getByLabelText('主管组')).getByLabelText('人员 李客服')).toBeInTheDocument());
    expect(within(cardOf('李客服')).getByText('所属小区：和园、锦绣华庭')).toBeInTheDocument();
  });

  it('sends nothing when nothing changed, or when the last community is removed', async () => {
    const api = await openPage({ [patchOf('agent1')]: ok(ACCOUNTS[1]) });
    tapIn(cardOf('李客服'), '修改');
    const form = formNamed('修改 李客服');
    tapIn(form, '保存');
    expect(await within(form).findByText('没有修改')).toBeInTheDocument();
    chooseChip('所属小区', '和园');
    tapIn(form, '保存');
    expect(await within(form).findByText('请选择所属小区')).toBeInTheDocument();
    await settle();
    expect(sentTo(api, patchOf('agent1'))).toEqual([]);
  });

  it('keeps the form and says to reassign first when the person holds cases in the community removed', async () => {
    const api = await openPage({ [patchOf('supervisor1')]: openCases(1) });
    tapIn(cardOf('周主管'), '修改');
    const form = formNamed('修改 周主管');
    chooseChip('所属小区', '锦绣华庭');
    tapIn(form, '保存');

    expect(await within(form).findByText('周主管还有 1 件工单在手上（已派单、处理中或挂起），请先把这些工单改派给其他人员（「查看在办工单」列出它们），再更改角色或移出小区。')).toBeInTheDocument();
    expect(sentTo(api, patchOf('supervisor1'))).toEqual([{ communityIds: ['c-hy'] }]);
    expect(formNamed('修改 周主管')).toBeInTheDocument();
  });
});

describe('the queue’s shortcut to 人员管理', () => {
  const queueRoutes = {
    'GET /cases/counts': ok({ submitted: 0, mine: 0, overdue: 0, open: 0 }),
    'GET /cases': ok({ items: [], total: 0, page: 1, pageSize: 50 }),
  };

  it('is offered to admins and opens the page', async () => {
    logInAs('admin');
    fakeApi(queueRoutes);
    render(<StaffQueuePage />);
    fireEvent.click(await screen.findByText('人员管理'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/staff/people/index' });
  });

  it('is not offered to supervisors', async () => {
    logInAs('supervisor', 'supervisor1');
    fakeApi(queueRoutes);
    render(<StaffQueuePage />);
    await screen.findByText('暂无工单');
    expect(screen.getByText('时限设置')).toBeInTheDocument();
    expect(screen.queryByText('人员管理')).not.toBeInTheDocument();
  });
});
