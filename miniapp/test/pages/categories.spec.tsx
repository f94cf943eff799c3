import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { DEFAULT_CATEGORIES, type CommunityResponse, type Role } from '@wuye/shared';
import CategoriesPage from '../../src/pages/staff/categories/index';
import { sessionStore } from '../../src/services/session';
import { chooseChip, errorUnder, fakeApi, ok, refused, tapButton, typeInto } from '../helpers';

const HY: CommunityResponse = { id: 'c-hy', name: '和园', code: 'HY', categories: ['水电', '电梯', '充电桩'] };
const JX: CommunityResponse = { id: 'c-jx', name: '锦绣华庭', code: 'JX', categories: [...DEFAULT_CATEGORIES] };
const PATCH_HY = 'PATCH /communities/c-hy';

function logInAs(role: Role) {
  sessionStore.set({ token: 't-1', user: { id: 'u-1', role, name: '管理员', username: 'admin', communityIds: [] } });
}
afterEach(() => sessionStore.clear());

async function openPage(routes = {}) {
  logInAs('admin');
  const api = fakeApi({ 'GET /communities': ok([HY, JX]), ...routes });
  render(<CategoriesPage />);
  await screen.findByText('充电桩');
  return api;
}
const shown = () => Array.from(document.querySelectorAll('.card .stat-row')).map((row) => row.firstElementChild?.textContent);

describe('staff categories page (报事分类)', () => {
  it('adds and removes categories and saves the list, which new cases are filed under', async () => {
    const api = await openPage({ [PATCH_HY]: ok({ ...HY, categories: ['水电', '充电桩', '电动车棚'] }) });
    expect(shown()).toEqual(['水电', '电梯', '充电桩']);
    fireEvent.click(screen.getByLabelText('删除 电梯'));
    await typeInto('input', '电动车棚');
    tapButton('添加');
    expect(shown()).toEqual(['水电', '充电桩', '电动车棚']);
    tapButton('保存');
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存，对之后提交的报事生效' })));
    expect(api.sent.find((r) => r.route === PATCH_HY)?.data).toEqual({ categories: ['水电', '充电桩', '电动车棚'] });
  });

  it('refuses a blank, repeated or too long name before anything is sent', async () => {
    const api = await openPage();
    tapButton('添加');
    expect(errorUnder('新增分类')).toBe('请输入分类名称');
    await typeInto('input', '水电');
    tapButton('添加');
    expect(errorUnder('新增分类')).toBe('已有这个分类');
    expect(shown()).toEqual(['水电', '电梯', '充电桩']);
    expect(api.calls.filter((route) => route.startsWith('PATCH'))).toEqual([]);
  });

  it('restores the default list after asking, and keeps the draft when the server refuses', async () => {
    const api = await openPage({ [PATCH_HY]: [refused('VALIDATION_FAILED'), ok({ ...HY, categories: [...DEFAULT_CATEGORIES] })] });
    fireEvent.click(screen.getByLabelText('删除 电梯'));
    tapButton('保存');
    // The refusal is shown (by the request wrapper) and the list stays as the admin left it.
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalled());
    expect(shown()).toEqual(['水电', '充电桩']);
    tapButton('恢复默认');
    await waitFor(() => expect(shown()).toEqual([...DEFAULT_CATEGORIES]));
    expect(api.sent.filter((r) => r.route === PATCH_HY).map((r) => r.data)).toEqual([{ categories: ['水电', '充电桩'] }, { categories: null }]);
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '恢复默认' }));
    // Back at the defaults: nothing more to restore.
    expect(screen.queryByText('恢复默认')).not.toBeInTheDocument();
  });

  it('asks before another community\'s list replaces unsaved changes, and keeps them when the admin stays', async () => {
    const showModal = Taro.showModal as unknown as jest.Mock;
    const api = await openPage({ 'PATCH /communities/c-jx': ok(JX) });
    fireEvent.click(screen.getByLabelText('删除 电梯'));
    showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    chooseChip('小区', '锦绣华庭');
    await waitFor(() => expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '切换小区' })));
    expect(shown()).toEqual(['水电', '充电桩']);
    chooseChip('小区', '锦绣华庭');
    await waitFor(() => expect(shown()).toEqual([...DEFAULT_CATEGORIES]));
    // Back on 和园, its saved list: the abandoned edit went with the switch, and nothing was sent.
    chooseChip('小区', '和园');
    await waitFor(() => expect(shown()).toEqual(['水电', '电梯', '充电桩']));
    expect(api.calls.filter((route) => route.startsWith('PATCH'))).toEqual([]);
  });

  it('does not save while a typed name waits to be added', async () => {
    const api = await openPage();
    fireEvent.click(screen.getByLabelText('删除 电梯'));
    await typeInto('input', '电动车棚');
    tapButton('保存');
    expect(errorUnder('新增分类')).toBe('请先点「添加」，或清空输入框');
    expect(api.calls.filter((route) => route.startsWith('PATCH'))).toEqual([]);
  });

  it('is for admins only', async () => {
    logInAs('supervisor');
    const api = fakeApi({ 'GET /communities': ok([HY]) });
    render(<CategoriesPage />);
    expect(await screen.findByText('仅管理员可设置报事分类')).toBeInTheDocument();
    expect(api.calls).toEqual(['GET /me']); // only the user, read again as every staff page shows
  });
});
