import { render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import LoginPage from '../../src/pages/login/index';
import { sessionStore } from '../../src/services/session';
import { router } from '../mocks/taro';
import { fakeApi, ok, tapButton } from '../helpers';

// The browser (H5) login page: owners there have no WeChat, only the server's demo accounts.
describe('the login page in a browser', () => {
  it('offers the demo owners when the server lets them sign in', async () => {
    fakeApi({ 'GET /auth/options': ok({ demoLogin: true }) });
    render(<LoginPage />);
    expect(await screen.findByText('以业主身份进入')).toBeInTheDocument();
    expect(screen.getByText('owner1')).toBeInTheDocument();
  });

  it('sends owners to the mini-program, not to demo accounts a production server refuses', async () => {
    fakeApi({ 'GET /auth/options': ok({ demoLogin: false }) });
    render(<LoginPage />);
    expect(await screen.findByText('业主请在微信中打开「物业报事」小程序登录')).toBeInTheDocument();
    expect(screen.queryByText('以业主身份进入')).not.toBeInTheDocument();
    expect(screen.getByText('员工登录')).toBeInTheDocument();
  });
});

describe('signing in again after the session lapsed', () => {
  const owner = { id: 'u-1', role: 'owner', name: '吴女士', username: null, communityIds: [], houses: [] };
  afterEach(() => sessionStore.clear());

  it('returns to the page the lapsed session left — the case a notification opened — not to home', async () => {
    router.params = { next: encodeURIComponent('/pages/case-detail/index?id=c-1') };
    fakeApi({ 'GET /auth/options': ok({ demoLogin: true }), 'POST /auth/demo': ok({ accessToken: 't-2', user: owner }) });
    render(<LoginPage />);
    await screen.findByText('以业主身份进入');
    tapButton('以业主身份进入');
    await waitFor(() => expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/case-detail/index?id=c-1' }));
  });

  it('goes home instead when the page left is not this user\'s side (a staff page, for an owner)', async () => {
    router.params = { next: '/pages/staff/case/index?id=c-1' };
    fakeApi({ 'GET /auth/options': ok({ demoLogin: true }), 'POST /auth/demo': ok({ accessToken: 't-2', user: owner }) });
    render(<LoginPage />);
    await screen.findByText('以业主身份进入');
    tapButton('以业主身份进入');
    await waitFor(() => expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/home/index' }));
  });
});
