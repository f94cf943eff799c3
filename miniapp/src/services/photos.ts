import Taro from '@tarojs/taro';
import { showError } from './request';

// WeChat: choose from album or camera, then let WeChat recompress. The H5 variant is photos.h5.ts.

/** The photos chosen; none when the user closed the picker or it could not open (then it says why). */
export async function choosePhotos(count: number): Promise<string[]> {
  try {
    const result = await Taro.chooseMedia({
      count,
      mediaType: ['image'],
      sizeType: ['compressed'],
      sourceType: ['album', 'camera'],
    });
    return result.tempFiles.map((file) => file.tempFilePath);
  } catch (error) {
    const reason = String((error as { errMsg?: string } | null)?.errMsg ?? '');
    // "chooseMedia:fail cancel" is the user closing the picker: nothing to say.
    if (!/cancel/i.test(reason)) {
      showError(/auth|permission|deny|denied/i.test(reason)
        ? '无法使用相机或相册，请在手机设置中允许微信访问后重试'
        : '无法选择照片，请稍后重试');
    }
    return [];
  }
}

export async function compressPhoto(path: string): Promise<string> {
  try {
    const { tempFilePath } = await Taro.compressImage({ src: path, quality: 70 });
    return tempFilePath;
  } catch {
    return path; // an uncompressed photo is better than none; the server still checks size
  }
}
