import Taro from '@tarojs/taro';
import { goToLogin, openPage } from '../../src/services/navigation';

describe('goToLogin', () => {
  const showing = (page: { route: string; options?: Record<string, string>; $taroParams?: Record<string, string> } | null) =>
    (Taro.getCurrentPages as unknown as jest.Mock).mockReturnValue(page ? [page] : []);

  it('takes the page shown, with its query, along to the login page to come back to', () => {
    showing({ route: 'pages/case-detail/index', options: { id: 'c-1' } });
    goToLogin();
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: `/pages/login/index?next=${encodeURIComponent('/pages/case-detail/index?id=c-1')}` });
  });

  it('takes the query a browser keeps in $taroParams (its `options` hold only path parameters), without Taro\'s stamps', () => {
    showing({ route: '/pages/case-detail/index', options: {}, $taroParams: { id: 'c-1', $taroTimestamp: '1796187314869', stamp: '3' } });
    goToLogin();
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: `/pages/login/index?next=${encodeURIComponent('/pages/case-detail/index?id=c-1')}` });
  });

  it('decodes the values WeChat hands over still encoded, so a name is not encoded twice', () => {
    showing({ route: 'pages/staff/people/cases', options: { assignee: 'u-9', name: encodeURIComponent('张师傅') } });
    goToLogin();
    const next = `/pages/staff/people/cases?assignee=u-9&name=${encodeURIComponent('张师傅')}`;
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: `/pages/login/index?next=${encodeURIComponent(next)}` });
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

describe('openPage', () => {
  it('says so when a page cannot open (WeChat itself says nothing), and opens the next one tapped', async () => {
    (Taro.navigateTo as unknown as jest.Mock).mockRejectedValueOnce(new Error('navigateTo:fail webview count limit exceed'));
    await openPage('/pages/report/index');
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '页面打开失败，请重试' }));
    await openPage('/pages/bind-house/index');
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/bind-house/index' });
  });
});
