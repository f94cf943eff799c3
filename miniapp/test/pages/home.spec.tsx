import { render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { HouseBindingResponse, UserResponse } from '@wuye/shared';
import HomePage from '../../src/pages/home/index';
import { sessionStore } from '../../src/services/session';
import { fakeApi, ok, tapButton } from '../helpers';

const house = (status: HouseBindingResponse['status']): HouseBindingResponse => ({
  id: `b-${status}`, houseId: 'h-1', communityId: 'c-hy', communityName: '和园', building: '5栋', unit: '1单元', room: '201',
  relation: 'owner', name: '吴女士', phone: '13800000006', status, createdAt: '2026-11-30T02:00:00.000Z',
});

/** The owner's home with these house bindings (the server's /me says the same). */
async function openHome(houses: HouseBindingResponse[]) {
  const user: UserResponse = { id: 'u-1', role: 'owner', name: '吴女士', username: null, communityIds: [], houses };
  sessionStore.set({ token: 't-1', user });
  fakeApi({ 'GET /me': ok(user), 'GET /cases': ok({ items: [], total: 0, page: 1, pageSize: 100 }) });
  const view = render(<HomePage />);
  await screen.findByText('暂无工单');
  return view;
}

afterEach(() => sessionStore.clear());

describe('我要报事 on the owner’s home', () => {
  it('says the house is being reviewed, rather than opening the binding form again, while the only binding waits', async () => {
    await openHome([house('pending')]);
    expect(screen.getByText('房屋正在审核，物业审核通过后即可报事')).toBeInTheDocument();
    tapButton('我要报事');
    expect(Taro.showToast).toHaveBeenCalledWith({ title: '房屋正在审核，通过后即可报事', icon: 'none' });
    expect(Taro.navigateTo).not.toHaveBeenCalled();
  });

  it('opens the binding form when there is no house at all, and the report form once one is approved', async () => {
    const first = await openHome([]);
    tapButton('我要报事');
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/bind-house/index' });
    first.unmount();
    await openHome([house('approved'), { ...house('pending'), id: 'b-2' }]);
    expect(screen.queryByText('房屋正在审核，物业审核通过后即可报事')).not.toBeInTheDocument();
    tapButton('我要报事');
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/report/index' });
  });
});
