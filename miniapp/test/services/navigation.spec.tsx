import Taro from '@tarojs/taro';
import { goToLogin } from '../../src/services/navigation';

describe('goToLogin', () => {
  const showing = (page: { route: string; options?: Record<string, string> } | null) =>
    (Taro.getCurrentPages as unknown as jest.Mock).mockReturnValue(page ? [page] : []);

  it('takes the page shown, with its query, along to the login page to come back to', () => {
    showing({ route: 'pages/case-detail/index', options: { id: 'c-1' } });
    goToLogin();
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: `/pages/login/index?next=${encodeURIComponent('/pages/case-detail/index?id=c-1')}` });
  });

  it('goes to the plain login page when no page is shown yet, and stays put on the login page', () => {
    showing(null);
    goToLogin();
    expect(Taro.reLaunch).toHaveBeenLastCalledWith({ url: '/pages/login/index' });
    showing({ route: 'pages/login/index', options: { next: '/pages/home/index' } });
    goToLogin();
    expect(Taro.reLaunch).toHaveBeenCalledTimes(1);
  });
});
