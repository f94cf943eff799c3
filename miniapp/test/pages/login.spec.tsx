import { render, screen } from '@testing-library/react';
import LoginPage from '../../src/pages/login/index';
import { fakeApi, ok } from '../helpers';

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
