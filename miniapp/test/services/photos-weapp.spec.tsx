import Taro from '@tarojs/taro';

// The WeChat variant (photos.ts): Jest resolves the H5 one first, so this file asks for it by its full name.
const weapp = jest.requireActual<typeof import('../../src/services/photos')>('../../src/services/photos.ts');

/** WeChat's picker failing with `errMsg`, as it rejects. */
const pickerFails = (errMsg: string) => Object.assign(Taro, { chooseMedia: jest.fn(() => Promise.reject({ errMsg })) });

describe('choosing photos in WeChat', () => {
  it('returns the chosen photos', async () => {
    Object.assign(Taro, { chooseMedia: jest.fn(() => Promise.resolve({ tempFiles: [{ tempFilePath: 'wxfile://tmp/a.jpg' }] })) });
    await expect(weapp.choosePhotos(3)).resolves.toEqual(['wxfile://tmp/a.jpg']);
  });

  it('says nothing when the user closes the picker', async () => {
    pickerFails('chooseMedia:fail cancel');
    await expect(weapp.choosePhotos(3)).resolves.toEqual([]);
    expect(Taro.showToast).not.toHaveBeenCalled();
    expect(Taro.showModal).not.toHaveBeenCalled();
  });

  it('says how to allow the camera and album when WeChat may not use them, instead of nothing happening', async () => {
    pickerFails('chooseMedia:fail auth deny');
    await expect(weapp.choosePhotos(3)).resolves.toEqual([]);
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '无法使用相机或相册，请在手机设置中允许微信访问后重试' }));
  });
});
