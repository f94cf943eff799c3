import { act, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import StaffPasswordPage from '../../src/pages/staff/password/index';
import { sessionStore } from '../../src/services/session';
import { errorUnder, fakeApi, held, ok, refused, tapButton, typeInto } from '../helpers';
import { logInAs } from './case-fixtures';

afterEach(() => sessionStore.clear());

const fill = async (current: string, next: string, again: string) => {
  await typeInto('input', current, 0);
  await typeInto('input', next, 1);
  await typeInto('input', again, 2);
};

describe('staff 修改密码', () => {
  it('names every problem at once and sends nothing', async () => {
    logInAs('agent');
    const api = fakeApi({});
    render(<StaffPasswordPage />);
    await fill('', 'short', 'shorter');
    tapButton('确认修改');
    expect(errorUnder('当前密码')).toBe('请输入当前密码');
    expect(errorUnder('新密码')).toBe('新密码为 8–200 位');
    expect(errorUnder('确认新密码')).toBe('两次输入的新密码不一致');
    await fill('old-secret-1', 'old-secret-1', 'old-secret-1');
    expect(errorUnder('新密码')).toBe('新密码不能与当前密码相同');
    expect(api.calls).toEqual(['GET /me']); // only the user, read again as every staff page shows
  });

  it('keeps this device signed in with the new token, once however fast it is tapped, and goes back', async () => {
    logInAs('handler');
    const answer = held();
    const api = fakeApi({ 'POST /auth/password': answer.reply });
    render(<StaffPasswordPage />);
    await fill('old-secret-1', 'new-secret-42', 'new-secret-42');
    act(() => {
      tapButton('确认修改');
      tapButton('确认修改');
    });
    answer.release(ok({ accessToken: 't-new', user: { id: 'u-1', role: 'handler', name: '吴女士', username: 'wu', communityIds: ['c-hy'] } }));
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '密码已修改，其他设备已退出登录' })));
    expect(api.sent.filter((r) => r.route === 'POST /auth/password').map((r) => r.data)).toEqual([
      { currentPassword: 'old-secret-1', newPassword: 'new-secret-42' },
    ]);
    expect(sessionStore.get()?.token).toBe('t-new');
  });

  it('keeps the form and the session when the current password is wrong', async () => {
    logInAs('supervisor');
    fakeApi({ 'POST /auth/password': refused('CURRENT_PASSWORD_WRONG') });
    render(<StaffPasswordPage />);
    await fill('guess', 'new-secret-42', 'new-secret-42');
    tapButton('确认修改');
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '当前密码不正确' })));
    expect(sessionStore.get()?.token).toBe('t-1');
    expect(screen.getByText('确认修改')).toBeInTheDocument();
  });
});
