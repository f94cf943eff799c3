import Taro from '@tarojs/taro';
import { NETWORK_ERROR_MESSAGE } from '@wuye/shared';
import { loginWithWechat } from '../../src/services/auth';
import { sessionStore } from '../../src/services/session';

describe('WeChat sign-in', () => {
  afterEach(() => sessionStore.clear());

  it('says the network failed when WeChat gives no login code, instead of nothing happening, and asks the API nothing', async () => {
    Object.assign(Taro, { login: jest.fn(() => Promise.reject({ errMsg: 'login:fail timeout' })) });
    await expect(loginWithWechat()).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: NETWORK_ERROR_MESSAGE }));
    expect(Taro.request).not.toHaveBeenCalled();
    expect(sessionStore.get()).toBeNull();
  });
});
